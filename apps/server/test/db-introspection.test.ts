/** The migrator introspects on every start: it must see only kefu's own schema, whatever happens in the others. */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestContext } from './helpers.ts';
import type { AppContext } from '../src/http/context.ts';

let ctx: AppContext;
let close: () => Promise<void>;
const other = `other_${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  ({ ctx, close } = await createTestContext());
  await sql`create schema ${sql.id(other)}`.execute(ctx.db);
  await sql`create table ${sql.id(other, 'elsewhere')} (id int)`.execute(ctx.db);
});
afterAll(async () => {
  await sql`drop schema if exists ${sql.id(other)} cascade`.execute(ctx.db);
  await close();
});

it("lists the current schema's tables with their columns, and none of another schema's", async () => {
  const tables = await ctx.db.introspection.getTables({ withInternalKyselyTables: true });
  const names = tables.map((t) => t.name);
  expect(names).toContain('tickets');
  expect(names).toContain('kysely_migration');
  expect(names).not.toContain('elsewhere');
  expect(new Set(tables.map((t) => t.schema)).size).toBe(1);
  const tickets = tables.find((t) => t.name === 'tickets')!;
  expect(tickets.columns.find((c) => c.name === 'id')).toMatchObject({ isNullable: false, isAutoIncrementing: true });
  expect(tickets.columns.find((c) => c.name === 'subject')).toMatchObject({ dataType: 'text' });
});

it('keeps answering while another schema is dropped and created over and over', async () => {
  const churn = (async () => {
    for (let i = 0; i < 20; i++) {
      await sql`drop schema if exists ${sql.id(other)} cascade`.execute(ctx.db);
      await sql`create schema ${sql.id(other)}`.execute(ctx.db);
      await sql`create table ${sql.id(other, 'elsewhere')} (id int)`.execute(ctx.db);
    }
  })();
  for (let i = 0; i < 20; i++) expect((await ctx.db.introspection.getTables()).length).toBeGreaterThan(10);
  await churn;
});
