/**
 * After-sales and collaboration tasks on the service-level clock: the review, a complex case's plan by the official
 * calendar, a repair's daily progress (and the shopper hearing of it), a task's due time.
 */
import type { Role } from '@kefu/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chatChannels, tellShopperOfProgress } from '../src/aftersales/progress-notice.ts';
import { createAfterSale, recordPlan, recordProgress } from '../src/aftersales/service.ts';
import { transitionAfterSale } from '../src/aftersales/transition.ts';
import type { Principal } from '../src/http/context.ts';
import { sweepClocks } from '../src/sla/sweep.ts';
import { connectShopper, resetChat, signedIdentity, startChatApp, text, type ChatApp } from './chat-setup.ts';
import { json, type Client } from './helpers.ts';

/** A China-time wall clock reading as an instant. */
const cst = (wall: string) => new Date(`${wall}+08:00`);
const HOUR = 3_600_000;

let chat: ChatApp;
let agent: Client;
let supervisor: Client;
const as = (role: Role): Principal => {
  const user = chat.t.users[role]!;
  return { id: user.id, username: role, displayName: `${role}用户`, role, via: 'session' };
};

beforeAll(async () => {
  chat = await startChatApp();
  agent = chat.t.as('agent');
  supervisor = chat.t.as('supervisor');
  await chat.t.ctx.db
    .insertInto('products')
    .values({ sku: 'DR-001', name: '电热毯', category: '床品', price_fen: 39_900, warranty_days: 365 })
    .execute();
  // The event listeners take their place now (as at a server's start), so they get every event recorded after.
  await chat.t.app.events.deliverNow();
}, 60_000);
afterAll(async () => {
  await chat.t.close();
});
beforeEach(async () => {
  await resetChat(chat.t);
});

let serial = 0;
async function deliveredOrder(customerId?: number) {
  const received = new Date(Date.now() - 2 * 86_400_000);
  const res = await agent({
    method: 'POST',
    url: '/api/orders',
    payload: {
      platform: 'tmall',
      orderNo: `SLA-AS${++serial}`,
      status: 'delivered',
      ...(customerId && { customerId }),
      receiver: { name: '林小姐', phone: '13912345678', province: '浙江省', city: '杭州市', address: '文三路 100 号 3 幢 201' },
      lines: [{ sku: 'DR-001', title: '电热毯', quantity: 1, unitPriceFen: 39_900 }],
      createdAt: new Date(received.getTime() - 3 * 86_400_000).toISOString(),
      paidAt: new Date(received.getTime() - 3 * 86_400_000).toISOString(),
      shippedAt: new Date(received.getTime() - 86_400_000).toISOString(),
      deliveredAt: received.toISOString(),
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).order;
}

async function open(payload: Record<string, unknown>) {
  const res = await agent({ method: 'POST', url: '/api/aftersales', payload });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).afterSale;
}

async function move(client: Client, a: { id: number; version: number }, to: string) {
  const res = await client({ method: 'POST', url: `/api/aftersales/${a.id}/transition`, payload: { version: a.version, to } });
  expect(res.statusCode, res.body).toBe(200);
  return json(res).afterSale;
}

const detail = async (id: number) => json(await agent({ method: 'GET', url: `/api/aftersales/${id}` })).afterSale;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read loosely, as json() gives them
const clocksOf = (a: { clocks: any[] }, metric: string) => a.clocks.filter((c) => c.metric === metric);

/** A repair approved and sent back by the shopper, received by the warehouse at `receivedAt`. */
async function repairReceived(receivedAt: Date, customerId?: number) {
  const order = await deliveredOrder(customerId);
  let a = await open({ orderId: order.id, kind: 'repair', reason: 'other', lines: [{ lineId: order.lines[0].id, quantity: 1 }] });
  a = await move(agent, a, 'approved');
  a = await move(agent, a, 'in_transit');
  await transitionAfterSale(chat.t.ctx.db, as('warehouse'), a.id, { version: a.version, to: 'received' }, receivedAt);
  return detail(a.id);
}

async function breaches(ticketId: number, metric: string) {
  const events = json(await agent({ method: 'GET', url: `/api/tickets/${ticketId}/timeline` })).events;
  return events.filter((e: { kind: string; data: { metric?: string } }) => e.kind === 'sla_breached' && e.data.metric === metric);
}

describe('after-sale promises on the clock', () => {
  it('starts a 24-hour review clock on the ticket, kept by approving (not by asking a supervisor)', async () => {
    const order = await deliveredOrder();
    let a = await open({ orderId: order.id, kind: 'refund', reason: 'other', amountFen: 30_000, lines: [] });
    const [review] = clocksOf(a, 'aftersale_review');
    expect(review).toMatchObject({ state: 'running', breachedAt: null });
    expect(Date.parse(review.dueAt) - Date.parse(review.startedAt)).toBe(24 * HOUR);
    expect(a.reviewDueAt).toBe(review.dueAt);
    const clock = await chat.t.ctx.db.selectFrom('sla_clocks').selectAll().where('id', '=', review.id).executeTakeFirstOrThrow();
    expect(clock).toMatchObject({ subject_kind: 'after_sale', subject_id: a.id, ticket_id: a.ticketId });
    const ticket = json(await agent({ method: 'GET', url: `/api/tickets/${a.ticketId}` })).ticket;
    expect(Date.parse(ticket.slaDueAt)).toBeLessThanOrEqual(Date.parse(review.dueAt));
    const listed = json(await agent({ method: 'GET', url: `/api/aftersales?ticketId=${a.ticketId}` })).afterSales[0];
    expect(listed).toMatchObject({ id: a.id, reviewDueAt: review.dueAt, overdue: [], clocks: [{ id: review.id, metric: 'aftersale_review' }] });

    // Above the agent's limit: sent to a supervisor, still under review on the same clock.
    a = await move(agent, a, 'pending_approval');
    expect(clocksOf(a, 'aftersale_review')).toMatchObject([{ id: review.id, state: 'running' }]);
    a = await move(supervisor, a, 'approved');
    expect(clocksOf(a, 'aftersale_review')).toMatchObject([{ id: review.id, state: 'met', breachedAt: null }]);
    expect(a.reviewDueAt).toBeNull();
    await sweepClocks(chat.t.ctx.db, null, new Date(Date.now() + 25 * HOUR));
    expect((await detail(a.id)).overdue).toEqual([]);
    expect(await breaches(a.ticketId, 'aftersale_review')).toEqual([]);
  });

  it('lists a request whose review is missed as overdue, until it is reviewed; cancelling voids the review', async () => {
    const order = await deliveredOrder();
    const late = await open({ orderId: order.id, kind: 'refund', reason: 'other', amountFen: 100, lines: [] });
    const cancelled = await open({ orderId: order.id, kind: 'refund', reason: 'other', amountFen: 100, lines: [] });
    const overdueIds = async () =>
      json(await supervisor({ method: 'GET', url: '/api/aftersales?overdue=true' })).afterSales.map((x: { id: number }) => x.id);
    await move(agent, cancelled, 'cancelled');
    expect(clocksOf(await detail(cancelled.id), 'aftersale_review')).toMatchObject([{ state: 'cancelled' }]);
    await sweepClocks(chat.t.ctx.db, null, new Date(Date.now() + 24 * HOUR + 60_000));
    expect(await overdueIds()).toContain(late.id);
    expect(await overdueIds()).not.toContain(cancelled.id);
    expect((await detail(late.id)).overdue).toEqual(['review']);
    expect(await breaches(late.ticketId, 'aftersale_review')).toHaveLength(1);
    await sweepClocks(chat.t.ctx.db, null, new Date(Date.now() + 48 * HOUR));
    expect(await breaches(late.ticketId, 'aftersale_review')).toHaveLength(1);
    await move(agent, await detail(late.id), 'approved');
    expect(await overdueIds()).not.toContain(late.id);
    expect(clocksOf(await detail(late.id), 'aftersale_review')).toMatchObject([{ state: 'met' }]);
  });

  it("wants a complex case's plan within one working day by the official calendar: opened on the last working day before 国庆, due the first day back", async () => {
    const order = await deliveredOrder();
    const opened = cst('2026-09-30T11:00:00');
    const id = await createAfterSale(
      chat.t.ctx.db,
      as('agent'),
      { orderId: order.id, kind: 'repair', reason: 'other', lines: [], complex: true },
      opened,
    );
    let a = await detail(id);
    expect(clocksOf(a, 'aftersale_plan')).toMatchObject([{ state: 'running', startedAt: opened.toISOString() }]);
    expect(a.planDueAt).toBe(cst('2026-10-08T11:00:00').toISOString());
    await recordPlan(chat.t.ctx.db, as('agent'), id, { plan: '寄回检测，三天内修复', version: a.version });
    a = await detail(id);
    expect(clocksOf(a, 'aftersale_plan')).toMatchObject([{ state: 'met', breachedAt: null }]);
    expect(a.planDueAt).toBeNull();
    expect(a.reviewDueAt).not.toBeNull();
  });

  it("moves repair progress to tomorrow's 16:00 once given — at 10:00 as at 17:00 — and flags a day without it", async () => {
    let a = await repairReceived(cst('2026-12-01T09:00:00'));
    expect(a.progressDueAt).toBe(cst('2026-12-01T16:00:00').toISOString());

    // Progress at 10:00: today's is given, the next is due tomorrow — the sweep at 16:01 finds nothing late.
    await recordProgress(chat.t.ctx.db, as('agent'), a.id, '已收到，正在检测', cst('2026-12-01T10:00:00'));
    a = await detail(a.id);
    expect(a.progressDueAt).toBe(cst('2026-12-02T16:00:00').toISOString());
    expect(clocksOf(a, 'repair_progress').map((c: { state: string }) => c.state)).toEqual(['met', 'running']);
    await sweepClocks(chat.t.ctx.db, null, cst('2026-12-01T16:01:00'));
    expect((await detail(a.id)).overdue).toEqual([]);
    expect(await breaches(a.ticketId, 'repair_progress')).toEqual([]);

    // No progress on the 2nd by 16:00: late; progress at 17:00 settles it, next due on the 3rd.
    await sweepClocks(chat.t.ctx.db, null, cst('2026-12-02T16:01:00'));
    expect((await detail(a.id)).overdue).toEqual(['progress']);
    expect(await breaches(a.ticketId, 'repair_progress')).toHaveLength(1);
    await recordProgress(chat.t.ctx.db, as('agent'), a.id, '温控器已更换', cst('2026-12-02T17:00:00'));
    a = await detail(a.id);
    expect(a.overdue).toEqual([]);
    expect(a.progressDueAt).toBe(cst('2026-12-03T16:00:00').toISOString());

    // Sent back: the progress owed is kept, none is owed any more.
    a = await move(chat.t.as('warehouse'), await move(chat.t.as('warehouse'), a, 'repairing'), 'reshipped');
    expect(a.progressDueAt).toBeNull();
    expect(clocksOf(a, 'repair_progress').map((c: { state: string }) => c.state)).toEqual(['met', 'met', 'met']);
  });
});

describe('repair progress reaches the shopper', () => {
  it('in their open chat when they are there, once', async () => {
    const s = await connectShopper(chat.base);
    s.c.send(signedIdentity('u-repair-1', '林小姐', '13900001111'));
    const { customerId } = await s.c.type('identified');
    s.c.send(text('电热毯修得怎么样了？'));
    const { conversationId } = await s.c.type('ack');
    const a = await repairReceived(new Date(), customerId);
    const res = await agent({ method: 'POST', url: `/api/aftersales/${a.id}/progress`, payload: { note: '已检测，正在更换温控器' } });
    expect(res.statusCode, res.body).toBe(200);
    await chat.t.app.events.deliverNow();
    const line = await s.c.type('message', (f) => f.kind === 'system' && f.data.code === 'aftersale_progress');
    expect(line).toMatchObject({ conversationId, sender: { kind: 'system' }, data: { afterSaleId: a.id, ticketId: a.ticketId } });
    expect(line.body).toContain('已检测，正在更换温控器');

    // Delivered again (a retry after a crash): not told twice.
    const entry = await chat.t.ctx.db
      .selectFrom('ticket_events')
      .select('id')
      .where('ticket_id', '=', a.ticketId)
      .where('kind', '=', 'reply')
      .executeTakeFirstOrThrow();
    const again = await tellShopperOfProgress(
      chat.t.ctx.db,
      chatChannels(chat.t.ctx.db, () => chat.t.app.chat, null),
      {
        afterSaleId: a.id,
        ticketId: a.ticketId,
        entryId: entry.id,
      },
    );
    expect(again).toBe('none');
    const lines = await chat.t.ctx.db
      .selectFrom('messages')
      .select(sql<string>`count(*)`.as('n'))
      .where('conversation_id', '=', conversationId)
      .where('kind', '=', 'system')
      .where('client_id', '=', `aftersale-progress-${entry.id}`)
      .executeTakeFirstOrThrow();
    expect(Number(lines.n)).toBe(1);
    expect(await chat.t.ctx.db.selectFrom('email_outbox').select('id').where('ticket_id', '=', a.ticketId).execute()).toEqual([]);
  });

  it('by e-mail when they are not in a chat, once', async () => {
    const created = await agent({
      method: 'POST',
      url: '/api/customers',
      payload: { name: '周先生', identities: [{ kind: 'email', value: 'zhou@example.com' }] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const a = await repairReceived(new Date(), json(created).customer.id);
    await agent({ method: 'POST', url: `/api/aftersales/${a.id}/progress`, payload: { note: '配件已到，明天寄回' } });
    await chat.t.app.events.deliverNow();
    await chat.t.app.events.deliverNow();
    const mails = await chat.t.ctx.db.selectFrom('email_outbox').selectAll().where('ticket_id', '=', a.ticketId).execute();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ recipient: 'zhou@example.com', status: 'pending' });
    expect(mails[0]!.body).toContain('配件已到，明天寄回');
    expect(mails[0]!.subject).toContain(a.ticketNumber);
    const entry = await chat.t.ctx.db.selectFrom('after_sales').select('progress_told_id').where('id', '=', a.id).executeTakeFirstOrThrow();
    const again = await tellShopperOfProgress(
      chat.t.ctx.db,
      chatChannels(chat.t.ctx.db, () => chat.t.app.chat, null),
      {
        afterSaleId: a.id,
        ticketId: a.ticketId,
        entryId: entry.progress_told_id!,
      },
    );
    expect(again).toBe('none');
    expect(await chat.t.ctx.db.selectFrom('email_outbox').select('id').where('ticket_id', '=', a.ticketId).execute()).toHaveLength(1);
  });
});

describe('collaboration tasks on the clock', () => {
  async function ticketId() {
    const order = await deliveredOrder();
    return (await open({ orderId: order.id, kind: 'refund', reason: 'other', amountFen: 100, lines: [] })).ticketId as number;
  }
  const clocks = async (taskId: number) =>
    json(await agent({ method: 'GET', url: `/api/sla/clocks?subjectKind=task&subjectId=${taskId}` })).clocks as {
      metric: string;
      state: string;
      dueAt: string;
      startedAt: string;
      policyId: number;
      breachedAt: string | null;
    }[];

  it("is due by its policy's target (24 hours) unless the desk chooses a time, on the matching policy's clock", async () => {
    const id = await ticketId();
    const byPolicy = json(
      await agent({ method: 'POST', url: `/api/tickets/${id}/tasks`, payload: { department: 'warehouse', title: '查库存' } }),
    ).task;
    const [clock] = await clocks(byPolicy.id);
    expect(clock).toMatchObject({ metric: 'task_due', state: 'running', dueAt: byPolicy.dueAt });
    expect(Date.parse(clock!.dueAt) - Date.parse(clock!.startedAt)).toBe(24 * HOUR);
    const policy = await chat.t.ctx.db.selectFrom('sla_policies').select('id').where('name', '=', '默认').executeTakeFirstOrThrow();
    expect(clock!.policyId).toBe(policy.id);

    const chosen = new Date(Date.now() + 2 * HOUR);
    const res = await agent({
      method: 'POST',
      url: `/api/tickets/${id}/tasks`,
      payload: { department: 'tech', title: '看日志', dueAt: chosen.toISOString() },
    });
    const task = json(res).task;
    expect(task.dueAt).toBe(chosen.toISOString());
    expect(await clocks(task.id)).toMatchObject([{ state: 'running', dueAt: chosen.toISOString(), policyId: policy.id }]);
    const stored = await chat.t.ctx.db
      .selectFrom('sla_clocks')
      .select('ticket_id')
      .where('subject_kind', '=', 'task')
      .where('subject_id', '=', task.id)
      .executeTakeFirstOrThrow();
    expect(stored.ticket_id).toBe(id);

    const past = await agent({
      method: 'POST',
      url: `/api/tickets/${id}/tasks`,
      payload: { department: 'tech', title: 'x', dueAt: new Date(Date.now() - HOUR).toISOString() },
    });
    expect(past.statusCode).toBe(400);
    expect(json(past).fields[0].field).toBe('body.dueAt');
  });

  it('is late once missed (on the ticket timeline too), kept when done, owed again when reopened', async () => {
    const id = await ticketId();
    let task = json(await agent({ method: 'POST', url: `/api/tickets/${id}/tasks`, payload: { department: 'warehouse', title: '查物流' } })).task;
    await sweepClocks(chat.t.ctx.db, null, new Date(Date.now() + 25 * HOUR));
    const listed = json(await agent({ method: 'GET', url: `/api/tasks?ticketId=${id}` })).tasks.find((x: { id: number }) => x.id === task.id);
    expect(listed.late).toBe(true);
    const missed = await breaches(id, 'task_due');
    expect(missed).toMatchObject([{ data: { subjectKind: 'task', subjectId: task.id } }]);

    const warehouse = chat.t.as('warehouse');
    task = json(
      await warehouse({ method: 'PATCH', url: `/api/tasks/${task.id}`, payload: { version: task.version, state: 'done', answer: '已发出' } }),
    ).task;
    expect((await clocks(task.id)).map((c) => c.state)).toEqual(['met']);
    const reopened = json(
      await supervisor({ method: 'PATCH', url: `/api/tasks/${task.id}`, payload: { version: task.version, state: 'open' } }),
    ).task;
    const after = await clocks(task.id);
    expect(after.map((c) => c.state)).toEqual(['met', 'running']);
    expect(reopened.dueAt).toBe(after[1]!.dueAt);
    expect(Date.parse(reopened.dueAt)).toBeGreaterThan(Date.now() + 23 * HOUR);
  });
});
