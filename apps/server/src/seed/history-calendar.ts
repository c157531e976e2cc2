import type { Random } from './random.ts';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
/** China has one time zone and no daylight saving: its day starts at 16:00 UTC the day before. */
const CHINA_OFFSET = 8 * HOUR;

/** Shoppers write all day, most in the late morning, the afternoon and after dinner (the evening peak of 淘宝). */
export const CHAT_HOURS = [
  0.5, 0.25, 0.12, 0.06, 0.05, 0.1, 0.3, 0.6, 1.1, 1.7, 2.1, 2.1, 1.5, 1.6, 1.9, 2.0, 1.9, 1.6, 1.3, 1.6, 2.1, 2.4, 1.9, 1.0,
];
/** Tickets are written mostly in office hours. */
export const OFFICE_HOURS = [
  0.05, 0.02, 0.01, 0.01, 0.01, 0.02, 0.05, 0.2, 0.9, 1.8, 2.0, 1.9, 1.0, 1.4, 1.9, 1.9, 1.7, 1.3, 0.6, 0.4, 0.4, 0.3, 0.2, 0.1,
];
/** Sunday first, as Date#getUTCDay counts: weekends are busier for a shop that sells to people at home. */
const WEEKDAYS = [1.25, 1.05, 1.0, 0.95, 1.0, 1.05, 1.2];

/** The big promotion day (a Double-11) some weeks back: three times a usual day, and a busy day after it. */
export const SPIKE_DAYS_AGO = 19;
const SPIKE = 3;
const AFTER_SPIKE = 1.6;

/** Midnight in China of the day `at` falls on. */
export function chinaDayStart(at: Date | number): number {
  const t = typeof at === 'number' ? at : at.getTime();
  return Math.floor((t + CHINA_OFFSET) / DAY) * DAY - CHINA_OFFSET;
}

/** Whether `at` falls on the promotion day (for its tags and its slower answers). */
export function onSpikeDay(at: Date, now: Date): boolean {
  return chinaDayStart(at) === chinaDayStart(now) - SPIKE_DAYS_AGO * DAY;
}

/**
 * Moments over the last `days` days, drawn by an hour-of-day curve, a weekday pattern and the promotion spike, none
 * later than `latest` (work that started must have had time to end before now).
 */
export function momentPicker(now: Date, days: number, hours: readonly number[], latest: number) {
  const today = chinaDayStart(now);
  const starts: number[] = [];
  const ends: number[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (let d = days - 1; d >= 0; d--) {
    const day = today - d * DAY;
    const weekday = new Date(day + CHINA_OFFSET).getUTCDay();
    const factor = WEEKDAYS[weekday]! * (d === SPIKE_DAYS_AGO ? SPIKE : d === SPIKE_DAYS_AGO - 1 ? AFTER_SPIKE : 1);
    for (let h = 0; h < 24; h++) {
      const start = day + h * HOUR;
      const end = Math.min(start + HOUR, latest);
      if (end <= start) continue;
      total += hours[h]! * factor * ((end - start) / HOUR);
      starts.push(start);
      ends.push(end);
      cumulative.push(total);
    }
  }
  return (rnd: Random): Date => {
    const x = rnd.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return new Date(Math.floor(starts[lo]! + rnd.next() * (ends[lo]! - starts[lo]!)));
  };
}

/** A wait in ms: mostly `typical`, sometimes up to `slow`, rarely up to `worst` (the long tail of a busy desk). */
export function waitMs(rnd: Random, typical: [number, number], slow: [number, number], worst: [number, number], slowShare = 0.12, worstShare = 0.02) {
  const x = rnd.next();
  const [lo, hi] = x < worstShare ? worst : x < worstShare + slowShare ? slow : typical;
  return Math.round(lo + rnd.next() * (hi - lo));
}
