import { AFTER_SALE_KIND_FOR_SHOPPER, AFTER_SALE_STATE_FOR_SHOPPER, DEFAULT_DELAY_REASON, renderTemplate, type NotificationKey } from '@kefu/domain';
import type { Db } from '../db/database.ts';
import type { Delivered } from '../events/types.ts';
import { queueOutreach, type OutreachResult } from '../outreach/send.ts';
import { templateOf } from './templates.ts';

/**
 * Shopper notifications (DOMAIN §7): reactions to order and after-sale events, sent through outreach on the
 * customer's channels. Each change is told once: the dedupe key names the change (the order's shipment with its
 * tracking number, the breach, the after-sale's move), so a redelivered event or a re-imported order sends nothing.
 * Repair progress is told by aftersales/progress-notice.ts already and is not repeated here.
 */

/** A shipment older than this when kefu first hears of it (an import of history) is not news to the shopper. */
const SHIPPED_NEWS_MS = 72 * 3600_000;
/** A missed shipping promise first seen more than a day after it fell due is history, not news. */
const LATE_NEWS_MS = 24 * 3600_000;

interface Notice {
  key: NotificationKey;
  customerId: number;
  vars: Record<string, string>;
  dedupeKey: string;
  caseRef: { kind: string; id: number };
}

/** Renders the shop's template for `key` and queues it; null when the template is switched off. */
export async function notify(db: Db, n: Notice, now = new Date()): Promise<OutreachResult | null> {
  return db.transaction().execute(async (tx) => {
    const template = await templateOf(tx, n.key);
    if (!template?.enabled) return null;
    return queueOutreach(
      tx,
      {
        customerId: n.customerId,
        purpose: 'notification',
        templateKey: n.key,
        title: renderTemplate(template.title, n.vars),
        body: renderTemplate(template.body, n.vars),
        dedupeKey: n.dedupeKey,
        caseRef: n.caseRef,
      },
      now,
    );
  });
}

async function orderFacts(db: Db, orderId: number) {
  return db
    .selectFrom('orders as o')
    .innerJoin('customers as c', 'c.id', 'o.customer_id')
    .select(['o.id', 'o.order_no', 'o.status', 'o.tracking_no', 'o.courier', 'o.shipped_at', 'o.customer_id', 'c.name'])
    .where('o.id', '=', orderId)
    .executeTakeFirst();
}

export async function notifyOrderConfirmed(db: Db, event: Delivered<'order.confirmed'>) {
  const o = await orderFacts(db, event.payload.orderId);
  if (!o?.customer_id) return null;
  return notify(db, {
    key: 'order.confirmed',
    customerId: o.customer_id,
    vars: { orderNo: o.order_no, customerName: o.name },
    dedupeKey: `order:${o.id}:confirmed`,
    caseRef: { kind: 'order', id: o.id },
  });
}

/** An order reported shipped (by the marketplace's webhook or an import) with its tracking number, once per number. */
export async function notifyOrderShipped(db: Db, event: Delivered<'order.ingested'>, now = new Date()) {
  const o = await orderFacts(db, event.payload.orderId);
  if (!o?.customer_id || o.status !== 'shipped' || !o.tracking_no) return null;
  if (o.shipped_at && now.getTime() - new Date(o.shipped_at).getTime() > SHIPPED_NEWS_MS) return null;
  return notify(db, {
    key: 'order.shipped',
    customerId: o.customer_id,
    vars: { orderNo: o.order_no, customerName: o.name, trackingNo: o.tracking_no, courier: o.courier || '快递' },
    dedupeKey: `order:${o.id}:shipped:${o.tracking_no}`,
    caseRef: { kind: 'order', id: o.id },
  });
}

/** The 48-hour shipping promise was missed: the shopper hears why (the agent's recorded reason, else the default). */
export async function notifyOrderDelayed(db: Db, event: Delivered<'sla.breached'>, now = new Date()) {
  const p = event.payload;
  if (p.metric !== 'order_ship' || p.subjectKind !== 'order') return null;
  // A breach recorded long after its due time (an upgrade, an old import) is not news to the shopper any more.
  if (now.getTime() - new Date(p.dueAt).getTime() > LATE_NEWS_MS) return null;
  const o = await orderFacts(db, p.subjectId);
  if (!o?.customer_id || o.status !== 'paid') return null;
  const recorded = await db
    .selectFrom('order_events')
    .select('data')
    .where('order_id', '=', o.id)
    .where('kind', '=', 'delay_reason')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  const reason =
    typeof (recorded?.data as { reason?: unknown } | undefined)?.reason === 'string'
      ? (recorded!.data as { reason: string }).reason
      : DEFAULT_DELAY_REASON;
  return notify(
    db,
    {
      key: 'order.delayed',
      customerId: o.customer_id,
      vars: { orderNo: o.order_no, customerName: o.name, reason },
      dedupeKey: `order:${o.id}:delayed:${p.clockId}`,
      caseRef: { kind: 'order', id: o.id },
    },
    now,
  );
}

/** An after-sale moved to a state the shopper cares about (internal approval steps are not told). */
export async function notifyAfterSaleMoved(db: Db, event: Delivered<'aftersale.moved'>) {
  const p = event.payload;
  const status = AFTER_SALE_STATE_FOR_SHOPPER[p.to];
  if (!status) return null;
  const a = await db
    .selectFrom('after_sales as a')
    .innerJoin('orders as o', 'o.id', 'a.order_id')
    .innerJoin('customers as c', 'c.id', 'a.customer_id')
    .select(['a.id', 'a.customer_id', 'o.order_no', 'c.name'])
    .where('a.id', '=', p.afterSaleId)
    .executeTakeFirst();
  if (!a?.customer_id) return null;
  return notify(db, {
    key: 'aftersale.moved',
    customerId: a.customer_id,
    vars: { orderNo: a.order_no, customerName: a.name, afterSaleKind: AFTER_SALE_KIND_FOR_SHOPPER[p.kind] ?? p.kind, afterSaleStatus: status },
    dedupeKey: `aftersale:${a.id}:${p.to}:${event.id}`,
    caseRef: { kind: 'after_sale', id: a.id },
  });
}
