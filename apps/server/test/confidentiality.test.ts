import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_ROUTES } from '../src/confidentiality/guard.ts';
import { listRoutes } from '../src/http/guard.ts';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';

// Issue 16, confidentiality (DOMAIN §5): a department sees only the cases it holds a collaboration task on, and the
// shopper's phones and addresses masked unless its task needs them (the warehouse shipping a reissue).
let t: TestApp;
let agent: Client;
const PHONE = '13912345678';
const MASKED_PHONE = '139****5678';
const STREET = '文三路100号3幢201';
const TEXT = `请补发到浙江省杭州市西湖区${STREET}，电话 ${PHONE}`;
const DAY = 86_400_000;
let serial = 0;

async function deliveredOrder() {
  const received = new Date(Date.now() - 2 * DAY);
  const res = await agent({
    method: 'POST',
    url: '/api/orders',
    payload: {
      platform: 'tmall',
      orderNo: `CF${++serial}`,
      status: 'delivered',
      buyerNick: `cf_buyer_${serial}`,
      receiver: { name: '林小姐', phone: PHONE, province: '浙江省', city: '杭州市', district: '西湖区', address: STREET },
      lines: [{ title: '睡衣', quantity: 2, unitPriceFen: 12_900 }],
      createdAt: new Date(received.getTime() - 3 * DAY).toISOString(),
      paidAt: new Date(received.getTime() - 3 * DAY).toISOString(),
      shippedAt: new Date(received.getTime() - 2 * DAY).toISOString(),
      deliveredAt: received.toISOString(),
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).order;
}

async function attachPhoto(ticketId: number): Promise<number> {
  const boundary = '----kefu-photo';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="damage.png"\r\nContent-Type: image/png\r\n\r\n`),
    Buffer.from('89504e470d0a1a0a', 'hex'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await agent({
    method: 'POST',
    url: `/api/tickets/${ticketId}/attachments`,
    payload: body,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).attachment.id;
}

/** An approved after-sale request of `kind` on a fresh order: its approval hands a task to a department. */
async function approved(kind: 'reissue' | 'refund') {
  const order = await deliveredOrder();
  const payload =
    kind === 'reissue'
      ? { orderId: order.id, kind, reason: 'wrong_item', description: TEXT, lines: [{ lineId: order.lines[0].id, quantity: 1 }] }
      : { orderId: order.id, kind, reason: 'other', amountFen: 1_000, description: TEXT };
  const opened = await agent({ method: 'POST', url: '/api/aftersales', payload });
  expect(opened.statusCode, opened.body).toBe(201);
  const request = json(opened).afterSale;
  const photo = await attachPhoto(request.ticketId);
  const moved = await agent({
    method: 'POST',
    url: `/api/aftersales/${request.id}/transition`,
    payload: { version: request.version, to: 'approved' },
  });
  expect(moved.statusCode, moved.body).toBe(200);
  return { order, request: json(moved).afterSale, ticketId: request.ticketId as number, photo };
}

let reissue: Awaited<ReturnType<typeof approved>>;
let refund: Awaited<ReturnType<typeof approved>>;
let untasked: { ticketId: number; orderId: number };
beforeAll(async () => {
  t = await createTestApp();
  agent = t.as('agent');
  reissue = await approved('reissue');
  refund = await approved('refund');
  const order = await deliveredOrder();
  const ticket = await agent({
    method: 'POST',
    url: '/api/tickets',
    payload: { type: 'consultation', subject: '咨询', description: TEXT, orderId: order.id },
  });
  expect(ticket.statusCode, ticket.body).toBe(201);
  untasked = { ticketId: json(ticket).ticket.id, orderId: order.id };
});
afterAll(async () => {
  await t.close();
});

const get = async (role: string, url: string) => t.as(role)({ method: 'GET', url });
const ok = async (role: string, url: string) => {
  const res = await get(role, url);
  expect(res.statusCode, `${role} ${url}: ${res.body}`).toBe(200);
  return json(res);
};

describe('which cases a department sees', () => {
  it('lists only the tickets, orders and after-sales holding a task of its own', async () => {
    const ids = (rows: { id: number }[]) => rows.map((r) => r.id).sort();
    expect(ids((await ok('warehouse', '/api/tickets')).tickets)).toEqual([reissue.ticketId]);
    expect(ids((await ok('finance', '/api/tickets')).tickets)).toEqual([refund.ticketId]);
    expect((await ok('product', '/api/tickets')).tickets).toEqual([]);
    expect(ids((await ok('agent', '/api/tickets')).tickets)).toEqual([reissue.ticketId, refund.ticketId, untasked.ticketId].sort());

    const warehouseOrders = ids((await ok('warehouse', '/api/orders')).orders);
    expect(warehouseOrders, 'the reissued order and its replacement').toEqual([reissue.order.id, reissue.request.replacementOrderId].sort());
    expect(ids((await ok('finance', '/api/orders')).orders)).toEqual([refund.order.id]);
    expect(ids((await ok('warehouse', '/api/aftersales')).afterSales)).toEqual([reissue.request.id]);
    expect(ids((await ok('finance', '/api/aftersales')).afterSales)).toEqual([refund.request.id]);
    // A page's total counts only what the department may see.
    expect(await ok('warehouse', '/api/aftersales?page=1&pageSize=20')).toMatchObject({ total: 1 });
    expect((await ok('warehouse', `/api/tickets?q=${encodeURIComponent('补发')}`)).tickets.map((x: { id: number }) => x.id)).toEqual([
      reissue.ticketId,
    ]);
  });

  it("answers 404 for another department's case, as for one that does not exist, on every route", async () => {
    const others: [string, string, string][] = [
      ['finance', 'GET', `/api/tickets/${reissue.ticketId}`],
      ['finance', 'GET', `/api/tickets/${reissue.ticketId}/timeline`],
      ['finance', 'POST', `/api/tickets/${reissue.ticketId}/messages`],
      ['finance', 'GET', `/api/attachments/${reissue.photo}`],
      ['finance', 'GET', `/api/orders/${reissue.order.id}`],
      ['finance', 'GET', `/api/aftersales/${reissue.request.id}`],
      ['finance', 'POST', `/api/aftersales/${reissue.request.id}/transition`],
      ['warehouse', 'GET', `/api/tickets/${untasked.ticketId}`],
      ['warehouse', 'GET', `/api/orders/${untasked.orderId}`],
      ['warehouse', 'GET', `/api/tickets/${refund.ticketId}/timeline`],
      ['product', 'GET', `/api/orders/${refund.order.id}`],
    ];
    for (const [role, method, url] of others) {
      const payload =
        method === 'POST' ? (url.endsWith('messages') ? { kind: 'note', body: '看看' } : { version: 1, to: 'rejected', note: '不符合' }) : undefined;
      const res = await t.as(role)({ method: method as 'GET', url, payload });
      expect(res.statusCode, `${role} ${method} ${url}`).toBe(404);
    }
    expect((await get('warehouse', `/api/attachments/${reissue.photo}`)).statusCode).toBe(200);
    const tasks = (await ok('warehouse', '/api/tasks?department=finance')).tasks;
    expect(tasks, "finance's tasks are not the warehouse's to read").toEqual([]);
  });

  it('leaves no route open to a department that names a record by :id unchecked', () => {
    // Not a shopper's case: the caller's own tokens and saved views, skill groups, the product catalogue and its
    // substitutions, the FAQ, the product department's reports; tasks are guarded by who may change them (taskChangeRefusal).
    const NOT_A_CASE = [
      'DELETE /api/auth/tokens/:id',
      'GET /api/groups/:id/members',
      'PATCH /api/ticket-views/:id',
      'DELETE /api/ticket-views/:id',
      'POST /api/orders/:id/substitutions',
      'GET /api/products/:id',
      'GET /api/products/:id/size',
      'GET /api/knowledge/faqs/:id',
      'PUT /api/knowledge/faqs/:id',
      'DELETE /api/knowledge/faqs/:id',
      'POST /api/knowledge/unknown/:id',
      'PATCH /api/products/:id',
      'PATCH /api/tasks/:id',
    ];
    const departmentRoutes = listRoutes(t.app)
      .filter((r) => r.url.includes(':id') && ['warehouse', 'finance', 'tech', 'product'].some((role) => r.config.roles?.includes(role)))
      .map((r) => `${r.method} ${r.url}`)
      .filter((r) => !r.startsWith('HEAD ') && !r.includes('/api/reports/'));
    expect(departmentRoutes.filter((r) => !(r in CASE_ROUTES) && !NOT_A_CASE.includes(r))).toEqual([]);
  });
});

describe("the shopper's phone and address for a department", () => {
  it('are shown to the warehouse on the case of its reissue task: ticket, timeline, order, replacement, request', async () => {
    const ticket = (await ok('warehouse', `/api/tickets/${reissue.ticketId}`)).ticket;
    expect(ticket).toMatchObject({ contactMasked: false, description: TEXT });
    const order = (await ok('warehouse', `/api/orders/${reissue.order.id}`)).order;
    expect(order).toMatchObject({ receiverPhone: PHONE, district: '西湖区', address: STREET, receiverName: '林小姐', contactMasked: false });
    const replacement = (await ok('warehouse', `/api/orders/${reissue.request.replacementOrderId}`)).order;
    expect(replacement).toMatchObject({ receiverPhone: PHONE, address: STREET, contactMasked: false });
    expect((await ok('warehouse', `/api/aftersales/${reissue.request.id}`)).afterSale).toMatchObject({ description: TEXT, contactMasked: false });
    expect((await ok('warehouse', '/api/tasks')).tasks).toMatchObject([{ afterSaleId: reissue.request.id, contactMasked: false }]);
  });

  it('are masked for finance, whose refund task needs neither, everywhere it looks', async () => {
    const ticket = (await ok('finance', `/api/tickets/${refund.ticketId}`)).ticket;
    expect(ticket.contactMasked).toBe(true);
    expect(ticket.description).toBe(`请补发到浙江省杭州市西湖区****，电话 ${MASKED_PHONE}`);
    const order = (await ok('finance', `/api/orders/${refund.order.id}`)).order;
    expect(order).toMatchObject({
      receiverPhone: MASKED_PHONE,
      province: '浙江省',
      city: '杭州市',
      district: '西湖区',
      address: '****',
      receiverName: '林**',
    });
    const everything = JSON.stringify([
      ticket,
      order,
      await ok('finance', `/api/tickets/${refund.ticketId}/timeline`),
      await ok('finance', `/api/aftersales/${refund.request.id}`),
      await ok('finance', '/api/tasks'),
      await ok('finance', '/api/orders'),
      await ok('finance', '/api/tickets'),
    ]);
    expect(everything).not.toContain(PHONE);
    expect(everything).not.toContain('文三路');
  });

  it('are masked again once the warehouse has shipped (its task done)', async () => {
    const [task] = (await ok('warehouse', '/api/tasks')).tasks;
    const done = await t.as('warehouse')({
      method: 'PATCH',
      url: `/api/tasks/${task.id}`,
      payload: { version: task.version, state: 'done', answer: '已发出' },
    });
    expect(done.statusCode, done.body).toBe(200);
    expect((await ok('warehouse', `/api/orders/${reissue.order.id}`)).order).toMatchObject({ receiverPhone: MASKED_PHONE, address: '****' });
    expect((await ok('warehouse', `/api/tickets/${reissue.ticketId}`)).ticket.contactMasked).toBe(true);
  });
});
