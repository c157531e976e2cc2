import { describe, expect, it } from 'vitest';
import {
  daysInRange,
  isSatisfied,
  KPI_DEFINITIONS,
  KPI_KEYS,
  kpiResult,
  meetsTarget,
  presetRange,
  previousPeriod,
  share,
} from '../src/reports/kpi-targets.ts';

describe('KPI targets (DOMAIN.md §7)', () => {
  it('holds the targets DOMAIN.md sets', () => {
    expect(KPI_DEFINITIONS.csat.target).toBe(0.9);
    expect(KPI_DEFINITIONS.fcr.target).toBe(0.85);
    expect(KPI_DEFINITIONS.secondContactResolution.target).toBe(0.98);
    expect(KPI_DEFINITIONS.firstResponse.target).toBe(30_000);
    expect(KPI_DEFINITIONS.complaintFirstFeedback.target).toBe(7_200_000);
    expect(KPI_DEFINITIONS.escalationRate.target).toBe(0.05);
    expect(KPI_DEFINITIONS.collabSatisfaction.target).toBe(0.9);
    expect(Object.keys(KPI_DEFINITIONS).sort()).toEqual([...KPI_KEYS].sort());
  });

  it('meets a target at the bound, in the direction the KPI wants', () => {
    expect(meetsTarget('csat', 0.9)).toBe(true);
    expect(meetsTarget('csat', 0.899)).toBe(false);
    expect(meetsTarget('escalationRate', 0.05)).toBe(true);
    expect(meetsTarget('escalationRate', 0.051)).toBe(false);
    expect(meetsTarget('firstResponse', 30_001)).toBe(false);
    expect(meetsTarget('complaintFirstFeedback', 3_600_000)).toBe(true);
    expect(meetsTarget('csat', null)).toBeNull();
    expect(meetsTarget('botDeflection', 0.4)).toBeNull();
  });

  it('counts 4 and 5 stars as satisfied, and has no figure without a denominator', () => {
    expect([1, 2, 3, 4, 5].map(isSatisfied)).toEqual([false, false, false, true, true]);
    expect(share(3, 4)).toBe(0.75);
    expect(share(0, 0)).toBeNull();
  });
});

describe('comparison with the previous period', () => {
  it('calls a rise good news for CSAT and bad news for the escalation rate', () => {
    const csat = kpiResult('csat', 0.93, 0.88);
    expect(csat).toMatchObject({ value: 0.93, previous: 0.88, target: 0.9, met: true, trend: 'better', unit: 'ratio' });
    expect(csat.change).toBeCloseTo(0.05);
    expect(kpiResult('escalationRate', 0.06, 0.04)).toMatchObject({ met: false, trend: 'worse' });
    expect(kpiResult('firstResponse', 20_000, 35_000)).toMatchObject({ met: true, trend: 'better', change: -15_000 });
  });

  it('treats changes below the noise as the same, and a missing side as no change', () => {
    expect(kpiResult('fcr', 0.861, 0.858).trend).toBe('same');
    expect(kpiResult('avgResponse', 10_200, 10_000).trend).toBe('same');
    expect(kpiResult('csat', 0.9, null)).toMatchObject({ change: null, trend: null });
    expect(kpiResult('csat', null, 0.9)).toMatchObject({ value: null, met: null, change: null, trend: null });
  });
});

describe('periods (China days, inclusive)', () => {
  it('puts the period of the same length just before', () => {
    expect(previousPeriod('2026-11-11', '2026-11-11')).toEqual({ from: '2026-11-10', to: '2026-11-10' });
    expect(previousPeriod('2026-11-09', '2026-11-15')).toEqual({ from: '2026-11-02', to: '2026-11-08' });
    expect(previousPeriod('2026-03-01', '2026-03-31')).toEqual({ from: '2026-01-29', to: '2026-02-28' });
    expect(daysInRange('2026-02-01', '2026-03-01')).toBe(29);
  });

  it('knows the presets, weeks from Monday', () => {
    // 2026-11-11 is a Wednesday.
    expect(presetRange('today', '2026-11-11')).toEqual({ from: '2026-11-11', to: '2026-11-11' });
    expect(presetRange('yesterday', '2026-11-11')).toEqual({ from: '2026-11-10', to: '2026-11-10' });
    expect(presetRange('thisWeek', '2026-11-11')).toEqual({ from: '2026-11-09', to: '2026-11-11' });
    expect(presetRange('lastWeek', '2026-11-11')).toEqual({ from: '2026-11-02', to: '2026-11-08' });
    expect(presetRange('thisWeek', '2026-11-15')).toEqual({ from: '2026-11-09', to: '2026-11-15' });
    expect(presetRange('thisMonth', '2026-11-11')).toEqual({ from: '2026-11-01', to: '2026-11-11' });
    // Rolling ranges hold whole days of data even on the 1st of a month or on a Monday.
    expect(presetRange('last7Days', '2026-12-01')).toEqual({ from: '2026-11-25', to: '2026-12-01' });
    expect(presetRange('last30Days', '2026-12-01')).toEqual({ from: '2026-11-02', to: '2026-12-01' });
    expect(presetRange('lastMonth', '2026-03-05')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(presetRange('lastMonth', '2026-01-20')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
  });
});
