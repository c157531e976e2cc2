/**
 * The SQL pieces the reports bench fills with (fill.ts, fill-chat.ts): deterministic pseudo-random numbers per row
 * (`hashint8extended`, so PostgreSQL and PGlite fill the same rows), weighted picks, and the time a case opened —
 * a day of the span (one Double-11-like day three times as busy), an hour by China's daily curve.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../apps/server/src/db/database.ts';

export type Sql = RawBuilder<unknown>;

/** A uniform number in [0, 1) for row `key` and stream `salt`; the same on every run and engine. */
export const rnd = (key: Sql, salt: number) =>
  sql<number>`((hashint8extended((${key})::bigint, ${sql.lit(salt)}) & 1073741823)::float8 / 1073741824)`;

/** One of `choices` by weight (weights in whole percent or any integers), picked by `u` in [0, 1). */
export function pick(choices: Record<string, number>, u: Sql): Sql {
  const bag = Object.entries(choices).flatMap(([value, weight]) => Array<string>(weight).fill(value));
  return sql`(${sql.lit(`{${bag.map((v) => `"${v}"`).join(',')}}`)}::text[])[1 + floor(${u} * ${sql.lit(bag.length)})::int]`;
}

/** One of `values`, evenly, by `u`. */
export const oneOf = (values: readonly string[], u: Sql) => pick(Object.fromEntries(values.map((v) => [v, 1])), u);

/** Cases per China hour of the day (relative): quiet at night, a morning and an evening peak. */
const HOUR_WEIGHTS = [2, 1, 1, 1, 1, 1, 2, 4, 7, 10, 12, 12, 10, 10, 11, 11, 10, 9, 9, 11, 13, 13, 10, 5];
const HOURS = HOUR_WEIGHTS.flatMap((w, hour) => Array<number>(w).fill(hour));

export interface Span {
  /** China midnight `days` days before today's */
  start: Date;
  days: number;
  /** the day (offset from start) that is three times as busy, or -1 */
  spikeDay: number;
}

const DAY_MS = 86_400_000;

/** `months` of whole China days ending yesterday (today stays empty: the current month still has its first days). */
export function spanOf(months: number, now = new Date()): Span {
  const days = Math.round(months * 30.44);
  const todayChina = Date.parse(`${new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10)}T00:00:00+08:00`);
  const start = new Date(todayChina - days * DAY_MS);
  // The latest 11 November inside the span: the Double-11 heat-map day.
  let spikeDay = -1;
  for (let d = days - 1; d >= 0; d--) {
    const day = new Date(start.getTime() + d * DAY_MS + 8 * 3600_000).toISOString().slice(5, 10);
    if (day === '11-11') {
      spikeDay = d;
      break;
    }
  }
  return { start, days, spikeDay };
}

/** When case `key` opened: 2 % of cases on the spike day (≈ 3× an ordinary day), the rest evenly over the days. */
export function openedAt(span: Span, key: Sql, salt: number): Sql {
  const day =
    span.spikeDay >= 0
      ? sql`case when ${rnd(key, salt + 3)} < 0.02 then ${sql.lit(span.spikeDay)} else floor(${rnd(key, salt)} * ${sql.lit(span.days)})::int end`
      : sql`floor(${rnd(key, salt)} * ${sql.lit(span.days)})::int`;
  const hour = sql`(${sql.lit(`{${HOURS.join(',')}}`)}::int[])[1 + floor(${rnd(key, salt + 1)} * ${sql.lit(HOURS.length)})::int]`;
  return sql`(${span.start.toISOString()}::timestamptz + (${day}) * interval '1 day' + (${hour}) * interval '1 hour'
    + floor(${rnd(key, salt + 2)} * 3600) * interval '1 second')`;
}

/** A response time in ms: 85 % within 30 s, a tail to five minutes. */
export const responseMs = (u: Sql) =>
  sql`(case when ${u} < 0.85 then 2000 + (${u} / 0.85) * 26000 else 30000 + ((${u} - 0.85) / 0.15) ^ 2 * 270000 end)::int`;

/** The highest id of `table` (0 when empty): new rows are numbered after it. */
export async function maxId(db: Db, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select coalesce(max(id), 0)::int as n from ${sql.table(table)}`.execute(db);
  return rows[0]!.n;
}

/** After rows were inserted with their own ids: the identity sequence continues after them. */
export async function syncSequence(db: Db, table: string): Promise<void> {
  await sql`select setval(pg_get_serial_sequence(${table}, 'id'), greatest(1, (select coalesce(max(id), 0) from ${sql.table(table)})))`.execute(db);
}

/** Runs `insert(lo, hi)` over [1, count] in slices of `batch` rows. */
export async function inSlices(count: number, batch: number, insert: (lo: number, hi: number) => Promise<unknown>): Promise<void> {
  for (let lo = 1; lo <= count; lo += batch) await insert(lo, Math.min(count, lo + batch - 1));
}
