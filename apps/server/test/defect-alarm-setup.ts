import { sql } from 'kysely';
import { expect } from 'vitest';
import { json, type TestApp } from './helpers.ts';

// Shared steps of the quality-alarm tests: products, delivered orders, after-sales and complaints through the API.

const DAY = 86_400_000;
let serial = 0;

export const LEAD_MAIL = { supervisor: 'lead@shop.example', admin: 'boss@shop.example', product: 'product@shop.example' };

export async function setUpShop(t: TestApp) {
  for (const [role, email] of Object.entries(LEAD_MAIL))
    await t.ctx.db.updateTable('users').set({ email }).where('id', '=', t.users[role]!.id).execute();
}

export async function addProduct(t: TestApp, sku: string, name: string, priceFen = 19_900): Promise<number> {
  const row = await t.ctx.db
    .insertInto('products')
    .values({ sku, name, category: '服饰', price_fen: priceFen, warranty_days: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A delivered order of one line of `sku`, placed `placedDaysAgo` days ago. */
export async function deliveredOrder(t: TestApp, sku: string, placedDaysAgo = 3) {
  const placed = new Date(Date.now() - placedDaysAgo * DAY);
  const res = await t.as('agent')({
    method: 'POST',
    url: '/api/orders',
    payload: {
      platform: 'tmall',
      orderNo: `DA${Date.now() % 100000}${++serial}`,
      status: 'delivered',
      buyerNick: `defect_buyer_${serial}`,
      receiver: { name: '林小姐', phone: '13912345678', province: '浙江省', city: '杭州市', address: '文三路 100 号 3 幢 201' },
      lines: [{ sku, title: '商品', quantity: 1, unitPriceFen: 19_900 }],
      createdAt: placed.toISOString(),
      paidAt: placed.toISOString(),
      shippedAt: new Date(placed.getTime() + DAY).toISOString(),
      deliveredAt: new Date(placed.getTime() + 2 * DAY).toISOString(),
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).order as { id: number; createdAt: string; lines: { id: number }[] };
}

export interface OpenedAfterSale {
  id: number;
  ticketId: number;
  version: number;
  order: { id: number; createdAt: string };
}

/** A quality after-sale on a new order of `sku`, described by the shopper as `description`. */
export async function afterSale(
  t: TestApp,
  sku: string,
  description: string,
  options: { kind?: string; reason?: string } = {},
): Promise<OpenedAfterSale> {
  const order = await deliveredOrder(t, sku);
  const res = await t.as('agent')({
    method: 'POST',
    url: '/api/aftersales',
    payload: {
      orderId: order.id,
      kind: options.kind ?? 'return',
      reason: options.reason ?? 'quality',
      description,
      lines: [{ lineId: order.lines[0]!.id, quantity: 1 }],
      goodsIntact: true,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  const a = json(res).afterSale;
  return { id: a.id, ticketId: a.ticketId, version: a.version, order };
}

/** Moves an after-sale back in time, as if it had been opened `days` ago. */
export async function backdate(t: TestApp, afterSaleId: number, days: number) {
  await sql`update after_sales set created_at = ${new Date(Date.now() - days * DAY)} where id = ${afterSaleId}`.execute(t.ctx.db);
}

export async function attachPhoto(t: TestApp, ticketId: number) {
  const boundary = '----kefu-defect-photo';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="缺陷照片.png"\r\nContent-Type: image/png\r\n\r\n`),
    Buffer.from('89504e470d0a1a0a', 'hex'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await t.as('agent')({
    method: 'POST',
    url: `/api/tickets/${ticketId}/attachments`,
    payload: body,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  expect(res.statusCode, res.body).toBe(201);
}

/** Takes a return through to refunded: approved (photo attached as evidence), sent back, received, refunded. */
export async function refund(t: TestApp, a: OpenedAfterSale) {
  let version = a.version;
  for (const [to, role] of [
    ['approved', 'agent'],
    ['in_transit', 'agent'],
    ['received', 'warehouse'],
    ['refunded', 'finance'],
  ] as const) {
    const res = await t.as(role)({
      method: 'POST',
      url: `/api/aftersales/${a.id}/transition`,
      payload: { version, to, ...(to === 'in_transit' && { returnTrackingNo: 'SF1234567890' }) },
    });
    expect(res.statusCode, `${to}: ${res.body}`).toBe(200);
    version = json(res).afterSale.version;
  }
}

/** The product's alarms as a supervisor sees them. */
export async function alarmsOf(t: TestApp, productId: number) {
  const res = await t.as('supervisor')({ method: 'GET', url: `/api/reports/defect-alarms?productId=${productId}` });
  expect(res.statusCode, res.body).toBe(200);
  return json(res).alarms as { id: number; defect: string; caseCount: number; state: string; version: number; taskId: number | null }[];
}

export async function casesOf(t: TestApp, alarmId: number) {
  const res = await t.as('product')({ method: 'GET', url: `/api/reports/defect-alarms/${alarmId}` });
  expect(res.statusCode, res.body).toBe(200);
  return json(res).cases as { kind: string; id: number; ticketNumber: string; description: string }[];
}
