import { afterSaleTransitionError, chinaDate, LEAD_ROLES, type AfterSaleKind, type AfterSaleState, type Department } from '@kefu/domain';
import { audit } from '../audit/audit.ts';
import { createTask } from '../collaboration/service.ts';
import { grantCompensationCoupon } from '../coupons/grant.ts';
import type { Db } from '../db/database.ts';
import { lockVersioned, nextVersion } from '../db/versioned.ts';
import { recordEvent } from '../events/record.ts';
import type { Principal } from '../http/context.ts';
import { badRequest, refuse, refusalError } from '../http/errors.ts';
import { getSetting } from '../settings/service.ts';
import { currentPolicies } from '../sla/policies.ts';
import { lockChain } from './chain.ts';
import { approvalFor, currentChecks } from './checks.ts';
import { movePromises } from './clocks.ts';
import { createReplacementOrder } from './replacement-order.ts';
import { KIND_LABEL, timelineEvent } from './service.ts';

export interface Transition {
  version: number;
  to: AfterSaleState;
  note?: string;
  override?: boolean;
  goodsIntact?: boolean;
  returnTrackingNo?: string;
}

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

function overLimit(need: { measure: 'money' | 'goods' | null; totalFen: number; limitFen: number }) {
  const what = need.measure === 'goods' ? 'goods sent out unpaid' : 'money back';
  return `with this request the order's ${what} comes to ${yuan(need.totalFen)}, above the ${yuan(need.limitFen)} limit, and`;
}

/** Work a department is handed when a request reaches a state. */
const HAND_OFF: Partial<Record<AfterSaleKind, Partial<Record<AfterSaleState, [Department, string]>>>> = {
  return: { approved: ['warehouse', '等待退货包裹'], received: ['finance', '退货已收到，请退款'] },
  exchange: { approved: ['warehouse', '等待换货包裹'], received: ['warehouse', '换货已收到，请发新货'] },
  repair: { approved: ['warehouse', '等待维修件'] },
  refund: { approved: ['finance', '请退款'] },
  reissue: { approved: ['warehouse', '请发补发单'] },
  compensation: { approved: ['finance', '请发放补偿'] },
};

/**
 * Moves a request, by the roles its kind allows. Approval re-runs the policy checks (a failing one is refused
 * unless a supervisor overrides it with a note) and wants a supervisor above the shop's limit and for complex
 * cases. Approving a reissue creates the zero-price replacement order. Every move is on the ticket's timeline, and
 * keeps, voids or starts the request's promises (`promiseMoves`).
 */
export async function transitionAfterSale(db: Db, actor: Principal, id: number, t: Transition, now = new Date()) {
  const policies = await currentPolicies(db);
  return db.transaction().execute(async (tx) => {
    const a = await lockVersioned(tx, 'after_sales', id, t.version);
    const kind = a.kind as AfterSaleKind;
    const from = a.state as AfterSaleState;
    const refused = afterSaleTransitionError(kind, from, t.to, actor.role);
    if (refused) throw refusalError(refused, refused.code === 'invalid_transition' ? 'body.to' : undefined);
    const policy = (await getSetting(tx, 'afterSalePolicy')).value;
    const reviewing = t.to === 'approved' || t.to === 'pending_approval';
    // The limit is per replacement chain: lock its root row so two requests on it are never weighed without each other.
    const need = reviewing ? await approvalFor(tx, a, policy, await lockChain(tx, a.order_id)) : null;
    const supervisor = need?.needsSupervisor ?? false;
    const lead = LEAD_ROLES.includes(actor.role);
    const goodsIntact = t.goodsIntact ?? a.goods_intact;
    if ((t.to === 'rejected' || t.override) && !t.note?.trim())
      throw badRequest('body.note', t.override ? 'say why the policy is overridden' : 'say why the request is rejected');
    if (t.to === 'pending_approval' && !supervisor && (await currentChecks(tx, { ...a, goods_intact: goodsIntact }, now)).every((c) => c.ok)) {
      throw badRequest('body.to', "this request is within the agent's authority and passes the policy: approve or reject it");
    }
    let checks = a.checks;
    if (t.to === 'approved') {
      if (supervisor && !lead)
        throw refuse('needs_supervisor', `${a.complex ? 'a complex case' : overLimit(need!)} needs a supervisor's approval: send it for approval`);
      const fresh = await currentChecks(tx, { ...a, goods_intact: goodsIntact }, now);
      const failed = fresh.filter((c) => !c.ok);
      if (failed.length && !(t.override && lead)) {
        throw refuse('policy_failed', `the request fails the policy: ${failed.map((c) => c.id).join(', ')}`, { checks: fresh });
      }
      if (a.complex && !a.plan) throw badRequest('body.to', 'a complex case needs its plan recorded before approval');
      checks = fresh;
    }

    const set: Record<string, unknown> = { state: t.to, goods_intact: goodsIntact, checks: JSON.stringify(checks) };
    if (t.returnTrackingNo) set.return_tracking_no = t.returnTrackingNo;
    if (t.to === 'approved') Object.assign(set, { approved_by: actor.id, approved_at: now });
    if (t.to === 'rejected') set.rejected_at = now;
    if (t.to === 'approved' && kind === 'reissue')
      set.replacement_order_id = await createReplacementOrder(tx, actor, a.order_id, a.lines as { lineId: number; quantity: number }[], a.id);
    // A coupon compensation is a real code in the shopper's coupons, granted once per request.
    const coupon =
      t.to === 'approved' && kind === 'compensation' && a.compensation_kind === 'coupon'
        ? await grantCompensationCoupon(tx, { afterSaleId: a.id, customerId: a.customer_id, amountFen: Number(a.amount_fen) }, chinaDate(now))
        : null;
    const updated = await tx
      .updateTable('after_sales')
      .set({ ...set, version: nextVersion(), updated_at: now })
      .where('id', '=', id)
      .returning(['version', 'replacement_order_id'])
      .executeTakeFirstOrThrow();
    await movePromises(tx, policies, a, from, t.to, now);

    await timelineEvent(tx, a.ticket_id, actor.id, { afterSaleId: id, kind, from, to: t.to, override: t.override ?? false }, t.note ?? null);
    const moved = { afterSaleId: id, ticketId: a.ticket_id, orderId: a.order_id, kind, from, to: t.to };
    await recordEvent(tx, { type: 'aftersale.moved', payload: moved });
    const handOff = HAND_OFF[kind]?.[t.to];
    if (handOff) {
      const order = await tx.selectFrom('orders').select(['order_no']).where('id', '=', a.order_id).executeTakeFirstOrThrow();
      await createTask(tx, actor.id, {
        ticketId: a.ticket_id,
        orderId: a.order_id,
        afterSaleId: a.id,
        department: handOff[0],
        title: `${handOff[1]} · ${KIND_LABEL[kind]} · 订单 ${order.order_no}`,
        description: [
          a.description,
          Number(a.amount_fen) ? `金额 ${(Number(a.amount_fen) / 100).toFixed(2)} 元` : '',
          a.return_tracking_no ?? t.returnTrackingNo ?? '',
        ]
          .filter(Boolean)
          .join('\n'),
      });
    }
    await audit(tx, {
      actorId: actor.id,
      action: 'aftersale.transition',
      entity: 'after_sale',
      entityId: id,
      detail: { from, to: t.to, override: t.override ?? false, ...(coupon && { couponCode: coupon.code }) },
    });
    return { version: updated.version, replacementOrderId: updated.replacement_order_id };
  });
}
