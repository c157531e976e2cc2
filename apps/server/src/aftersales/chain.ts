import { unitWorthFen, type GoodsLine } from '@kefu/domain';
import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';

/**
 * An order's replacement chain: the root order (the one the shopper paid for) and every replacement order sent
 * for it, at any depth. Approval totals and their row lock are kept per chain, so reissuing a replacement order
 * adds to what was already sent for the original instead of starting again at ¥0.
 */
export interface OrderChain {
  rootId: number;
  orderIds: number[];
}

export async function orderChain(db: Db | Tx, orderId: number): Promise<OrderChain> {
  // `union` (not `union all`) stops at a row already seen, so even a corrupt loop of links ends.
  const { rows } = await sql<{ id: number; root_id: number }>`
    with recursive up(id, parent) as (
      select id, original_order_id from orders where id = ${orderId}
      union
      select o.id, o.original_order_id from orders o join up on o.id = up.parent
    ), root as (select id from up where parent is null order by id limit 1),
    down(id) as (
      select id from root
      union
      select o.id from orders o join down on o.original_order_id = down.id
    )
    select down.id, (select id from root) as root_id from down`.execute(db);
  if (rows.length === 0) return { rootId: orderId, orderIds: [orderId] };
  return { rootId: Number(rows[0]!.root_id), orderIds: rows.map((r) => Number(r.id)) };
}

/** Locks the chain's root order row: every approval total on the chain is added up under this one lock. */
export async function lockChain(tx: Tx, orderId: number): Promise<OrderChain> {
  const { rootId } = await orderChain(tx, orderId);
  await tx.selectFrom('orders').select('id').where('id', '=', rootId).forUpdate().execute();
  // Read again under the lock: a replacement made by a request approved just before is then in the chain.
  return orderChain(tx, orderId);
}

export async function orderLines(tx: Db | Tx, orderId: number) {
  return tx
    .selectFrom('order_lines')
    .leftJoin('products', 'products.id', 'order_lines.product_id')
    .select([
      'order_lines.id',
      'order_lines.title',
      'order_lines.sku',
      'order_lines.product_id',
      'order_lines.quantity',
      'order_lines.unit_price_fen',
      'products.warranty_days',
      'products.price_fen as product_price_fen',
    ])
    .where('order_id', '=', orderId)
    .execute();
}

type Line = Awaited<ReturnType<typeof orderLines>>[number];
const goodsLine = (l: Line): GoodsLine => ({ productId: l.product_id, sku: l.sku, title: l.title, unitPriceFen: Number(l.unit_price_fen) });

/** Each line's unit worth (see `unitWorthFen`): a replacement order's free copies are valued at the root order's prices. */
export async function lineWorths(db: Db | Tx, orderId: number, lines: Line[]): Promise<Map<number, number>> {
  const { rootId } = await orderChain(db, orderId);
  const rootLines = (rootId === orderId ? lines : await orderLines(db, rootId)).map(goodsLine);
  return new Map(lines.map((l) => [l.id, unitWorthFen(goodsLine(l), rootLines, l.product_price_fen === null ? null : Number(l.product_price_fen))]));
}
