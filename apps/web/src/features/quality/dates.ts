/** Days as the quality pages pick them: China calendar days, sent to the server as the moments they start and end. */
import { dayjs } from '../../shared/format.ts';

/** Today in China, whatever the browser's time zone. */
export const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** [from, to] China days (inclusive) as the ISO range [from 00:00, the day after `to` 00:00) in China time. */
export function dayRange(from: string, to: string): { from: string; to: string } {
  return { from: `${from}T00:00:00+08:00`, to: `${dayjs(to).add(1, 'day').format('YYYY-MM-DD')}T00:00:00+08:00` };
}

/** The last `days` China days, today included. */
export function lastDays(days: number): [string, string] {
  const today = chinaToday();
  return [
    dayjs(today)
      .subtract(days - 1, 'day')
      .format('YYYY-MM-DD'),
    today,
  ];
}
