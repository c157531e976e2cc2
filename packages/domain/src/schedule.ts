import { isWorkingDay } from './calendar.ts';

/**
 * When a background job runs: every so often, or at a time of day in China time (Asia/Shanghai, UTC+8 all year,
 * no daylight saving) — daily, on one weekday, or on one day of the month.
 */
export type Schedule =
  | { kind: 'interval'; everyMs: number }
  | { kind: 'daily'; at: ClockTime; workingDaysOnly?: boolean }
  | { kind: 'weekly'; weekday: Weekday; at: ClockTime }
  | { kind: 'monthly'; day: number; at: ClockTime };

export interface ClockTime {
  hour: number;
  minute: number;
}
export type Weekday = 'Sun' | 'Mon' | 'Tue' | 'Wed' | 'Thu' | 'Fri' | 'Sat';
/** In the order of `Date#getUTCDay`. */
export const WEEKDAYS: readonly Weekday[] = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const CST = 8 * 3600_000;
const DAY = 86_400_000;
const UNITS = { h: 3600_000, m: 60_000, s: 1000, ms: 1 } as const;

/**
 * The first run strictly after `after`. A calendar slot on `after` itself is not "next": a job that ran at Fri
 * 17:00:00 next runs a week later. A monthly day past the month's end runs on its last day (31st → 30 April).
 */
export function nextRun(schedule: Schedule, after: Date): Date {
  if (schedule.kind === 'interval') return new Date(after.getTime() + schedule.everyMs);
  const local = new Date(after.getTime() + CST);
  // Midnight of the China-time day, counted as if China time were UTC: day arithmetic is exact without DST.
  let midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  const offset = (schedule.at.hour * 60 + schedule.at.minute) * 60_000;
  // Long enough for any month and for the longest run of holidays.
  for (let i = 0; i < 400; i++, midnight += DAY) {
    const at = midnight + offset - CST;
    if (at > after.getTime() && slotMatches(schedule, new Date(midnight), new Date(at))) return new Date(at);
  }
  throw new Error('no run within 400 days');
}

/** `day` is the China-time date as a UTC date; `at` the real instant of the slot. */
function slotMatches(schedule: Exclude<Schedule, { kind: 'interval' }>, day: Date, at: Date): boolean {
  switch (schedule.kind) {
    case 'daily':
      return !schedule.workingDaysOnly || isWorkingDay(at);
    case 'weekly':
      return WEEKDAYS[day.getUTCDay()] === schedule.weekday;
    case 'monthly': {
      const lastDay = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 0)).getUTCDate();
      return day.getUTCDate() === Math.min(schedule.day, lastDay);
    }
  }
}

/** How people write it, and how parseSchedule reads it: "every 2s", "daily 09:00", "Fri 17:00", "1st of month 08:00". */
export function describeSchedule(schedule: Schedule): string {
  switch (schedule.kind) {
    case 'interval': {
      const unit = (Object.keys(UNITS) as (keyof typeof UNITS)[]).find((u) => schedule.everyMs % UNITS[u] === 0)!;
      return `every ${schedule.everyMs / UNITS[unit]}${unit}`;
    }
    case 'daily':
      return `daily ${clock(schedule.at)}${schedule.workingDaysOnly ? ' on working days' : ''}`;
    case 'weekly':
      return `${schedule.weekday} ${clock(schedule.at)}`;
    case 'monthly':
      return `${ordinal(schedule.day)} of month ${clock(schedule.at)}`;
  }
}

/** Reads what describeSchedule writes; null when the text is not a schedule or a value is out of range. */
export function parseSchedule(text: string): Schedule | null {
  const s = text.trim();
  let m = /^every (\d{1,9})(ms|s|m|h)$/.exec(s);
  if (m) {
    const everyMs = Number(m[1]) * UNITS[m[2] as keyof typeof UNITS];
    return everyMs > 0 ? { kind: 'interval', everyMs } : null;
  }
  m = /^daily (\d\d):(\d\d)( on working days)?$/.exec(s);
  if (m) return withTime(m[1]!, m[2]!, (at) => ({ kind: 'daily', at, ...(m![3] ? { workingDaysOnly: true } : {}) }));
  m = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (\d\d):(\d\d)$/.exec(s);
  if (m) return withTime(m[2]!, m[3]!, (at) => ({ kind: 'weekly', weekday: m![1] as Weekday, at }));
  m = /^(\d{1,2})(st|nd|rd|th) of month (\d\d):(\d\d)$/.exec(s);
  if (m) {
    const day = Number(m[1]);
    if (day < 1 || day > 31 || ordinal(day) !== `${m[1]}${m[2]}`) return null;
    return withTime(m[3]!, m[4]!, (at) => ({ kind: 'monthly', day, at }));
  }
  return null;
}

function withTime(hour: string, minute: string, make: (at: ClockTime) => Schedule): Schedule | null {
  const at = { hour: Number(hour), minute: Number(minute) };
  return at.hour < 24 && at.minute < 60 ? make(at) : null;
}

function clock(at: ClockTime): string {
  return `${String(at.hour).padStart(2, '0')}:${String(at.minute).padStart(2, '0')}`;
}

function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
}
