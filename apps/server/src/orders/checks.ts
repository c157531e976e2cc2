import {
  closedPromiseOutcome,
  MISSED_PROMISE_FLAG,
  openOrderPromises,
  ORDER_CHANNEL,
  type OrderMetric,
  type OrderPlatform,
  type OrderProgress,
  type OrderStatus,
  type Segment,
  type SlaMetric,
  type SlaPolicy,
} from '@kefu/domain';
import type { Db, Tx } from '../db/database.ts';
import type { PayloadOf } from '../events/types.ts';
import { planClocks, startClocksMany, stopClocks, type PlannedClock } from '../sla/clock.ts';

/**
 * The order time rules, as promises on the one clock (docs/service-levels.md): an order is confirmed within 30
 * minutes (`order_confirm`) and, once paid, shipped within 48 hours (`order_ship`), or as the shop's policies say.
 * Each clock counts from when the shopper placed the order (confirmation) or paid (shipping), as the shop promised
 * them; an order kefu learns of late is due as soon as its time has passed. A missed promise raises the order's
 * check (`unconfirmed`, `unshipped`) for an agent.
 */

/** An order as its promises see it; `fresh` when it was just created (no clock can run on it yet). */
export interface PromisedOrder extends OrderProgress {
  id: number;
  platform: OrderPlatform;
  segment: Segment | null;
  fresh: boolean;
  /** When the shopper placed it (the confirmation promise counts from then). */
  placedAt: Date;
}

const subject = (id: number) => ({ kind: 'order' as const, id });

/** The metrics of the clocks running (or paused) on these orders. */
async function openClocks(tx: Tx, ids: readonly number[]): Promise<Map<number, Set<SlaMetric>>> {
  const open = new Map<number, Set<SlaMetric>>();
  if (!ids.length) return open;
  const rows = await tx
    .selectFrom('sla_clocks')
    .select(['subject_id', 'metric'])
    .where('subject_kind', '=', 'order')
    .where('subject_id', 'in', ids)
    .where('state', 'in', ['running', 'paused'])
    .execute();
  for (const r of rows) open.set(r.subject_id, (open.get(r.subject_id) ?? new Set()).add(r.metric as SlaMetric));
  return open;
}

/**
 * Brings the clocks on these orders in line with what the orders are now: each promise owed gets a clock unless
 * one runs, and the clocks of promises no longer owed stop — met once the order is confirmed or on its way,
 * cancelled with the order. The clocks start in one statement for the whole batch, one group of orders per
 * channel, segment and promises owed (the policies match on those).
 */
export async function keepOrderPromises(tx: Tx, orders: readonly PromisedOrder[], policies: readonly SlaPolicy[], now = new Date()) {
  const running = await openClocks(
    tx,
    orders.filter((o) => !o.fresh).map((o) => o.id),
  );
  const starts: { subject: ReturnType<typeof subject>; ticketId: null; planned: PlannedClock[] }[] = [];
  for (const o of orders) {
    const owed = openOrderPromises(o);
    const open = running.get(o.id) ?? new Set<SlaMetric>();
    const settled = [...open].filter((m) => !owed.includes(m as OrderMetric));
    // Rare (a status change of an order already on the clock), so one statement each.
    if (settled.length) await stopClocks(tx, subject(o.id), closedPromiseOutcome(o), settled, now);
    const missing = owed.filter((m) => !open.has(m));
    if (!missing.length) continue;
    const work = { channel: ORDER_CHANNEL[o.platform], segment: o.segment };
    const since = (m: SlaMetric) => earlier(m === 'order_confirm' ? o.placedAt : (o.paidAt ?? now), now);
    starts.push({ subject: subject(o.id), ticketId: null, planned: missing.flatMap((m) => planClocks(policies, work, [m], since(m))) });
  }
  await startClocksMany(tx, starts);
}

/** A moment reported in the future (a marketplace's clock ahead of ours) counts from now. */
const earlier = (a: Date, b: Date) => (a < b ? a : b);

/** The agent confirmed the order: its 30-minute promise is kept. */
export async function orderConfirmed(tx: Tx, orderId: number, now = new Date()) {
  await stopClocks(tx, subject(orderId), 'met', ['order_confirm'], now);
}

/** The order was cancelled: nothing more is owed on it. */
export async function orderCancelled(tx: Tx, orderId: number, now = new Date()) {
  await stopClocks(tx, subject(orderId), 'cancelled', undefined, now);
}

/**
 * A promise on an order was missed (listener of `sla.breached`): the order gets its check for an agent — unless
 * the work was done meanwhile (the event is delivered after the fact). Raised once: a check of a kind is per order.
 */
export async function flagMissedPromise(db: Db, breach: PayloadOf<'sla.breached'>): Promise<boolean> {
  if (breach.subjectKind !== 'order' || !Object.hasOwn(MISSED_PROMISE_FLAG, breach.metric)) return false;
  const metric = breach.metric as OrderMetric;
  const order = await db
    .selectFrom('orders')
    .select(['status', 'confirmed_at', 'paid_at', 'shipped_at'])
    .where('id', '=', breach.subjectId)
    .executeTakeFirst();
  const owed =
    order &&
    openOrderPromises({
      status: order.status as OrderStatus,
      confirmedAt: order.confirmed_at,
      paidAt: order.paid_at,
      shippedAt: order.shipped_at,
    }).includes(metric);
  if (!owed) return false;
  const raised = await db
    .insertInto('order_flags')
    .values({ order_id: breach.subjectId, kind: MISSED_PROMISE_FLAG[metric], detail: JSON.stringify({ dueAt: breach.dueAt }) })
    .onConflict((oc) => oc.columns(['order_id', 'kind']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return raised !== undefined;
}
