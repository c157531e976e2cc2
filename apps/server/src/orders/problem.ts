import type { ProblemOrderKind } from '@kefu/domain';
import type { Db } from '../db/database.ts';
import type { Principal } from '../http/context.ts';
import { notFound } from '../http/errors.ts';
import { createTicket } from '../tickets/service.ts';

export const PROBLEM_KIND_LABEL: Record<ProblemOrderKind, string> = {
  quality: '质量问题',
  wrong_item: '错发漏发',
  refused: '拒收',
  return: '退货',
  courier: '快递问题',
};

/**
 * 问题订单: a ticket on the order, 处理中 at once, closed as 处理完毕 (solved). Its promises are the ticket's clocks
 * under the "问题订单" policy (answered within 30 minutes, DOMAIN.md; a miss raises the priority one step).
 */
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
  });
}
