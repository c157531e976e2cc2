/**
 * Orders on the service-level clock: confirmation and shipping promises started by the ingest for a whole batch,
 * kept, voided and missed — a missed one raising the order's check once — and the move of the old deadlines onto
 * the clock (migration 0013).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { up as moveOntoClock } from '../src/db/migrations/0013_clock_columns.ts';
import { flagMissedPromise } from '../src/orders/checks.ts';
import { signWebhook } from '../src/orders/webhook.ts';
import { sweepClocks } from '../src/sla/sweep.ts';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';

const SECRET = 'test-webhook-secret-0123456789';
const HOUR = 3_600_000;
let t: TestApp;
let agent: Client;

beforeAll(async () => {
  t = await createTestApp({ ORDER_WEBHOOK_SECRET: SECRET });
  agent = t.as('agent');
  // The event listeners take their place now (as at a server's start), so they get every event recorded after.
  await t.app.events.deliverNow();
});
afterAll(async () => {
  await t.close();
});

let serial = 0;
function order(overrides: Record<string, unknown> = {}) {
  serial++;
  return {
    platform: 'taobao',
    orderNo: `SLA-O${String(serial).padStart(5, '0')}`,
    status: 'paid',
    buyerNick: `sla_buyer${serial}`,
    receiver: { name: '林小姐', phone: '13912345678', province: '浙江省', city: '杭州市', address: '文三路 100 号 3 幢 201' },
    lines: [{ title: '纯棉长袖睡衣套装', quantity: 1, unitPriceFen: 12_900 }],
    createdAt: new Date(Date.now() - 60_000).toISOString(),
    paidAt: new Date(Date.now() - 30_000).toISOString(),
    ...overrides,
  };
}

/** Each delivery its own timestamp, one second before the last: the same batch sent again is not a replay. */
let lastTimestamp = Math.floor(Date.now() / 1000) + 1;
async function deliver(orders: unknown[]) {
  const raw = JSON.stringify({ orders });
  const timestamp = Math.min(Math.floor(Date.now() / 1000), lastTimestamp - 1);
  lastTimestamp = timestamp;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/webhooks/orders',
    payload: raw,
    headers: { 'content-type': 'application/json', 'x-kefu-timestamp': String(timestamp), 'x-kefu-signature': signWebhook(SECRET, timestamp, raw) },
  });
  expect(res.statusCode, res.body).toBe(200);
  return json(res).ids as number[];
}

async function clocks(ids: number[]) {
  const rows = await t.ctx.db
    .selectFrom('sla_clocks')
    .selectAll()
    .where('subject_kind', '=', 'order')
    .where('subject_id', 'in', ids)
    .orderBy('subject_id')
    .orderBy('metric')
    .orderBy('id')
    .execute();
  return rows.map((c) => ({ order: ids.indexOf(c.subject_id), metric: c.metric, state: c.state, ticketId: c.ticket_id }));
}

const detail = async (id: number) => json(await agent({ method: 'GET', url: `/api/orders/${id}` })).order;

describe('order promises started by the ingest', () => {
  it('puts a whole batch on the clock: paid orders owe confirming and shipping, unpaid ones confirming, others nothing', async () => {
    const before = Date.now();
    const batch = [
      order(),
      order({ status: 'unpaid', paidAt: undefined }),
      order({ status: 'cancelled' }),
      order({ status: 'shipped', shippedAt: new Date().toISOString() }),
      ...Array.from({ length: 40 }, (_, i) => order({ platform: ['taobao', 'jd', 'pdd', 'shop'][i % 4] })),
    ];
    const ids = await deliver(batch);
    const started = await clocks(ids);
    expect(started.filter((c) => c.order < 4)).toEqual([
      { order: 0, metric: 'order_confirm', state: 'running', ticketId: null },
      { order: 0, metric: 'order_ship', state: 'running', ticketId: null },
      { order: 1, metric: 'order_confirm', state: 'running', ticketId: null },
    ]);
    expect(started).toHaveLength(3 + 80);
    const first = (await detail(ids[0]!)).clocks;
    // Counted from the shopper's moments: placed a minute ago, paid half a minute ago.
    expect(Date.parse(first[0].startedAt)).toBe(Date.parse(batch[0]!.createdAt));
    expect(Date.parse(first[1].startedAt)).toBe(Date.parse(batch[0]!.paidAt!));
    expect(Date.parse(first[0].startedAt)).toBeLessThan(before);
    expect(Date.parse(first[0].dueAt) - Date.parse(first[0].startedAt)).toBe(30 * 60_000);
    expect(Date.parse(first[1].dueAt) - Date.parse(first[1].startedAt)).toBe(48 * HOUR);

    // Reported again: the promises already running keep their clocks.
    await deliver(batch);
    expect(await clocks(ids)).toEqual(started);
  });

  it('starts shipping when the payment is reported, and stops both when shipped; cancelling voids them', async () => {
    const unpaid = order({ status: 'unpaid', paidAt: undefined });
    const other = order();
    const [id, otherId] = await deliver([unpaid, other]);
    expect((await clocks([id!])).map((c) => c.metric)).toEqual(['order_confirm']);
    await deliver([{ ...unpaid, status: 'paid', paidAt: new Date().toISOString() }]);
    expect((await clocks([id!])).map((c) => [c.metric, c.state])).toEqual([
      ['order_confirm', 'running'],
      ['order_ship', 'running'],
    ]);
    await deliver([{ ...unpaid, status: 'shipped', paidAt: new Date().toISOString(), shippedAt: new Date().toISOString() }]);
    expect((await clocks([id!])).map((c) => [c.metric, c.state])).toEqual([
      ['order_confirm', 'met'],
      ['order_ship', 'met'],
    ]);

    const o = await detail(otherId!);
    const res = await agent({ method: 'POST', url: `/api/orders/${o.id}/cancel`, payload: { version: o.version, reason: '顾客拍错了' } });
    expect(res.statusCode, res.body).toBe(200);
    expect((await clocks([otherId!])).map((c) => [c.metric, c.state])).toEqual([
      ['order_confirm', 'cancelled'],
      ['order_ship', 'cancelled'],
    ]);
  });

  it("follows the shop's policies: a channel of its own, and no clock for a promise no policy makes", async () => {
    const admin = t.as('admin');
    const none = { ticketTypes: [], categories: [], severities: [], priorities: [], channels: [], segments: [] };
    const res = await admin({
      method: 'POST',
      url: '/api/sla/policies',
      payload: {
        name: '京东订单',
        position: 50,
        match: { ...none, channels: ['jd'] },
        hours: { kind: 'always' },
        targets: [{ metric: 'order_confirm', within: 10, unit: 'minutes' }],
        onBreach: { raisePriority: false, reassign: null },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const [jd, taobao] = await deliver([order({ platform: 'jd' }), order({ platform: 'taobao' })]);
    const spans = async (id: number) =>
      (await detail(id)).clocks.map((c: { metric: string; startedAt: string; dueAt: string }) => [
        c.metric,
        (Date.parse(c.dueAt) - Date.parse(c.startedAt)) / 60_000,
      ]);
    expect(await spans(jd!)).toEqual([
      ['order_confirm', 10],
      ['order_ship', 48 * 60],
    ]);
    expect(await spans(taobao!)).toEqual([
      ['order_confirm', 30],
      ['order_ship', 48 * 60],
    ]);

    const policies = json(await admin({ method: 'GET', url: '/api/sla/policies' })).policies;
    const fallback = policies.find((p: { name: string }) => p.name === '默认');
    const { id, version, updatedAt: _u, ...rest } = fallback;
    const put = await admin({
      method: 'PUT',
      url: `/api/sla/policies/${id}`,
      payload: { ...rest, version, targets: rest.targets.filter((x: { metric: string }) => x.metric !== 'order_ship') },
    });
    expect(put.statusCode, put.body).toBe(200);
    const [noShip] = await deliver([order()]);
    expect((await clocks([noShip!])).map((c) => c.metric)).toEqual(['order_confirm']);
    const restore = await admin({ method: 'PUT', url: `/api/sla/policies/${id}`, payload: { ...rest, version: version + 1 } });
    expect(restore.statusCode, restore.body).toBe(200);
  });

  it('gives a replacement order (补发) a shipping promise of its own', async () => {
    const delivered = order({ status: 'delivered', shippedAt: new Date().toISOString(), deliveredAt: new Date().toISOString() });
    const [id] = await deliver([delivered]);
    const o = await detail(id!);
    const opened = await agent({ method: 'POST', url: '/api/aftersales', payload: { orderId: id, kind: 'reissue', reason: 'other', lines: [] } });
    expect(opened.statusCode, opened.body).toBe(201);
    const a = json(opened).afterSale;
    const approved = await agent({ method: 'POST', url: `/api/aftersales/${a.id}/transition`, payload: { version: a.version, to: 'approved' } });
    expect(approved.statusCode, approved.body).toBe(200);
    const replacement = await detail(json(approved).afterSale.replacementOrderId);
    expect(replacement.clocks.map((c: { metric: string; state: string }) => [c.metric, c.state])).toEqual([['order_ship', 'running']]);
    expect(o.clocks).toEqual([]);
  });
});

describe('a missed order promise', () => {
  it("raises the order's check once, however often it is swept or delivered", async () => {
    const [id] = await deliver([order()]);
    const dueAt = (await detail(id!)).clocks[0].dueAt;
    await sweepClocks(t.ctx.db, null, new Date(Date.parse(dueAt) + 1000));
    await sweepClocks(t.ctx.db, null, new Date(Date.parse(dueAt) + 2000));
    await t.app.events.deliverNow();
    const flags = (await detail(id!)).flags.filter((f: { kind: string }) => f.kind === 'unconfirmed');
    expect(flags).toMatchObject([{ detail: { dueAt }, resolvedAt: null }]);
    const events = await t.ctx.db
      .selectFrom('domain_events')
      .select(['payload'])
      .where('type', '=', 'sla.breached')
      .where('subject', '=', `order:${id}`)
      .execute();
    expect(events).toHaveLength(1);
    expect(await flagMissedPromise(t.ctx.db, events[0]!.payload as never)).toBe(false);
    expect((await detail(id!)).flags.filter((f: { kind: string }) => f.kind === 'unconfirmed')).toHaveLength(1);
  });

  it('raises nothing when the work was done before the breach was delivered', async () => {
    const [id] = await deliver([order()]);
    const o = await detail(id!);
    await sweepClocks(t.ctx.db, null, new Date(Date.parse(o.clocks[0].dueAt) + 1000));
    expect((await agent({ method: 'POST', url: `/api/orders/${id}/confirm`, payload: { version: o.version } })).statusCode).toBe(200);
    await t.app.events.deliverNow();
    const after = await detail(id!);
    expect(after.flags.map((f: { kind: string }) => f.kind)).not.toContain('unconfirmed');
    expect(after.clocks[0]).toMatchObject({ metric: 'order_confirm', state: 'met' });
    expect(after.clocks[0].breachedAt).not.toBeNull();
  });
});

describe('the deadlines of before moved onto the clock (migration 0013)', () => {
  it('keeps the due times they had, counts those already flagged as breached, and drops the columns', async () => {
    const db = t.ctx.db;
    const [paid, unpaid] = await deliver([order(), order({ status: 'unpaid', paidAt: undefined })]);
    const delivered = order({ status: 'delivered', shippedAt: new Date().toISOString(), deliveredAt: new Date().toISOString() });
    const [forAfterSale] = await deliver([delivered]);
    const a = json(
      await agent({
        method: 'POST',
        url: '/api/aftersales',
        payload: { orderId: forAfterSale, kind: 'repair', reason: 'other', lines: [], complex: true },
      }),
    ).afterSale;
    const task = json(
      await agent({ method: 'POST', url: `/api/tickets/${a.ticketId}/tasks`, payload: { department: 'tech', title: '看日志' } }),
    ).task;
    // The database as 0012 left it: deadlines in columns, no clocks on these.
    await sql`delete from sla_clocks where subject_kind in ('after_sale', 'task', 'order')`.execute(db);
    await sql`alter table after_sales drop column progress_told_id`.execute(db);
    await sql`alter table after_sales add column review_due_at timestamptz, add column plan_due_at timestamptz,
      add column progress_due_at timestamptz, add column overdue text[] not null default '{}'`.execute(db);
    await sql`alter table orders add column next_check_at timestamptz`.execute(db);
    const review = new Date(Date.now() - HOUR);
    const plan = new Date(Date.now() + 5 * HOUR);
    await sql`update after_sales set review_due_at = ${review}, plan_due_at = ${plan}, overdue = '{review}' where id = ${a.id}`.execute(db);
    await sql`insert into order_flags (order_id, kind, detail) values (${unpaid}, 'unconfirmed', '{}')`.execute(db);

    await moveOntoClock(db);

    const moved = await db.selectFrom('sla_clocks').selectAll().where('subject_kind', 'in', ['after_sale', 'task', 'order']).orderBy('id').execute();
    const find = (kind: string, id: number, metric: string) =>
      moved.find((c) => c.subject_kind === kind && c.subject_id === id && c.metric === metric);
    expect(find('after_sale', a.id, 'aftersale_review')).toMatchObject({ due_at: review, ticket_id: a.ticketId, state: 'running' });
    expect(find('after_sale', a.id, 'aftersale_review')!.breached_at).not.toBeNull();
    expect(find('after_sale', a.id, 'aftersale_plan')).toMatchObject({ due_at: plan, breached_at: null });
    expect(find('task', task.id, 'task_due')).toMatchObject({ due_at: new Date(task.dueAt), ticket_id: a.ticketId });
    const placed = await db.selectFrom('orders').select(['id', 'created_at', 'paid_at']).where('id', 'in', [paid!, unpaid!]).orderBy('id').execute();
    expect(find('order', paid!, 'order_confirm')).toMatchObject({
      due_at: new Date(placed[0]!.created_at.getTime() + 30 * 60_000),
      breached_at: null,
    });
    expect(find('order', paid!, 'order_ship')).toMatchObject({ due_at: new Date(placed[0]!.paid_at!.getTime() + 48 * HOUR) });
    expect(find('order', unpaid!, 'order_confirm')!.breached_at).not.toBeNull();
    expect(find('order', forAfterSale!, 'order_confirm')).toBeUndefined();
    const ticket = await db.selectFrom('tickets').select('sla_due_at').where('id', '=', a.ticketId).executeTakeFirstOrThrow();
    expect(ticket.sla_due_at!.getTime()).toBeLessThanOrEqual(review.getTime());
    const columns = await sql<{ column_name: string }>`select column_name from information_schema.columns
      where table_schema = current_schema() and table_name in ('after_sales', 'orders')`.execute(db);
    const names = columns.rows.map((c) => c.column_name);
    expect(names).toContain('progress_told_id');
    for (const gone of ['review_due_at', 'plan_due_at', 'progress_due_at', 'overdue', 'next_check_at']) expect(names).not.toContain(gone);
  });
});
