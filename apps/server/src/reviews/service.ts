import { inviteRefusal, renderReviewReply, type AfterSaleReason, type ComplaintKind, type ReviewEscalation } from '@kefu/domain';
import type { ReviewAfterSaleInput, ReviewDraft } from '@kefu/protocol/api/reviews';
import type { z } from 'zod';
import { createAfterSale } from '../aftersales/service.ts';
import { audit } from '../audit/audit.ts';
import { queueEmail } from '../channels/email.ts';
import type { Config } from '../config.ts';
import type { Db, Tx } from '../db/database.ts';
import { checkRowVersion, lockVersioned, nextVersion } from '../db/versioned.ts';
import { recordEvent } from '../events/record.ts';
import { openFollowUp } from '../follow-ups/service.ts';
import type { Principal } from '../http/context.ts';
import { badRequest, conflict } from '../http/errors.ts';
import { complete } from '../knowledge/llm.ts';
import { queueOutreach } from '../outreach/send.ts';
import { stopClocks } from '../sla/clock.ts';

const ref = (id: number) => ({ kind: 'review' as const, id });

async function timeline(tx: Tx, reviewId: number, actorId: number | null, kind: string, data: Record<string, unknown> = {}) {
  await tx
    .insertInto('review_events')
    .values({ review_id: reviewId, kind, actor_id: actorId, data: JSON.stringify(data) })
    .execute();
}

async function bump(tx: Tx, id: number, set: Record<string, unknown>) {
  await tx
    .updateTable('reviews')
    .set({ ...set, version: nextVersion(), updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/**
 * Records the shop's public answer (the agent posts it in the seller centre: kefu does not post it) and keeps the
 * promise: the reply clock is met. Answering again corrects the recorded text.
 */
export async function replyToReview(db: Db, actor: Principal, id: number, input: { text: string; version: number }) {
  await db.transaction().execute(async (tx) => {
    const review = await lockVersioned(tx, 'reviews', id, input.version);
    const now = new Date();
    await bump(tx, id, { reply: input.text, replied_at: review.replied_at ?? now, replied_by: actor.id });
    await stopClocks(tx, ref(id), 'met', ['review_reply'], now);
    await timeline(tx, id, actor.id, review.replied_at ? 'reply_changed' : 'replied', { text: input.text });
    await audit(tx, { actorId: actor.id, action: 'review.reply', entity: 'review', entityId: id });
  });
}

/** 公关 / 法务: a review that may spread. The flag and reason are kept, and the leads are told by e-mail. */
export async function escalateReview(db: Db, actor: Principal, id: number, input: { to: ReviewEscalation; reason: string; version: number }) {
  await db.transaction().execute(async (tx) => {
    const review = await lockVersioned(tx, 'reviews', id, input.version);
    if (review.escalation) throw conflict(`already escalated to ${review.escalation === 'pr' ? 'PR' : 'legal'}`);
    await bump(tx, id, { escalation: input.to, escalation_reason: input.reason, escalated_at: new Date() });
    await timeline(tx, id, actor.id, 'escalated', { to: input.to, reason: input.reason });
    const team = input.to === 'pr' ? '公关' : '法务';
    const recipients = await tx
      .selectFrom('users')
      .select('email')
      .where('active', '=', true)
      .where('role', 'in', ['supervisor', 'admin'])
      .where('email', 'is not', null)
      .orderBy('id')
      .execute();
    const body = [
      `${actor.displayName} 将一条${review.stars ? `${review.stars} 星` : ''}评价升级给${team}：${input.reason}`,
      '',
      `平台：${review.platform}  订单：${review.order_no ?? '—'}  买家：${review.buyer_nick || '—'}`,
      `商品：${review.product_title || '—'}`,
      `评价内容：${review.content}`,
      ...(review.appended ? [`追评：${review.appended}`] : []),
      '',
      `详情：评价管理 › #${id}（/reviews/${id}）`,
    ].join('\n');
    for (const { email } of recipients) {
      await queueEmail(tx, { recipient: email!, subject: `【kefu 评价升级·${team}】${review.product_title || review.platform}`, body });
    }
    await recordEvent(tx, { type: 'review.escalated', payload: { reviewId: id, to: input.to, reason: input.reason } });
    await audit(tx, { actorId: actor.id, action: 'review.escalate', entity: 'review', entityId: id, detail: { to: input.to } });
  });
}

const AFTER_SALE_REASON: Record<ComplaintKind, AfterSaleReason> = {
  quality: 'quality',
  logistics: 'late',
  description: 'wrong_item',
  service: 'other',
  price: 'other',
  other: 'other',
};

/** An after-sale on the review's order (its own 售后 ticket), by the after-sales rules; the review points at it. */
export async function openAfterSaleFromReview(db: Db, actor: Principal, id: number, input: z.output<typeof ReviewAfterSaleInput>) {
  const review = await db.selectFrom('reviews').selectAll().where('id', '=', id).executeTakeFirst();
  if (!review) throw badRequest('params.id', 'no such review');
  checkRowVersion('reviews', review, input.version);
  if (!review.order_id) throw badRequest('body.kind', 'the review is not linked to an order: open the after-sale from the order');
  if (review.after_sale_id) throw conflict(`after-sale #${review.after_sale_id} was already opened from this review`);
  const afterSaleId = await createAfterSale(db, actor, {
    orderId: review.order_id,
    kind: input.kind,
    reason: AFTER_SALE_REASON[review.complaint_kind as ComplaintKind] ?? 'other',
    description: input.description || `来自${review.stars ? `${review.stars} 星` : ''}评价：${review.content}`.slice(0, 2000),
    lines: [],
    ...(input.amountFen !== undefined && { amountFen: input.amountFen }),
  });
  await db.transaction().execute(async (tx) => {
    await bump(tx, id, { after_sale_id: afterSaleId });
    await timeline(tx, id, actor.id, 'after_sale', { afterSaleId, kind: input.kind });
  });
  return afterSaleId;
}

/** A follow-up (回访) of the reviewer, once per review (follow-ups/ dedupes by key). */
export async function followUpReview(db: Db, actor: Principal, id: number, version: number) {
  return db.transaction().execute(async (tx) => {
    const review = await lockVersioned(tx, 'reviews', id, version);
    if (!review.customer_id) throw badRequest('params.id', 'the review is not linked to a customer');
    if (review.follow_up_id) throw conflict(`follow-up #${review.follow_up_id} was already opened from this review`);
    const opened = await openFollowUp(tx, {
      customerId: review.customer_id,
      reason: 'review',
      subject: ref(id),
      note: `评价：${review.content}`.slice(0, 500),
      dedupeKey: `review:review:${id}`,
    });
    if (!opened) throw conflict('a follow-up was already opened from this review');
    await bump(tx, id, { follow_up_id: opened.id });
    await timeline(tx, id, actor.id, 'follow_up', { followUpId: opened.id });
    return opened.id;
  });
}

/**
 * The invitation to revise (追评/改评邀请), through the outreach queue (opt-out, quiet hours and the frequency cap
 * apply there): once per review, after it was answered and its case solved.
 */
export async function inviteToRevise(db: Db, actor: Principal, id: number, version: number) {
  return db.transaction().execute(async (tx) => {
    const review = await lockVersioned(tx, 'reviews', id, version);
    const afterSale = review.after_sale_id
      ? await tx.selectFrom('after_sales').select('state').where('id', '=', review.after_sale_id).executeTakeFirst()
      : null;
    const refused = inviteRefusal({
      middling: review.middling,
      repliedAt: review.replied_at,
      invitedAt: review.invited_at,
      afterSaleStatus: afterSale?.state ?? null,
    });
    if (refused) throw conflict(refused);
    if (!review.customer_id) throw badRequest('params.id', 'the review is not linked to a customer to invite');
    const result = await queueOutreach(tx, {
      customerId: review.customer_id,
      purpose: 'review_invite',
      templateKey: 'review.invite',
      title: '您的问题处理好了吗？',
      body: `亲，您对「${review.product_title || '商品'}」反映的问题我们已经处理，如果您满意我们的处理，欢迎在订单评价里追评或修改评价，感谢您的支持！`,
      dedupeKey: `review_invite:${id}`,
      caseRef: ref(id),
    });
    if (result.outcome === 'skipped') {
      const why = {
        opted_out: 'the customer opted out',
        no_channel: 'the customer cannot be reached',
        duplicate: 'already invited',
        frequency_cap: 'the customer was contacted too often lately',
      };
      throw conflict(`not sent: ${why[result.reason]}`, { reason: result.reason });
    }
    await bump(tx, id, { invited_at: new Date() });
    await timeline(tx, id, actor.id, 'invited', { outreachId: result.id, channel: result.channel });
    await audit(tx, { actorId: actor.id, action: 'review.invite', entity: 'review', entityId: id });
    return result;
  });
}

/** A reply to start from: the language model's when one is set (falling back to the template), and the suggestions. */
export async function draftReply(db: Db, config: Config, id: number): Promise<z.output<typeof ReviewDraft>> {
  const review = await db.selectFrom('reviews').selectAll().where('id', '=', id).executeTakeFirst();
  if (!review) throw badRequest('params.id', 'no such review');
  const template = renderReviewReply(review.complaint_kind as ComplaintKind, { buyer: review.buyer_nick, product: review.product_title });
  const quick = await db
    .selectFrom('quick_replies')
    .select(['title', 'body'])
    .where('owner_id', 'is', null)
    .where((eb) => eb.or([eb('title', 'like', '%评%'), eb('body', 'like', '%评价%'), eb('title', 'like', '%抱歉%')]))
    .orderBy('id')
    .limit(3)
    .execute();
  const suggestions = [
    { title: '按投诉类型', text: template, source: 'template' as const },
    ...quick.map((q) => ({ title: q.title, text: q.body, source: 'quick_reply' as const })),
  ];
  if (!config.LLM_URL) return { text: template, source: 'template', suggestions };
  try {
    const text = await complete(config, [
      {
        role: 'system',
        content:
          '你是网店客服，为顾客在电商平台留下的中差评写一条公开回复。先真诚致歉，说明会如何处理（客服会主动联系），不推诿、不指责顾客、不泄露订单和个人信息，不承诺资料中没有的补偿，不超过120字，直接给出回复内容。',
      },
      {
        role: 'user',
        content: `商品：${review.product_title || '—'}\n星级：${review.stars ?? '—'}\n评价：${review.content}${review.appended ? `\n追评：${review.appended}` : ''}`,
      },
    ]);
    return { text: text.slice(0, 500), source: 'llm', suggestions };
  } catch {
    return { text: template, source: 'template', suggestions };
  }
}
