import { describe, expect, it } from 'vitest';
import { DEFAULT_SEGMENT_RULES, effectiveSegment, evaluateSegment, ruleProblems, type CustomerHistory, type SegmentRule } from '../src/index.ts';

const now = new Date('2026-11-30T04:00:00Z');
const DAY = 86_400_000;
const daysAgo = (d: number) => new Date(now.getTime() - d * DAY);
const history = (h: Partial<CustomerHistory> = {}): CustomerHistory => ({
  createdAt: daysAgo(400),
  orders: [],
  complaints: [],
  afterSales: [],
  ...h,
});
const orders = (n: number, totalFen: number, ago = 10) => Array.from({ length: n }, () => ({ at: daysAgo(ago), totalFen }));
const rules = (change: (r: SegmentRule) => SegmentRule = (r) => r) => DEFAULT_SEGMENT_RULES.map((r) => change(structuredClone(r)));
const seg = (h: CustomerHistory, rs: readonly SegmentRule[] = DEFAULT_SEGMENT_RULES) => evaluateSegment(rs, h, now).segment;

describe('computed segments', () => {
  it('gives the fallback to a customer who meets no rule, and says no rule fired', () => {
    expect(evaluateSegment(DEFAULT_SEGMENT_RULES, history(), now)).toEqual({ segment: 'regular', rule: null });
  });

  it('makes a VIP only with both the orders and the spend in the window', () => {
    expect(seg(history({ orders: orders(5, 200_000) }))).toBe('vip');
    // Spend enough but one order short: high value, not VIP (the bug of two VIPs without orders).
    expect(seg(history({ orders: orders(4, 300_000) }))).toBe('high_value');
    // Enough orders, but outside the 365-day window.
    expect(seg(history({ orders: orders(5, 200_000, 366) }))).toBe('at_risk');
  });

  it('counts an order exactly windowDays old as inside the window, one millisecond older as outside', () => {
    const edge = { at: daysAgo(365), totalFen: 300_000 };
    expect(seg(history({ orders: [edge] }))).toBe('high_value');
    expect(seg(history({ orders: [{ at: new Date(edge.at.getTime() - 1), totalFen: 300_000 }] }))).toBe('regular');
  });

  it('meets a spend threshold at exactly the amount and not one fen below', () => {
    expect(seg(history({ orders: [{ at: daysAgo(1), totalFen: 300_000 }] }))).toBe('high_value');
    expect(seg(history({ orders: [{ at: daysAgo(1), totalFen: 299_999 }] }))).not.toBe('high_value');
  });

  it('marks churn risk after at least two orders and the days without one, never a customer who never ordered', () => {
    expect(seg(history({ orders: orders(2, 100, 120) }))).toBe('at_risk');
    expect(seg(history({ orders: orders(2, 100, 119) }))).toBe('regular');
    expect(seg(history({ orders: orders(1, 100, 300) }))).toBe('regular');
    expect(seg(history({ orders: [] }))).toBe('regular');
  });

  it('finds the complaint-prone by complaints or by after-sales, and a zero threshold switches a measure off', () => {
    expect(seg(history({ complaints: [daysAgo(1), daysAgo(89)] }))).toBe('complaint_prone');
    expect(seg(history({ complaints: [daysAgo(1), daysAgo(91)] }))).toBe('regular');
    expect(seg(history({ afterSales: [daysAgo(1), daysAgo(2), daysAgo(3)] }))).toBe('complaint_prone');
    const noAfterSales = rules((r) => (r.segment === 'complaint_prone' ? { ...r, thresholds: { ...r.thresholds, minAfterSales: 0 } } : r));
    expect(seg(history({ afterSales: [daysAgo(1), daysAgo(2), daysAgo(3)] }), noAfterSales)).toBe('regular');
  });

  it('finds the active and the new', () => {
    expect(seg(history({ orders: orders(2, 100, 5) }))).toBe('active');
    expect(seg(history({ createdAt: daysAgo(30) }))).toBe('new');
    expect(seg(history({ createdAt: daysAgo(31) }))).toBe('regular');
    expect(seg(history({ createdAt: daysAgo(3), orders: orders(1, 100, 3) }))).toBe('new');
    // An old buyer whose file was only created now is not new: the first order counts as first seen.
    expect(seg(history({ createdAt: daysAgo(1), orders: [{ at: daysAgo(200), totalFen: 100 }] }))).toBe('regular');
  });

  it('follows precedence, and skips a rule that is off', () => {
    const bigComplainer = history({ orders: orders(6, 300_000), complaints: [daysAgo(1), daysAgo(2)] });
    expect(seg(bigComplainer)).toBe('vip');
    const complaintsFirst = rules((r) => (r.segment === 'complaint_prone' ? { ...r, precedence: 0 } : r));
    expect(seg(bigComplainer, complaintsFirst)).toBe('complaint_prone');
    const vipOff = rules((r) => (r.segment === 'vip' ? { ...r, enabled: false } : r));
    expect(evaluateSegment(vipOff, bigComplainer, now)).toEqual({ segment: 'high_value', rule: 'high_value' });
  });

  it('lets an override win until it runs out', () => {
    expect(effectiveSegment('regular', { segment: 'vip', until: null }, now)).toBe('vip');
    expect(effectiveSegment('regular', { segment: 'vip', until: new Date(now.getTime() + 1) }, now)).toBe('vip');
    expect(effectiveSegment('regular', { segment: 'vip', until: now }, now)).toBe('regular');
    expect(effectiveSegment('active', null, now)).toBe('active');
  });
});

describe('rule checks', () => {
  it('accepts the defaults', () => {
    expect(ruleProblems(DEFAULT_SEGMENT_RULES)).toEqual([]);
  });

  it('names the field of a negative, fractional or zero-day threshold', () => {
    const bad = rules((r) =>
      r.segment === 'vip'
        ? { ...r, thresholds: { ...r.thresholds, minSpendFen: -1 } }
        : r.segment === 'active'
          ? { ...r, thresholds: { ...r.thresholds, windowDays: 0 } }
          : r.segment === 'new'
            ? { ...r, thresholds: { ...r.thresholds, maxOrders: 1.5 } }
            : r,
    );
    expect(ruleProblems(bad).map((p) => p.field)).toEqual([
      'rules.0.thresholds.minSpendFen',
      'rules.4.thresholds.windowDays',
      'rules.5.thresholds.maxOrders',
    ]);
  });

  it('refuses a rule twice, a missing rule and a shared precedence', () => {
    const list = rules();
    list[1] = { ...list[0]!, precedence: 9 };
    list[2] = { ...list[2]!, precedence: 1 };
    const problems = ruleProblems(list);
    expect(problems).toContainEqual({ field: 'rules.1.segment', reason: 'vip is listed twice' });
    expect(problems).toContainEqual({ field: 'rules.2.precedence', reason: 'two rules have the same precedence' });
    expect(problems).toContainEqual({ field: 'rules', reason: 'the high_value rule is missing' });
  });
});
