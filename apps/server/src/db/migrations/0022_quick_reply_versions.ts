import { sql, type Kysely } from 'kysely';

/** Quick replies are edited in place (PATCH /api/quick-replies/:id): a version keeps two editors from overwriting each other. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table quick_replies add column version integer not null default 1`.execute(db);
}
