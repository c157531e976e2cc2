import { sql, type Kysely } from 'kysely';

/**
 * Collaboration satisfaction (DOMAIN.md §7, ≥ 90%): the department that finishes a collaboration task rates how the
 * service desk handed it over (1–5), with an optional comment. Null until rated; a task finished again is rated again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table collab_tasks add column satisfaction smallint check (satisfaction between 1 and 5);
    alter table collab_tasks add column satisfaction_comment text;
    create index collab_tasks_done on collab_tasks (done_at) where satisfaction is not null;
  `.execute(db);
}
