/**
 * Satisfaction surveys (满意度回访), DOMAIN §7: one per case — a chat's stars, a solved ticket, a closed after-sale —
 * answered once with 1–5 stars before it expires. Pure: the server stores and sends them, this decides what a survey's
 * state is and what the figures mean.
 */
import { isSatisfied, KPI_DEFINITIONS } from '../reports/kpi-targets.ts';

export const SURVEY_KINDS = ['conversation', 'ticket', 'after_sale'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];

/**
 * `pending`: waiting out the delay after solving; `sent`: the link went out; `skipped`: nothing could be sent (the
 * reason is kept); `answered`, `expired`: the survey's end.
 */
export const SURVEY_STATES = ['pending', 'sent', 'skipped', 'answered', 'expired'] as const;
export type SurveyState = (typeof SURVEY_STATES)[number];

export const SURVEY_CHANNELS = ['chat', 'email', 'sms'] as const;
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];

export const SURVEY_SCORES = [1, 2, 3, 4, 5] as const;
export const SURVEY_COMMENT_MAX = 500;

/** CSAT is the share of 4 and 5 among answers; the goal is DOMAIN §7's. */
export const CSAT_GOAL = KPI_DEFINITIONS.csat.target ?? 0.9;

export interface SurveySettings {
  /** Whether a solved ticket / a closed after-sale is surveyed (chats are rated in the widget, always). */
  ticket: boolean;
  afterSale: boolean;
  /** A link is answerable this many days after it is sent. */
  expiryDays: number;
  /** Minutes between solving the case and sending, so a quick reopen does not ask the shopper in vain. */
  delayMinutes: number;
}
export const SURVEY_EXPIRY_DAYS_RANGE = { min: 1, max: 30 } as const;
export const SURVEY_DELAY_MINUTES_RANGE = { min: 0, max: 7 * 24 * 60 } as const;
export const DEFAULT_SURVEY_SETTINGS: SurveySettings = { ticket: true, afterSale: true, expiryDays: 7, delayMinutes: 0 };

const DAY = 86_400_000;

export function surveyExpiresAt(sentAt: Date, expiryDays: number): Date {
  return new Date(sentAt.getTime() + expiryDays * DAY);
}

export interface SurveyFacts {
  state: SurveyState;
  expiresAt: Date | null;
}

/** The state as of `now`: a sent survey past its expiry is expired even before the sweep marks it. */
export function surveyStateAt(s: SurveyFacts, now: Date): SurveyState {
  if (s.state === 'sent' && s.expiresAt !== null && s.expiresAt.getTime() <= now.getTime()) return 'expired';
  return s.state;
}

/** Why a survey cannot take an answer now, or null when it can: once, while it is open. */
export function answerRefusal(s: SurveyFacts, now: Date): 'survey_answered' | 'survey_expired' | 'not_found' | null {
  const state = surveyStateAt(s, now);
  if (state === 'answered') return 'survey_answered';
  if (state === 'expired') return 'survey_expired';
  return state === 'sent' ? null : 'not_found';
}

/** The time a survey for a case solved at `solvedAt` goes out. */
export const surveyDueAt = (solvedAt: Date, settings: Pick<SurveySettings, 'delayMinutes'>) =>
  new Date(solvedAt.getTime() + settings.delayMinutes * 60_000);

export interface ResponseCounts {
  sent: number;
  answered: number;
  expired: number;
}

/** Answers among the surveys that reached a shopper (answered, expired or still open); null with none sent. */
export const responseRate = (c: ResponseCounts): number | null => (c.sent > 0 ? c.answered / c.sent : null);

/** The share of 4–5 among answers, from the count of each score (index 0 = 1 star); null with no answers. */
export function csatShare(distribution: readonly number[]): number | null {
  const answered = distribution.reduce((a, b) => a + b, 0);
  if (answered === 0) return null;
  return distribution.reduce((sum, n, i) => (isSatisfied(i + 1) ? sum + n : sum), 0) / answered;
}

/** Whether a CSAT share meets the goal; null (no answers) is not judged. */
export const meetsCsatGoal = (share: number | null): boolean | null => (share === null ? null : share >= CSAT_GOAL);

/** The survey page's address for a token; `base` is the shop's public origin. */
export const surveyLink = (base: string, token: string) => `${base.replace(/\/+$/, '')}/s/${encodeURIComponent(token)}`;
