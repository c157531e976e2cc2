import { renderTemplate } from '@kefu/domain';
import type { Tx } from '../db/database.ts';
import { queueOutreachMany, type OutreachRequest } from '../outreach/send.ts';

const HOUR = 3600_000;

/**
 * A day of outreach for the demo's 触达设置与记录: shipping notices of recent orders through the real queue (so the
 * channels, skips and quiet hours are the real decisions), the older half already sent.
 */
export async function seedOutreach(tx: Tx, now: Date): Promise<number> {
  const orders = await tx
    .selectFrom('orders')
    .innerJoin('customers', 'customers.id', 'orders.customer_id')
    .select(['orders.id', 'orders.order_no', 'orders.tracking_no', 'orders.courier', 'orders.customer_id', 'customers.name'])
    .where('orders.status', 'in', ['shipped', 'delivered'])
    .where('orders.tracking_no', 'is not', null)
    .orderBy('orders.id', 'desc')
    .limit(16)
    .execute();
  const shipped = await tx
    .selectFrom('notification_templates')
    .select(['title', 'body'])
    .where('key', '=', 'order.shipped')
    .executeTakeFirstOrThrow();
  const reqs: OutreachRequest[] = orders.map((o) => {
    const vars = { orderNo: o.order_no, customerName: o.name, trackingNo: o.tracking_no!, courier: o.courier || '快递' };
    return {
      customerId: o.customer_id!,
      purpose: 'notification',
      templateKey: 'order.shipped',
      title: renderTemplate(shipped.title, vars),
      body: renderTemplate(shipped.body, vars),
      dedupeKey: `order:${o.id}:shipped:${o.tracking_no}`,
      caseRef: { kind: 'order', id: o.id },
    };
  });
  const results = await queueOutreachMany(tx, reqs, new Date(now.getTime() - 20 * HOUR));
  const queued = results.flatMap((r) => (r.outcome === 'queued' ? [r.id] : []));
  const sent = queued.slice(0, Math.ceil(queued.length * 0.7));
  if (sent.length) {
    await tx
      .updateTable('outreach_sends')
      .set({ state: 'sent', sent_at: new Date(now.getTime() - 19 * HOUR), attempts: 1 })
      .where('id', 'in', sent)
      .execute();
  }
  return results.length;
}
