import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { AppContext } from '../../http/context.ts';
import { refuse } from '../../http/errors.ts';

/** A report request may hold the database this long; a month over a million tickets answers in under 2 s. */
export const REPORT_TIMEOUT_MS = 15_000;

const QUERY_CANCELED = '57014';

/**
 * Runs a report's statements so a runaway one cannot hold the database. On PostgreSQL: in one read-only transaction
 * with `statement_timeout`, and a timeout becomes 503 report_timeout. PGlite has no statement timeout (one process,
 * no signals): there the statements run one by one outside a transaction, so chat's own queries get their turn
 * between them (docs/reports.md "Dashboard").
 */
export async function runReport<T>(ctx: Pick<AppContext, 'db' | 'engine'>, work: (db: Db) => Promise<T>, timeoutMs = REPORT_TIMEOUT_MS): Promise<T> {
  if (ctx.engine !== 'postgres') return work(ctx.db);
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      await sql`set transaction read only`.execute(tx);
      await sql`set local statement_timeout = ${sql.lit(Math.max(1, Math.round(timeoutMs)))}`.execute(tx);
      return work(tx);
    });
  } catch (err) {
    if ((err as { code?: unknown }).code === QUERY_CANCELED) throw refuse('report_timeout');
    throw err;
  }
}
