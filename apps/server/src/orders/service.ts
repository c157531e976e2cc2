import { hasLeftWarehouse, orderForRole, orderSearchColumns, type OrderStatus } from '@kefu/domain';
import { sql, type UpdateObject } from 'kysely';
import { audit } from '../audit/audit.ts';
import { createTask } from '../collaboration/service.ts';
import { departmentsInScope, orderInScope, receiverSight } from '../confidentiality/scope.ts';
import { orderNumberHas } from '../search/order-number.ts';
import type { Db, Tx } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { lockVersioned, writeVersioned } from '../db/versioned.ts';
import type { Principal } from '../http/context.ts';
import { recordEvent } from '../events/record.ts';
import { badRequest, notFound, refuse } from '../http/errors.ts';
import { orderCancelled, orderConfirmed } from './checks.ts';

const LIST_COLUMNS = [
  'orders.id',
  'orders.platform',
  'orders.order_no',
  'orders.status',
  'orders.kind',
  'orders.customer_id',
  'orders.buyer_nick',
  'orders.receiver_name',
  'orders.province',
  'orders.city',
  'orders.total_fen',
  'orders.tracking_no',
  'orders.courier',
  'orders.created_at',
  'orders.paid_at',
  'orders.shipped_at',
  'orders.confirmed_at',
  'customers.name as customer_name',
] as const;

export interface OrderFilter {
  q?: string;
  status?: OrderStatus[];
  platform?: string[];
  flagged?: boolean;
  customerId?: number;
  page: number;
  pageSize: number;
}

/**
 * Orders newest first, as `viewer` may see them (a department only orders behind its tasks: `orderInScope`); `q` finds an order number or ≥ 4 characters of one, a buyer's id, a tracking number or
 * (for roles that see contact details) a receiver's phone; `flagged` keeps orders with open checks.
 */
export async function listOrders(db: Db, viewer: Principal, f: OrderFilter) {
  let q = db.selectFrom('orders').leftJoin('customers', 'customers.id', 'orders.customer_id');
  const departments = departmentsInScope(viewer.role);
  if (departments) q = q.where(orderInScope(departments));
  if (f.q) {
    const term = f.q.trim();
    const part = orderNumberHas(term);
    q = q.where((eb) => eb.or([...orderSearchColumns(viewer.role).map((column) => eb(`orders.${column}`, '=', term)), ...(part ? [part] : [])]));
  }
  if (f.status?.length) q = q.where('orders.status', 'in', f.status);
  if (f.platform?.length) q = q.where('orders.platform', 'in', f.platform);
  if (f.customerId) q = q.where('orders.customer_id', '=', f.customerId);
  if (f.flagged)
    q = q.where((eb) =>
      eb.exists(eb.selectFrom('order_flags').select('id').whereRef('order_flags.order_id', '=', 'orders.id').where('resolved_at', 'is', null)),
    );
  const rows = await q
    .select([
      ...LIST_COLUMNS,
      sql<string[]>`array(select kind from order_flags where order_id = orders.id and resolved_at is null order by id)`.as('open_flags'),
    ])
    .orderBy('orders.created_at', 'desc')
    .orderBy('orders.id', 'desc')
    .limit(f.pageSize + 1)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  const page = rows.slice(0, f.pageSize);
  const sees = await receiverSight(
    db,
    viewer.role,
    'order',
    page.map((o) => o.id),
  );
  return { orders: page.map((o) => orderForRole(o, viewer.role, sees(o.id))), hasMore: rows.length > f.pageSize };
}

/**
 * Everything an agent needs on one order: lines, checks, its promises' clocks, logistics, its history, after-sales,
 * tasks, substitutions; contact details masked for roles that do not serve or ship to the shopper.
 */
export async function getOrder(db: Db, viewer: Principal, id: number) {
  const order = await db
    .selectFrom('orders')
    .leftJoin('customers', 'customers.id', 'orders.customer_id')
    .selectAll('orders')
    .select(['customers.name as customer_name', 'customers.segment as customer_segment'])
    .where('orders.id', '=', id)
    .executeTakeFirst();
  if (!order) throw notFound('order');
  const [lines, flags, logistics, events, afterSales, tasks, substitutions, replacements, clocks, sees] = await Promise.all([
    db
      .selectFrom('order_lines')
      .leftJoin('products', 'products.id', 'order_lines.product_id')
      .select([
        'order_lines.id',
        'order_lines.product_id',
        'order_lines.sku',
        'order_lines.title',
        'order_lines.quantity',
        'order_lines.unit_price_fen',
        'order_lines.status',
        'order_lines.substituted_from_id',
        'products.warranty_days',
        'products.stock',
      ])
      .where('order_id', '=', id)
      .orderBy('order_lines.id')
      .execute(),
    db
      .selectFrom('order_flags')
      .leftJoin('users', 'users.id', 'order_flags.resolved_by')
      .select(['order_flags.id', 'kind', 'detail', 'raised_at', 'resolved_at', 'resolution', 'users.display_name as resolved_by_name'])
      .where('order_id', '=', id)
      .orderBy('order_flags.id')
      .execute(),
    db.selectFrom('logistics_events').select(['at', 'description', 'location']).where('order_id', '=', id).orderBy('at', 'desc').execute(),
    db
      .selectFrom('order_events')
      .leftJoin('users', 'users.id', 'order_events.actor_id')
      .select(['order_events.id', 'kind', 'data', 'at', 'users.display_name as actor_name'])
      .where('order_id', '=', id)
      .orderBy('order_events.id')
      .execute(),
    db
      .selectFrom('after_sales')
      .innerJoin('tickets', 'tickets.id', 'after_sales.ticket_id')
      .select([
        'after_sales.id',
        'after_sales.kind',
        'after_sales.state',
        'after_sales.amount_fen',
        'after_sales.ticket_id',
        'tickets.number as ticket_number',
      ])
      .where('after_sales.order_id', '=', id)
      .orderBy('after_sales.id')
      .execute(),
    db
      .selectFrom('collab_tasks')
      .select(['id', 'department', 'title', 'state', 'due_at', 'answer'])
      .where('order_id', '=', id)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('substitutions')
      .innerJoin('products', 'products.id', 'substitutions.product_id')
      .select([
        'substitutions.id',
        'order_line_id',
        'product_id',
        'products.name as product_name',
        'note',
        'proposed_at',
        'answer_due_at',
        'outcome',
        'follow_up_at',
        'answer_note',
        'answered_at',
        'substitutions.version',
      ])
      .where('order_id', '=', id)
      .orderBy('substitutions.id')
      .execute(),
    db.selectFrom('orders').select(['id', 'order_no', 'status']).where('original_order_id', '=', id).orderBy('id').execute(),
    db
      .selectFrom('sla_clocks')
      .selectAll()
      .where('subject_kind', '=', 'order')
      .where('subject_id', '=', id)
      .orderBy('started_at')
      .orderBy('id')
      .execute(),
    receiverSight(db, viewer.role, 'order', [id]),
  ]);
  return orderForRole(
    {
      ...order,
      lines,
      flags,
      logistics,
      events: events.map((e) => ({ ...e, id: String(e.id) })),
      afterSales,
      tasks,
      substitutions,
      replacements,
      clocks,
    },
    viewer.role,
    sees(id),
  );
}

export async function orderEvent(tx: Tx, orderId: number, actorId: number | null, kind: string, data: Record<string, unknown>) {
  await tx
    .insertInto('order_events')
    .values({ order_id: orderId, actor_id: actorId, kind, data: JSON.stringify(data) })
    .execute();
}

/** Locks the order for a change based on `version`; a stale version is a 409. */
const lockOrder = (tx: Tx, id: number, version: number) => lockVersioned(tx, 'orders', id, version);

const bump = (tx: Tx, id: number, set: UpdateObject<DB, 'orders'> = {}) => writeVersioned(tx, 'orders', id, { ...set, updated_at: new Date() });

function refuseAfterWarehouse(status: string, what: string) {
  if (hasLeftWarehouse(status as OrderStatus)) throw refuse('order_shipped', `the order has left the warehouse: ${what} is no longer possible`);
  if (status === 'cancelled') throw refuse('order_cancelled', `the order is cancelled: ${what} is not possible`);
}

/** The agent has checked the order (address, remarks, invoice) with the shopper: the 30-minute rule is met. */
export async function confirmOrder(db: Db, actor: Principal, id: number, version: number) {
  return db.transaction().execute(async (tx) => {
    const order = await lockOrder(tx, id, version);
    if (order.confirmed_at) return order.version;
    await tx
      .updateTable('order_flags')
      .set({ resolved_at: new Date(), resolved_by: actor.id, resolution: 'confirmed' })
      .where('order_id', '=', id)
      .where('kind', '=', 'unconfirmed')
      .where('resolved_at', 'is', null)
      .execute();
    const v = await bump(tx, id, { confirmed_at: new Date(), confirmed_by: actor.id });
    await orderConfirmed(tx, id);
    await orderEvent(tx, id, actor.id, 'confirmed', {});
    await recordEvent(tx, { type: 'order.confirmed', payload: { orderId: id } });
    await audit(tx, { actorId: actor.id, action: 'order.confirm', entity: 'order', entityId: id });
    return v;
  });
}

/** A check an agent has dealt with, with what they did (called the shopper, fixed the address…). */
export async function resolveFlag(db: Db, actor: Principal, orderId: number, flagId: number, resolution: string) {
  return db.transaction().execute(async (tx) => {
    const flag = await tx
      .updateTable('order_flags')
      .set({ resolved_at: new Date(), resolved_by: actor.id, resolution })
      .where('id', '=', String(flagId))
      .where('order_id', '=', orderId)
      .where('resolved_at', 'is', null)
      .returning(['id', 'kind'])
      .executeTakeFirst();
    if (!flag) throw notFound('open check');
    await orderEvent(tx, orderId, actor.id, 'check_resolved', { kind: flag.kind, resolution });
    await audit(tx, { actorId: actor.id, action: 'order.resolve_check', entity: 'order', entityId: orderId, detail: { kind: flag.kind } });
  });
}

const lineAmount = (l: { quantity: number; unit_price_fen: number }) => Number(l.quantity) * Number(l.unit_price_fen);

/** A paid order cancelled (wholly or a line) sends finance a refund task; the reason is always recorded. */
async function refundTask(tx: Tx, actorId: number, order: { id: number; order_no: string }, amountFen: number, reason: string) {
  await createTask(tx, actorId, {
    orderId: order.id,
    department: 'finance',
    title: `退款 ${(amountFen / 100).toFixed(2)} 元 · 订单 ${order.order_no}`,
    description: `取消原因：${reason}`,
  });
}

export async function cancelOrder(db: Db, actor: Principal, id: number, input: { version: number; reason: string }) {
  return db.transaction().execute(async (tx) => {
    const order = await lockOrder(tx, id, input.version);
    refuseAfterWarehouse(order.status, 'cancelling');
    const v = await bump(tx, id, { status: 'cancelled', cancel_reason: input.reason, cancelled_at: new Date() });
    await orderCancelled(tx, id);
    if (order.paid_at) await refundTask(tx, actor.id, order, Number(order.total_fen), input.reason);
    await orderEvent(tx, id, actor.id, 'cancelled', { reason: input.reason, refundTask: !!order.paid_at });
    await audit(tx, { actorId: actor.id, action: 'order.cancel', entity: 'order', entityId: id, detail: { reason: input.reason } });
    return v;
  });
}

export type LineChange =
  | { action: 'cancel'; lineId: number; reason: string }
  | { action: 'swap'; lineId: number; productId: number; reason: string }
  | { action: 'add'; productId: number; quantity: number }
  | { action: 'paid'; lineId: number };

/**
 * Line changes before the order leaves the warehouse: cancel a line (paid → refund task), swap it for another
 * product, add one. On a paid order an added line, or the dearer part of a swap, waits for the extra payment
 * ("awaiting_payment") until the agent records it.
 */
export async function changeLines(db: Db, actor: Principal, orderId: number, version: number, change: LineChange) {
  return db.transaction().execute((tx) => applyLineChange(tx, actor, orderId, version, change));
}

export async function applyLineChange(tx: Tx, actor: Principal, orderId: number, version: number, change: LineChange) {
  {
    const order = await lockOrder(tx, orderId, version);
    refuseAfterWarehouse(order.status, 'changing the items');
    const line =
      'lineId' in change
        ? await tx.selectFrom('order_lines').selectAll().where('id', '=', change.lineId).where('order_id', '=', orderId).executeTakeFirst()
        : undefined;
    if ('lineId' in change && !line) throw badRequest('body.lineId', 'no such line on this order');
    const paid = order.paid_at !== null;
    const product =
      'productId' in change
        ? await tx.selectFrom('products').select(['id', 'sku', 'name', 'price_fen']).where('id', '=', change.productId).executeTakeFirst()
        : undefined;
    if ('productId' in change && !product) throw badRequest('body.productId', 'no such product');

    if (change.action === 'cancel' || change.action === 'swap') {
      if (line!.status !== 'active') throw badRequest('body.lineId', `the line is ${line!.status}`);
      await tx
        .updateTable('order_lines')
        .set({ status: change.action === 'cancel' ? 'cancelled' : 'swapped' })
        .where('id', '=', line!.id)
        .execute();
    }
    if (change.action === 'cancel' && paid) await refundTask(tx, actor.id, order, lineAmount(line!), change.reason);
    if (change.action === 'swap') {
      const newAmount = Number(product!.price_fen) * line!.quantity;
      const extra = paid && newAmount > lineAmount(line!);
      await tx
        .insertInto('order_lines')
        .values({
          order_id: orderId,
          product_id: product!.id,
          sku: product!.sku,
          title: product!.name,
          quantity: line!.quantity,
          unit_price_fen: product!.price_fen,
          status: extra ? 'awaiting_payment' : 'active',
          substituted_from_id: line!.id,
        })
        .execute();
      if (paid && newAmount < lineAmount(line!))
        await refundTask(tx, actor.id, order, lineAmount(line!) - newAmount, `换成更便宜的 ${product!.name}：${change.reason}`);
    }
    if (change.action === 'add') {
      await tx
        .insertInto('order_lines')
        .values({
          order_id: orderId,
          product_id: product!.id,
          sku: product!.sku,
          title: product!.name,
          quantity: change.quantity,
          unit_price_fen: product!.price_fen,
          status: paid ? 'awaiting_payment' : 'active',
        })
        .execute();
    }
    if (change.action === 'paid') {
      if (line!.status !== 'awaiting_payment') throw badRequest('body.lineId', 'the line is not waiting for a payment');
      await tx.updateTable('order_lines').set({ status: 'active' }).where('id', '=', line!.id).execute();
    }
    const goods = await tx
      .selectFrom('order_lines')
      .select(sql<string>`coalesce(sum(quantity * unit_price_fen), 0)`.as('fen'))
      .where('order_id', '=', orderId)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    const goodsFen = Number(goods.fen);
    const v = await bump(tx, orderId, {
      goods_fen: goodsFen,
      total_fen: Math.max(0, goodsFen - Number(order.discount_fen)) + Number(order.shipping_fen),
    });
    await orderEvent(tx, orderId, actor.id, `line_${change.action}`, { ...change, product: product?.name, title: line?.title });
    await audit(tx, { actorId: actor.id, action: `order.line_${change.action}`, entity: 'order', entityId: orderId, detail: { ...change } });
    return v;
  }
}
