import { defaultSentimentModel } from '@kefu/nlp';
import { complaintKind, reviewVerdict, type SlaPolicy } from '@kefu/domain';
import type { ReviewInput } from '@kefu/protocol/api/reviews';
import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import { eventsFrom } from '../events/record.ts';
import { clockInsertFrom, planClocks } from '../sla/clock.ts';
import { linkCtes, siblingPlatform } from './links.ts';

export interface ReviewIngest {
  received: number;
  duplicates: number;
  ids: number[];
}

/** Reviews to store together; `signature` (a webhook delivery's) makes them conditional on its replay guard. */
export interface ReviewDelivery {
  signature?: string;
  reviews: readonly ReviewInput[];
}

/** A delivery's outcome: 'replayed' (nothing of it written) when its signature was remembered already. */
export type DeliveryOutcome = ReviewIngest | 'replayed';

const key = (platform: string, value: string) => `${platform}\u0000${value}`;

/** The columns of one review row as the statement reads them from its JSON parameter (`input`). */
const INPUT_COLUMNS = sql.raw(`n int, d int, platform text, sibling text, external_id text, order_no text, sku text, product_title text,
  buyer_nick text, stars smallint, content text, appended text, reviewed_at timestamptz, sentiment text,
  negative_probability real, middling boolean, complaint_kind text`);

/**
 * Each review classified (the review-sentiment model on the text and its 追评, and the stars), once per platform
 * review id and delivery (a delivery naming one review twice stores it once: its last version, at its first place),
 * numbered in order; `d` is the delivery's index.
 */
function classify(deliveries: readonly ReviewDelivery[]) {
  const model = defaultSentimentModel();
  const classified = (r: ReviewInput, d: number) => {
    const text = r.appended ? `${r.content}。${r.appended}` : r.content;
    const probability = model.predict(text).probability;
    const verdict = reviewVerdict(r.stars, probability);
    return {
      d,
      platform: r.platform,
      sibling: siblingPlatform(r.platform),
      external_id: r.reviewId,
      order_no: r.orderNo ?? null,
      sku: r.sku ?? null,
      product_title: r.productTitle,
      buyer_nick: r.buyerNick,
      stars: r.stars,
      content: r.content,
      appended: r.appended ?? null,
      reviewed_at: new Date(r.reviewedAt).toISOString(),
      sentiment: verdict.sentiment,
      negative_probability: Math.round(probability * 1000) / 1000,
      middling: verdict.middling,
      complaint_kind: complaintKind(text),
    };
  };
  return deliveries
    .flatMap((delivery, d) => {
      const rows = new Map<string, ReturnType<typeof classified>>();
      for (const r of delivery.reviews) rows.set(key(r.platform, r.reviewId), classified(r, d));
      return [...rows.values()];
    })
    .map((row, n) => ({ n, ...row }));
}

/**
 * Stores deliveries of reviews: each review classified, linked (links.ts), written once (a platform review id seen
 * before, or earlier in these deliveries, is a duplicate and changes nothing), a 中差评 put on the `review_reply`
 * clock, its timeline started and `review.received` recorded — all in one statement, so one round trip however many
 * reviews, atomic without a transaction. A signed delivery's signature is remembered by the same statement, and its
 * reviews are stored only if it was not remembered already. Signatures must differ from one another.
 */
export async function storeDeliveries(
  db: Db | Tx,
  deliveries: readonly ReviewDelivery[],
  source: 'webhook' | 'import',
  policies: readonly SlaPolicy[],
  now = new Date(),
): Promise<DeliveryOutcome[]> {
  const rows = classify(deliveries);
  const planned = planClocks(policies, {}, ['review_reply'], now);
  const signatures = deliveries.map((d) => d.signature ?? null);
  const guarded = signatures.some((s) => s !== null);
  const { rows: result } = await sql<{ fresh: string[]; id: number | null; platform: string | null; external_id: string | null }>`
    with fresh as (insert into review_webhook_deliveries (signature)
      select s from unnest(${guarded ? signatures : []}::text[]) as s where s is not null on conflict do nothing returning signature),
    input as (select * from json_to_recordset(${JSON.stringify(rows)}::json) as i(${INPUT_COLUMNS})),
    ${linkCtes({
      orderNos: rows.some((r) => r.order_no),
      buyerNicks: rows.some((r) => r.buyer_nick),
      skus: rows.some((r) => r.sku),
      titles: rows.some((r) => !r.sku && r.product_title),
    })},
    ins as (
      insert into reviews (platform, external_id, source, order_no, order_id, customer_id, product_id, product_title, sku, buyer_nick,
        stars, content, appended, reviewed_at, sentiment, negative_probability, middling, complaint_kind)
      select platform, external_id, ${source}, order_no, order_id, customer_id, product_id, product_title, sku, buyer_nick,
        stars, content, appended, reviewed_at, sentiment, negative_probability, middling, complaint_kind
      from (
        select distinct on (platform, external_id) * from linked l
        ${guarded ? sql`where (${signatures}::text[])[l.d + 1] is null or (${signatures}::text[])[l.d + 1] in (select signature from fresh)` : sql``}
        order by platform, external_id, n
      ) first_of_each order by n
      on conflict (platform, external_id) do nothing
      returning id, platform, external_id, middling, customer_id
    ),
    middling as (select id from ins where middling),
    clocks as ${clockInsertFrom('middling', 'review', null, planned)},
    timeline as (insert into review_events (review_id, kind, actor_id, data) select id, 'received', null, ${JSON.stringify({ source })}::jsonb from ins),
    ev as ${eventsFrom(
      {
        subject: sql<string>`'review:' || ins.id`,
        type: sql<string>`'review.received'`,
        payload: sql`jsonb_build_object('reviewId', ins.id, 'platform', ins.platform, 'middling', ins.middling, 'customerId', ins.customer_id, 'source', ${source}::text)`,
      },
      sql`ins`,
      sql`ins.id`,
    )}
    select array(select signature from fresh) as fresh, ins.id, ins.platform, ins.external_id
    from (select) one left join ins on true`.execute(db);
  const fresh = new Set(result[0]?.fresh ?? []);
  const inserted = new Map<string, number>();
  for (const r of result) if (r.id !== null) inserted.set(key(r.platform!, r.external_id!), r.id);
  const stored = deliveries.map((d) => d.signature === undefined || fresh.has(d.signature));
  const ids = new Map(inserted);
  const known = rows.filter((r) => stored[r.d] && !ids.has(key(r.platform, r.external_id)));
  if (known.length) {
    const old = await db
      .selectFrom('reviews')
      .select(['id', 'platform', 'external_id'])
      .where((eb) => eb.or(known.map((r) => eb.and([eb('platform', '=', r.platform), eb('external_id', '=', r.external_id)]))))
      .execute();
    for (const r of old) ids.set(key(r.platform, r.external_id), r.id);
  }
  // A review stored now was received by the first stored delivery naming it; any other names it as a duplicate.
  const received = deliveries.map(() => 0);
  const claimed = new Set<string>();
  for (const r of rows) {
    const k = key(r.platform, r.external_id);
    if (stored[r.d] && inserted.has(k) && !claimed.has(k)) {
      claimed.add(k);
      received[r.d]!++;
    }
  }
  return deliveries.map((delivery, d) =>
    stored[d]
      ? {
          received: received[d]!,
          duplicates: delivery.reviews.length - received[d]!,
          ids: delivery.reviews.map((r) => ids.get(key(r.platform, r.reviewId))!),
        }
      : 'replayed',
  );
}

/** Stores a batch of reviews (an import, the demo seed: in the caller's transaction); see storeDeliveries. */
export async function ingestReviews(
  db: Db | Tx,
  reviews: readonly ReviewInput[],
  source: 'webhook' | 'import',
  policies: readonly SlaPolicy[],
  now = new Date(),
): Promise<ReviewIngest> {
  if (!reviews.length) return { received: 0, duplicates: 0, ids: [] };
  const [outcome] = await storeDeliveries(db, [{ reviews }], source, policies, now);
  return outcome as ReviewIngest;
}
