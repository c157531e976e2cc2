import { formatTicketNumber, numberPrefix, shanghaiDay, type TicketType } from '@kefu/domain';
import { CompiledQuery, sql } from 'kysely';
import { databaseKey, type Db, type Tx } from '../db/database.ts';

/**
 * Readable ticket numbers, e.g. TS20261122-0042: the type's prefix, the shop's day, the day's count.
 *
 * A create draws its count from its prefix's sequence (migration 0039) minus the day's `base`, the sequence value
 * when the day's first number was drawn: no row that every create locks in turn, unique across processes, and a
 * gap only where a create failed after drawing. The base is written once per prefix and day (by whichever create
 * comes first), starting after what `ticket_counters` already gave out that day, and kept in memory once committed.
 */

/** The sequence of a prefix's numbers. */
const sequenceOf = (prefix: string) => `ticket_numbers_${prefix.toLowerCase()}`;

const ENSURE_BASE = `
  with existing as (select base from ticket_number_days where prefix = $1 and day = $2),
  inserted as (
    insert into ticket_number_days (prefix, day, base)
    select $1, $2, nextval($3::regclass) - coalesce((select last from ticket_counters where prefix = $1 and day = $2), 0)
    where not exists (select 1 from existing)
    on conflict do nothing
    returning base
  )
  select base, false as inserted from existing union all select base, true from inserted`;

/**
 * Committed bases by `databaseKey` and `${prefix}${day}`: they never change once written, so a create in any
 * transaction uses them (every inbound e-mail opens its ticket in its own).
 */
const committedBases = new WeakMap<object, Map<string, number>>();
/** Bases a transaction wrote itself, uncommitted until it commits: what it reads of them again is not cached. */
const writtenBy = new WeakMap<Tx, Set<string>>();

async function dayBase(db: Db | Tx, prefix: string, day: string): Promise<number> {
  const key = `${prefix}${day}`;
  const cached = committedBases.get(databaseKey(db))?.get(key);
  if (cached !== undefined) return cached;
  // Another create inserting the same day's base makes ours do nothing: it has committed then, and a second look sees it.
  for (let attempt = 0; attempt < 2; attempt++) {
    const { rows } = await db.executeQuery<{ base: number; inserted: boolean }>(CompiledQuery.raw(ENSURE_BASE, [prefix, day, sequenceOf(prefix)]));
    const row = rows[0];
    if (row === undefined) continue;
    // Inside a caller's transaction the row it wrote may still roll back: remember only what is committed.
    const tx = db.isTransaction ? (db as Tx) : undefined;
    if (tx && row.inserted) writtenBy.set(tx, (writtenBy.get(tx) ?? new Set()).add(key));
    if (!tx || (!row.inserted && !writtenBy.get(tx)?.has(key))) {
      const bases = committedBases.get(databaseKey(db)) ?? new Map<string, number>();
      if (bases.size > 64) bases.clear();
      bases.set(key, Number(row.base));
      committedBases.set(databaseKey(db), bases);
    }
    return Number(row.base);
  }
  throw new Error(`no ticket number base for ${key}`);
}

/** What a create needs to draw its number in its own statement (see `numberSql`). */
export interface NumberDraw {
  /** the number up to the count, e.g. `TS20261122-` */
  head: string;
  sequence: string;
  base: number;
}

export async function numberDraw(db: Db | Tx, type: TicketType, now = new Date()): Promise<NumberDraw> {
  const prefix = numberPrefix(type);
  const day = shanghaiDay(now);
  return { head: `${prefix}${day}-`, sequence: sequenceOf(prefix), base: await dayBase(db, prefix, day) };
}

/**
 * The number as SQL over the parameters `head`, `sequence` (regclass) and `base` of a `NumberDraw`, e.g.
 * `numberSql('$1', '$2', '$3')`; the count is padded to 4 digits and widens past 9999, like `formatTicketNumber`.
 */
export function numberSql(head: string, sequence: string, base: string): string {
  return `(select ${head}::text || lpad(n::text, greatest(4, length(n::text)), '0')
    from (select nextval(${sequence}::regclass) - ${base}::bigint as n) as drawn)`;
}

/**
 * The next number for a ticket dated `at` from the day's counter row: for writers that number past days in bulk
 * (the demo's seed, which continues these counters), before live creates number that day.
 */
export async function nextTicketNumber(tx: Db | Tx, type: TicketType, at = new Date()): Promise<string> {
  const prefix = numberPrefix(type);
  const day = shanghaiDay(at);
  const row = await tx
    .insertInto('ticket_counters')
    .values({ prefix, day, last: 1 })
    .onConflict((oc) => oc.columns(['prefix', 'day']).doUpdateSet({ last: sql<number>`ticket_counters.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return formatTicketNumber(type, day, row.last);
}
