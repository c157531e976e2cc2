import { DEFAULT_ORDER_CHECKS } from '@kefu/domain';
import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';
import { orderConfirmed } from '../orders/checks.ts';
import { upsertOrders } from '../orders/ingest.ts';
import type { OrderInput } from '../orders/input.ts';
import { daysAgo } from './dates.ts';
import type { Random } from './random.ts';
import { PRODUCTS } from './shop.ts';

/**
 * Orders go in the way a marketplace's would, through the ingest path, so their checks are raised; orders
 * older than a day were confirmed by an agent at the time.
 */
export async function seedOrders(tx: Tx, rnd: Random, customerIds: number[], now: Date) {
  const addresses = await tx
    .selectFrom('customer_addresses')
    .innerJoin('customer_identities', 'customer_identities.customer_id', 'customer_addresses.customer_id')
    .select([
      'customer_addresses.customer_id',
      'recipient',
      'customer_addresses.phone',
      'province',
      'city',
      'district',
      'detail',
      'customer_identities.kind',
      'customer_identities.value',
    ])
    .where('customer_identities.kind', 'in', ['taobao', 'jd', 'pdd'])
    .execute();
  const byCustomer = new Map(addresses.map((a) => [a.customer_id, a]));
  const inputs: OrderInput[] = [];
  let serial = 0;
  for (const customerId of customerIds) {
    const a = byCustomer.get(customerId)!;
    for (let k = rnd.int(0, 4); k > 0; k--) {
      const lines = Array.from({ length: rnd.int(1, 3) }, () => {
        const p = rnd.pick(PRODUCTS);
        return { sku: p.sku, title: p.name, quantity: rnd.int(1, 2), unitPriceFen: p.price };
      });
      // The newest orders are hours old, so the live checks (confirmation, shipping) have something to show.
      const createdAt = serial % 25 === 0 ? new Date(now.getTime() - rnd.int(40, 600) * 60_000) : daysAgo(now, rnd.int(0, 90), rnd);
      const picked = rnd.pick(['paid', 'shipped', 'shipped', 'delivered', 'delivered', 'delivered', 'unpaid', 'cancelled'] as const);
      const shipTime = new Date(createdAt.getTime() + rnd.int(2, 40) * 3600_000);
      const deliverTime = new Date(shipTime.getTime() + 2 * 86_400_000);
      // Nothing happens in the future: an order placed an hour ago has not shipped yet.
      const status =
        picked === 'delivered' && deliverTime > now
          ? shipTime > now
            ? 'paid'
            : 'shipped'
          : picked === 'shipped' && shipTime > now
            ? 'paid'
            : picked;
      const shipped = status === 'shipped' || status === 'delivered';
      const shippedAt = shipped ? shipTime : undefined;
      const platform = a.kind === 'taobao' ? rnd.pick(['taobao', 'tmall'] as const) : (a.kind as 'jd' | 'pdd');
      inputs.push({
        platform,
        orderNo: `${createdAt.toISOString().slice(0, 10).replaceAll('-', '')}${String(100000 + serial++)}`,
        status,
        customerId,
        buyerNick: a.value,
        receiver: { name: a.recipient, phone: a.phone, province: a.province, city: a.city, district: a.district, address: a.detail },
        lines,
        discountFen: rnd.chance(0.3) ? 1000 : 0,
        shippingFen: 0,
        createdAt,
        paidAt: status === 'unpaid' ? undefined : new Date(createdAt.getTime() + 120_000),
        shippedAt,
        deliveredAt: status === 'delivered' ? deliverTime : undefined,
        trackingNo: shipped ? `${rnd.pick(['SF', 'YT', 'ZTO', 'JD'])}${rnd.int(100000000, 999999999)}` : undefined,
        remark: rnd.chance(0.2) ? rnd.pick(['请用礼盒包装', '周末送货', '不要放快递柜', '送人的，不要放发票']) : undefined,
        invoice: rnd.chance(0.05) ? { title: rnd.pick(['杭州暖橙科技有限公司', '个人']) } : undefined,
      });
    }
  }
  const { ids } = await upsertOrders(tx, inputs, 'api', DEFAULT_ORDER_CHECKS);
  const confirmed = await tx
    .updateTable('orders')
    .set({ confirmed_at: sql<Date>`created_at + interval '10 minutes'` as unknown as Date })
    .where('created_at', '<', new Date(now.getTime() - 86_400_000))
    .returning('id')
    .execute();
  // Confirmed long ago: their confirmation promise was kept.
  for (const { id } of confirmed) await orderConfirmed(tx, id, now);
  return inputs.map((o, i) => ({ id: ids[i]!, customerId: o.customerId! }));
}
