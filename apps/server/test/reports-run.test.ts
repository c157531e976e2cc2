/**
 * How report statements run (reports/dashboard/run.ts): on PostgreSQL each independent statement in a read-only
 * transaction of its own, at the same time, with the report's time limit and work_mem; on PGlite one after the other.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/database.ts';
import { reportStatements } from '../src/reports/dashboard/run.ts';
import { createTestContext } from './helpers.ts';

let test: Awaited<ReturnType<typeof createTestContext>>;
beforeAll(async () => {
  test = await createTestContext();
});
afterAll(() => test.close());

const setting = async (db: Db, name: 'work_mem' | 'transaction_read_only') =>
  (await sql<{ value: string }>`select current_setting(${name}) as value`.execute(db)).rows[0]!.value;

describe('reportStatements', () => {
  it('answers each statement in order, read-only with 64MB work_mem on PostgreSQL', async () => {
    const run = reportStatements(test.ctx);
    const [one, workMem, readOnly] = await run([
      async (db) => (await sql<{ n: number }>`select 1 as n`.execute(db)).rows[0]!.n,
      (db) => setting(db, 'work_mem'),
      (db) => setting(db, 'transaction_read_only'),
    ] as const);
    expect(one).toBe(1);
    if (test.ctx.engine === 'postgres') expect([workMem, readOnly]).toEqual(['64MB', 'on']);
  });

  it('runs them at the same time on PostgreSQL, one after the other on PGlite', async () => {
    const sleep = (db: Db) => sql`select pg_sleep(0.4)`.execute(db);
    const started = performance.now();
    await reportStatements(test.ctx)([sleep, sleep, sleep]);
    const ms = performance.now() - started;
    if (test.ctx.engine === 'postgres') expect(ms).toBeLessThan(1000);
    else expect(ms).toBeGreaterThanOrEqual(1100);
  });

  it('stops a runaway statement on PostgreSQL with 503 report_timeout', async () => {
    const slow = reportStatements(test.ctx, 50)([(db) => sql`select pg_sleep(0.3)`.execute(db), (db) => sql`select 1`.execute(db)]);
    if (test.ctx.engine === 'postgres') await expect(slow).rejects.toMatchObject({ status: 503, code: 'report_timeout' });
    else await expect(slow).resolves.toHaveLength(2);
  });
});
