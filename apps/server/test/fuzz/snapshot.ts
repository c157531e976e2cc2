import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';

/** Tables that change on every request by design, whatever its answer. */
const VOLATILE = new Set(['kysely_migration', 'kysely_migration_lock']);

/** Each table's row count and an order-independent hash of its rows, in one query: equal snapshots mean nothing was written. */
export async function snapshot(db: Db): Promise<Record<string, string>> {
  const tables = await tableNames(db);
  const columns = tables.map(
    (t) => sql`(select count(*) || ':' || coalesce(sum(hashtext(x::text)::bigint), 0) from ${sql.table(t)} x) as ${sql.ref(t)}`,
  );
  const row = (await sql<Record<string, string>>`select ${sql.join(columns)}`.execute(db)).rows[0]!;
  return row;
}

const names = new WeakMap<Db, string[]>();
async function tableNames(db: Db): Promise<string[]> {
  let found = names.get(db);
  if (!found) {
    const rows = await sql<{ name: string }>`select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
    found = rows.rows.map((r) => r.name).filter((n) => !VOLATILE.has(n));
    names.set(db, found);
  }
  return found;
}

/** The tables whose content differs between two snapshots. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(after).filter((t) => before[t] !== after[t]);
}

/** Snapshots until two in a row, some milliseconds apart, agree: the tail of an accepted request or of a closed connection is not blamed on what comes next. */
export async function settled(db: Db, gapMs = 15): Promise<Record<string, string>> {
  let last = await snapshot(db);
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, gapMs));
    const next = await snapshot(db);
    if (changedTables(last, next).length === 0) return next;
    last = next;
  }
  return last;
}
