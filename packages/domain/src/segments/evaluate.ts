import type { Segment } from '../customers.ts';
import { FALLBACK_SEGMENT, ruleConditions, rulesInOrder, type Condition, type Measure, type SegmentRule } from './rules.ts';

const DAY_MS = 86_400_000;

/** What the rules look at: a customer's counted orders (paid, not cancelled) and service history. */
export interface CustomerHistory {
  createdAt: Date;
  orders: readonly { at: Date; totalFen: number }[];
  complaints: readonly Date[];
  afterSales: readonly Date[];
}

export interface SegmentResult {
  segment: Segment;
  /** The rule that gave it; null when none matched (the fallback). */
  rule: SegmentRule['segment'] | null;
}

/** An event at `at` is in a window of `days` days ending at `now` when it is no older than `days` whole days. */
export const inWindow = (at: Date, days: number, now: Date) => at.getTime() >= now.getTime() - days * DAY_MS;

/** Whole days from `at` to `now` (a fraction of a day does not count). */
export const daysSince = (at: Date, now: Date) => Math.floor((now.getTime() - at.getTime()) / DAY_MS);

export function measure(m: Measure, h: CustomerHistory, now: Date): number | null {
  switch (m.kind) {
    case 'orders':
      return h.orders.filter((o) => inWindow(o.at, m.windowDays, now)).length;
    case 'spendFen':
      return h.orders.filter((o) => inWindow(o.at, m.windowDays, now)).reduce((sum, o) => sum + o.totalFen, 0);
    case 'complaints':
      return h.complaints.filter((at) => inWindow(at, m.windowDays, now)).length;
    case 'afterSales':
      return h.afterSales.filter((at) => inWindow(at, m.windowDays, now)).length;
    case 'lifetimeOrders':
      return h.orders.length;
    case 'daysSinceLastOrder': {
      // No order at all is not "long since the last order": a customer who never ordered is not churning.
      if (h.orders.length === 0) return null;
      return daysSince(new Date(Math.max(...h.orders.map((o) => o.at.getTime()))), now);
    }
    case 'daysSinceFirstSeen': {
      const first = Math.min(h.createdAt.getTime(), ...h.orders.map((o) => o.at.getTime()));
      return daysSince(new Date(first), now);
    }
  }
}

const holds = (c: Condition, h: CustomerHistory, now: Date) => {
  const value = measure(c.measure, h, now);
  if (value === null) return false;
  return c.op === '>=' ? value >= c.value : value <= c.value;
};

export function ruleMatches(rule: SegmentRule, h: CustomerHistory, now: Date): boolean {
  return ruleConditions(rule).some((all) => all.every((c) => holds(c, h, now)));
}

/** The segment the rules give one customer at `now`. */
export function evaluateSegment(rules: readonly SegmentRule[], h: CustomerHistory, now: Date): SegmentResult {
  const rule = rulesInOrder(rules).find((r) => ruleMatches(r, h, now));
  return rule ? { segment: rule.segment, rule: rule.segment } : { segment: FALLBACK_SEGMENT, rule: null };
}

export interface SegmentOverride {
  segment: Segment;
  until: Date | null;
}

/** A manual override wins over the rules until it runs out. */
export const overrideActive = (o: SegmentOverride | null, now: Date): o is SegmentOverride =>
  o !== null && (o.until === null || o.until.getTime() > now.getTime());

export const effectiveSegment = (computed: Segment, override: SegmentOverride | null, now: Date): Segment =>
  overrideActive(override, now) ? override.segment : computed;
