import type { Tx } from '../db/database.ts';
import { recomputeWithin } from '../customers/segments/compute.ts';

const DAY = 86_400_000;

/**
 * Earlier purchases of some demo customers (the demo's own orders are all from the last 90 days), so the computed
 * segments have their VIPs, big spenders and lapsed buyers: every 25th customer bought six times over the past
 * year, another every 25th spent big twice, another bought three times long ago.
 */
async function seedPurchaseHistory(tx: Tx, now: Date) {
  const products = await tx.selectFrom('products').select(['id', 'sku', 'name', 'price_fen']).orderBy('price_fen', 'desc').execute();
  const customers = await tx.selectFrom('customers').select(['id', 'name']).where('merged_into_id', 'is', null).orderBy('id').execute();
  const addresses = await tx.selectFrom('customer_addresses').selectAll().orderBy('is_default', 'desc').orderBy('id').execute();
  const phones = await tx.selectFrom('customer_identities').select(['customer_id', 'value']).where('kind', '=', 'phone').execute();
  const addressOf = new Map([...addresses].reverse().map((a) => [a.customer_id, a]));
  const phoneOf = new Map(phones.map((p) => [p.customer_id, p.value]));
  if (products.length === 0) return;
  // About ¥2,000 an order, in the shop's dearest product.
  const bigOrder = Math.max(1, Math.ceil(200_000 / Math.max(1, products[0]!.price_fen)));
  const plans = customers.flatMap(({ id, name }, i) => {
    const kind = i % 25;
    if (kind === 0) return [0, 1, 2, 3, 4, 5].map((k) => ({ id, name, daysAgo: 100 + k * 45, product: products[0]!, quantity: bigOrder }));
    if (kind === 7) return [0, 1].map((k) => ({ id, name, daysAgo: 120 + k * 90, product: products[0]!, quantity: bigOrder }));
    if (kind === 13) return [0, 1, 2].map((k) => ({ id, name, daysAgo: 150 + k * 60, product: products.at(-1)!, quantity: 1 }));
    return [];
  });
  if (plans.length === 0) return;
  const orders = await tx
    .insertInto('orders')
    .values(
      plans.map((p, n) => {
        const at = new Date(now.getTime() - p.daysAgo * DAY);
        const total = p.product.price_fen * p.quantity;
        const address = addressOf.get(p.id);
        return {
          receiver_name: address?.recipient ?? p.name,
          receiver_phone: address?.phone ?? phoneOf.get(p.id) ?? '13800000000',
          province: address?.province ?? '浙江省',
          city: address?.city ?? '杭州市',
          district: address?.district ?? '',
          address: address?.detail ?? '',
          platform: 'shop',
          order_no: `KF${at.toISOString().slice(0, 10).replaceAll('-', '')}${String(9000 + n)}`,
          customer_id: p.id,
          status: 'completed',
          goods_fen: total,
          total_fen: total,
          created_at: at,
          paid_at: new Date(at.getTime() + 60_000),
          confirmed_at: new Date(at.getTime() + 600_000),
          shipped_at: new Date(at.getTime() + DAY),
          delivered_at: new Date(at.getTime() + 3 * DAY),
          source: 'api',
        };
      }),
    )
    .returning('id')
    .execute();
  await tx
    .insertInto('order_lines')
    .values(
      orders.map((o, n) => ({
        order_id: o.id,
        product_id: plans[n]!.product.id,
        sku: plans[n]!.product.sku,
        title: plans[n]!.product.name,
        quantity: plans[n]!.quantity,
        unit_price_fen: plans[n]!.product.price_fen,
      })),
    )
    .execute();
}

/** The demo's segments are computed from its orders and complaints, as the daily job would (no VIP without orders). */
export async function seedSegments(tx: Tx, now: Date) {
  await seedPurchaseHistory(tx, now);
  const run = await recomputeWithin(tx, 'seed', null, now);
  return run.counts;
}
