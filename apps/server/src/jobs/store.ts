import type { Db } from '../db/database.ts';

/** The lease rows of jobs that run once across processes (migration 0010). */
export interface JobRow {
  name: string;
  schedule: string;
  next_run_at: Date;
  lease_owner: string | null;
  lease_until: Date | null;
  last_started_at: Date | null;
  last_finished_at: Date | null;
  last_duration_ms: number | null;
  last_error: string | null;
  run_count: number;
  failure_count: number;
}

/** Adds missing rows; a job whose schedule changed starts over from its new first run. Safe in several processes at once. */
export async function registerJobRows(db: Db, jobs: { name: string; schedule: string; firstRunAt: Date }[]): Promise<void> {
  if (!jobs.length) return;
  await db
    .insertInto('scheduled_jobs')
    .values(jobs.map((j) => ({ name: j.name, schedule: j.schedule, next_run_at: j.firstRunAt })))
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet((eb) => ({ schedule: eb.ref('excluded.schedule'), next_run_at: eb.ref('excluded.next_run_at') }))
        .where('scheduled_jobs.schedule', '<>', (eb) => eb.ref('excluded.schedule')),
    )
    .execute();
}

/**
 * Takes the due run of `name` for `owner` in one atomic UPDATE: of several processes asking at once, exactly one
 * gets a row back. A lease left by a process that died is free again once it expires.
 */
export async function claimRun(db: Db, name: string, owner: string, now: Date, leaseUntil: Date): Promise<boolean> {
  const rows = await db
    .updateTable('scheduled_jobs')
    .set({ lease_owner: owner, lease_until: leaseUntil, last_started_at: now })
    .where('name', '=', name)
    .where('next_run_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
    .returning('name')
    .execute();
  return rows.length === 1;
}

export async function renewLease(db: Db, name: string, owner: string, leaseUntil: Date): Promise<void> {
  await db.updateTable('scheduled_jobs').set({ lease_until: leaseUntil }).where('name', '=', name).where('lease_owner', '=', owner).execute();
}

/** Records the outcome and frees the lease — only if `owner` still holds it. */
export async function finishRun(
  db: Db,
  name: string,
  owner: string,
  run: { finishedAt: Date; durationMs: number; error: string | null; nextRunAt: Date },
): Promise<void> {
  await db
    .updateTable('scheduled_jobs')
    .set((eb) => ({
      lease_owner: null,
      lease_until: null,
      last_finished_at: run.finishedAt,
      last_duration_ms: run.durationMs,
      last_error: run.error,
      next_run_at: run.nextRunAt,
      run_count: eb('run_count', '+', 1),
      failure_count: eb('failure_count', '+', run.error ? 1 : 0),
    }))
    .where('name', '=', name)
    .where('lease_owner', '=', owner)
    .execute();
}

/** Makes a job due now (an admin's "run now"); a run in progress elsewhere keeps its lease. */
export async function makeDue(db: Db, name: string, now: Date): Promise<void> {
  await db.updateTable('scheduled_jobs').set({ next_run_at: now }).where('name', '=', name).execute();
}

export async function readJobRows(db: Db, names: string[]): Promise<Map<string, JobRow>> {
  if (!names.length) return new Map();
  const rows = await db.selectFrom('scheduled_jobs').selectAll().where('name', 'in', names).execute();
  return new Map(rows.map((r) => [r.name, r as JobRow]));
}
