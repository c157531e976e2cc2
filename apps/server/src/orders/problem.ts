import { PROBLEM_ORDER_ANSWER_MINUTES, type ProblemOrderKind } from '@kefu/domain';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Principal } from '../http/context.ts';
import { notFound } from '../http/errors.ts';
import { createTicket } from '../tickets/service.ts';
import { timelineEntriesFrom, timelineEventsFrom } from '../tickets/timeline.ts';

export const PROBLEM_KIND_LABEL: Record<ProblemOrderKind, string> = {
  quality: '质量问题',
  wrong_item: '错发漏发',
  refused: '拒收',
  return: '退货',
  courier: '快递问题',
};

/** 问题订单: a ticket on the order, 处理中 at once, to be answered within 30 minutes, closed as 处理完毕 (solved). */
export async function openProblemOrder(db: Db, actor: Principal, orderId: number, input: { kind: ProblemOrderKind; description: string }) {
  const order = await db.selectFrom('orders').select(['id', 'order_no', 'customer_id']).where('id', '=', orderId).executeTakeFirst();
  if (!order) throw notFound('order');
  return createTicket(db, actor, {
    type: 'problem_order',
    subject: `${PROBLEM_KIND_LABEL[input.kind]} · 订单 ${order.order_no}`,
    description: input.description,
    orderId,
    customerId: order.customer_id,
    assigneeId: actor.id,
    tags: [PROBLEM_KIND_LABEL[input.kind]],
    priority: input.kind === 'quality' || input.kind === 'wrong_item' ? 'high' : 'normal',
    answerDueAt: new Date(Date.now() + PROBLEM_ORDER_ANSWER_MINUTES * 60_000),
  });
}

/**
 * Problem orders not answered within their 30 minutes: raised to urgent and noted once on the timeline,
 * where the assignee and supervisors see it.
 */
export async function flagUnansweredProblemOrders(db: Db, now = new Date()): Promise<number> {
  const { rows } = await sql<{ id: number }>`
    with late as (
      update tickets set priority = 'urgent', version = version + 1, updated_at = now()
      where answer_due_at < ${now} and answered_at is null and status not in ('solved', 'closed')
        and not exists (select 1 from ticket_events e where e.ticket_id = tickets.id and e.kind = 'answer_overdue')
      returning id, answer_due_at
    ),
    e as ${timelineEntriesFrom('late', null, 'answer_overdue', sql`jsonb_build_object('dueAt', late.answer_due_at)`)},
    ev as ${timelineEventsFrom('e')}
    select ticket_id as id from e`.execute(db);
  return rows.length;
}
