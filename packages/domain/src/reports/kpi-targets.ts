/**
 * The service KPIs a supervisor runs the team by (DOMAIN.md §7), their targets, and how a period compares with the
 * one before it. Pure: the server adds up the facts, this decides what the figures mean.
 */

export const KPI_KEYS = [
  'csat',
  'fcr',
  'secondContactRate',
  'secondContactResolution',
  'firstResponse',
  'avgResponse',
  'within30s',
  'complaintFirstFeedback',
  'escalationRate',
  'botDeflection',
  'collabSatisfaction',
] as const;
export type KpiKey = (typeof KPI_KEYS)[number];

/** A ratio is 0–1 (shown as a percentage); a duration is milliseconds. */
export type KpiUnit = 'ratio' | 'ms';
export type KpiBetter = 'higher' | 'lower';

export interface KpiDefinition {
  unit: KpiUnit;
  better: KpiBetter;
  /** DOMAIN.md's target, or null for a figure watched without one (the second-contact rate, bot deflection). */
  target: number | null;
}

const SECOND = 1000;
const HOUR = 3600 * SECOND;

export const KPI_DEFINITIONS: Record<KpiKey, KpiDefinition> = {
  /** Ratings of 4 or 5 stars among rated conversations. */
  csat: { unit: 'ratio', better: 'higher', target: 0.9 },
  /** Cases solved at the first contact: resolved, never reopened, and no second contact within 7 days. */
  fcr: { unit: 'ratio', better: 'higher', target: 0.85 },
  /** Cases the shopper had to come back about within 7 days. */
  secondContactRate: { unit: 'ratio', better: 'lower', target: null },
  /** Of the cases contacted again, the share the second contact solved (no third contact, not reopened). */
  secondContactResolution: { unit: 'ratio', better: 'higher', target: 0.98 },
  firstResponse: { unit: 'ms', better: 'lower', target: 30 * SECOND },
  avgResponse: { unit: 'ms', better: 'lower', target: 30 * SECOND },
  within30s: { unit: 'ratio', better: 'higher', target: null },
  /** Complaints: created → first feedback (the complaint loop's second step). */
  complaintFirstFeedback: { unit: 'ms', better: 'lower', target: 2 * HOUR },
  escalationRate: { unit: 'ratio', better: 'lower', target: 0.05 },
  /** Conversations the bot closed without a person. */
  botDeflection: { unit: 'ratio', better: 'higher', target: null },
  /** Collaboration tasks rated 4 or 5 by the department that did them. */
  collabSatisfaction: { unit: 'ratio', better: 'higher', target: 0.9 },
};

/** A 1–5 rating that counts as satisfied (满意, 非常满意). */
export const isSatisfied = (rating: number) => rating >= 4;

/** part ÷ whole, or null when there is nothing to divide (no ratings is "no figure", not 0%). */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** Whether `value` reaches the KPI's target; null when there is no figure or no target. */
export function meetsTarget(key: KpiKey, value: number | null): boolean | null {
  const { target, better } = KPI_DEFINITIONS[key];
  if (value === null || target === null) return null;
  return better === 'higher' ? value >= target : value <= target;
}

export type KpiTrend = 'better' | 'worse' | 'same';

export interface KpiResult {
  key: KpiKey;
  unit: KpiUnit;
  better: KpiBetter;
  value: number | null;
  target: number | null;
  met: boolean | null;
  previous: number | null;
  /** value − previous: percentage points as a fraction for ratios (0.02 = +2 pt), milliseconds for durations. */
  change: number | null;
  /** Whether the change is good news (green) or bad (red); changes under half a point or 0.5 s are "same". */
  trend: KpiTrend | null;
}

const NOISE: Record<KpiUnit, number> = { ratio: 0.005, ms: 500 };

export function kpiResult(key: KpiKey, value: number | null, previous: number | null): KpiResult {
  const definition = KPI_DEFINITIONS[key];
  const change = value === null || previous === null ? null : value - previous;
  let trend: KpiTrend | null = null;
  if (change !== null) {
    if (Math.abs(change) < NOISE[definition.unit]) trend = 'same';
    else trend = change > 0 === (definition.better === 'higher') ? 'better' : 'worse';
  }
  return { key, ...definition, value, met: meetsTarget(key, value), previous, change, trend };
}

// ---- periods: China calendar days, inclusive --------------------------------------------------------------------

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const dayText = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** Days from `from` to `to`, both counted. */
export const daysInRange = (from: string, to: string) => dayNumber(to) - dayNumber(from) + 1;

export const addDays = (day: string, days: number) => dayText(dayNumber(day) + days);

/** The period of the same length just before `from`…`to` (a week before a week, 31 days before a 31-day month). */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const days = daysInRange(from, to);
  return { from: addDays(from, -days), to: addDays(from, -1) };
}

export const RANGE_PRESETS = ['today', 'yesterday', 'thisWeek', 'lastWeek', 'last7Days', 'thisMonth', 'lastMonth', 'last30Days'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

/** A preset's days, given today's China date; weeks start on Monday, as Chinese calendars do. */
export function presetRange(preset: RangePreset, today: string): { from: string; to: string } {
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const monthStart = `${today.slice(0, 8)}01`;
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday':
      return { from: addDays(today, -1), to: addDays(today, -1) };
    case 'thisWeek':
      return { from: addDays(today, -weekday), to: today };
    case 'lastWeek':
      return { from: addDays(today, -weekday - 7), to: addDays(today, -weekday - 1) };
    case 'last7Days':
      return { from: addDays(today, -6), to: today };
    case 'thisMonth':
      return { from: monthStart, to: today };
    case 'last30Days':
      return { from: addDays(today, -29), to: today };
    case 'lastMonth': {
      const lastDay = addDays(monthStart, -1);
      return { from: `${lastDay.slice(0, 8)}01`, to: lastDay };
    }
  }
}
