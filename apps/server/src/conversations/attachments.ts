import { isSafeLink } from '@kefu/domain';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { badRequest } from '../http/errors.ts';

/**
 * What a card carries (a message's `data`). A shopper's order card shows the order (status, total, tracking, dates)
 * only when the order is their PROVEN customer's (customerId is set only by a signed identity or a code); otherwise
 * the number alone, whether or not such an order exists. Staff cards show the order. A text needs no query.
 */
export async function attachmentData(
  db: Db,
  shopId: number,
  kind: string,
  body: string,
  customerId: number | null,
  sentBy: 'shopper' | 'staff' = 'staff',
): Promise<Record<string, unknown>> {
  if (kind === 'image') {
    const file = await db.selectFrom('chat_files').select('id').where('id', '=', body).where('shop_id', '=', shopId).executeTakeFirst();
    if (!file) throw badRequest('body', 'no such image; upload it first with POST /api/chat/files');
    return { url: `/api/chat/files/${file.id}` };
  }
  if (kind === 'product') {
    // A product card: the agent sends the product's id; the card carries what the shopper sees.
    const id = /^\d{1,9}$/.test(body) ? Number(body) : 0;
    const product = await db
      .selectFrom('products')
      .select(['id', 'sku', 'name', 'price_fen', 'stock', 'images'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!product) throw badRequest('body', 'no such product');
    return {
      productId: product.id,
      sku: product.sku,
      name: product.name,
      priceFen: Number(product.price_fen),
      inStock: product.stock > 0,
      image: product.images.find(isSafeLink) ?? null,
    };
  }
  if (kind === 'order') {
    if (sentBy === 'shopper' && !customerId) return { orderNo: body };
    let q = db.selectFrom('orders').select(['order_no', 'platform', 'status', 'total_fen', 'tracking_no', 'created_at']).where('order_no', '=', body);
    if (sentBy === 'shopper') q = q.where('customer_id', '=', customerId);
    else if (customerId) q = q.orderBy(sql`customer_id = ${customerId}`, 'desc');
    const order = await q.limit(1).executeTakeFirst();
    return order
      ? {
          orderNo: order.order_no,
          platform: order.platform,
          status: order.status,
          totalFen: order.total_fen,
          trackingNo: order.tracking_no,
          createdAt: order.created_at,
        }
      : { orderNo: body };
  }
  return {};
}
