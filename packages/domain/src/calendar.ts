import chineseDays from 'chinese-days';

const CST = 8 * 3600_000;
const DAY = 86_400_000;

/** The calendar day in China time, as YYYY-MM-DD. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + CST).toISOString().slice(0, 10);
}

/** Whether a China-time day is a working day: weekends and public holidays are off, adjusted working weekends (调休) are on. */
export function isWorkingDay(at: Date): boolean {
  return chineseDays.isWorkday(chinaDate(at));
}

/**
 * The same time of day `n` working days later, skipping weekends and holidays by the official
 * arrangement (a case opened on the Friday before National Day is due on the first day back).
 */
export function addWorkingDays(at: Date, n: number): Date {
  let t = at.getTime();
  for (let left = n; left > 0;) {
    t += DAY;
    if (isWorkingDay(new Date(t))) left--;
  }
  return new Date(t);
}
