import type { Random } from './random.ts';

/** A moment `days` days before `now`, at a random second of that day. */
export function daysAgo(now: Date, days: number, rnd: Random) {
  return new Date(now.getTime() - days * 86_400_000 - rnd.int(0, 86_399) * 1000);
}
