import { inviteRefusal, type ComplaintKind, type ReviewEscalation, type ReviewPlatform, type ReviewSentiment } from '@kefu/domain';
import type { Review, ReviewListItem, ReviewListQuery } from '@kefu/protocol/api/reviews';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../db/database.ts';
import { notFound } from '../http/errors.ts';

type Filters = z.output<typeof ReviewListQuery>;

/** The running reply clock of each review, as columns of the list. */
function listQuery(db: Db) {
  return db
    .selectFrom('reviews as r')
    .leftJoin('sla_clocks as k', (j) =>
      j
        .onRef('k.subject_id', '=', 'r.id')
        .on('k.subject_kind', '=', 'review')
        .on('k.metric', '=', 'review_reply')
        .on('k.state', 'in', ['running', 'paused']),
    )
    .selectAll('r')
    .select(['k.due_at as clock_due_at', 'k.breached_at as clock_breached_at']);
}

type ListRow = Awaited<ReturnType<ReturnType<typeof listQuery>['execute']>>[number];

export function presentListItem(r: ListRow): z.output<typeof ReviewListItem> {
  return {
    id: r.id,
    platform: r.platform as ReviewPlatform,
    externalId: r.external_id,
    orderNo: r.order_no,
    productTitle: r.product_title,
    productId: r.product_id,
    buyerNick: r.buyer_nick,
    stars: r.stars,
    content: r.content,
    reviewedAt: r.reviewed_at,
    sentiment: r.sentiment as ReviewSentiment,
    negativeProbability: Number(r.negative_probability),
    middling: r.middling,
    complaintKind: r.complaint_kind as ComplaintKind,
    repliedAt: r.replied_at,
    dueAt: r.clock_due_at,
    breached: Boolean(r.clock_breached_at) || (r.clock_due_at !== null && r.clock_due_at < new Date()),
    escalation: r.escalation as ReviewEscalation | null,
    version: r.version,
  };
}

export async function listReviews(db: Db, f: Filters) {
  let q = listQuery(db);
  if (f.platform) q = q.where('r.platform', '=', f.platform);
  if (f.sentiment) q = q.where('r.sentiment', '=', f.sentiment);
  if (f.stars) q = q.where('r.stars', '=', f.stars);
  if (f.middling) q = q.where('r.middling', '=', f.middling === 'true');
  if (f.answered) q = q.where('r.replied_at', f.answered === 'true' ? 'is not' : 'is', null);
  if (f.overdue) q = q.where('k.due_at', '<', new Date());
  if (f.productId) q = q.where('r.product_id', '=', f.productId);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([eb('r.content', 'like', like), eb('r.product_title', 'like', like), eb('r.buyer_nick', 'like', like), eb('r.order_no', '=', f.q!)]),
    );
  }
  const [rows, count] = await Promise.all([
    // Unanswered 中差评 first, the clock's earliest due on top; then the newest.
    q
      .orderBy(sql`(r.middling and r.replied_at is null)`, 'desc')
      .orderBy(sql`k.due_at asc nulls last`)
      .orderBy('r.reviewed_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    q
      .clearSelect()
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(presentListItem), total: Number(count.n) };
}

export async function getReview(db: Db, id: number): Promise<z.output<typeof Review>> {
  const r = await listQuery(db).where('r.id', '=', id).executeTakeFirst();
  if (!r) throw notFound('review');
  const [order, customer, product, repliedBy, afterSale, events] = await Promise.all([
    r.order_id ? db.selectFrom('orders').select(['id', 'order_no']).where('id', '=', r.order_id).executeTakeFirst() : null,
    r.customer_id ? db.selectFrom('customers').select(['id', 'name']).where('id', '=', r.customer_id).executeTakeFirst() : null,
    r.product_id ? db.selectFrom('products').select(['id', 'name', 'sku']).where('id', '=', r.product_id).executeTakeFirst() : null,
    r.replied_by ? db.selectFrom('users').select('display_name').where('id', '=', r.replied_by).executeTakeFirst() : null,
    r.after_sale_id ? db.selectFrom('after_sales').select(['id', 'state', 'ticket_id']).where('id', '=', r.after_sale_id).executeTakeFirst() : null,
    db
      .selectFrom('review_events as e')
      .leftJoin('users as u', 'u.id', 'e.actor_id')
      .select(['e.id', 'e.kind', 'e.data', 'e.created_at', 'u.display_name'])
      .where('e.review_id', '=', id)
      .orderBy('e.id')
      .execute(),
  ]);
  return {
    ...presentListItem(r),
    appended: r.appended,
    source: r.source as 'webhook' | 'import',
    sku: r.sku,
    order: order ? { id: order.id, label: order.order_no } : null,
    customer: customer ? { id: customer.id, label: customer.name } : null,
    product: product ? { id: product.id, label: `${product.name}（${product.sku}）` } : null,
    reply: r.reply,
    repliedBy: repliedBy?.display_name ?? null,
    afterSaleId: r.after_sale_id,
    afterSaleTicketId: afterSale?.ticket_id ?? null,
    followUpId: r.follow_up_id,
    escalationReason: r.escalation_reason,
    escalatedAt: r.escalated_at,
    invitedAt: r.invited_at,
    inviteRefusal: inviteRefusal({
      middling: r.middling,
      repliedAt: r.replied_at,
      invitedAt: r.invited_at,
      afterSaleStatus: afterSale?.state ?? null,
    }),
    events: events.map((e) => ({
      id: String(e.id),
      kind: e.kind,
      actorName: e.display_name,
      data: e.data,
      createdAt: e.created_at,
    })),
  };
}
