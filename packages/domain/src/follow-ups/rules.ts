/**
 * Follow-ups (回访, DOMAIN.md §5): why one is opened, when it is due and what came of it. The rules are the admin's
 * (each on or off, with its delay and, where it has one, its threshold); these functions decide, the server stores.
 */

export const FOLLOW_UP_REASONS = [
  'delivered',
  'case_solved',
  'large_order',
  'vip_order',
  'low_score',
  'new_owner',
  'review',
  'holiday',
  'manual',
] as const;
export type FollowUpReason = (typeof FOLLOW_UP_REASONS)[number];

/** The reasons kefu opens follow-ups for by itself; the others are opened by other modules or by hand. */
export const FOLLOW_UP_RULES = ['delivered', 'case_solved', 'large_order', 'vip_order', 'low_score'] as const;
export type FollowUpRuleName = (typeof FOLLOW_UP_RULES)[number];

export const FOLLOW_UP_SUBJECTS = ['order', 'ticket', 'after_sale', 'survey', 'review'] as const;
export type FollowUpSubjectKind = (typeof FOLLOW_UP_SUBJECTS)[number];

export const FOLLOW_UP_STATES = ['open', 'done', 'unreachable'] as const;
export type FollowUpState = (typeof FOLLOW_UP_STATES)[number];

/** reached and fine / reached with a problem (→ a ticket) / not reachable (→ next try, until the attempts run out). */
export const FOLLOW_UP_OUTCOMES = ['fine', 'problem', 'unreachable'] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];

export interface FollowUpRule {
  rule: FollowUpRuleName;
  enabled: boolean;
  delayMinutes: number;
  /** large_order: the order total in fen at or above which; low_score: the score at or below which. */
  threshold: number | null;
}

export const DEFAULT_FOLLOW_UP_RULES: Record<FollowUpRuleName, FollowUpRule> = {
  delivered: { rule: 'delivered', enabled: true, delayMinutes: 3 * 24 * 60, threshold: null },
  case_solved: { rule: 'case_solved', enabled: true, delayMinutes: 24 * 60, threshold: null },
  large_order: { rule: 'large_order', enabled: true, delayMinutes: 24 * 60, threshold: 200_000 },
  vip_order: { rule: 'vip_order', enabled: true, delayMinutes: 24 * 60, threshold: null },
  low_score: { rule: 'low_score', enabled: true, delayMinutes: 4 * 60, threshold: 3 },
};

/** Which rules have a threshold, and its bounds (fen for an order total, 1–5 for a score). */
export const RULE_THRESHOLDS: Partial<Record<FollowUpRuleName, { min: number; max: number }>> = {
  large_order: { min: 100, max: 100_000_000 },
  low_score: { min: 1, max: 4 },
};

/** At most 30 days of delay. */
export const MAX_DELAY_MINUTES = 30 * 24 * 60;
/** A customer not reached is tried this many times in all, then the follow-up closes as unreachable. */
export const MAX_ATTEMPTS = 3;
/** The next try after one that did not reach the customer. */
export const RETRY_HOURS = 24;
/** Notes are short: a line, not a report (DOMAIN.md §5 "keep them short"). */
export const OUTCOME_NOTE_MAX = 200;
export const FOLLOW_UP_NOTE_MAX = 500;

const CST = 8 * 3600_000;
const HOUR = 3600_000;
/** Customers are called between 09:00 and 21:00 China time. */
export const CALLING_HOURS = { from: 9, to: 21 } as const;

/**
 * The time moved into calling hours (China time): before 09:00 it becomes 09:00 that day, after 21:00 09:00 the
 * next day; a time within them is kept. Nobody is due to ring a shopper at midnight.
 */
export function inCallingHours(at: Date): Date {
  const local = at.getTime() + CST;
  const dayStart = Math.floor(local / (24 * HOUR)) * 24 * HOUR;
  const hourOfDay = (local - dayStart) / HOUR;
  if (hourOfDay < CALLING_HOURS.from) return new Date(dayStart + CALLING_HOURS.from * HOUR - CST);
  if (hourOfDay > CALLING_HOURS.to) return new Date(dayStart + 24 * HOUR + CALLING_HOURS.from * HOUR - CST);
  return at;
}

/** When a rule's follow-up is due: its delay after what set it off, in calling hours. */
export const ruleDueAt = (rule: Pick<FollowUpRule, 'delayMinutes'>, since: Date): Date =>
  inCallingHours(new Date(since.getTime() + rule.delayMinutes * 60_000));

/** A large order: its total (fen) at or above the threshold. */
export const isLargeOrder = (rule: FollowUpRule, totalFen: number): boolean => rule.enabled && rule.threshold !== null && totalFen >= rule.threshold;

/** A low score: at or below the threshold (3 by default: 1, 2 and 3 stars). */
export const isLowScore = (rule: FollowUpRule, score: number): boolean => rule.enabled && rule.threshold !== null && score <= rule.threshold;

/** Ticket and after-sale states that count as solved for the case_solved rule. */
export const SOLVED_TICKET_STATUSES = ['solved'] as const;
/** An after-sale done for the shopper (refunded, compensation granted, closed); one follow-up per after-sale. */
export const CLOSED_AFTERSALE_STATES = ['refunded', 'granted', 'closed'] as const;

/**
 * The delivered rule runs as a job over deliveries: those whose follow-up is still ahead, or at most a day behind
 * (a job that did not run for a while does not call about last month's parcel).
 */
export const deliveredSince = (rule: Pick<FollowUpRule, 'delayMinutes'>, now: Date): Date =>
  new Date(now.getTime() - rule.delayMinutes * 60_000 - 24 * HOUR);

/** A delivery's follow-up is due its delay after delivery, or, when the job finds it late, two hours from now. */
export function deliveredDueAt(rule: Pick<FollowUpRule, 'delayMinutes'>, deliveredAt: Date, now: Date): Date {
  const due = ruleDueAt(rule, deliveredAt);
  return due > now ? due : inCallingHours(new Date(now.getTime() + 2 * HOUR));
}

/** What an outcome does: a problem opens a ticket; not reachable schedules the next try or, at the last, closes. */
export function outcomeEffect(
  outcome: FollowUpOutcome,
  attemptsBefore: number,
  now: Date,
): { state: FollowUpState; attempts: number; nextDueAt: Date | null; opensTicket: boolean } {
  const attempts = attemptsBefore + 1;
  if (outcome !== 'unreachable') return { state: 'done', attempts, nextDueAt: null, opensTicket: outcome === 'problem' };
  if (attempts >= MAX_ATTEMPTS) return { state: 'unreachable', attempts, nextDueAt: null, opensTicket: false };
  return { state: 'open', attempts, nextDueAt: inCallingHours(new Date(now.getTime() + RETRY_HOURS * HOUR)), opensTicket: false };
}

/** A follow-up is overdue when still open past its due time; done on time when done by it. */
export const isOverdue = (f: { state: string; dueAt: Date }, now: Date): boolean => f.state === 'open' && f.dueAt < now;

/** The dedupe key of a rule's follow-up: one per rule and subject (`delivered:order:123`). */
export const dedupeKey = (reason: FollowUpReason, kind: string, id: number | string): string => `${reason}:${kind}:${id}`;

/** A script with its {placeholders} filled from the case; unknown ones are left for the agent to see. */
export function fillFollowUpScript(body: string, values: Record<string, string | null | undefined>): string {
  return body.replace(/\{([^{}]+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** 00:00 China time of a YYYY-MM-DD day, `plusDays` later: the bounds of a period a person picked. */
export const followUpDayStart = (day: string, plusDays = 0): Date => new Date(new Date(`${day}T00:00:00+08:00`).getTime() + plusDays * 24 * HOUR);
