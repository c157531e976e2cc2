import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { AppContext } from '../src/http/context.ts';
import { createTestContext } from './helpers.ts';

describe('migrations at start', () => {
  let ctx: AppContext;
  let close: () => Promise<void>;
  beforeAll(async () => ({ ctx, close } = await createTestContext()));
  afterAll(() => close());

  it('apply nothing on a restart of an up-to-date database, and find it up to date in its own schema', async () => {
    expect(await migrateToLatest(ctx.db)).toEqual([]);
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(ctx.db);
    expect(rows.length).toBeGreaterThan(20);
    expect(rows[0]!.name).toBe('0001_core');
  });

  it('still applies a migration the database has not recorded (an upgrade)', async () => {
    const latest = await sql<{ name: string }>`select max(name) as name from kysely_migration`.execute(ctx.db);
    const name = latest.rows[0]!.name;
    // Forget the latest: the check must hand over to the migrator, which runs it again (recording it, or failing on
    // the objects it already made) — never answer "up to date".
    await sql`delete from kysely_migration where name = ${name}`.execute(ctx.db);
    const outcome = await migrateToLatest(ctx.db).catch((err: unknown) => err);
    expect(outcome instanceof Error || (Array.isArray(outcome) && outcome.includes(name))).toBe(true);
  });
});
