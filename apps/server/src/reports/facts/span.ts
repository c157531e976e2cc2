import { sql, type RawBuilder } from 'kysely';

/** Milliseconds from `start` to `end` (never negative), or null when either is missing — GREATEST alone would say 0. */
export function msBetween(start: RawBuilder<unknown>, end: RawBuilder<unknown>): RawBuilder<string | null> {
  return sql`case when ${start} is not null and ${end} is not null
    then greatest(0, (extract(epoch from (${end} - ${start})) * 1000)::bigint) end`;
}
