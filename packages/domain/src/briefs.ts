import type { AfterSaleReason } from './aftersales.ts';

/**
 * The weekly after-sales brief (售后分析简报) and the monthly customer-needs report (客户需求报告), DOMAIN §7: their
 * periods and the rule-based advice of the weekly brief. China time throughout (UTC+8, no daylight saving).
 */
export const BRIEF_KINDS = ['weekly_aftersales', 'monthly_needs'] as const;
export type BriefKind = (typeof BRIEF_KINDS)[number];

/** `start`/`end` are China dates (YYYY-MM-DD) of the span's first and last moment; `from`/`until` the exact span. */
export interface BriefPeriod {
  start: string;
  end: string;
  from: Date;
  until: Date;
}

const CST = 8 * 3600_000;
const DAY = 86_400_000;
const FRIDAY = 5;
/** The week closes at the Friday review, 17:00 China time. */
const WEEK_CLOSES_AT_MS = 17 * 3600_000;

const dateOf = (utcMidnight: number) => new Date(utcMidnight).toISOString().slice(0, 10);
/** China-time midnight of `at`, counted as if China time were UTC (day arithmetic stays exact). */
const chinaMidnight = (at: Date) => Math.floor((at.getTime() + CST) / DAY) * DAY;
const dayMidnight = (day: string) => Date.parse(`${day}T00:00:00Z`);

/**
 * The week of the weekly brief: the 7 days that end on a Friday at 17:00 China time, from the Friday before at 17:00.
 * Weeks follow each other without a gap, and the brief made at the Friday review covers the whole week up to it.
 */
function weekEndingOn(fridayMidnight: number): BriefPeriod {
  const until = fridayMidnight + WEEK_CLOSES_AT_MS - CST;
  return { start: dateOf(fridayMidnight - 7 * DAY), end: dateOf(fridayMidnight), from: new Date(until - 7 * DAY), until: new Date(until) };
}

/** The last week that had ended by `at` (the Friday 17:00 run makes the brief of the week ending then). */
export function lastEndedWeek(at: Date): BriefPeriod {
  let friday = chinaMidnight(at);
  while (new Date(friday).getUTCDay() !== FRIDAY) friday -= DAY;
  const week = weekEndingOn(friday);
  return week.until.getTime() <= at.getTime() ? week : weekEndingOn(friday - 7 * DAY);
}

/** The week that `day` (a China date) falls in: the one ending on the first Friday on or after it. */
export function weekOf(day: string): BriefPeriod {
  let friday = dayMidnight(day);
  while (new Date(friday).getUTCDay() !== FRIDAY) friday += DAY;
  return weekEndingOn(friday);
}

/** The calendar month (China time) that `day` falls in. */
export function monthOf(day: string): BriefPeriod {
  const d = new Date(dayMidnight(day));
  const first = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  return { start: dateOf(first), end: dateOf(next - DAY), from: new Date(first - CST), until: new Date(next - CST) };
}

/** The last whole month before `at` (the run on the 1st makes the report of the month before). */
export function lastEndedMonth(at: Date): BriefPeriod {
  const firstOfThisMonth = monthOf(dateOf(chinaMidnight(at))).start;
  return monthOf(dateOf(dayMidnight(firstOfThisMonth) - DAY));
}

/** The period of the same length just before `period`: what a trend compares with. */
export function periodBefore(period: BriefPeriod): { from: Date; until: Date } {
  const length = period.until.getTime() - period.from.getTime();
  return { from: new Date(period.from.getTime() - length), until: period.from };
}

/** The period of `kind` for `day`, or the last ended one at `now` when no day is given. */
export function briefPeriod(kind: BriefKind, day: string | undefined, now: Date): BriefPeriod {
  if (kind === 'weekly_aftersales') return day ? weekOf(day) : lastEndedWeek(now);
  return day ? monthOf(day) : lastEndedMonth(now);
}

/** A change against the previous period as a ratio (0.25 = +25%); null when there was nothing to compare with. */
export function change(now: number, before: number): number | null {
  return before === 0 ? null : (now - before) / before;
}

/** What the weekly brief's advice is computed from. */
export interface AdviceFacts {
  afterSales: number;
  previousAfterSales: number;
  byReason: { reason: AfterSaleReason; count: number }[];
  defects: { productName: string; cases: number; words: string[] }[];
  sla: { metric: string; met: number; breached: number }[];
  pendingApprovals: number;
  overdueAfterSales: number;
}

/** One line of advice; the reader's language turns it into words (the PDF and e-mail in Chinese, the web app in either). */
export type Advice =
  | { code: 'reason_share'; reason: AfterSaleReason; share: number; count: number }
  | { code: 'product_defects'; productName: string; cases: number; words: string[] }
  | { code: 'volume_up'; change: number; count: number }
  | { code: 'sla_below_target'; metric: string; attainment: number }
  | { code: 'pending_approvals'; count: number }
  | { code: 'overdue_aftersales'; count: number }
  | { code: 'steady' };

/** A reason that is at least this share of the week's after-sales (and at least MIN_CASES of them) earns a line. */
export const REASON_SHARE_ALERT = 0.3;
/** The same product with this many defect cases in a week earns a line. */
export const PRODUCT_DEFECT_ALERT = 3;
/** After-sales up by this much on the week before earns a line. */
export const VOLUME_UP_ALERT = 0.3;
/** DOMAIN §7: service promises are kept at least this often. */
export const SLA_TARGET = 0.9;
const MIN_CASES = 3;

/** Rule-based advice for the weekly brief, most pressing first; "steady" when nothing stands out. */
export function weeklyAdvice(facts: AdviceFacts): Advice[] {
  const advice: Advice[] = [];
  if (facts.overdueAfterSales > 0) advice.push({ code: 'overdue_aftersales', count: facts.overdueAfterSales });
  if (facts.pendingApprovals > 0) advice.push({ code: 'pending_approvals', count: facts.pendingApprovals });
  const growth = change(facts.afterSales, facts.previousAfterSales);
  if (growth !== null && growth >= VOLUME_UP_ALERT && facts.afterSales >= MIN_CASES * 2) {
    advice.push({ code: 'volume_up', change: growth, count: facts.afterSales });
  }
  if (facts.afterSales > 0) {
    for (const { reason, count } of [...facts.byReason].sort((a, b) => b.count - a.count)) {
      const share = count / facts.afterSales;
      if (reason !== 'other' && count >= MIN_CASES && share >= REASON_SHARE_ALERT) advice.push({ code: 'reason_share', reason, share, count });
    }
  }
  for (const d of facts.defects) {
    if (d.cases >= PRODUCT_DEFECT_ALERT)
      advice.push({ code: 'product_defects', productName: d.productName, cases: d.cases, words: d.words.slice(0, 3) });
  }
  for (const s of facts.sla) {
    const total = s.met + s.breached;
    if (total >= MIN_CASES && s.met / total < SLA_TARGET) advice.push({ code: 'sla_below_target', metric: s.metric, attainment: s.met / total });
  }
  return advice.length ? advice : [{ code: 'steady' }];
}

/** 建议/需求 (a shopper's suggestion or wish, ticket type "suggestion"): what was asked for is the subject, why the description. */
export function missingSuggestionField(type: string, description: string | null | undefined): 'description' | null {
  return type === 'suggestion' && !description?.trim() ? 'description' : null;
}
