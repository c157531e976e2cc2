import type { OrderPlatform } from '@kefu/domain';
import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';
import type { Principal } from '../http/context.ts';
import { keepOrderPromises } from '../orders/checks.ts';
import { orderEvent } from '../orders/service.ts';
import { readPolicies } from '../sla/policies.ts';
import { orderLines } from './chain.ts';

/**
 * 补换订单: a zero-price copy of the reissued lines, linked to the original and marked as not collecting payment;
 * confirmed by the approval and owed shipping like any paid order.
 */
export async function createReplacementOrder(
  tx: Tx,
  actor: Principal,
  orderId: number,
  chosen: { lineId: number; quantity: number }[],
  afterSaleId: number,
) {
  const original = await tx.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow();
  const lines = await orderLines(tx, orderId);
  const count = await tx
    .selectFrom('orders')
    .select(sql<string>`count(*)`.as('n'))
    .where('original_order_id', '=', orderId)
    .executeTakeFirstOrThrow();
  const now = new Date();
  const replacement = await tx
    .insertInto('orders')
    .values({
      platform: original.platform,
      order_no: `${original.order_no}-BF${Number(count.n) + 1}`,
      customer_id: original.customer_id,
      status: 'paid',
      total_fen: 0,
      kind: 'replacement',
      original_order_id: orderId,
      collect_payment: false,
      buyer_nick: original.buyer_nick,
      receiver_name: original.receiver_name,
      receiver_phone: original.receiver_phone,
      province: original.province,
      city: original.city,
      district: original.district,
      address: original.address,
      remark: `补发 · 原订单 ${original.order_no}`,
      created_at: now,
      paid_at: now,
      confirmed_at: now,
      confirmed_by: actor.id,
      source: 'api',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const copy = chosen.length ? chosen : lines.map((l) => ({ lineId: l.id, quantity: l.quantity }));
  await tx
    .insertInto('order_lines')
    .values(
      copy.map((c) => {
        const l = lines.find((x) => x.id === c.lineId)!;
        return { order_id: replacement.id, product_id: l.product_id, sku: l.sku, title: l.title, quantity: c.quantity, unit_price_fen: 0 };
      }),
    )
    .execute();
  const promised = {
    id: replacement.id,
    platform: original.platform as OrderPlatform,
    status: 'paid' as const,
    segment: null,
    fresh: true,
    placedAt: now,
  };
  await keepOrderPromises(tx, [{ ...promised, confirmedAt: now, paidAt: now, shippedAt: null }], await readPolicies(tx), now);
  await orderEvent(tx, orderId, actor.id, 'replacement_created', { replacementOrderId: replacement.id, afterSaleId });
  return replacement.id;
}
