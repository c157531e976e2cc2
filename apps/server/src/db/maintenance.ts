import { sql, type Kysely } from 'kysely';

/**
 * Refreshes the planner's statistics. PGlite has no autovacuum: without this a table that grew since the last ANALYZE
 * is planned as if it were empty (a 100k-ticket fact rebuild ran past 12 minutes without statistics, 20 s with them —
 * bench/reports). On PostgreSQL autovacuum does it too; a daily ANALYZE there costs a sample per table.
 */
export async function analyzeTables(db: Kysely<any>, tables: readonly string[] = []): Promise<void> {
  if (!tables.length) {
    await sql`analyze`.execute(db);
    return;
  }
  await sql`analyze ${sql.join(tables.map((t) => sql.id(t)))}`.execute(db);
}
