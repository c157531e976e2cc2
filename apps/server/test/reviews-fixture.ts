import { signWebhook } from '../src/orders/webhook.ts';
import type { TestApp } from './helpers.ts';

export const REVIEW_SECRET = 'test-review-webhook-secret-0123';

let serial = 0;
/** A review as a marketplace pushes it; a fresh review id each call. */
export function review(overrides: Record<string, unknown> = {}) {
  serial++;
  return {
    platform: 'taobao',
    reviewId: `RV${Date.now()}${serial}`,
    productTitle: '纯棉长袖睡衣套装 粉色 M',
    buyerNick: `t**buyer${serial}`,
    stars: 5,
    content: '面料很舒服，尺码合适，很满意',
    reviewedAt: '2026-11-30T02:00:00Z',
    ...overrides,
  };
}

export function deliverReviews(t: TestApp, body: unknown, options: { timestamp?: number; signature?: string; raw?: string } = {}) {
  const raw = options.raw ?? JSON.stringify(body);
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return t.app.inject({
    method: 'POST',
    url: '/api/webhooks/reviews',
    payload: raw,
    headers: {
      'content-type': 'application/json',
      'x-kefu-timestamp': String(timestamp),
      'x-kefu-signature': options.signature ?? signWebhook(REVIEW_SECRET, timestamp, raw),
    },
  });
}

/** Products, a customer reachable by e-mail and a delivered Taobao order of hers, linked as reviews expect. */
export async function seedShop(t: TestApp) {
  const db = t.ctx.db;
  const products = await db
    .insertInto('products')
    .values([
      { sku: 'PJ-001', name: '纯棉长袖睡衣套装', category: '睡衣', price_fen: 12_900 },
      { sku: 'PJ-002', name: '莫代尔短袖睡衣', category: '睡衣', price_fen: 9_900 },
      { sku: 'QB-001', name: '羽绒被', category: '床品', price_fen: 59_900 },
    ])
    .returning(['id', 'sku'])
    .execute();
  const customer = await db.insertInto('customers').values({ name: '林小鹿', tags: [] }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('customer_identities').values({ customer_id: customer.id, kind: 'email', value: 'xiaolu@example.com' }).execute();
  const order = await db
    .insertInto('orders')
    .values({
      platform: 'taobao',
      order_no: 'TB20261120001',
      customer_id: customer.id,
      status: 'delivered',
      total_fen: 12_900,
      buyer_nick: 't**小鹿',
      paid_at: new Date('2026-11-20T02:00:00Z'),
      shipped_at: new Date('2026-11-21T02:00:00Z'),
      delivered_at: new Date('2026-11-23T02:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const pj = products.find((p) => p.sku === 'PJ-001')!.id;
  await db
    .insertInto('order_lines')
    .values({ order_id: order.id, product_id: pj, quantity: 1, unit_price_fen: 12_900, sku: 'PJ-001', title: '纯棉长袖睡衣套装 粉色 M' })
    .execute();
  return { customerId: customer.id, orderId: order.id, productIds: Object.fromEntries(products.map((p) => [p.sku, p.id])) };
}
