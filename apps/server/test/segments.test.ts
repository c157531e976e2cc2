import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recomputeSegments } from '../src/customers/segments/compute.ts';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';

// Computed customer segments (issue 13): rules → one set-based job → only changed rows written, with history.
let t: TestApp;
let admin: Client;
let supervisor: Client;
let agent: Client;
const NOW = new Date();
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const ids: Record<string, number> = {};

async function customer(name: string, createdDaysAgo: number, segment = 'regular') {
  const row = await t.ctx.db
    .insertInto('customers')
    .values({ name, segment, created_at: ago(createdDaysAgo) })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids[name] = row.id;
  return row.id;
}
let serial = 0;
async function orders(customerId: number, list: { daysAgo: number; fen: number; status?: string }[]) {
  await t.ctx.db
    .insertInto('orders')
    .values(
      list.map((o) => ({
        platform: 'shop',
        order_no: `SEG${++serial}`,
        customer_id: customerId,
        status: o.status ?? 'completed',
        total_fen: o.fen,
        created_at: ago(o.daysAgo),
      })),
    )
    .execute();
}
const segmentOf = async (name: string) =>
  await t.ctx.db.selectFrom('customers').select(['segment', 'segment_computed']).where('id', '=', ids[name]!).executeTakeFirstOrThrow();
const history = async (name: string) =>
  t.ctx.db.selectFrom('customer_segment_history').selectAll().where('customer_id', '=', ids[name]!).orderBy('id').execute();

beforeAll(async () => {
  t = await createTestApp();
  admin = t.as('admin');
  supervisor = t.as('supervisor');
  agent = t.as('agent');
  await orders(
    await customer('vip', 400),
    Array.from({ length: 5 }, (_, i) => ({ daysAgo: 10 + i, fen: 250_000 })),
  );
  await orders(await customer('highValue', 400), [{ daysAgo: 10, fen: 400_000 }]);
  await orders(await customer('risk', 400), [
    { daysAgo: 200, fen: 5_000 },
    { daysAgo: 130, fen: 5_000 },
  ]);
  await orders(await customer('active', 400), [
    { daysAgo: 3, fen: 5_000 },
    { daysAgo: 20, fen: 5_000 },
    // Cancelled and unpaid orders do not count.
    { daysAgo: 5, fen: 900_000, status: 'cancelled' },
    { daysAgo: 5, fen: 900_000, status: 'unpaid' },
  ]);
  await customer('new', 5);
  // A hand-typed "VIP" without a single order (the bug report).
  await customer('typedVip', 400, 'vip');
  const complainer = await customer('complainer', 400);
  await orders(complainer, [{ daysAgo: 50, fen: 5_000 }]);
  for (const subject of ['睡衣起球', '快递太慢']) {
    const res = await agent({
      method: 'POST',
      url: '/api/tickets',
      payload: { type: 'complaint', subject, category: 'product_quality', severity: 'minor', customerId: complainer },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(async () => {
  await t.close();
});

describe('the segments job', () => {
  it('reaches each segment from orders and complaints, and writes history for each move', async () => {
    const run = await recomputeSegments(t.ctx.db, 'manual', t.users.admin!.id, NOW);
    const expected = {
      vip: 'vip',
      highValue: 'high_value',
      risk: 'at_risk',
      active: 'active',
      new: 'new',
      typedVip: 'regular',
      complainer: 'complaint_prone',
    };
    for (const [name, segment] of Object.entries(expected))
      expect({ name, ...(await segmentOf(name)) }).toEqual({ name, segment, segment_computed: segment });
    expect(run.customers).toBe(7);
    // Six files were typed in as regular and one as vip: every one of them moves.
    expect(run.changed).toBe(7);
    expect(run.counts).toMatchObject({ vip: 1, high_value: 1, at_risk: 1, active: 1, new: 1, complaint_prone: 1, regular: 1 });
    const [move] = await history('typedVip');
    expect(move).toMatchObject({ from_segment: 'vip', to_segment: 'regular', rule: null, source: 'job', run_id: run.runId });
    expect((await history('vip'))[0]).toMatchObject({ from_segment: 'regular', to_segment: 'vip', rule: 'vip', source: 'job' });
  });

  it('writes nothing when nothing changed', async () => {
    const before = await t.ctx.db
      .selectFrom('customer_segment_history')
      .select(sql<string>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    const run = await recomputeSegments(t.ctx.db, 'schedule', null, NOW);
    expect(run.changed).toBe(0);
    const after = await t.ctx.db
      .selectFrom('customer_segment_history')
      .select(sql<string>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('lets customers leave their segments as time passes', async () => {
    const later = new Date(NOW.getTime() + 400 * DAY);
    await recomputeSegments(t.ctx.db, 'schedule', null, later);
    expect((await segmentOf('vip')).segment).toBe('at_risk');
    expect((await segmentOf('active')).segment).toBe('at_risk');
    expect((await segmentOf('new')).segment).toBe('regular');
    expect((await segmentOf('complainer')).segment).toBe('regular');
    expect((await history('vip')).map((h) => `${h.from_segment}→${h.to_segment}`)).toEqual(['regular→vip', 'vip→at_risk']);
    await recomputeSegments(t.ctx.db, 'schedule', null, NOW);
  });
});

describe('overrides', () => {
  it('wins over the rules with a reason, survives a run, and clearing returns to the computed value', async () => {
    const id = ids.typedVip!;
    const state = json(await supervisor({ method: 'GET', url: `/api/customers/${id}/segment-history` })).state;
    expect(state).toMatchObject({ segment: 'regular', computed: 'regular', override: null });
    const put = await supervisor({
      method: 'PUT',
      url: `/api/customers/${id}/segment-override`,
      payload: { segment: 'vip', reason: '老板的朋友，线下大客户', version: state.version },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(json(put).state).toMatchObject({
      segment: 'vip',
      computed: 'regular',
      override: { segment: 'vip', reason: '老板的朋友，线下大客户', byName: 'supervisor用户' },
    });
    await recomputeSegments(t.ctx.db, 'schedule', null, NOW);
    expect(await segmentOf('typedVip')).toEqual({ segment: 'vip', segment_computed: 'regular' });
    // A stale version is refused and changes nothing.
    const stale = await supervisor({ method: 'DELETE', url: `/api/customers/${id}/segment-override?version=${state.version}` });
    expect(stale.statusCode).toBe(409);
    expect(json(stale).error).toBe('stale_version');
    const now = json(await agent({ method: 'GET', url: `/api/customers/${id}/segment-history` }));
    expect(now.history[0]).toMatchObject({
      from: 'regular',
      to: 'vip',
      source: 'override',
      byName: 'supervisor用户',
      reason: '老板的朋友，线下大客户',
    });
    expect((await supervisor({ method: 'DELETE', url: `/api/customers/${id}/segment-override?version=${now.state.version}` })).statusCode).toBe(204);
    expect(await segmentOf('typedVip')).toEqual({ segment: 'regular', segment_computed: 'regular' });
    const after = json(await agent({ method: 'GET', url: `/api/customers/${id}/segment-history` }));
    expect(after.state.override).toBeNull();
    expect(after.history[0]).toMatchObject({ from: 'vip', to: 'regular', source: 'override_cleared' });
  });

  it('runs out at its end date, which the job clears', async () => {
    const id = ids.new!;
    const { version } = json(await supervisor({ method: 'GET', url: `/api/customers/${id}/segment-history` })).state;
    const until = new Date(Date.now() + 3600_000).toISOString();
    const put = await supervisor({
      method: 'PUT',
      url: `/api/customers/${id}/segment-override`,
      payload: { segment: 'vip', reason: '活动期间', until, version },
    });
    expect(put.statusCode, put.body).toBe(200);
    await recomputeSegments(t.ctx.db, 'schedule', null, new Date(Date.now() + 2 * 3600_000));
    const after = json(await agent({ method: 'GET', url: `/api/customers/${id}/segment-history` }));
    expect(after.state).toMatchObject({ segment: 'new', override: null });
    expect(after.history[0]).toMatchObject({ from: 'vip', to: 'new', source: 'override_expired' });
  });

  it('is never undone by a run that evaluated the customer before the override was set', async () => {
    const id = await customer('raced', 400);
    await orders(
      id,
      Array.from({ length: 5 }, (_, i) => ({ daysAgo: 10 + i, fen: 250_000 })),
    );
    const reason = '近期多次电话投诉';
    if (t.ctx.engine === 'postgres') {
      // The run has read the customer (regular, computed vip) and waits for the row while a person sets the override.
      let run: Promise<unknown> = Promise.resolve();
      await t.ctx.db.transaction().execute(async (tx) => {
        await tx.selectFrom('customers').select('id').where('id', '=', id).forUpdate().execute();
        run = recomputeSegments(t.ctx.db, 'schedule', null, NOW);
        await expect
          .poll(
            async () => {
              const { rows } = await sql<{ n: string }>`select count(*) as n from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock' and query like '%segment_eval%'`.execute(t.ctx.db);
              return Number(rows[0]!.n);
            },
            { timeout: 10_000 },
          )
          .toBe(1);
        await tx
          .updateTable('customers')
          .set({ segment: 'complaint_prone', segment_override: 'complaint_prone', segment_override_reason: reason })
          .where('id', '=', id)
          .execute();
      });
      await run;
    } else {
      // PGlite runs one transaction at a time: the override lands before or after the run, never inside it.
      const { version } = json(await supervisor({ method: 'GET', url: `/api/customers/${id}/segment-history` })).state;
      const [, put] = await Promise.all([
        recomputeSegments(t.ctx.db, 'schedule', null, NOW),
        supervisor({ method: 'PUT', url: `/api/customers/${id}/segment-override`, payload: { segment: 'complaint_prone', reason, version } }),
      ]);
      expect(put.statusCode, put.body).toBe(200);
    }
    const stored = await t.ctx.db
      .selectFrom('customers')
      .select(['segment', 'segment_override_reason'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ segment: 'complaint_prone', segment_override_reason: reason });
    await recomputeSegments(t.ctx.db, 'schedule', null, NOW);
    expect(await segmentOf('raced')).toEqual({ segment: 'complaint_prone', segment_computed: 'vip' });
  });

  it('refuses bad input naming the field, and agents', async () => {
    const id = ids.vip!;
    const { version } = json(await supervisor({ method: 'GET', url: `/api/customers/${id}/segment-history` })).state;
    const url = `/api/customers/${id}/segment-override`;
    const moves = (await history('vip')).length;
    const unknown = await supervisor({ method: 'PUT', url, payload: { segment: 'gold', reason: '试试', version } });
    expect(unknown.statusCode).toBe(400);
    expect(json(unknown).fields[0].field).toBe('body.segment');
    const past = await supervisor({ method: 'PUT', url, payload: { segment: 'vip', reason: '试试', until: '2020-01-01T00:00:00Z', version } });
    expect(past.statusCode).toBe(400);
    expect(json(past).fields[0].field).toBe('body.until');
    expect((await agent({ method: 'PUT', url, payload: { segment: 'vip', reason: '试试', version } })).statusCode).toBe(403);
    expect((await supervisor({ method: 'DELETE', url: `${url}?version=${version}` })).statusCode).toBe(409);
    expect((await supervisor({ method: 'GET', url: '/api/customers/999999/segment-history' })).statusCode).toBe(404);
    expect(await history('vip')).toHaveLength(moves);
  });
});

type Rule = { segment: string; enabled: boolean; precedence: number; thresholds: Record<string, number>; version: number };
const rulesBody = (rules: Rule[]) => ({
  rules: rules.map(({ segment, enabled, precedence, thresholds, version }) => ({ segment, enabled, precedence, thresholds, version })),
});

describe('rules', () => {
  it('are read by supervisors and changed by admins only, with whole non-negative thresholds', async () => {
    const read = await supervisor({ method: 'GET', url: '/api/customer-segments/rules' });
    expect(read.statusCode).toBe(200);
    const rules: Rule[] = json(read).rules;
    expect(rules.map((r) => r.segment)).toEqual(['vip', 'high_value', 'complaint_prone', 'at_risk', 'active', 'new']);
    expect((await agent({ method: 'GET', url: '/api/customer-segments/rules' })).statusCode).toBe(403);
    expect((await supervisor({ method: 'PUT', url: '/api/customer-segments/rules', payload: rulesBody(rules) })).statusCode).toBe(403);
    expect((await supervisor({ method: 'POST', url: '/api/customer-segments/recompute' })).statusCode).toBe(403);

    const negative = structuredClone(rules);
    negative[0]!.thresholds.minSpendFen = -5;
    const bad = await admin({ method: 'PUT', url: '/api/customer-segments/rules', payload: rulesBody(negative) });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).fields.map((f: { field: string }) => f.field)).toContain('body.rules.0.thresholds.minSpendFen');
    const unknown = await admin({
      method: 'PUT',
      url: '/api/customer-segments/rules',
      payload: { rules: [{ ...rulesBody(rules).rules[0], segment: 'gold' }] },
    });
    expect(unknown.statusCode).toBe(400);
    expect(json(unknown).message).toContain('body.rules.0.segment');
    const twice = structuredClone(rules);
    twice[1]!.precedence = twice[0]!.precedence;
    const same = await admin({ method: 'PUT', url: '/api/customer-segments/rules', payload: rulesBody(twice) });
    expect(same.statusCode).toBe(400);
    expect(json(same).fields[0].field).toBe('body.rules.1.precedence');
    // Nothing was written by the refused changes.
    expect(json(await admin({ method: 'GET', url: '/api/customer-segments/rules' })).rules).toEqual(json(read).rules);
  });

  it('an edit changes the counts after a recompute; a stale edit is refused', async () => {
    const before = json(await admin({ method: 'GET', url: '/api/customer-segments/rules' }));
    const rules: Rule[] = structuredClone(before.rules);
    const vip = rules.find((r) => r.segment === 'vip')!;
    vip.thresholds = { windowDays: 365, minOrders: 1, minSpendFen: 300_000 };
    const saved = await admin({ method: 'PUT', url: '/api/customer-segments/rules', payload: rulesBody(rules) });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(json(saved).rules[0]).toMatchObject({ segment: 'vip', thresholds: vip.thresholds, version: vip.version + 1, updatedByName: 'admin用户' });
    const stale = await admin({ method: 'PUT', url: '/api/customer-segments/rules', payload: rulesBody(rules) });
    expect(stale.statusCode).toBe(409);

    const run = await admin({ method: 'POST', url: '/api/customer-segments/recompute' });
    expect(run.statusCode, run.body).toBe(200);
    expect(json(run).run).toMatchObject({ trigger: 'manual', startedByName: 'admin用户', changed: 1, error: null });
    expect(json(run).counts.vip).toBe(before.counts.vip + 1);
    expect((await segmentOf('highValue')).segment).toBe('vip');
    expect(json(await supervisor({ method: 'GET', url: '/api/customer-segments/rules' })).lastRun).toMatchObject({ trigger: 'manual', changed: 1 });
  });
});
