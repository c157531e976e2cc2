import { describe, expect, it } from 'vitest';
import {
  briefPeriod,
  change,
  lastEndedMonth,
  lastEndedWeek,
  missingSuggestionField,
  monthOf,
  periodBefore,
  weekOf,
  weeklyAdvice,
  type AdviceFacts,
} from '../src/briefs.ts';

/** A China-time moment as an instant: "2026-05-15 17:00" → 09:00Z. */
const china = (text: string) => new Date(`${text.replace(' ', 'T')}:00+08:00`);

describe('the weekly brief’s week', () => {
  it('is the 7 days ending on a Friday at 17:00 China time', () => {
    const week = lastEndedWeek(china('2026-05-15 17:00'));
    expect(week).toEqual({ start: '2026-05-08', end: '2026-05-15', from: china('2026-05-08 17:00'), until: china('2026-05-15 17:00') });
  });

  it('is the week before until the Friday run, and follows on without a gap', () => {
    expect(lastEndedWeek(china('2026-05-15 16:59')).end).toBe('2026-05-08');
    expect(lastEndedWeek(china('2026-05-18 10:00')).end).toBe('2026-05-15');
    const next = lastEndedWeek(china('2026-05-22 17:00'));
    expect(next.from).toEqual(lastEndedWeek(china('2026-05-15 17:00')).until);
  });

  it('of a day is the one ending on the first Friday on or after it', () => {
    expect(weekOf('2026-05-15').end).toBe('2026-05-15');
    expect(weekOf('2026-05-16').end).toBe('2026-05-22');
    expect(weekOf('2026-05-11').end).toBe('2026-05-15');
    // A Friday evening after the review belongs to the next week.
    expect(lastEndedWeek(new Date(china('2026-05-15 20:00').getTime() + 7 * 86_400_000)).end).toBe('2026-05-22');
  });
});

describe('the monthly report’s month', () => {
  it('is the calendar month in China time', () => {
    expect(monthOf('2026-02-14')).toEqual({
      start: '2026-02-01',
      end: '2026-02-28',
      from: china('2026-02-01 00:00'),
      until: china('2026-03-01 00:00'),
    });
  });

  it('made on the 1st is the month before, across a year', () => {
    expect(lastEndedMonth(china('2026-01-01 09:00')).start).toBe('2025-12-01');
    expect(lastEndedMonth(china('2026-03-31 23:59')).start).toBe('2026-02-01');
    // 2026-04-01 07:00 in China is still 31 March in UTC: China's day counts.
    expect(lastEndedMonth(china('2026-04-01 07:00')).start).toBe('2026-03-01');
  });

  it('is chosen by kind, with or without a day', () => {
    const now = china('2026-05-20 12:00');
    expect(briefPeriod('monthly_needs', undefined, now).start).toBe('2026-04-01');
    expect(briefPeriod('monthly_needs', '2026-01-09', now).start).toBe('2026-01-01');
    expect(briefPeriod('weekly_aftersales', undefined, now).end).toBe('2026-05-15');
    expect(periodBefore(weekOf('2026-05-15'))).toEqual({ from: china('2026-05-01 17:00'), until: china('2026-05-08 17:00') });
  });
});

const quiet: AdviceFacts = { afterSales: 0, previousAfterSales: 0, byReason: [], defects: [], sla: [], pendingApprovals: 0, overdueAfterSales: 0 };

describe('the weekly advice', () => {
  it('says the week is steady when nothing stands out', () => {
    expect(weeklyAdvice(quiet)).toEqual([{ code: 'steady' }]);
    expect(change(5, 0)).toBeNull();
    expect(change(6, 4)).toBe(0.5);
  });

  it('names a reason of 30% or more, a product with 3 defect cases, a rise of 30%, a promise kept under 90%', () => {
    const advice = weeklyAdvice({
      afterSales: 20,
      previousAfterSales: 10,
      byReason: [
        { reason: 'quality', count: 5 },
        { reason: 'size', count: 7 },
        { reason: 'other', count: 8 },
      ],
      defects: [
        { productName: '卫衣', cases: 3, words: ['起球', '开线', '掉色', '缩水'] },
        { productName: '杯子', cases: 2, words: ['漏水'] },
      ],
      sla: [
        { metric: 'aftersale_review', met: 8, breached: 2 },
        { metric: 'resolution', met: 9, breached: 1 },
        { metric: 'first_feedback', met: 1, breached: 1 },
      ],
      pendingApprovals: 2,
      overdueAfterSales: 0,
    });
    expect(advice).toEqual([
      { code: 'pending_approvals', count: 2 },
      { code: 'volume_up', change: 1, count: 20 },
      { code: 'reason_share', reason: 'size', share: 0.35, count: 7 },
      { code: 'product_defects', productName: '卫衣', cases: 3, words: ['起球', '开线', '掉色'] },
      { code: 'sla_below_target', metric: 'aftersale_review', attainment: 0.8 },
    ]);
  });

  it('does not call a handful of cases a trend', () => {
    const advice = weeklyAdvice({ ...quiet, afterSales: 4, previousAfterSales: 1, byReason: [{ reason: 'size', count: 2 }] });
    expect(advice).toEqual([{ code: 'steady' }]);
  });
});

describe('a suggestion record', () => {
  it('says why', () => {
    expect(missingSuggestionField('suggestion', ' ')).toBe('description');
    expect(missingSuggestionField('suggestion', '个子高')).toBeNull();
    expect(missingSuggestionField('consultation', '')).toBeNull();
  });
});
