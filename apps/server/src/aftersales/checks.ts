import {
  approvalNeed,
  hasLeftWarehouse,
  MONEY_BACK_KINDS,
  policyChecks,
  type AfterSaleKind,
  type AfterSalePolicy,
  type AfterSaleReason,
  type AfterSaleState,
  type OrderStatus,
} from '@kefu/domain';
import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import { getSetting } from '../settings/service.ts';
import { orderChain, orderLines, type OrderChain } from './chain.ts';

/** Kinds whose amount leaves the shop's account, and so is bounded by what the shopper paid. */
export const PAYS_OUT = MONEY_BACK_KINDS as AfterSaleKind[];

/** Kinds about goods the shopper has received: none before the order left the warehouse. */
const AFTER_DELIVERY: readonly AfterSaleKind[] = ['return', 'exchange', 'repair', 'reissue', 'refund'];

/**
 * Why a request cannot be opened as asked, naming the field, or null. A return or an exchange says which goods come
 * back (lines, each with a quantity); money back is more than ¥0; before the order has shipped there is nothing to
 * return, exchange, repair or reissue, and money back for an unshipped order is its cancellation (DOMAIN §2: cancel
 * the order or its lines, which hands finance the refund task) — only a compensation may come before shipping.
 */
export function openingRefusal(
  request: { kind: AfterSaleKind; lines: readonly { quantity: number }[]; amountFen: number },
  order: { status: string; shipped_at: Date | null },
): { field: string; reason: string } | null {
  const shipped = order.shipped_at !== null || hasLeftWarehouse(order.status as OrderStatus);
  if (!shipped && AFTER_DELIVERY.includes(request.kind))
    return request.kind === 'refund'
      ? { field: 'body.kind', reason: 'the order has not shipped: cancel the order or its lines instead (finance gets the refund task)' }
      : { field: 'body.kind', reason: 'the order has not shipped: there is nothing to return, exchange, repair or reissue yet' };
  if ((request.kind === 'return' || request.kind === 'exchange') && !request.lines.some((l) => l.quantity > 0))
    return { field: 'body.lines', reason: 'a return or an exchange names the order lines coming back, each with a quantity above 0' };
  if (PAYS_OUT.includes(request.kind) && request.amountFen <= 0) return { field: 'body.amountFen', reason: 'must be more than ¥0' };
  return null;
}

/** What is left to pay out on an order: what the shopper paid less every live refund and compensation on it. */
export async function refundableFen(tx: Tx, orderId: number, totalFen: number, exceptId: number | null) {
  let q = tx
    .selectFrom('after_sales')
    .select(sql<string>`coalesce(sum(amount_fen), 0)`.as('fen'))
    .where('order_id', '=', orderId)
    .where('kind', 'in', PAYS_OUT)
    .where('state', 'not in', ['rejected', 'cancelled'])
    .where('rejected_at', 'is', null);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return totalFen - Number((await q.executeTakeFirstOrThrow()).fen);
}

/**
 * Whether approving `a` needs a supervisor, weighed on the running total of its order's replacement chain (see
 * `approvalNeed`, `orderChain`). Inside an approval the caller holds the chain's root row lock, so concurrent
 * approvals anywhere on one chain see each other.
 */
export async function approvalFor(
  tx: Db | Tx,
  a: { id: number; order_id: number; kind: string; amount_fen: number; goods_fen: number; complex: boolean },
  policy: AfterSalePolicy,
  chain?: OrderChain,
) {
  const { orderIds } = chain ?? (await orderChain(tx, a.order_id));
  const others = await tx
    .selectFrom('after_sales')
    .select(['kind', 'state', 'amount_fen', 'goods_fen', 'approved_at', 'rejected_at'])
    .where('order_id', 'in', orderIds)
    .where('id', '<>', a.id)
    .execute();
  return approvalNeed(
    { kind: a.kind as AfterSaleKind, amountFen: Number(a.amount_fen), goodsFen: Number(a.goods_fen), complex: a.complex },
    others.map((o) => ({
      kind: o.kind as AfterSaleKind,
      state: o.state as AfterSaleState,
      amountFen: Number(o.amount_fen),
      goodsFen: Number(o.goods_fen),
      approved: o.approved_at !== null,
      rejected: o.rejected_at !== null,
    })),
    policy,
  );
}

async function evidenceCount(tx: Db | Tx, ticketId: number) {
  const row = await tx
    .selectFrom('attachments')
    .select(sql<string>`count(*)`.as('n'))
    .where('ticket_id', '=', ticketId)
    .where((eb) => eb.or([eb('content_type', 'like', 'image/%'), eb('content_type', 'like', 'video/%')]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function currentChecks(
  tx: Db | Tx,
  a: { kind: string; reason: string; order_id: number; ticket_id: number; goods_intact: boolean | null; lines: unknown[] },
  now: Date,
) {
  const order = await tx.selectFrom('orders').select(['shipped_at', 'delivered_at']).where('id', '=', a.order_id).executeTakeFirstOrThrow();
  const chosen = new Set((a.lines as { lineId: number }[]).map((l) => l.lineId));
  const lines = (await orderLines(tx, a.order_id)).filter((l) => chosen.size === 0 || chosen.has(l.id));
  const policy = (await getSetting(tx, 'afterSalePolicy')).value;
  return policyChecks(
    {
      kind: a.kind as AfterSaleKind,
      reason: a.reason as AfterSaleReason,
      receivedAt: order.delivered_at ?? order.shipped_at,
      warrantyDays: lines.length ? Math.min(...lines.map((l) => l.warranty_days ?? 0)) : 0,
      goodsIntact: a.goods_intact,
      evidenceCount: await evidenceCount(tx, a.ticket_id),
      now,
    },
    policy,
  );
}
