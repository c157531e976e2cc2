import { sql, type Kysely } from 'kysely';

/**
 * One row per scheduled job that runs once across all kefu processes: a process takes the due run by setting the
 * lease in one UPDATE, renews it while the job runs, and on finishing records the outcome and the next run.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table scheduled_jobs (
      name text primary key,
      schedule text not null,
      next_run_at timestamptz not null,
      lease_owner text,
      lease_until timestamptz,
      last_started_at timestamptz,
      last_finished_at timestamptz,
      last_duration_ms integer,
      last_error text,
      run_count bigint not null default 0,
      failure_count bigint not null default 0
    );
  `.execute(db);
}
