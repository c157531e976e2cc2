import type { Segment } from '../customers.ts';

/**
 * Computed customer segments (DOMAIN §5): each rule names one segment and its thresholds; the first enabled rule a
 * customer meets, in order of precedence, gives the segment, and a customer who meets none is `regular`. The same
 * conditions are evaluated here for one customer and turned into SQL by the server for all of them at once.
 */
export const SEGMENT_RULE_KEYS = ['vip', 'high_value', 'complaint_prone', 'at_risk', 'active', 'new'] as const;
export type SegmentRuleKey = (typeof SEGMENT_RULE_KEYS)[number];

/** Who matches no rule. */
export const FALLBACK_SEGMENT = 'regular' satisfies Segment;

export interface SegmentThresholds {
  vip: { windowDays: number; minOrders: number; minSpendFen: number };
  high_value: { windowDays: number; minSpendFen: number };
  /** Complaint tickets, or after-sale requests, in the window; 0 switches a measure off. */
  complaint_prone: { windowDays: number; minComplaints: number; minAfterSales: number };
  /** Churn risk: a customer who ordered at least `minOrders` times has not ordered for `daysWithoutOrder` days. */
  at_risk: { minOrders: number; daysWithoutOrder: number };
  active: { windowDays: number; minOrders: number };
  /** First seen (first order, or the file's creation) within `withinDays`, with at most `maxOrders` orders. */
  new: { withinDays: number; maxOrders: number };
}

export type SegmentRule = {
  [K in SegmentRuleKey]: { segment: K; enabled: boolean; precedence: number; thresholds: SegmentThresholds[K] };
}[SegmentRuleKey];

export const DEFAULT_SEGMENT_RULES: readonly SegmentRule[] = [
  { segment: 'vip', enabled: true, precedence: 1, thresholds: { windowDays: 365, minOrders: 5, minSpendFen: 1_000_000 } },
  { segment: 'high_value', enabled: true, precedence: 2, thresholds: { windowDays: 365, minSpendFen: 300_000 } },
  { segment: 'complaint_prone', enabled: true, precedence: 3, thresholds: { windowDays: 90, minComplaints: 2, minAfterSales: 3 } },
  { segment: 'at_risk', enabled: true, precedence: 4, thresholds: { minOrders: 2, daysWithoutOrder: 120 } },
  { segment: 'active', enabled: true, precedence: 5, thresholds: { windowDays: 90, minOrders: 2 } },
  { segment: 'new', enabled: true, precedence: 6, thresholds: { withinDays: 30, maxOrders: 1 } },
];

/** What a condition measures about a customer; windowed measures count from `now - windowDays` on. */
export type Measure =
  | { kind: 'orders'; windowDays: number }
  | { kind: 'spendFen'; windowDays: number }
  | { kind: 'complaints'; windowDays: number }
  | { kind: 'afterSales'; windowDays: number }
  | { kind: 'lifetimeOrders' }
  | { kind: 'daysSinceLastOrder' }
  | { kind: 'daysSinceFirstSeen' };

export interface Condition {
  measure: Measure;
  op: '>=' | '<=';
  value: number;
}

/** A rule's conditions: it matches when every condition of any one alternative holds. */
export function ruleConditions(rule: SegmentRule): Condition[][] {
  const ge = (measure: Measure, value: number): Condition => ({ measure, op: '>=', value });
  switch (rule.segment) {
    case 'vip': {
      const t = rule.thresholds;
      return [[ge({ kind: 'orders', windowDays: t.windowDays }, t.minOrders), ge({ kind: 'spendFen', windowDays: t.windowDays }, t.minSpendFen)]];
    }
    case 'high_value':
      return [[ge({ kind: 'spendFen', windowDays: rule.thresholds.windowDays }, rule.thresholds.minSpendFen)]];
    case 'complaint_prone': {
      const t = rule.thresholds;
      return [
        ...(t.minComplaints > 0 ? [[ge({ kind: 'complaints', windowDays: t.windowDays }, t.minComplaints)]] : []),
        ...(t.minAfterSales > 0 ? [[ge({ kind: 'afterSales', windowDays: t.windowDays }, t.minAfterSales)]] : []),
      ];
    }
    case 'at_risk':
      return [[ge({ kind: 'lifetimeOrders' }, rule.thresholds.minOrders), ge({ kind: 'daysSinceLastOrder' }, rule.thresholds.daysWithoutOrder)]];
    case 'active':
      return [[ge({ kind: 'orders', windowDays: rule.thresholds.windowDays }, rule.thresholds.minOrders)]];
    case 'new':
      return [
        [
          { measure: { kind: 'daysSinceFirstSeen' }, op: '<=', value: rule.thresholds.withinDays },
          { measure: { kind: 'lifetimeOrders' }, op: '<=', value: rule.thresholds.maxOrders },
        ],
      ];
  }
}

/** The enabled rules, highest precedence (lowest number) first. */
export function rulesInOrder(rules: readonly SegmentRule[]): SegmentRule[] {
  return rules.filter((r) => r.enabled).sort((a, b) => a.precedence - b.precedence);
}
