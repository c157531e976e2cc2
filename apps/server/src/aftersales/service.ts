import {
  addWorkingDays,
  afterSaleForRole,
  afterSaleTransitionError,
  approvalNeed,
  GOODS_OUT_KINDS,
  LEAD_ROLES,
  MONEY_BACK_KINDS,
  nextRepairProgressDue,
  nextStates,
  policyChecks,
  REVIEW_WITHIN_HOURS,
  type AfterSaleKind,
  type AfterSalePolicy,
  type AfterSaleReason,
  type AfterSaleState,
  type CompensationKind,
  type Department,
  type Role,
} from '@kefu/domain';
import { sql } from 'kysely';
import { audit } from '../audit/audit.ts';
import { createTask } from '../collaboration/service.ts';
import type { Db, Tx } from '../db/database.ts';
import { lockVersioned, nextVersion, writeVersioned } from '../db/versioned.ts';
import { recordEvent } from '../events/record.ts';
import type { Principal } from '../http/context.ts';
import { badRequest, notFound, refuse, refusalError } from '../http/errors.ts';
import { orderEvent } from '../orders/service.ts';
import { getSetting } from '../settings/service.ts';
import { createTicket } from '../tickets/service.ts';
import { writeTimelineEntry, type TimelineData } from '../tickets/timeline.ts';
import { lineWorths, lockChain, orderChain, orderLines, type OrderChain } from './chain.ts';

export const KIND_LABEL: Record<AfterSaleKind, string> = {
  return: '退货退款',
  exchange: '换货',
  repair: '维修',
  refund: '仅退款',
  reissue: '补发',
  compensation: '补偿',
};

export interface AfterSaleInput {
  orderId: number;
  ticketId?: number;
  kind: AfterSaleKind;
  reason: AfterSaleReason;
  description?: string;
  lines: { lineId: number; quantity: number }[];
  amountFen?: number;
  compensationKind?: CompensationKind;
  goodsIntact?: boolean | null;
  complex?: boolean;
}

/** Kinds whose amount leaves the shop's account, and so is bounded by what the shopper paid. */
const PAYS_OUT = MONEY_BACK_KINDS as AfterSaleKind[];

/** What is left to pay out on an order: what the shopper paid less every live refund and compensation on it. */
async function refundableFen(tx: Tx, orderId: number, totalFen: number, exceptId: number | null) {
  let q = tx
    .selectFrom('after_sales')
    .select(sql<string>`coalesce(sum(amount_fen), 0)`.as('fen'))
    .where('order_id', '=', orderId)
    .where('kind', 'in', PAYS_OUT)
    .where('state', 'not in', ['rejected', 'cancelled'])
    .where('rejected_at', 'is', null);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return totalFen - Number((await q.executeTakeFirstOrThrow()).fen);
}

/**
 * Whether approving `a` needs a supervisor, weighed on the running total of its order's replacement chain (see
 * `approvalNeed`, `orderChain`). Inside an approval the caller holds the chain's root row lock, so concurrent
 * approvals anywhere on one chain see each other.
 */
async function approvalFor(
  tx: Db | Tx,
  a: { id: number; order_id: number; kind: string; amount_fen: number; goods_fen: number; complex: boolean },
  policy: AfterSalePolicy,
  chain?: OrderChain,
) {
  const { orderIds } = chain ?? (await orderChain(tx, a.order_id));
  const others = await tx
    .selectFrom('after_sales')
    .select(['kind', 'state', 'amount_fen', 'goods_fen', 'approved_at', 'rejected_at'])
    .where('order_id', 'in', orderIds)
    .where('id', '<>', a.id)
    .execute();
  return approvalNeed(
    { kind: a.kind as AfterSaleKind, amountFen: Number(a.amount_fen), goodsFen: Number(a.goods_fen), complex: a.complex },
    others.map((o) => ({
      kind: o.kind as AfterSaleKind,
      state: o.state as AfterSaleState,
      amountFen: Number(o.amount_fen),
      goodsFen: Number(o.goods_fen),
      approved: o.approved_at !== null,
      rejected: o.rejected_at !== null,
    })),
    policy,
  );
}

async function evidenceCount(tx: Db | Tx, ticketId: number) {
  const row = await tx
    .selectFrom('attachments')
    .select(sql<string>`count(*)`.as('n'))
    .where('ticket_id', '=', ticketId)
    .where((eb) => eb.or([eb('content_type', 'like', 'image/%'), eb('content_type', 'like', 'video/%')]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function currentChecks(
  tx: Db | Tx,
  a: { kind: string; reason: string; order_id: number; ticket_id: number; goods_intact: boolean | null; lines: unknown[] },
  now: Date,
) {
  const order = await tx.selectFrom('orders').select(['shipped_at', 'delivered_at']).where('id', '=', a.order_id).executeTakeFirstOrThrow();
  const chosen = new Set((a.lines as { lineId: number }[]).map((l) => l.lineId));
  const lines = (await orderLines(tx, a.order_id)).filter((l) => chosen.size === 0 || chosen.has(l.id));
  const policy = (await getSetting(tx, 'afterSalePolicy')).value;
  return policyChecks(
    {
      kind: a.kind as AfterSaleKind,
      reason: a.reason as AfterSaleReason,
      receivedAt: order.delivered_at ?? order.shipped_at,
      warrantyDays: lines.length ? Math.min(...lines.map((l) => l.warranty_days ?? 0)) : 0,
      goodsIntact: a.goods_intact,
      evidenceCount: await evidenceCount(tx, a.ticket_id),
      now,
    },
    policy,
  );
}

async function timelineEvent(tx: Tx, ticketId: number, actorId: number | null, data: TimelineData['after_sale'], body: string | null = null) {
  await writeTimelineEntry(tx, ticketId, actorId, { kind: 'after_sale', data, body });
  await tx
    .updateTable('tickets')
    .set({ updated_at: sql<Date>`now()` as unknown as Date })
    .where('id', '=', ticketId)
    .execute();
}

/**
 * Opens an after-sale request on an order (and its lines): on the given ticket, or on a new 售后 ticket.
 * The amount is checked against what is left to refund on the order; review is due in 24 hours, and a
 * complex case's first plan within one working day.
 */
export async function createAfterSale(db: Db, actor: Principal, input: AfterSaleInput) {
  if (input.kind === 'compensation' && !input.compensationKind) throw badRequest('body.compensationKind', 'say how the shopper is compensated');
  const ticketId = input.ticketId ?? null;
  const order = await db
    .selectFrom('orders')
    .select(['id', 'order_no', 'customer_id', 'total_fen', 'kind'])
    .where('id', '=', input.orderId)
    .executeTakeFirst();
  if (!order) throw badRequest('body.orderId', 'no such order');
  const lines = await orderLines(db, order.id);
  for (const [i, l] of input.lines.entries()) {
    const line = lines.find((x) => x.id === l.lineId);
    if (!line) throw badRequest(`body.lines.${i}.lineId`, 'no such line on this order');
    if (l.quantity > line.quantity) throw badRequest(`body.lines.${i}.quantity`, `the line has only ${line.quantity}`);
  }
  const linesFen = input.lines.reduce((sum, l) => sum + l.quantity * Number(lines.find((x) => x.id === l.lineId)!.unit_price_fen), 0);
  // What a reissue or an exchange sends out unpaid, at what the goods are worth; no lines chosen means the whole order (a reissue then copies every line).
  const worth = GOODS_OUT_KINDS.includes(input.kind) ? await lineWorths(db, order.id, lines) : null;
  const chosen = input.lines.length ? input.lines : lines.map((l) => ({ lineId: l.id, quantity: l.quantity }));
  const goodsFen = worth ? chosen.reduce((sum, l) => sum + l.quantity * worth.get(l.lineId)!, 0) : 0;
  const amountFen = input.amountFen ?? (input.kind === 'return' || input.kind === 'refund' ? linesFen : 0);

  return db.transaction().execute(async (tx) => {
    if (ticketId) {
      const ticket = await tx.selectFrom('tickets').select(['id', 'order_id']).where('id', '=', ticketId).executeTakeFirst();
      if (!ticket) throw badRequest('body.ticketId', 'no such ticket');
      if (ticket.order_id !== null && ticket.order_id !== order.id) throw badRequest('body.ticketId', 'the ticket is about another order');
    }
    if (PAYS_OUT.includes(input.kind)) {
      // Lock the chain so two requests cannot both take the last of the order's amount.
      await lockChain(tx, order.id);
      const left = await refundableFen(tx, order.id, Number(order.total_fen), null);
      if (amountFen > left) throw badRequest('body.amountFen', `must not be above what is left to refund on the order (¥${(left / 100).toFixed(2)})`);
    }
    const ticket = ticketId
      ? null
      : await createTicket(tx, actor, {
          type: 'after_sale',
          subject: `${KIND_LABEL[input.kind]} · 订单 ${order.order_no}`,
          description: input.description ?? '',
          orderId: order.id,
          customerId: order.customer_id,
          assigneeId: actor.id,
        });
    const now = new Date();
    const created = await tx
      .insertInto('after_sales')
      .values({
        ticket_id: ticketId ?? ticket!.id,
        order_id: order.id,
        customer_id: order.customer_id,
        kind: input.kind,
        state: 'requested',
        reason: input.reason,
        description: input.description ?? '',
        lines: JSON.stringify(input.lines),
        amount_fen: amountFen,
        goods_fen: goodsFen,
        compensation_kind: input.compensationKind ?? null,
        goods_intact: input.goodsIntact ?? null,
        complex: input.complex ?? false,
        review_due_at: new Date(now.getTime() + REVIEW_WITHIN_HOURS * 3600_000),
        plan_due_at: input.complex ? addWorkingDays(now, 1) : null,
        created_by: actor.id,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await timelineEvent(
      tx,
      created.ticket_id,
      actor.id,
      { afterSaleId: created.id, kind: input.kind, to: 'requested', amountFen },
      input.description || null,
    );
    await recordEvent(tx, {
      type: 'aftersale.moved',
      payload: {
        afterSaleId: created.id,
        ticketId: created.ticket_id,
        orderId: order.id,
        kind: input.kind,
        from: null,
        to: 'requested',
      },
    });
    await orderEvent(tx, order.id, actor.id, 'after_sale', { afterSaleId: created.id, kind: input.kind });
    await audit(tx, {
      actorId: actor.id,
      action: 'aftersale.create',
      entity: 'after_sale',
      entityId: created.id,
      detail: { kind: input.kind, amountFen },
    });
    return created.id;
  });
}

/** The request with its order, the live policy checks and the moves the viewer's role may make, as the role may see it (`afterSaleForRole`). */
export async function getAfterSale(db: Db, id: number, role: Role) {
  const a = await db
    .selectFrom('after_sales')
    .innerJoin('tickets', 'tickets.id', 'after_sales.ticket_id')
    .innerJoin('orders', 'orders.id', 'after_sales.order_id')
    .leftJoin('users as approver', 'approver.id', 'after_sales.approved_by')
    .selectAll('after_sales')
    .select([
      'tickets.number as ticket_number',
      'orders.order_no',
      'orders.platform',
      'orders.total_fen as order_total_fen',
      'approver.display_name as approved_by_name',
    ])
    .where('after_sales.id', '=', id)
    .executeTakeFirst();
  if (!a) throw notFound('after-sale request');
  const policy = (await getSetting(db, 'afterSalePolicy')).value;
  const checks = await currentChecks(db, a, new Date());
  const approval = await approvalFor(db, a, policy);
  return afterSaleForRole(
    {
      ...a,
      checks,
      needsSupervisor: approval.needsSupervisor,
      approval,
      nextStates: nextStates(a.kind as AfterSaleKind, a.state as AfterSaleState, role),
    },
    role,
  );
}

export async function listAfterSales(
  db: Db,
  role: Role,
  f: { state?: AfterSaleState[]; kind?: AfterSaleKind[]; overdue?: boolean; ticketId?: number; orderId?: number },
) {
  let q = db
    .selectFrom('after_sales')
    .innerJoin('tickets', 'tickets.id', 'after_sales.ticket_id')
    .innerJoin('orders', 'orders.id', 'after_sales.order_id')
    .leftJoin('customers', 'customers.id', 'after_sales.customer_id')
    .select([
      'after_sales.id',
      'after_sales.kind',
      'after_sales.state',
      'after_sales.reason',
      'after_sales.amount_fen',
      'after_sales.ticket_id',
      'after_sales.order_id',
      'after_sales.overdue',
      'after_sales.review_due_at',
      'after_sales.plan_due_at',
      'after_sales.progress_due_at',
      'after_sales.created_at',
      'after_sales.updated_at',
      'after_sales.version',
      'tickets.number as ticket_number',
      'orders.order_no',
      'customers.name as customer_name',
    ]);
  if (f.state?.length) q = q.where('after_sales.state', 'in', f.state);
  if (f.kind?.length) q = q.where('after_sales.kind', 'in', f.kind);
  if (f.overdue) q = q.where(sql<boolean>`cardinality(after_sales.overdue) > 0`);
  if (f.ticketId) q = q.where('after_sales.ticket_id', '=', f.ticketId);
  if (f.orderId) q = q.where('after_sales.order_id', '=', f.orderId);
  return (await q.orderBy('after_sales.updated_at', 'desc').limit(200).execute()).map((row) => afterSaleForRole(row, role));
}

export interface Transition {
  version: number;
  to: AfterSaleState;
  note?: string;
  override?: boolean;
  goodsIntact?: boolean;
  returnTrackingNo?: string;
}

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

function overLimit(need: { measure: 'money' | 'goods' | null; totalFen: number; limitFen: number }) {
  const what = need.measure === 'goods' ? 'goods sent out unpaid' : 'money back';
  return `with this request the order's ${what} comes to ${yuan(need.totalFen)}, above the ${yuan(need.limitFen)} limit, and`;
}

/** Work a department is handed when a request reaches a state. */
const HAND_OFF: Partial<Record<AfterSaleKind, Partial<Record<AfterSaleState, [Department, string]>>>> = {
  return: { approved: ['warehouse', '等待退货包裹'], received: ['finance', '退货已收到，请退款'] },
  exchange: { approved: ['warehouse', '等待换货包裹'], received: ['warehouse', '换货已收到，请发新货'] },
  repair: { approved: ['warehouse', '等待维修件'] },
  refund: { approved: ['finance', '请退款'] },
  reissue: { approved: ['warehouse', '请发补发单'] },
  compensation: { approved: ['finance', '请发放补偿'] },
};

/**
 * Moves a request, by the roles its kind allows. Approval re-runs the policy checks (a failing one is refused
 * unless a supervisor overrides it with a note) and wants a supervisor above the shop's limit and for complex
 * cases. Approving a reissue creates the zero-price replacement order. Every move is on the ticket's timeline.
 */
export async function transitionAfterSale(db: Db, actor: Principal, id: number, t: Transition) {
  return db.transaction().execute(async (tx) => {
    const a = await lockVersioned(tx, 'after_sales', id, t.version);
    const kind = a.kind as AfterSaleKind;
    const from = a.state as AfterSaleState;
    const refused = afterSaleTransitionError(kind, from, t.to, actor.role);
    if (refused) throw refusalError(refused, refused.code === 'invalid_transition' ? 'body.to' : undefined);
    const policy = (await getSetting(tx, 'afterSalePolicy')).value;
    const reviewing = t.to === 'approved' || t.to === 'pending_approval';
    // The limit is per replacement chain: lock its root row so two requests on it are never weighed without each other.
    const need = reviewing ? await approvalFor(tx, a, policy, await lockChain(tx, a.order_id)) : null;
    const supervisor = need?.needsSupervisor ?? false;
    const lead = LEAD_ROLES.includes(actor.role);
    const now = new Date();
    const goodsIntact = t.goodsIntact ?? a.goods_intact;
    if ((t.to === 'rejected' || t.override) && !t.note?.trim())
      throw badRequest('body.note', t.override ? 'say why the policy is overridden' : 'say why the request is rejected');
    if (t.to === 'pending_approval' && !supervisor && (await currentChecks(tx, { ...a, goods_intact: goodsIntact }, now)).every((c) => c.ok)) {
      throw badRequest('body.to', "this request is within the agent's authority and passes the policy: approve or reject it");
    }
    let checks = a.checks;
    if (t.to === 'approved') {
      if (supervisor && !lead)
        throw refuse('needs_supervisor', `${a.complex ? 'a complex case' : overLimit(need!)} needs a supervisor's approval: send it for approval`);
      const fresh = await currentChecks(tx, { ...a, goods_intact: goodsIntact }, now);
      const failed = fresh.filter((c) => !c.ok);
      if (failed.length && !(t.override && lead)) {
        throw refuse('policy_failed', `the request fails the policy: ${failed.map((c) => c.id).join(', ')}`, { checks: fresh });
      }
      if (a.complex && !a.plan) throw badRequest('body.to', 'a complex case needs its plan recorded before approval');
      checks = fresh;
    }

    const set: Record<string, unknown> = { state: t.to, goods_intact: goodsIntact, checks: JSON.stringify(checks) };
    if (t.returnTrackingNo) set.return_tracking_no = t.returnTrackingNo;
    if (t.to === 'approved') Object.assign(set, { approved_by: actor.id, approved_at: now });
    if (t.to === 'rejected') set.rejected_at = now;
    if (from === 'requested' || from === 'pending_approval') set.review_due_at = null;
    if (t.to === 'pending_approval') set.review_due_at = a.review_due_at;
    if (kind === 'repair' && (t.to === 'received' || t.to === 'repairing')) set.progress_due_at = nextRepairProgressDue(now);
    if (['reshipped', 'rejected', 'closed', 'cancelled', 'refunded', 'granted'].includes(t.to))
      Object.assign(set, { progress_due_at: null, plan_due_at: null });
    if (t.to === 'approved' && kind === 'reissue')
      set.replacement_order_id = await createReplacementOrder(tx, actor, a.order_id, a.lines as { lineId: number; quantity: number }[], a.id);
    const updated = await tx
      .updateTable('after_sales')
      .set({ ...set, overdue: [], version: nextVersion(), updated_at: now })
      .where('id', '=', id)
      .returning(['version', 'replacement_order_id'])
      .executeTakeFirstOrThrow();

    await timelineEvent(tx, a.ticket_id, actor.id, { afterSaleId: id, kind, from, to: t.to, override: t.override ?? false }, t.note ?? null);
    const moved = { afterSaleId: id, ticketId: a.ticket_id, orderId: a.order_id, kind, from, to: t.to };
    await recordEvent(tx, { type: 'aftersale.moved', payload: moved });
    const handOff = HAND_OFF[kind]?.[t.to];
    if (handOff) {
      const order = await tx.selectFrom('orders').select(['order_no']).where('id', '=', a.order_id).executeTakeFirstOrThrow();
      await createTask(tx, actor.id, {
        ticketId: a.ticket_id,
        orderId: a.order_id,
        afterSaleId: a.id,
        department: handOff[0],
        title: `${handOff[1]} · ${KIND_LABEL[kind]} · 订单 ${order.order_no}`,
        description: [
          a.description,
          Number(a.amount_fen) ? `金额 ${(Number(a.amount_fen) / 100).toFixed(2)} 元` : '',
          a.return_tracking_no ?? t.returnTrackingNo ?? '',
        ]
          .filter(Boolean)
          .join('\n'),
      });
    }
    await audit(tx, {
      actorId: actor.id,
      action: 'aftersale.transition',
      entity: 'after_sale',
      entityId: id,
      detail: { from, to: t.to, override: t.override ?? false },
    });
    return { version: updated.version, replacementOrderId: updated.replacement_order_id };
  });
}

/** 补换订单: a zero-price copy of the reissued lines, linked to the original and marked as not collecting payment. */
async function createReplacementOrder(
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
  await orderEvent(tx, orderId, actor.id, 'replacement_created', { replacementOrderId: replacement.id, afterSaleId });
  return replacement.id;
}

/** Repairs: the day's progress to the shopper (a reply on the ticket), which moves the next deadline to tomorrow 16:00. */
export async function recordProgress(db: Db, actor: Principal, id: number, note: string) {
  return db.transaction().execute(async (tx) => {
    const a = await tx.selectFrom('after_sales').select(['id', 'ticket_id', 'kind', 'state']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!a) throw notFound('after-sale request');
    if (a.kind !== 'repair' || !['received', 'repairing'].includes(a.state)) throw badRequest('body', 'progress is reported on a repair under way');
    const now = new Date();
    await tx
      .updateTable('after_sales')
      .set({
        progress_due_at: nextRepairProgressDue(now),
        overdue: sql<string[]>`array_remove(overdue, 'progress')`,
        updated_at: now,
        version: nextVersion(),
      })
      .where('id', '=', id)
      .execute();
    await writeTimelineEntry(tx, a.ticket_id, actor.id, { kind: 'reply', body: note, data: { afterSaleId: id, progress: true } });
    await audit(tx, { actorId: actor.id, action: 'aftersale.progress', entity: 'after_sale', entityId: id });
  });
}

/** Complex cases: the first plan, due within one working day; a supervisor approves the request with it. */
export async function recordPlan(db: Db, actor: Principal, id: number, input: { plan: string; version: number }) {
  return db.transaction().execute(async (tx) => {
    const a = await lockVersioned(tx, 'after_sales', id, input.version);
    const version = await writeVersioned(tx, 'after_sales', id, {
      plan: input.plan,
      plan_due_at: null,
      overdue: sql<string[]>`array_remove(overdue, 'plan')`,
      updated_at: new Date(),
    });
    await timelineEvent(tx, a.ticket_id, actor.id, { afterSaleId: id, plan: true }, input.plan);
    await audit(tx, { actorId: actor.id, action: 'aftersale.plan', entity: 'after_sale', entityId: id });
    return version;
  });
}

/**
 * Marks requests whose deadline has passed — review (24 h), first plan (1 working day), repair progress
 * (16:00 daily) — so they show on the supervisor's list; the ticket's timeline notes each newly late one.
 */
export async function flagLateAfterSales(db: Db, now = new Date()): Promise<number> {
  const { rows } = await sql<{ id: number; ticket_id: number; overdue: string[]; before: string[] }>`
    with late as (
      select id, array_remove(array[
        case when review_due_at < ${now} then 'review' end,
        case when plan_due_at < ${now} then 'plan' end,
        case when progress_due_at < ${now} then 'progress' end], null) as overdue
      from after_sales where review_due_at < ${now} or plan_due_at < ${now} or progress_due_at < ${now}
    )
    update after_sales a set overdue = late.overdue from late, (select id, overdue as before from after_sales) b
    where a.id = late.id and b.id = a.id and not (a.overdue @> late.overdue and late.overdue @> a.overdue)
    returning a.id, a.ticket_id, a.overdue, b.before`.execute(db);
  for (const r of rows) {
    const fresh = r.overdue.filter((o) => !r.before.includes(o));
    if (fresh.length) await writeTimelineEntry(db, r.ticket_id, null, { kind: 'after_sale', data: { afterSaleId: r.id, overdue: fresh } });
  }
  return rows.length;
}
