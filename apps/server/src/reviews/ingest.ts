import { defaultSentimentModel } from '@kefu/nlp';
import { complaintKind, reviewVerdict, type SlaPolicy } from '@kefu/domain';
import type { ReviewInput } from '@kefu/protocol/api/reviews';
import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';
import { recordEvents } from '../events/record.ts';
import { planClocks, startClocksMany } from '../sla/clock.ts';

export interface ReviewIngest {
  received: number;
  duplicates: number;
  ids: number[];
}

interface Links {
  orders: Map<string, { id: number; customerId: number | null; productId: number | null }>;
  customersByNick: Map<string, number>;
  productsBySku: Map<string, number>;
  productsByTitle: Map<string, number>;
}

const key = (platform: string, value: string) => `${platform}\u0000${value}`;

/**
 * The order (platform + order number; tmall reviews also find taobao orders, one seller centre), the customer (the
 * order's, else the one whose earlier order on the platform had this buyer nick) and the product (SKU, else the
 * order's only product, else the longest product name the title contains), for a whole batch in four statements.
 */
async function findLinks(tx: Tx, reviews: readonly ReviewInput[]): Promise<Links> {
  const orderNos = [...new Set(reviews.flatMap((r) => (r.orderNo ? [r.orderNo] : [])))];
  const nicks = [...new Set(reviews.flatMap((r) => (r.buyerNick ? [r.buyerNick] : [])))];
  const skus = [...new Set(reviews.flatMap((r) => (r.sku ? [r.sku] : [])))];
  const titles = [...new Set(reviews.flatMap((r) => (r.productTitle && !r.sku ? [r.productTitle] : [])))];
  const links: Links = { orders: new Map(), customersByNick: new Map(), productsBySku: new Map(), productsByTitle: new Map() };
  const [orders, nickRows, skuRows, titleRows] = await Promise.all([
    orderNos.length
      ? sql<{ id: number; platform: string; order_no: string; customer_id: number | null; product_id: number | null }>`
          select o.id, o.platform, o.order_no, o.customer_id,
            (select min(l.product_id) from order_lines l where l.order_id = o.id having count(distinct l.product_id) = 1) as product_id
          from orders o where o.order_no = any(${orderNos}::text[])`.execute(tx)
      : null,
    nicks.length
      ? sql<{ platform: string; buyer_nick: string; customer_id: number }>`
          select distinct on (platform, buyer_nick) platform, buyer_nick, customer_id from orders
          where buyer_nick = any(${nicks}::text[]) and customer_id is not null order by platform, buyer_nick, created_at desc`.execute(tx)
      : null,
    skus.length ? tx.selectFrom('products').select(['id', 'sku']).where('sku', 'in', skus).execute() : [],
    titles.length
      ? sql<{ title: string; id: number }>`
          select distinct on (t.title) t.title, p.id from unnest(${titles}::text[]) as t(title)
          join products p on length(p.name) >= 2 and strpos(t.title, p.name) > 0 order by t.title, length(p.name) desc`.execute(tx)
      : null,
  ]);
  for (const o of orders?.rows ?? []) {
    links.orders.set(key(o.platform, o.order_no), { id: o.id, customerId: o.customer_id, productId: o.product_id });
  }
  for (const n of nickRows?.rows ?? []) links.customersByNick.set(key(n.platform, n.buyer_nick), n.customer_id);
  for (const p of skuRows) links.productsBySku.set(p.sku, p.id);
  for (const t of titleRows?.rows ?? []) links.productsByTitle.set(t.title, t.id);
  return links;
}

/** The order platforms a review platform's orders are kept under. */
const ORDER_PLATFORMS_OF: Record<string, string[]> = { taobao: ['taobao', 'tmall'], tmall: ['tmall', 'taobao'], jd: ['jd'], pdd: ['pdd'] };

function linksOf(links: Links, r: ReviewInput) {
  const order = r.orderNo ? ORDER_PLATFORMS_OF[r.platform]!.map((p) => links.orders.get(key(p, r.orderNo!))).find(Boolean) : undefined;
  const customerId =
    order?.customerId ?? ORDER_PLATFORMS_OF[r.platform]!.map((p) => links.customersByNick.get(key(p, r.buyerNick))).find(Boolean) ?? null;
  const productId = (r.sku && links.productsBySku.get(r.sku)) || order?.productId || links.productsByTitle.get(r.productTitle) || null;
  return { orderId: order?.id ?? null, customerId, productId };
}

/**
 * Stores a batch of reviews inside the caller's transaction: each classified (the review-sentiment model on the text
 * and its 追评, and the stars), linked, written once (a platform review id seen before is a duplicate and changes
 * nothing), a 中差评 put on the `review_reply` clock, and `review.received` recorded. A fixed number of statements
 * however large the batch.
 */
export async function ingestReviews(
  tx: Tx,
  reviews: readonly ReviewInput[],
  source: 'webhook' | 'import',
  policies: readonly SlaPolicy[],
  now = new Date(),
): Promise<ReviewIngest> {
  if (!reviews.length) return { received: 0, duplicates: 0, ids: [] };
  const model = defaultSentimentModel();
  const links = await findLinks(tx, reviews);
  const rows = reviews.map((r) => {
    const text = r.appended ? `${r.content}。${r.appended}` : r.content;
    const probability = model.predict(text).probability;
    const verdict = reviewVerdict(r.stars, probability);
    const link = linksOf(links, r);
    return {
      platform: r.platform,
      external_id: r.reviewId,
      source,
      order_no: r.orderNo ?? null,
      order_id: link.orderId,
      customer_id: link.customerId,
      product_id: link.productId,
      product_title: r.productTitle,
      sku: r.sku ?? null,
      buyer_nick: r.buyerNick,
      stars: r.stars,
      content: r.content,
      appended: r.appended ?? null,
      reviewed_at: new Date(r.reviewedAt),
      sentiment: verdict.sentiment,
      negative_probability: Math.round(probability * 1000) / 1000,
      middling: verdict.middling,
      complaint_kind: complaintKind(text),
    };
  });
  // A batch naming one review twice stores it once.
  const unique = [...new Map(rows.map((r) => [key(r.platform, r.external_id), r])).values()];
  const inserted = await tx
    .insertInto('reviews')
    .values(unique)
    .onConflict((oc) => oc.columns(['platform', 'external_id']).doNothing())
    .returning(['id', 'platform', 'external_id', 'middling', 'customer_id'])
    .execute();
  const ids = new Map(inserted.map((r) => [key(r.platform, r.external_id), r.id]));
  const known = unique.filter((r) => !ids.has(key(r.platform, r.external_id)));
  if (known.length) {
    const old = await tx
      .selectFrom('reviews')
      .select(['id', 'platform', 'external_id'])
      .where((eb) => eb.or(known.map((r) => eb.and([eb('platform', '=', r.platform), eb('external_id', '=', r.external_id)]))))
      .execute();
    for (const r of old) ids.set(key(r.platform, r.external_id), r.id);
  }
  if (inserted.length) {
    const planned = planClocks(policies, {}, ['review_reply'], now);
    const middling = inserted.filter((r) => r.middling);
    if (planned.length && middling.length) {
      await startClocksMany(
        tx,
        middling.map((r) => ({ subject: { kind: 'review' as const, id: r.id }, ticketId: null, planned })),
      );
    }
    await tx
      .insertInto('review_events')
      .values(inserted.map((r) => ({ review_id: r.id, kind: 'received', actor_id: null, data: JSON.stringify({ source }) })))
      .execute();
    await recordEvents(
      tx,
      inserted.map((r) => ({
        type: 'review.received' as const,
        payload: { reviewId: r.id, platform: r.platform, middling: r.middling, customerId: r.customer_id, source },
      })),
    );
  }
  return {
    received: inserted.length,
    duplicates: reviews.length - inserted.length,
    ids: reviews.map((r) => ids.get(key(r.platform, r.reviewId))!),
  };
}
