import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from './helpers.ts';
import { deliverReviews, review, REVIEW_SECRET, seedShop } from './reviews-fixture.ts';

let t: TestApp;
let shop: Awaited<ReturnType<typeof seedShop>>;
let shortNameId: number;
beforeAll(async () => {
  t = await createTestApp({ ORDER_WEBHOOK_SECRET: REVIEW_SECRET });
  shop = await seedShop(t);
  // A shorter product name the seeded titles also contain: the longest name a title contains wins.
  const short = await t.ctx.db
    .insertInto('products')
    .values({ sku: 'PJ-GENERIC', name: '睡衣', category: '睡衣', price_fen: 5_900 })
    .returning('id')
    .executeTakeFirstOrThrow();
  shortNameId = short.id;
});
afterAll(async () => {
  await t.close();
});

async function stored(body: unknown) {
  const res = await deliverReviews(t, body);
  expect(res.statusCode, res.body).toBe(200);
  const ids = json(res).ids as number[];
  return t.ctx.db.selectFrom('reviews').selectAll().where('id', 'in', ids).orderBy('id').execute();
}

describe('review links', () => {
  it("finds a 天猫 review's order among the 淘宝 orders, with its customer and its only product over the title", async () => {
    const [row] = await stored({ review: review({ platform: 'tmall', orderNo: 'TB20261120001', productTitle: '羽绒被 加厚' }) });
    expect(row).toMatchObject({ order_id: shop.orderId, customer_id: shop.customerId, product_id: shop.productIds['PJ-001'] });
  });

  it('finds the customer by the buyer nick of an earlier order on the platform (or its sibling), and the product by title', async () => {
    const rows = await stored({
      reviews: [
        review({ platform: 'taobao', buyerNick: 't**小鹿', productTitle: '纯棉长袖睡衣套装 粉色 M' }),
        review({ platform: 'tmall', buyerNick: 't**小鹿', productTitle: '纯棉长袖睡衣套装 粉色 M' }),
        review({ platform: 'jd', buyerNick: 't**小鹿', productTitle: '普通睡衣' }),
        review({ platform: 'taobao', buyerNick: '', sku: 'QB-001', productTitle: '纯棉长袖睡衣套装' }),
      ],
    });
    expect(rows.map((r) => [r.order_id, r.customer_id, r.product_id])).toEqual([
      [null, shop.customerId, shop.productIds['PJ-001']],
      [null, shop.customerId, shop.productIds['PJ-001']],
      [null, null, shortNameId],
      [null, null, shop.productIds['QB-001']],
    ]);
  });

  it('starts the timeline and records review.received with the link, in the statement that stores the review', async () => {
    const [row] = await stored({ review: review({ orderNo: 'TB20261120001', stars: 1, content: '质量太差了，起球' }) });
    const events = await t.ctx.db.selectFrom('domain_events').selectAll().where('subject', '=', `review:${row!.id}`).execute();
    expect(events.map((e) => [e.type, e.payload])).toEqual([
      ['review.received', { reviewId: row!.id, platform: 'taobao', middling: true, customerId: shop.customerId, source: 'webhook' }],
    ]);
    const timeline = await t.ctx.db.selectFrom('review_events').selectAll().where('review_id', '=', row!.id).execute();
    expect(timeline.map((e) => [e.kind, e.actor_id, e.data])).toEqual([['received', null, { source: 'webhook' }]]);
  });

  it('records nothing for a review delivered again', async () => {
    const again = review({ stars: 1, content: '质量太差了' });
    const [row] = await stored({ review: again });
    // Another body (a batch of one): the same body within the same second would be a replayed delivery.
    const res = await deliverReviews(t, { reviews: [again] });
    expect(json(res)).toEqual({ received: 0, duplicates: 1, ids: [row!.id] });
    const events = await t.ctx.db.selectFrom('domain_events').select('id').where('subject', '=', `review:${row!.id}`).execute();
    expect(events).toHaveLength(1);
    const clocks = await t.ctx.db
      .selectFrom('sla_clocks')
      .select('id')
      .where('subject_kind', '=', 'review')
      .where('subject_id', '=', row!.id)
      .execute();
    expect(clocks).toHaveLength(1);
  });
});
