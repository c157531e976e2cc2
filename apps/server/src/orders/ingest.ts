import {
  normalizePhone,
  orderChecks,
  type OrderCheckSettings,
  type OrderFlagKind,
  type OrderPlatform,
  type OrderStatus,
  type Segment,
  type SlaPolicy,
} from '@kefu/domain';
import { sql } from 'kysely';
import { customersForBuyers } from '../customers/segments/buyers.ts';
import type { Tx } from '../db/database.ts';
import { recordEvents } from '../events/record.ts';
import { readPolicies } from '../sla/policies.ts';
import { keepOrderPromises } from './checks.ts';
import { goodsFen, type OrderInput } from './input.ts';

/** Flags that follow from the order alone; they are recomputed whenever the order is reported again. */
const STATIC_FLAGS: OrderFlagKind[] = [
  'address_implausible',
  'phone_implausible',
  'remote_no_mobile',
  'small_order',
  'large_order',
  'vip_order',
  'restricted_region',
  'invoice_check',
  'remark',
];

/**
 * What kefu did to an order locally and a marketplace's later report of it must not undo (docs/orders.md): a
 * cancellation made in kefu (it has a reason), and the lines once changed, substituted, reissued or taken into an
 * after-sale request (their ids are referred to). Confirmation, problem-order tickets and handled checks are kept
 * anyway: a report never writes them.
 */
const LOCAL_CANCEL = sql<boolean>`orders.status = 'cancelled' and orders.cancel_reason is not null`;
const LOCAL_LINE_EVENTS = [
  'line_cancel',
  'line_swap',
  'line_add',
  'line_paid',
  'after_sale',
  'replacement_created',
  'substitution_proposed',
  'substitution_answered',
];

export interface IngestResult {
  inserted: number;
  updated: number;
  ids: number[];
}

/**
 * Upserts a batch of orders by platform + order number, inside the caller's transaction, in a fixed number
 * of statements however large the batch: customers and products are looked up for the whole batch,
 * orders written in one statement, lines and logistics replaced, the order checks raised, the orders' promises
 * (confirmation, shipping) put on the clock under `policies` (as the transaction sees them if not given), and
 * `order.ingested` recorded for each order. Only an order reported confirmed, shipped or cancelled while its
 * promises run costs a statement of its own (stopping them).
 */
export async function upsertOrders(
  tx: Tx,
  batch: OrderInput[],
  source: 'webhook' | 'import' | 'api',
  settings: OrderCheckSettings,
  policies?: readonly SlaPolicy[],
): Promise<IngestResult> {
  // A batch naming an order twice keeps the last report of it.
  const orders = [...new Map(batch.map((o) => [`${o.platform}\u0000${o.orderNo}`, o])).values()];
  if (orders.length === 0) return { inserted: 0, updated: 0, ids: [] };

  const skus = [...new Set(orders.flatMap((o) => o.lines.map((l) => l.sku).filter((s): s is string => !!s)))];
  const products = skus.length
    ? await tx.selectFrom('products').select(['id', 'sku', 'name', 'restricted_provinces']).where('sku', 'in', skus).execute()
    : [];
  const productBySku = new Map(products.map((p) => [p.sku, p]));

  const customerOf = await findCustomers(tx, orders);
  // A buyer no file knows gets one (customers/), so every order counts in the computed segments.
  const nobody = { platform: '', buyerNick: null, phone: null, name: null };
  const created = await customersForBuyers(
    tx,
    orders.map((o) =>
      o.customerId || customerOf(o) ? nobody : { platform: o.platform, buyerNick: o.buyerNick, phone: o.receiver?.phone, name: o.receiver?.name },
    ),
  );
  const rows = orders.map((o, i) => {
    const customer = o.customerId
      ? { id: o.customerId, vip: false, segment: null }
      : (customerOf(o) ?? (created[i] ? { id: created[i], vip: false, segment: 'new' as const } : undefined));
    const total = goodsFen(o) - o.discountFen + o.shippingFen;
    return {
      platform: o.platform,
      order_no: o.orderNo,
      status: o.status,
      customer_id: customer?.id ?? null,
      buyer_nick: o.buyerNick ?? null,
      receiver_name: o.receiver?.name ?? null,
      receiver_phone: o.receiver?.phone ?? null,
      province: o.receiver?.province ?? null,
      city: o.receiver?.city ?? null,
      district: o.receiver?.district ?? null,
      address: o.receiver?.address ?? null,
      goods_fen: goodsFen(o),
      discount_fen: o.discountFen,
      shipping_fen: o.shippingFen,
      total_fen: total,
      coupon: o.coupon ?? null,
      remark: o.remark ?? '',
      invoice: o.invoice ? JSON.stringify(o.invoice) : null,
      tracking_no: o.trackingNo ?? null,
      courier: o.courier ?? null,
      created_at: o.createdAt,
      paid_at: o.paidAt ?? null,
      shipped_at: o.shippedAt ?? null,
      delivered_at: o.deliveredAt ?? null,
      source,
      cancelled_at: o.status === 'cancelled' ? new Date() : null,
      vip: customer?.vip ?? false,
      segment: customer?.segment ?? null,
    };
  });

  const written = await tx
    .insertInto('orders')
    .values(rows.map(({ vip: _vip, segment: _segment, ...r }) => r))
    .onConflict((oc) =>
      oc.columns(['platform', 'order_no']).doUpdateSet((eb) => ({
        status: sql`case when ${LOCAL_CANCEL} then orders.status else excluded.status end`,
        customer_id: sql`coalesce(orders.customer_id, excluded.customer_id)`,
        buyer_nick: eb.ref('excluded.buyer_nick'),
        receiver_name: eb.ref('excluded.receiver_name'),
        receiver_phone: eb.ref('excluded.receiver_phone'),
        province: eb.ref('excluded.province'),
        city: eb.ref('excluded.city'),
        district: eb.ref('excluded.district'),
        address: eb.ref('excluded.address'),
        goods_fen: eb.ref('excluded.goods_fen'),
        discount_fen: eb.ref('excluded.discount_fen'),
        shipping_fen: eb.ref('excluded.shipping_fen'),
        total_fen: eb.ref('excluded.total_fen'),
        coupon: eb.ref('excluded.coupon'),
        remark: eb.ref('excluded.remark'),
        invoice: eb.ref('excluded.invoice'),
        tracking_no: eb.ref('excluded.tracking_no'),
        courier: eb.ref('excluded.courier'),
        paid_at: eb.ref('excluded.paid_at'),
        shipped_at: eb.ref('excluded.shipped_at'),
        delivered_at: eb.ref('excluded.delivered_at'),
        cancelled_at: sql`case when ${LOCAL_CANCEL} then orders.cancelled_at
          when excluded.status = 'cancelled' then coalesce(orders.cancelled_at, now()) end`,
        version: sql`orders.version + 1`,
        updated_at: sql`now()`,
      })),
    )
    .returning(['id', 'platform', 'order_no', 'status', 'created_at', 'confirmed_at', 'paid_at', 'shipped_at', sql<boolean>`xmax = 0`.as('inserted')])
    .execute();
  const idOf = new Map(written.map((w) => [`${w.platform}\u0000${w.order_no}`, w.id]));
  const ids = orders.map((o) => idOf.get(`${o.platform}\u0000${o.orderNo}`)!);
  const updatedIds = written.filter((w) => !w.inserted).map((w) => w.id);
  const keptLines = await keepLocalActions(tx, orders, ids, written);

  const relined = updatedIds.filter((id) => !keptLines.has(id));
  if (relined.length) await tx.deleteFrom('order_lines').where('order_id', 'in', relined).execute();
  const lines = orders.flatMap((o, i) =>
    keptLines.has(ids[i]!)
      ? []
      : o.lines.map((l) => ({
          order_id: ids[i]!,
          product_id: l.sku ? (productBySku.get(l.sku)?.id ?? null) : null,
          sku: l.sku ?? null,
          title: l.title,
          quantity: l.quantity,
          unit_price_fen: l.unitPriceFen,
        })),
  );
  for (const chunk of chunks(lines, 5000)) await tx.insertInto('order_lines').values(chunk).execute();

  const withLogistics = orders.map((o, i) => ({ o, id: ids[i]! })).filter(({ o }) => o.logistics?.length);
  if (withLogistics.length) {
    await tx
      .deleteFrom('logistics_events')
      .where(
        'order_id',
        'in',
        withLogistics.map((x) => x.id),
      )
      .execute();
    await tx
      .insertInto('logistics_events')
      .values(
        withLogistics.flatMap(({ o, id }) =>
          o.logistics!.map((e) => ({ order_id: id, at: e.at, description: e.description, location: e.location ?? '' })),
        ),
      )
      .execute();
  }

  await raiseStaticFlags(
    tx,
    orders,
    ids,
    rows.map((r) => r.vip),
    productBySku,
    settings,
  );
  await raiseDuplicateFlags(tx, ids);
  const segmentOf = new Map(ids.map((id, i) => [id, rows[i]!.segment]));
  await keepOrderPromises(
    tx,
    written.map((w) => ({
      id: w.id,
      platform: w.platform as OrderPlatform,
      status: w.status as OrderStatus,
      confirmedAt: w.confirmed_at,
      paidAt: w.paid_at,
      shippedAt: w.shipped_at,
      segment: segmentOf.get(w.id) ?? null,
      fresh: w.inserted,
      placedAt: w.created_at,
    })),
    policies ?? (await readPolicies(tx)),
  );
  await recordEvents(
    tx,
    written.map((w) => ({
      type: 'order.ingested',
      payload: { orderId: w.id, platform: w.platform, orderNo: w.order_no, source, created: w.inserted },
    })),
  );
  return { inserted: written.length - updatedIds.length, updated: updatedIds.length, ids };
}

/**
 * The orders of the batch whose lines kefu changed (their lines stay as kefu has them), after writing on an order's
 * history the report that did not undo its cancellation in kefu (`report_kept_local`: the status reported and kept).
 */
async function keepLocalActions(tx: Tx, orders: OrderInput[], ids: number[], written: { id: number; status: string; inserted: boolean }[]) {
  const updated = written.filter((w) => !w.inserted).map((w) => w.id);
  if (!updated.length) return new Set<number>();
  const changed = await tx
    .selectFrom('order_events')
    .select('order_id')
    .distinct()
    .where('order_id', 'in', updated)
    .where('kind', 'in', LOCAL_LINE_EVENTS)
    .execute();
  const keptLines = new Set(changed.map((c) => c.order_id));
  const stored = new Map(written.map((w) => [w.id, w.status]));
  const events = orders.flatMap((o, i) => {
    const id = ids[i]!;
    const kept: Record<string, unknown> = {};
    if (stored.get(id) === 'cancelled' && o.status !== 'cancelled') kept.status = { reported: o.status, kept: 'cancelled' };
    return Object.keys(kept).length ? [{ order_id: id, actor_id: null, kind: 'report_kept_local', data: JSON.stringify(kept) }] : [];
  });
  if (events.length) await tx.insertInto('order_events').values(events).execute();
  return keptLines;
}

/** Customers by the buyer's marketplace id, else by the receiver's phone, for the whole batch in one query. */
async function findCustomers(tx: Tx, orders: OrderInput[]) {
  const keys = new Set<string>();
  for (const o of orders) {
    if (o.buyerNick) keys.add(o.buyerNick);
    const phone = o.receiver?.phone ? normalizePhone(o.receiver.phone) : null;
    if (phone) keys.add(phone);
  }
  const found = keys.size
    ? await tx
        .selectFrom('customer_identities')
        .innerJoin('customers', 'customers.id', 'customer_identities.customer_id')
        .select([
          'customer_identities.kind',
          'customer_identities.value',
          'customers.id',
          'customers.merged_into_id',
          sql<boolean>`customers.segment = 'vip' or 'VIP' = any(customers.tags)`.as('vip'),
          'customers.segment',
        ])
        .where('customer_identities.value', 'in', [...keys])
        .execute()
    : [];
  const byKey = new Map(
    found.map((f) => [`${f.kind}\u0000${f.value}`, { id: f.merged_into_id ?? f.id, vip: f.vip, segment: f.segment as Segment | null }]),
  );
  const platformKind = (p: string) => (p === 'tmall' ? 'taobao' : p);
  return (o: OrderInput) => {
    const phone = o.receiver?.phone ? normalizePhone(o.receiver.phone) : null;
    return (
      (o.buyerNick ? byKey.get(`${platformKind(o.platform)}\u0000${o.buyerNick}`) : undefined) ??
      (phone ? byKey.get(`phone\u0000${phone}`) : undefined)
    );
  };
}

async function raiseStaticFlags(
  tx: Tx,
  orders: OrderInput[],
  ids: number[],
  vip: boolean[],
  productBySku: Map<string, { name: string; restricted_provinces: string[] }>,
  settings: OrderCheckSettings,
) {
  await tx.deleteFrom('order_flags').where('order_id', 'in', ids).where('resolved_at', 'is', null).where('kind', 'in', STATIC_FLAGS).execute();
  const flags = orders.flatMap((o, i) =>
    orderChecks(
      {
        status: o.status,
        totalFen: goodsFen(o) - o.discountFen + o.shippingFen,
        receiverPhone: o.receiver?.phone ?? null,
        province: o.receiver?.province ?? null,
        city: o.receiver?.city ?? null,
        address: o.receiver?.address ?? null,
        remark: o.remark ?? '',
        invoice: o.invoice ?? null,
        customerVip: vip[i]!,
        restrictions: o.lines.flatMap((l) => {
          const p = l.sku ? productBySku.get(l.sku) : undefined;
          return p?.restricted_provinces.length ? [{ product: p.name, provinces: p.restricted_provinces }] : [];
        }),
      },
      settings,
    ).map((f) => ({ order_id: ids[i]!, kind: f.kind, detail: JSON.stringify(f.detail) })),
  );
  for (const chunk of chunks(flags, 5000)) {
    await tx
      .insertInto('order_flags')
      .values(chunk)
      .onConflict((oc) => oc.columns(['order_id', 'kind']).doNothing())
      .execute();
  }
}

/** The same buyer placing another live order within 24 hours: both orders are flagged for a confirmation call. */
async function raiseDuplicateFlags(tx: Tx, ids: number[]) {
  await sql`
    with pairs as (
      select o.id, o.order_no, p.id as other_id, p.order_no as other_no from orders o
      join orders p on p.platform = o.platform and p.buyer_nick = o.buyer_nick and p.id <> o.id and p.kind = 'normal' and p.status <> 'cancelled'
        and p.created_at between o.created_at - interval '24 hours' and o.created_at + interval '24 hours'
      where o.id = any(${ids}::int[]) and o.buyer_nick is not null and o.kind = 'normal' and o.status <> 'cancelled'
    )
    insert into order_flags (order_id, kind, detail)
    select distinct on (id) id, 'duplicate', jsonb_build_object('orderNo', other_no)
    from (select id, other_no from pairs union all select other_id, order_no from pairs) both_ways
    on conflict (order_id, kind) do nothing`.execute(tx);
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
