import { presetRange, RANGE_PRESETS, type RangePreset } from '@kefu/domain';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { ReportRange } from './reportsApi.ts';

/** The presets the filter bar offers, before 自定义 (a custom range). */
export const SHOWN_PRESETS: readonly RangePreset[] = ['today', 'last7Days', 'last30Days', 'thisWeek', 'thisMonth', 'lastMonth'];
/** A rolling month: the pages open full on the 1st of a month too, when 本月 has hardly begun. */
export const DEFAULT_PRESET: RangePreset = 'last30Days';

/** Today's date in China (reports count China days wherever the browser is). */
export const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const id = (text: string | null) => (text && /^\d{1,9}$/.test(text) ? Number(text) : undefined);

export interface RangeState {
  range: ReportRange;
  /** The preset the range came from, or 'custom'. */
  preset: RangePreset | 'custom';
  setPreset(preset: RangePreset): void;
  setCustom(from: string, to: string): void;
  setFilter(name: 'agentId' | 'groupId' | 'channel', value: string | number | undefined): void;
}

/**
 * A report page's range and filters, kept in the address (?preset=thisWeek or ?from=…&to=…, &agentId…), so a reload,
 * a shared link and the way back from a drill-down show the same figures.
 */
export function useReportRange(): RangeState {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => {
    const from = params.get('from');
    const to = params.get('to');
    const asked = params.get('preset');
    const custom = from && to && DAY.test(from) && DAY.test(to) && from <= to;
    const preset: RangePreset = RANGE_PRESETS.includes(asked as RangePreset) ? (asked as RangePreset) : DEFAULT_PRESET;
    const days = custom ? { from, to } : presetRange(preset, chinaToday());
    const range: ReportRange = {
      ...days,
      agentId: id(params.get('agentId')),
      groupId: id(params.get('groupId')),
      channel: params.get('channel') || undefined,
    };
    return { range, preset: custom ? ('custom' as const) : preset };
  }, [params]);

  const update = useCallback(
    (change: (next: URLSearchParams) => void) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          change(next);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return {
    ...state,
    setPreset: (preset) =>
      update((next) => {
        next.delete('from');
        next.delete('to');
        next.set('preset', preset);
      }),
    setCustom: (from, to) =>
      update((next) => {
        next.delete('preset');
        next.set('from', from);
        next.set('to', to);
      }),
    setFilter: (name, value) =>
      update((next) => {
        if (value === undefined || value === '') next.delete(name);
        else next.set(name, String(value));
      }),
  };
}
