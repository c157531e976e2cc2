import { audit } from '../audit/audit.ts';
import { createTask } from '../collaboration/service.ts';
import type { Db } from '../db/database.ts';
import { checkRowVersion, nextVersion } from '../db/versioned.ts';
import type { Principal } from '../http/context.ts';
import { badRequest, conflict, notFound } from '../http/errors.ts';
import { applyLineChange, orderEvent } from './service.ts';

/** The agent's answer (or "unreachable, follow-up set") is due back to the product manager within 5 minutes. */
export const SUBSTITUTION_ANSWER_MINUTES = 5;

/** Out of stock (缺货): a product manager proposes a similar item for one line. */
export async function proposeSubstitution(
  db: Db,
  actor: Principal,
  orderId: number,
  input: { orderLineId: number; productId: number; note?: string },
) {
  return db.transaction().execute(async (tx) => {
    const line = await tx
      .selectFrom('order_lines')
      .select(['id', 'title', 'status'])
      .where('id', '=', input.orderLineId)
      .where('order_id', '=', orderId)
      .executeTakeFirst();
    if (!line) throw badRequest('body.orderLineId', 'no such line on this order');
    if (line.status !== 'active') throw badRequest('body.orderLineId', `the line is ${line.status}`);
    const now = new Date();
    const sub = await tx
      .insertInto('substitutions')
      .values({
        order_id: orderId,
        order_line_id: line.id,
        product_id: input.productId,
        note: input.note ?? '',
        proposed_by: actor.id,
        proposed_at: now,
        answer_due_at: new Date(now.getTime() + SUBSTITUTION_ANSWER_MINUTES * 60_000),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await orderEvent(tx, orderId, actor.id, 'substitution_proposed', { substitutionId: sub.id, line: line.title, productId: input.productId });
    await audit(tx, {
      actorId: actor.id,
      action: 'order.substitution_propose',
      entity: 'order',
      entityId: orderId,
      detail: { substitutionId: sub.id },
    });
    return sub;
  });
}

export type SubstitutionAnswer = { version: number; outcome: 'accepted' | 'declined' | 'unreachable'; note?: string; followUpAt?: Date };

/**
 * The shopper's answer. Accepted swaps the line; every outcome goes to purchasing at once as a task;
 * "unreachable" needs the follow-up time the agent set.
 */
export async function answerSubstitution(db: Db, actor: Principal, id: number, answer: SubstitutionAnswer) {
  if (answer.outcome === 'unreachable' && !answer.followUpAt) throw badRequest('body.followUpAt', 'set when to try the shopper again');
  await db.transaction().execute(async (tx) => {
    const current = await tx
      .selectFrom('substitutions')
      .innerJoin('products', 'products.id', 'substitutions.product_id')
      .innerJoin('orders', 'orders.id', 'substitutions.order_id')
      .select([
        'substitutions.id',
        'substitutions.version',
        'substitutions.outcome',
        'substitutions.order_id',
        'substitutions.order_line_id',
        'substitutions.product_id',
        'products.name as product_name',
        'orders.order_no',
        'orders.version as order_version',
      ])
      .where('substitutions.id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw notFound('substitution');
    checkRowVersion('substitutions', current, answer.version);
    if (current.outcome && current.outcome !== 'unreachable') throw conflict(`the substitution is already ${current.outcome}`);
    await tx
      .updateTable('substitutions')
      .set({
        outcome: answer.outcome,
        answer_note: answer.note ?? null,
        follow_up_at: answer.followUpAt ?? null,
        answered_by: actor.id,
        answered_at: new Date(),
        version: nextVersion(),
      })
      .where('id', '=', id)
      .execute();
    const words = { accepted: '顾客同意换成', declined: '顾客不同意换成', unreachable: '暂时联系不上顾客，已设回访，关于' }[answer.outcome];
    await createTask(tx, actor.id, {
      orderId: current.order_id,
      department: 'purchasing',
      title: `缺货替换结果 · 订单 ${current.order_no}`,
      description: `${words}「${current.product_name}」${answer.note ? `：${answer.note}` : ''}`,
    });
    await orderEvent(tx, current.order_id, actor.id, 'substitution_answered', { substitutionId: id, outcome: answer.outcome });
    await audit(tx, {
      actorId: actor.id,
      action: 'order.substitution_answer',
      entity: 'order',
      entityId: current.order_id,
      detail: { substitutionId: id, outcome: answer.outcome },
    });
    if (answer.outcome === 'accepted') {
      await applyLineChange(tx, actor, current.order_id, current.order_version, {
        action: 'swap',
        lineId: current.order_line_id,
        productId: current.product_id,
        reason: '缺货替换',
      });
    }
  });
}

/** Proposals still unanswered past their 5 minutes, for the product manager's and the supervisor's lists. */
export function lateSubstitutions(db: Db, now = new Date()) {
  return db
    .selectFrom('substitutions')
    .innerJoin('orders', 'orders.id', 'substitutions.order_id')
    .select(['substitutions.id', 'substitutions.order_id', 'orders.order_no', 'substitutions.answer_due_at'])
    .where('outcome', 'is', null)
    .where('answer_due_at', '<', now)
    .orderBy('answer_due_at')
    .limit(200)
    .execute();
}
