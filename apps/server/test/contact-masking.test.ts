import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/users/service.ts';
import { createTestApp, json, PASSWORD, type Client, type TestApp } from './helpers.ts';

// Issue 9, item 4 follow-up: a shopper's phone and e-mail, typed into tickets, notes, after-sale requests, tasks and
// bot questions, are read in full only by the desk, and only the desk finds a ticket by them. Orders keep their own
// rule (the warehouse sees the receiver it ships to when its task needs it: confidentiality.test.ts).
let t: TestApp;
const clients: Record<string, Client> = {};
const DESK = ['agent', 'supervisor', 'admin'];
const OTHERS = ['finance', 'tech', 'product', 'warehouse'];
const PHONE = '15812345678';
const MASKED = '158****5678';
const EMAIL = 'lin.xiaojie@example.com';
const TEXT = `称呼：林小姐，手机：${PHONE}，邮箱 ${EMAIL}`;
const MASKED_TEXT = `称呼：林小姐，手机：${MASKED}，邮箱 l***@example.com`;

let ticket: { id: number };
let afterSale: { id: number };
let order: { id: number; version: number };
let customerId: number;
beforeAll(async () => {
  t = await createTestApp();
  for (const role of [...DESK, 'finance', 'product', 'warehouse']) clients[role] = t.as(role);
  await createUser(t.ctx.db, null, { username: 'tech', displayName: 'tech用户', role: 'tech', password: PASSWORD });
  const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'tech', password: PASSWORD } });
  const cookie = login.cookies.find((c) => c.name === 'kefu_session');
  if (!cookie) throw new Error(`tech login failed: ${login.body}`);
  clients.tech = (options) => t.app.inject({ ...options, headers: { ...options.headers, cookie: `kefu_session=${cookie.value}` } });

  const agent = clients.agent!;
  const customer = json(await agent({ method: 'POST', url: '/api/customers', payload: { name: '林晓洁' } })).customer;
  customerId = customer.id;
  const created = await agent({
    method: 'POST',
    url: '/api/tickets',
    payload: { type: 'consultation', subject: `回电 ${PHONE}`, description: TEXT, customerId: customer.id },
  });
  expect(created.statusCode, created.body).toBe(201);
  ticket = json(created).ticket;
  expect(
    (await agent({ method: 'POST', url: `/api/tickets/${ticket.id}/messages`, payload: { kind: 'note', body: `已打 ${PHONE} 无人接` } })).statusCode,
  ).toBe(201);
  const now = Date.now();
  const placed = await agent({
    method: 'POST',
    url: '/api/orders',
    payload: {
      platform: 'tmall',
      orderNo: 'CM1',
      status: 'paid',
      buyerNick: 'cm_buyer',
      customerId: customer.id,
      receiver: { name: '林小姐', phone: PHONE, province: '浙江省', city: '杭州市', address: '文三路 100 号' },
      lines: [{ title: '睡衣', quantity: 1, unitPriceFen: 12_900 }],
      createdAt: new Date(now - 3_600_000).toISOString(),
      paidAt: new Date(now - 3_600_000).toISOString(),
    },
  });
  expect(placed.statusCode, placed.body).toBe(201);
  order = json(placed).order;
  const opened = await agent({
    method: 'POST',
    url: '/api/aftersales',
    payload: {
      orderId: order.id,
      ticketId: ticket.id,
      kind: 'compensation',
      compensationKind: 'cash',
      reason: 'other',
      amountFen: 1_000,
      description: TEXT,
    },
  });
  expect(opened.statusCode, opened.body).toBe(201);
  afterSale = json(opened).afterSale;
  const approved = await agent({
    method: 'POST',
    url: `/api/aftersales/${afterSale.id}/transition`,
    payload: { version: json(opened).afterSale.version, to: 'approved' },
  });
  expect(approved.statusCode, approved.body).toBe(200);
  // Departments see only the cases they hold a task on (confidentiality.test.ts): give each one a task here that does
  // not need the shopper's contacts (the compensation's finance task came with the approval).
  await t.ctx.db
    .insertInto('collab_tasks')
    .values(
      (['logistics', 'tech', 'product'] as const).map((department) => ({
        ticket_id: ticket.id,
        order_id: order.id,
        department,
        title: '请协助',
        due_at: new Date(now + 86_400_000),
      })),
    )
    .execute();
  await t.ctx.db
    .insertInto('unknown_questions')
    .values({ question: `我的手机 ${PHONE} 收不到验证码` })
    .execute();
});
afterAll(async () => {
  await t.close();
});

const get = async (role: string, url: string) => {
  const res = await clients[role]!({ method: 'GET', url });
  expect(res.statusCode, `${role} ${url}: ${res.body}`).toBe(200);
  return json(res);
};

describe("a shopper's contacts outside orders", () => {
  it('are masked in the ticket list and detail for roles that do not serve the shopper', async () => {
    for (const role of OTHERS) {
      const listed = (await get(role, `/api/tickets?customerId=${customerId}`)).tickets;
      expect(listed, role).toMatchObject([{ id: ticket.id, subject: `回电 ${MASKED}`, customerName: '林**', contactMasked: true }]);
      const detail = (await get(role, `/api/tickets/${ticket.id}`)).ticket;
      expect(detail, role).toMatchObject({ subject: `回电 ${MASKED}`, description: MASKED_TEXT, customerName: '林**', contactMasked: true });
    }
    for (const role of DESK) {
      expect((await get(role, `/api/tickets/${ticket.id}`)).ticket, role).toMatchObject({
        description: TEXT,
        customerName: '林晓洁',
        contactMasked: false,
      });
    }
  });

  it('are masked on the timeline: notes, after-sale events and task events', async () => {
    for (const role of OTHERS) {
      const events = (await get(role, `/api/tickets/${ticket.id}/timeline`)).events;
      const text = JSON.stringify(events);
      expect(text, role).not.toContain(PHONE);
      expect(text, role).not.toContain(EMAIL);
      expect(
        events.map((e: { body: string | null }) => e.body),
        role,
      ).toContain(`已打 ${MASKED} 无人接`);
    }
    for (const role of DESK) expect(JSON.stringify((await get(role, `/api/tickets/${ticket.id}/timeline`)).events), role).toContain(PHONE);
  });

  it('are masked in after-sale requests, listed and in detail', async () => {
    for (const role of OTHERS) {
      const detail = (await get(role, `/api/aftersales/${afterSale.id}`)).afterSale;
      expect(detail, role).toMatchObject({ description: MASKED_TEXT, contactMasked: true });
      expect((await get(role, `/api/aftersales?ticketId=${ticket.id}`)).afterSales, role).toMatchObject([{ id: afterSale.id, contactMasked: true }]);
    }
    expect((await get('agent', `/api/aftersales/${afterSale.id}`)).afterSale).toMatchObject({ description: TEXT, contactMasked: false });
  });

  it("are masked in collaboration tasks, listed and in the department's answer", async () => {
    const mine = (await get('finance', `/api/tasks?ticketId=${ticket.id}`)).tasks;
    expect(mine, 'finance').toMatchObject([{ department: 'finance', description: expect.stringContaining(MASKED_TEXT), contactMasked: true }]);
    for (const role of OTHERS) expect(JSON.stringify((await get(role, `/api/tasks?ticketId=${ticket.id}`)).tasks), role).not.toContain(PHONE);
    const answered = await clients.finance!({
      method: 'PATCH',
      url: `/api/tasks/${mine[0].id}`,
      payload: { version: mine[0].version, state: 'working', answer: `会打 ${PHONE} 确认` },
    });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(json(answered).task).toMatchObject({ answer: `会打 ${MASKED} 确认`, description: expect.not.stringContaining(PHONE) });
    expect((await get('agent', `/api/tasks?ticketId=${ticket.id}&department=finance`)).tasks).toMatchObject([
      { description: expect.stringContaining(TEXT), answer: `会打 ${PHONE} 确认` },
    ]);
  });

  it("are masked in the bot's unanswered questions", async () => {
    for (const role of OTHERS) {
      expect((await get(role, '/api/knowledge/unknown')).questions, role).toMatchObject([
        { question: `我的手机 ${MASKED} 收不到验证码`, contactMasked: true },
      ]);
    }
    expect((await get('supervisor', '/api/knowledge/unknown')).questions).toMatchObject([{ question: `我的手机 ${PHONE} 收不到验证码` }]);
  });

  it("are masked in an order's history and customer name for finance, tech and product", async () => {
    const cancelled = await clients.agent!({
      method: 'POST',
      url: `/api/orders/${order.id}/cancel`,
      payload: { version: order.version, reason: `顾客来电 ${PHONE} 要求取消` },
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    // The warehouse's task here traces a parcel: it needs no contact (a reissue's does: confidentiality.test.ts).
    for (const role of ['finance', 'tech', 'product', 'warehouse']) {
      const detail = (await get(role, `/api/orders/${order.id}`)).order;
      expect(detail.customerName, role).toBe('林**');
      expect(JSON.stringify(detail), role).not.toContain(PHONE);
    }
    expect(JSON.stringify((await get('agent', `/api/orders/${order.id}`)).order)).toContain(PHONE);
  });
});

describe('finding a ticket by a contact', () => {
  const searches = [PHONE, '158 1234 5678', `${PHONE} 回电`, EMAIL];

  it('finds nothing for roles that do not serve the shopper, though other words still find it; the desk finds it', async () => {
    const found = async (role: string, q: string) =>
      (await get(role, `/api/tickets?q=${encodeURIComponent(q)}`)).tickets.map((x: { id: number }) => x.id);
    for (const role of OTHERS) {
      for (const q of searches) expect(await found(role, q), `${role} ${q}`).toEqual([]);
      expect(await found(role, '称呼'), role).toEqual([ticket.id]);
    }
    for (const role of DESK) for (const q of [PHONE, `${PHONE} 回电`, EMAIL]) expect(await found(role, q), `${role} ${q}`).toEqual([ticket.id]);
  });
});
