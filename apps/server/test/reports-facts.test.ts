/** Reporting facts: what a chat, a ticket and an after-sale leave in report_* as their events are delivered. */
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backfillFacts } from '../src/reports/facts/backfill.ts';
import { rebuildFacts } from '../src/reports/facts/rebuild.ts';
import { connectAgent, connectShopper, resetChat, signedIdentity, startChatApp, text, type ChatApp } from './chat-setup.ts';
import { json, type TestApp } from './helpers.ts';

let t: TestApp;
let base: string;
let groupId: number;
let agents: ChatApp['agents'];
let productId: number;

beforeAll(async () => {
  ({ t, base, agents, groupId } = await startChatApp());
  productId = (
    await t.ctx.db
      .insertInto('products')
      .values({ sku: 'PJ-001', name: '纯棉长袖睡衣套装', category: '睡衣', price_fen: 12_900 })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  // The listeners start after what is committed when they first deliver.
  await t.app.events.deliverNow();
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  await resetChat(t);
});

const deliver = () => t.app.events.deliverNow();
const agent = () => t.as('agent');
const MINUTE = 60_000;
const DAY = 86_400_000;

const conversationFact = (id: number) => t.ctx.db.selectFrom('report_conversations').selectAll().where('conversation_id', '=', id).executeTakeFirst();
const afterSaleFact = (id: number) => t.ctx.db.selectFrom('report_aftersales').selectAll().where('after_sale_id', '=', id).executeTakeFirst();
const ticketFact = (id: number) => t.ctx.db.selectFrom('report_tickets').selectAll().where('ticket_id', '=', id).executeTakeFirst();

let serial = 0;
/** An order of the customer for one piece of the product, in the database. */
async function orderOf(customerId: number | null) {
  const order = await t.ctx.db
    .insertInto('orders')
    .values({ platform: 'tmall', order_no: `FACT-${++serial}`, customer_id: customerId, status: 'delivered', total_fen: 12_900 })
    .returning(['id', 'order_no'])
    .executeTakeFirstOrThrow();
  await t.ctx.db.insertInto('order_lines').values({ order_id: order.id, product_id: productId, quantity: 1, unit_price_fen: 12_900 }).execute();
  return order;
}

async function customer(name: string) {
  const res = await agent()({ method: 'POST', url: '/api/customers', payload: { name } });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).customer.id as number;
}

async function ticket(payload: Record<string, unknown>) {
  const res = await agent()({ method: 'POST', url: '/api/tickets', payload: { type: 'consultation', subject: '快递到哪了', ...payload } });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).ticket as { id: number; version: number };
}

async function setStatus(id: number, status: string) {
  const current = json(await agent()({ url: `/api/tickets/${id}` })).ticket;
  const res = await agent()({ method: 'PATCH', url: `/api/tickets/${id}`, payload: { version: current.version, status } });
  expect(res.statusCode, res.body).toBe(200);
}

async function reply(id: number, body: string) {
  const res = await agent()({ method: 'POST', url: `/api/tickets/${id}/messages`, payload: { kind: 'reply', body } });
  expect(res.statusCode, res.body).toBe(201);
}

/** Moves a ticket's times back: opened `daysAgo`, solved a day later. */
async function backdateTicket(id: number, daysAgo: number) {
  const opened = new Date(Date.now() - daysAgo * DAY);
  await moveTimes('tickets', id, { created_at: opened, solved_at: new Date(opened.getTime() + DAY) });
}

/** Sets a row's times, creation times included (the schema lets no code change those). */
async function moveTimes(table: 'tickets' | 'ticket_events', id: number | string, times: Record<string, Date>) {
  const set = sql.join(Object.entries(times).map(([column, at]) => sql`${sql.ref(column)} = ${at}`));
  await sql`update ${sql.table(table)} set ${set} where id = ${id}`.execute(t.ctx.db);
}

describe('a chat', () => {
  it('leaves its figures when it closes, its rating when rated, and the same row when its events come again', async () => {
    const a1 = await connectAgent(base, agents.a1!.cookie);
    const s = await connectShopper(base);
    s.c.send(signedIdentity('u-facts', '林小姐', '13900007777'));
    await s.c.type('identified');
    const customerId = (
      await t.ctx.db.selectFrom('customer_identities').select('customer_id').where('value', '=', '13900007777').executeTakeFirstOrThrow()
    ).customer_id;
    const order = await orderOf(customerId);

    s.c.send(text('我的快递到哪了'));
    const { conversationId } = await s.c.type('ack');
    await a1.c.type('conversation', (f) => f.conversation.id === conversationId && f.conversation.agentId === agents.a1!.id);
    s.c.send({ type: 'send', clientId: 'order-card-1', kind: 'order', body: order.order_no });
    await s.c.type('ack', (f) => f.clientId === 'order-card-1');
    const answer = async (clientId: string, body: string) => {
      a1.c.send({ type: 'send', conversationId, clientId, kind: 'text', body });
      await a1.c.type('ack', (f) => f.clientId === clientId);
    };
    await answer('answer-0001', '您好，我帮您查一下');
    a1.c.send({ type: 'send', conversationId, clientId: 'note-0001', kind: 'note', body: '物流延误' });
    await a1.c.type('ack', (f) => f.clientId === 'note-0001');
    s.c.send(text('好的，谢谢', 'thanks-0001'));
    await s.c.type('ack', (f) => f.clientId === 'thanks-0001');
    await answer('answer-0002', '明天就到');
    a1.c.send({ type: 'close', conversationId, reason: 'resolved' });
    await a1.c.type('closed', (f) => f.conversationId === conversationId);

    // Known waits: the agent answered in 12 s, then in 45 s; assigned five minutes before closing.
    const answers = await t.ctx.db
      .selectFrom('messages')
      .select('id')
      .where('conversation_id', '=', conversationId)
      .where('sender_kind', '=', 'agent')
      .where('kind', '=', 'text')
      .orderBy('seq')
      .execute();
    expect(answers).toHaveLength(2);
    await t.ctx.db.updateTable('messages').set({ response_ms: 12_000 }).where('id', '=', answers[0]!.id).execute();
    await t.ctx.db.updateTable('messages').set({ response_ms: 45_000 }).where('id', '=', answers[1]!.id).execute();
    await t.ctx.db
      .updateTable('conversations')
      .set({ assigned_at: sql<Date>`closed_at - interval '5 minutes'` })
      .where('id', '=', conversationId)
      .execute();
    expect(await conversationFact(conversationId)).toBeUndefined();
    await deliver();

    const closed = await t.ctx.db.selectFrom('conversations').selectAll().where('id', '=', conversationId).executeTakeFirstOrThrow();
    const expected = {
      opened_at: closed.created_at,
      closed_at: closed.closed_at,
      channel: 'web',
      agent_id: agents.a1!.id,
      group_id: groupId,
      customer_id: customerId,
      ticket_id: null,
      intent: null,
      category: null,
      product_id: productId,
      order_id: order.id,
      first_response_ms: 12_000,
      responses: 2,
      response_ms_sum: 57_000,
      responses_within_30s: 1,
      handling_ms: 5 * MINUTE,
      agent_messages: 2,
      shopper_messages: 3,
      bot_answers: 0,
      handed_over: false,
      handover_reason: null,
      resolved_by_bot: false,
      resolved: true,
      close_reason: 'resolved',
      csat: null,
      escalated: false,
      repeat_of: null,
      contacted_again: false,
    };
    expect(await conversationFact(conversationId)).toMatchObject(expected);

    s.c.send({ type: 'rate', conversationId, score: 4 });
    await s.c.type('rated');
    await deliver();
    const rated = await conversationFact(conversationId);
    expect(rated).toMatchObject({ ...expected, csat: 4 });

    // Delivered again from the start: the same row, nothing doubled.
    await t.ctx.db.updateTable('event_listeners').set({ position: 0 }).where('name', '=', 'reports.conversation-facts').execute();
    await deliver();
    expect(await conversationFact(conversationId)).toMatchObject({ ...expected, csat: 4 });
    expect(
      await t.ctx.db.selectFrom('report_conversations').select('conversation_id').where('conversation_id', '=', conversationId).execute(),
    ).toHaveLength(1);

    // Three days later the shopper writes in about the same order: a second contact of the chat.
    const later = await ticket({ customerId, orderId: order.id });
    await moveTimes('tickets', later.id, { created_at: new Date(closed.closed_at!.getTime() + 3 * DAY) });
    await deliver();
    expect(await ticketFact(later.id)).toMatchObject({ repeat_of: `conversation:${conversationId}`, order_id: order.id, product_id: productId });
    expect(await conversationFact(conversationId)).toMatchObject({ contacted_again: true, repeat_of: null });
  });
});

describe('a ticket', () => {
  it('counts its replies, its reopen and the times to the first reply and the last solve', async () => {
    const customerId = await customer('陈先生');
    const order = await orderOf(customerId);
    const created = await ticket({ customerId, orderId: order.id, category: 'logistics', priority: 'high', assigneeId: t.users.agent!.id });
    await reply(created.id, '您好，已联系快递');
    await setStatus(created.id, 'solved');
    await setStatus(created.id, 'open');
    await reply(created.id, '补发已安排');
    await setStatus(created.id, 'solved');

    const opened = new Date(Date.now() - 5 * 3600_000);
    const [firstReply] = await t.ctx.db
      .selectFrom('ticket_events')
      .select('id')
      .where('ticket_id', '=', created.id)
      .where('kind', '=', 'reply')
      .orderBy('id')
      .execute();
    await moveTimes('tickets', created.id, { created_at: opened, solved_at: new Date(opened.getTime() + 3 * 3600_000) });
    await moveTimes('ticket_events', firstReply!.id, { at: new Date(opened.getTime() + 10 * MINUTE) });
    await deliver();

    expect(await ticketFact(created.id)).toMatchObject({
      created_at: opened,
      type: 'consultation',
      status: 'solved',
      channel: 'web',
      category: 'logistics',
      priority: 'high',
      product_id: productId,
      order_id: order.id,
      customer_id: customerId,
      agent_id: t.users.agent!.id,
      first_response_ms: 10 * MINUTE,
      resolution_ms: 3 * 3600_000,
      replies: 2,
      reopens: 1,
      escalated: false,
      csat: null,
    });

    const escalated = await agent()({
      method: 'POST',
      url: `/api/tickets/${created.id}/escalations`,
      payload: { level: 'supervisor', reason: '顾客要求主管处理' },
    });
    expect(escalated.statusCode, escalated.body).toBe(201);
    await deliver();
    expect((await ticketFact(created.id))!.escalated).toBe(true);
  });
});

describe('an after-sale', () => {
  it('refunded: its amount is the money back, and it ends when closed', async () => {
    const ordered = await agent()({
      method: 'POST',
      url: '/api/orders',
      payload: {
        platform: 'tmall',
        orderNo: 'FACT-AS-1',
        status: 'delivered',
        buyerNick: 'facts_buyer',
        receiver: { name: '林小姐', phone: '13912345678', province: '浙江省', city: '杭州市', address: '文三路 100 号 3 幢 201' },
        lines: [{ sku: 'PJ-001', title: '纯棉长袖睡衣套装', quantity: 1, unitPriceFen: 12_900 }],
        createdAt: new Date(Date.now() - 3 * DAY).toISOString(),
        paidAt: new Date(Date.now() - 3 * DAY).toISOString(),
        deliveredAt: new Date(Date.now() - DAY).toISOString(),
      },
    });
    expect(ordered.statusCode, ordered.body).toBe(201);
    const order = json(ordered).order;
    const opened = await agent()({
      method: 'POST',
      url: '/api/aftersales',
      payload: { orderId: order.id, kind: 'refund', reason: 'size', lines: [{ lineId: order.lines[0].id, quantity: 1 }] },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    let a = json(opened).afterSale;
    await deliver();
    expect(await afterSaleFact(a.id)).toMatchObject({ kind: 'refund', state: 'requested', refunded_fen: 0, closed_at: null, product_id: productId });

    for (const [client, to] of [
      [agent(), 'approved'],
      [t.as('finance'), 'refunded'],
      [agent(), 'closed'],
    ] as const) {
      const res = await client({ method: 'POST', url: `/api/aftersales/${a.id}/transition`, payload: { version: a.version, to } });
      expect(res.statusCode, res.body).toBe(200);
      a = json(res).afterSale;
    }
    await deliver();
    const closedAt = await t.ctx.db
      .selectFrom('ticket_events')
      .select('at')
      .where('ticket_id', '=', a.ticketId)
      .where(sql<boolean>`data->>'to' = 'closed'`)
      .executeTakeFirstOrThrow();
    expect(await afterSaleFact(a.id)).toMatchObject({
      ticket_id: a.ticketId,
      order_id: order.id,
      product_id: productId,
      kind: 'refund',
      state: 'closed',
      reason: 'size',
      amount_fen: 12_900,
      refunded_fen: 12_900,
      closed_at: closedAt.at,
    });
  });
});

describe('second contact', () => {
  it('marks a return about the same order within 7 days, not one after 8 days, nor another order', async () => {
    const soon = await customer('王女士');
    const order = await orderOf(soon);
    const first = await ticket({ customerId: soon, orderId: order.id });
    await setStatus(first.id, 'solved');
    await backdateTicket(first.id, 6); // solved 5 days ago
    const other = await ticket({ customerId: soon, orderId: (await orderOf(soon)).id });
    const again = await ticket({ customerId: soon, orderId: order.id });

    const late = await customer('赵先生');
    const lateOrder = await orderOf(late);
    const old = await ticket({ customerId: late, orderId: lateOrder.id });
    await setStatus(old.id, 'solved');
    await backdateTicket(old.id, 9); // solved 8 days ago
    const tooLate = await ticket({ customerId: late, orderId: lateOrder.id });
    await deliver();

    expect(await ticketFact(again.id)).toMatchObject({ repeat_of: `ticket:${first.id}`, contacted_again: false });
    expect(await ticketFact(first.id)).toMatchObject({ repeat_of: null, contacted_again: true });
    expect(await ticketFact(other.id)).toMatchObject({ repeat_of: null, contacted_again: false });
    expect(await ticketFact(tooLate.id)).toMatchObject({ repeat_of: null });
    expect(await ticketFact(old.id)).toMatchObject({ contacted_again: false });
  });
});

describe('the backfill and the rebuild', () => {
  const everything = async () => ({
    conversations: await t.ctx.db.selectFrom('report_conversations').selectAll().orderBy('conversation_id').execute(),
    tickets: await t.ctx.db.selectFrom('report_tickets').selectAll().orderBy('ticket_id').execute(),
    afterSales: await t.ctx.db.selectFrom('report_aftersales').selectAll().orderBy('after_sale_id').execute(),
  });
  const withoutTimes = (facts: Awaited<ReturnType<typeof everything>>) =>
    Object.fromEntries(Object.entries(facts).map(([kind, rows]) => [kind, rows.map(({ updated_at: _, ...row }) => row)]));

  it('write for cases recorded before the listeners what the listeners wrote', async () => {
    await deliver();
    const written = await everything();
    expect(written.conversations).toHaveLength(1);
    expect(written.tickets.length).toBeGreaterThanOrEqual(7);
    expect(written.afterSales).toHaveLength(1);

    await t.ctx.db.deleteFrom('report_conversations').execute();
    await t.ctx.db.deleteFrom('report_tickets').execute();
    await t.ctx.db.deleteFrom('report_aftersales').execute();
    const run = await t.as('admin')({ method: 'POST', url: '/api/jobs/reports.backfill-facts/run' });
    expect(run.statusCode, run.body).toBe(200);
    expect(json(run)).toMatchObject({ lastError: null, runCount: 1 });
    expect(withoutTimes(await everything())).toEqual(withoutTimes(written));
    // Nothing left to do.
    expect(await backfillFacts(t.ctx.db)).toEqual({ conversations: 0, tickets: 0, afterSales: 0 });

    await t.ctx.db.deleteFrom('report_tickets').execute();
    expect(await rebuildFacts(t.ctx.db)).toEqual({
      conversations: written.conversations.length,
      tickets: written.tickets.length,
      afterSales: 1,
    });
    expect(withoutTimes(await everything())).toEqual(withoutTimes(written));
  });
});
