import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FOLLOW_UP_RULES,
  dedupeKey,
  deliveredDueAt,
  deliveredSince,
  fillFollowUpScript,
  followUpDayStart,
  inCallingHours,
  isLargeOrder,
  isLowScore,
  isOverdue,
  MAX_ATTEMPTS,
  outcomeEffect,
  ruleDueAt,
} from '../src/index.ts';

// Follow-ups (回访, issue 13): rules decide when; times are China time (UTC+8).
const cst = (text: string) => new Date(`${text}+08:00`);

describe('calling hours (China time)', () => {
  it('keeps a time between 09:00 and 21:00 and moves the others to the next 09:00', () => {
    expect(inCallingHours(cst('2026-12-01T09:00:00'))).toEqual(cst('2026-12-01T09:00:00'));
    expect(inCallingHours(cst('2026-12-01T21:00:00'))).toEqual(cst('2026-12-01T21:00:00'));
    expect(inCallingHours(cst('2026-12-01T08:59:59'))).toEqual(cst('2026-12-01T09:00:00'));
    expect(inCallingHours(cst('2026-12-01T21:00:01'))).toEqual(cst('2026-12-02T09:00:00'));
    // 23:30 China time is 15:30 UTC the same day: still the next China morning.
    expect(inCallingHours(new Date('2026-12-01T15:30:00Z'))).toEqual(cst('2026-12-02T09:00:00'));
    // 00:30 China time is the previous UTC day: that China morning, not the UTC one.
    expect(inCallingHours(new Date('2026-11-30T16:30:00Z'))).toEqual(cst('2026-12-01T09:00:00'));
  });
});

describe('rule delays', () => {
  it('puts a solved case 24 hours later and a delivery 3 days later, in calling hours', () => {
    expect(ruleDueAt(DEFAULT_FOLLOW_UP_RULES.case_solved, cst('2026-12-01T15:00:00'))).toEqual(cst('2026-12-02T15:00:00'));
    expect(ruleDueAt(DEFAULT_FOLLOW_UP_RULES.case_solved, cst('2026-12-01T22:10:00'))).toEqual(cst('2026-12-03T09:00:00'));
    expect(ruleDueAt(DEFAULT_FOLLOW_UP_RULES.delivered, cst('2026-12-01T10:00:00'))).toEqual(cst('2026-12-04T10:00:00'));
  });

  it('gives a delivery found late by the job two hours from now, and looks back one day past the delay', () => {
    const rule = DEFAULT_FOLLOW_UP_RULES.delivered;
    const now = cst('2026-12-05T11:00:00');
    expect(deliveredDueAt(rule, cst('2026-12-01T10:00:00'), now)).toEqual(cst('2026-12-05T13:00:00'));
    expect(deliveredDueAt(rule, cst('2026-12-03T10:00:00'), now)).toEqual(cst('2026-12-06T10:00:00'));
    expect(deliveredSince(rule, now)).toEqual(cst('2026-12-01T11:00:00'));
  });
});

describe('thresholds', () => {
  it('counts an order as large at the threshold, not one fen below', () => {
    const rule = { ...DEFAULT_FOLLOW_UP_RULES.large_order, threshold: 200_000 };
    expect(isLargeOrder(rule, 200_000)).toBe(true);
    expect(isLargeOrder(rule, 199_999)).toBe(false);
    expect(isLargeOrder({ ...rule, enabled: false }, 900_000)).toBe(false);
  });

  it('counts a score as low at or below the threshold', () => {
    const rule = DEFAULT_FOLLOW_UP_RULES.low_score;
    expect([1, 2, 3, 4, 5].map((s) => isLowScore(rule, s))).toEqual([true, true, true, false, false]);
    expect(isLowScore({ ...rule, threshold: 2 }, 3)).toBe(false);
    expect(isLowScore({ ...rule, enabled: false }, 1)).toBe(false);
  });
});

describe('outcomes', () => {
  const now = cst('2026-12-01T10:00:00');
  it('ends a follow-up reached, and opens a ticket for a problem', () => {
    expect(outcomeEffect('fine', 0, now)).toEqual({ state: 'done', attempts: 1, nextDueAt: null, opensTicket: false });
    expect(outcomeEffect('problem', 1, now)).toEqual({ state: 'done', attempts: 2, nextDueAt: null, opensTicket: true });
  });

  it('tries an unreachable customer again the next day, then closes after the last attempt', () => {
    expect(outcomeEffect('unreachable', 0, now)).toEqual({ state: 'open', attempts: 1, nextDueAt: cst('2026-12-02T10:00:00'), opensTicket: false });
    expect(outcomeEffect('unreachable', 0, cst('2026-12-01T22:00:00')).nextDueAt).toEqual(cst('2026-12-03T09:00:00'));
    expect(outcomeEffect('unreachable', MAX_ATTEMPTS - 1, now)).toEqual({
      state: 'unreachable',
      attempts: MAX_ATTEMPTS,
      nextDueAt: null,
      opensTicket: false,
    });
  });

  it('is overdue only while open past its due time', () => {
    expect(isOverdue({ state: 'open', dueAt: cst('2026-12-01T09:59:59') }, now)).toBe(true);
    expect(isOverdue({ state: 'open', dueAt: now }, now)).toBe(false);
    expect(isOverdue({ state: 'done', dueAt: cst('2026-11-01T09:00:00') }, now)).toBe(false);
  });
});

describe('keys, scripts and days', () => {
  it('builds one key per rule and subject', () => {
    expect(dedupeKey('delivered', 'order', 123)).toBe('delivered:order:123');
  });
  it('fills known placeholders and leaves the others visible', () => {
    expect(fillFollowUpScript('您好，我是{店铺}的{客服}，订单{订单号}{未知}', { 店铺: '小店', 客服: '小美', 订单号: null })).toBe(
      '您好，我是小店的小美，订单{订单号}{未知}',
    );
  });
  it('starts a China day at 00:00+08:00', () => {
    expect(followUpDayStart('2026-12-01')).toEqual(new Date('2026-11-30T16:00:00Z'));
    expect(followUpDayStart('2026-12-31', 1)).toEqual(new Date('2027-01-01T00:00:00+08:00'));
  });
});
