import chineseDays from 'chinese-days';

const CST = 8 * 3600_000;
const DAY = 86_400_000;
/** A clock never looks further ahead than this for the next service hour (a policy open one hour a year still ends). */
const HORIZON_DAYS = 400;

/**
 * When a promise's clock runs. Around the clock, or business hours on China-time days: `every` day, or only
 * `working` days by the official calendar (weekends and public holidays off, 调休 working weekends on).
 */
export type ServiceHours = { kind: 'always' } | { kind: 'business'; days: 'working' | 'every'; from: string; to: string };

export const AROUND_THE_CLOCK: ServiceHours = { kind: 'always' };

/** "09:00" → minutes after midnight. */
export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/** Midnight China time of the day `at` falls on, as epoch ms. */
function chinaMidnight(at: number): number {
  return Math.floor((at + CST) / DAY) * DAY - CST;
}

function isServiceDay(midnight: number, days: 'working' | 'every'): boolean {
  return days === 'every' || chineseDays.isWorkday(new Date(midnight + CST).toISOString().slice(0, 10));
}

/** The service window [start, end) of the China day starting at `midnight`, or null when the day is off. */
function windowOf(midnight: number, hours: Extract<ServiceHours, { kind: 'business' }>): [number, number] | null {
  if (!isServiceDay(midnight, hours.days)) return null;
  return [midnight + minutesOfDay(hours.from) * 60_000, midnight + minutesOfDay(hours.to) * 60_000];
}

/** The moment `ms` of service time after `start`: time outside service hours does not count. */
export function addServiceTime(start: Date, ms: number, hours: ServiceHours): Date {
  if (hours.kind === 'always') return new Date(start.getTime() + ms);
  let cursor = start.getTime();
  let left = Math.max(0, ms);
  for (let day = chinaMidnight(cursor), n = 0; n < HORIZON_DAYS; day += DAY, n++) {
    const window = windowOf(day, hours);
    if (!window || cursor >= window[1]) continue;
    cursor = Math.max(cursor, window[0]);
    if (left <= window[1] - cursor) return new Date(cursor + left);
    left -= window[1] - cursor;
  }
  return new Date(cursor + left);
}

/** The service time between two moments (0 when `to` is not after `from`). */
export function serviceTimeBetween(from: Date, to: Date, hours: ServiceHours): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  if (hours.kind === 'always') return b - a;
  let total = 0;
  for (let day = chinaMidnight(a); day < b; day += DAY) {
    const window = windowOf(day, hours);
    if (window) total += Math.max(0, Math.min(b, window[1]) - Math.max(a, window[0]));
  }
  return total;
}

/**
 * The next "every day before HH:MM" deadline after `at`. When today's update is already `done`, the next one is
 * the following service day's, never today's: progress recorded at 10:00 is due again tomorrow at 16:00.
 */
export function nextDailyDeadline(at: Date, hhmm: string, hours: ServiceHours, done: boolean): Date {
  const days = hours.kind === 'business' ? hours.days : 'every';
  const today = chinaMidnight(at.getTime());
  for (let day = done ? today + DAY : today, n = 0; n < HORIZON_DAYS; day += DAY, n++) {
    const due = day + minutesOfDay(hhmm) * 60_000;
    if (due > at.getTime() && isServiceDay(day, days)) return new Date(due);
  }
  return new Date(today + DAY + minutesOfDay(hhmm) * 60_000);
}
