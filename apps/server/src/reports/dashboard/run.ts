import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { AppContext } from '../../http/context.ts';
import { refuse } from '../../http/errors.ts';

/** A report request may hold the database this long; a month over a million tickets answers in under 2 s. */
export const REPORT_TIMEOUT_MS = 15_000;

/** Enough for a month's sums to sort and hash in memory (the server's default of 4 MB spills them to disk). */
const REPORT_WORK_MEM = '64MB';

const QUERY_CANCELED = '57014';

type Ctx = Pick<AppContext, 'db' | 'engine'>;

/**
 * Runs a report's statements so a runaway one cannot hold the database. On PostgreSQL: in one read-only transaction
 * with `statement_timeout`, a larger `work_mem`, no JIT and no parallel workers, and a timeout becomes 503 report_timeout. PGlite has no statement
 * timeout (one process, no signals): there the statements run one by one outside a transaction, so chat's own
 * queries get their turn between them (docs/reports.md "Dashboard").
 */
export async function runReport<T>(ctx: Ctx, work: (db: Db) => Promise<T>, timeoutMs = REPORT_TIMEOUT_MS): Promise<T> {
  if (ctx.engine !== 'postgres') return work(ctx.db);
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      await sql`set transaction read only`.execute(tx);
      await sql`set local statement_timeout = ${sql.lit(Math.max(1, Math.round(timeoutMs)))}`.execute(tx);
      await sql`set local work_mem = ${sql.lit(REPORT_WORK_MEM)}`.execute(tx);
      // Compiling a month's statements took longer than it saved (a few hundred ms each at a million facts).
      await sql`set local jit = off`.execute(tx);
      // A report's statements already run side by side (reportStatements); workers per statement only crowd the cores.
      await sql`set local max_parallel_workers_per_gather = 0`.execute(tx);
      return work(tx);
    });
  } catch (err) {
    if ((err as { code?: unknown }).code === QUERY_CANCELED) throw refuse('report_timeout');
    throw err;
  }
}

/** Independent statements of one report, each reading the database on its own. */
export type Statements<T extends readonly unknown[]> = { [K in keyof T]: (db: Db) => Promise<T[K]> };
export type RunStatements = <T extends readonly unknown[]>(work: Statements<T>) => Promise<T>;

/**
 * Runs a report's independent statements: on PostgreSQL at the same time, each in a read-only transaction of its own
 * (runReport: same time limit and work_mem), so the report takes as long as its slowest statement, not their sum.
 * On PGlite one by one, as runReport does.
 */
export function reportStatements(ctx: Ctx, timeoutMs = REPORT_TIMEOUT_MS): RunStatements {
  if (ctx.engine !== 'postgres') return oneByOne(ctx.db);
  return async <T extends readonly unknown[]>(work: Statements<T>) =>
    (await Promise.all(work.map((statement) => runReport(ctx, statement, timeoutMs)))) as unknown as T;
}

/** The statements one after the other on `db` (PGlite, or a caller that is already in a transaction). */
export function oneByOne(db: Db): RunStatements {
  return async <T extends readonly unknown[]>(work: Statements<T>) => {
    const results: unknown[] = [];
    for (const statement of work) results.push(await statement(db));
    return results as unknown as T;
  };
}
