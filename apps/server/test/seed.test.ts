import { TICKET_TYPES } from '@kefu/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import type { AppContext } from '../src/http/context.ts';
import { DEMO_PASSWORD, DEMO_USERS, isEmpty, seedDemo } from '../src/seed/demo.ts';
import { createTestContext, json } from './helpers.ts';

let ctx: AppContext;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ ctx, close } = await createTestContext());
  expect(await isEmpty(ctx.db)).toBe(true);
  await seedDemo(ctx.db, { customers: 40, tickets: 120, history: false });
});
afterAll(async () => {
  await close();
});

describe('the demo shop', () => {
  it('has staff of every role, customers with contacts, orders and tickets of every type', async () => {
    expect(await isEmpty(ctx.db)).toBe(false);
    const roles = await ctx.db.selectFrom('users').select('role').distinct().execute();
    expect(roles.map((r) => r.role).sort()).toEqual(['admin', 'agent', 'finance', 'product', 'supervisor', 'tech', 'warehouse']);
    const types = await ctx.db.selectFrom('tickets').select('type').distinct().execute();
    expect(types.map((r) => r.type).sort()).toEqual([...TICKET_TYPES].sort());
    const customers = await ctx.db
      .selectFrom('customers')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(customers.n)).toBe(40);
    const withoutPhone = await ctx.db
      .selectFrom('customers')
      .select('id')
      .where('id', 'not in', ctx.db.selectFrom('customer_identities').select('customer_id').where('kind', '=', 'phone'))
      .execute();
    expect(withoutPhone).toEqual([]);
    const orders = await ctx.db
      .selectFrom('orders')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(orders.n)).toBeGreaterThan(40);
    const unlinked = await ctx.db
      .selectFrom('orders')
      .select('id')
      .where((eb) => eb.or([eb('customer_id', 'is', null), eb('receiver_phone', 'is', null)]))
      .execute();
    expect(unlinked).toEqual([]);
    const future = await ctx.db
      .selectFrom('orders')
      .select('id')
      .where((eb) => eb.or([eb('shipped_at', '>', new Date()), eb('delivered_at', '>', new Date())]))
      .execute();
    expect(future).toEqual([]);
    const flags = await ctx.db.selectFrom('order_flags').select('kind').distinct().execute();
    expect(flags.map((f) => f.kind)).toContain('remark');
  });

  it('classifies every complaint and gives it a unique number', async () => {
    const complaints = await ctx.db.selectFrom('tickets').select(['number', 'category', 'severity']).where('type', '=', 'complaint').execute();
    expect(complaints.length).toBeGreaterThan(0);
    for (const c of complaints) {
      expect(c.number).toMatch(/^TS\d{8}-\d{4}$/);
      expect(c.category).not.toBeNull();
      expect(c.severity).not.toBeNull();
    }
    const numbers = await ctx.db.selectFrom('tickets').select('number').execute();
    expect(new Set(numbers.map((n) => n.number)).size).toBe(numbers.length);
  });

  it('lets every listed demo login in, and its tickets are searchable in Chinese', async () => {
    const app = await buildApp(ctx, { logger: false });
    for (const u of DEMO_USERS) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: DEMO_PASSWORD } });
      expect(res.statusCode, u.username).toBe(200);
    }
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'xiaomei', password: DEMO_PASSWORD } });
    const cookie = `kefu_session=${login.cookies.find((c) => c.name === 'kefu_session')!.value}`;
    const found = json(await app.inject({ url: `/api/tickets?q=${encodeURIComponent('尺码')}`, headers: { cookie } })).tickets;
    expect(found.length).toBeGreaterThan(0);
    const texts = await ctx.db
      .selectFrom('tickets')
      .select(['subject', 'description'])
      .where(
        'id',
        'in',
        found.map((x: { id: number }) => x.id),
      )
      .execute();
    for (const x of texts) expect(`${x.subject}${x.description}`).toContain('尺码');
    await app.close();
  });
});
