import { GOODS_OUT_KINDS, openingPromises, type AfterSaleKind, type AfterSaleReason, type CompensationKind } from '@kefu/domain';
import { sql } from 'kysely';
import { audit } from '../audit/audit.ts';
import type { Db, Tx } from '../db/database.ts';
import { lockVersioned, nextVersion, writeVersioned } from '../db/versioned.ts';
import { recordEvent } from '../events/record.ts';
import type { Principal } from '../http/context.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { orderEvent } from '../orders/service.ts';
import { stopClocks } from '../sla/clock.ts';
import { currentPolicies } from '../sla/policies.ts';
import { createTicket } from '../tickets/service.ts';
import { writeTimelineEntry, type TimelineData } from '../tickets/timeline.ts';
import { lineWorths, lockChain, orderLines } from './chain.ts';
import { openingRefusal, PAYS_OUT, refundableFen } from './checks.ts';
import { progressGiven, startPromises } from './clocks.ts';

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

/** An after-sale move on its ticket's timeline; the ticket counts as updated. */
export async function timelineEvent(tx: Tx, ticketId: number, actorId: number | null, data: TimelineData['after_sale'], body: string | null = null) {
  await writeTimelineEntry(tx, ticketId, actorId, { kind: 'after_sale', data, body });
  await tx
    .updateTable('tickets')
    .set({ updated_at: sql<Date>`now()` as unknown as Date })
    .where('id', '=', ticketId)
    .execute();
}

/**
 * Opens an after-sale request on an order (and its lines): on the given ticket, or on a new 售后 ticket.
 * The amount is checked against what is left to refund on the order. Its promises start: the review (24 hours by
 * default), and a complex case's first plan (one working day, by the official calendar).
 */
export async function createAfterSale(db: Db, actor: Principal, input: AfterSaleInput, now = new Date()) {
  if (input.kind === 'compensation' && !input.compensationKind) throw badRequest('body.compensationKind', 'say how the shopper is compensated');
  const ticketId = input.ticketId ?? null;
  const order = await db
    .selectFrom('orders')
    .select(['id', 'order_no', 'customer_id', 'total_fen', 'kind', 'status', 'shipped_at'])
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
  const refused = openingRefusal({ kind: input.kind, lines: input.lines, amountFen }, order);
  if (refused) throw badRequest(refused.field, refused.reason);
  const policies = await currentPolicies(db);

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
        created_by: actor.id,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await startPromises(tx, policies, created, openingPromises(created.complex), now);
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

/**
 * Repairs: the day's progress, a reply on the ticket that is told to the shopper (in their chat, else by e-mail:
 * progress-notice.ts, after the commit). Today's update is then given: the next is due tomorrow before 16:00.
 */
export async function recordProgress(db: Db, actor: Principal, id: number, note: string, now = new Date()) {
  const policies = await currentPolicies(db);
  return db.transaction().execute(async (tx) => {
    const a = await tx.selectFrom('after_sales').select(['id', 'ticket_id', 'kind', 'state']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!a) throw notFound('after-sale request');
    if (a.kind !== 'repair' || !['received', 'repairing'].includes(a.state)) throw badRequest('body', 'progress is reported on a repair under way');
    await tx.updateTable('after_sales').set({ updated_at: now, version: nextVersion() }).where('id', '=', id).execute();
    await progressGiven(tx, policies, a, now);
    const entry = await writeTimelineEntry(tx, a.ticket_id, actor.id, { kind: 'reply', body: note, data: { afterSaleId: id, progress: true } });
    await recordEvent(tx, { type: 'aftersale.progress', payload: { afterSaleId: id, ticketId: a.ticket_id, entryId: entry.id } });
    await audit(tx, { actorId: actor.id, action: 'aftersale.progress', entity: 'after_sale', entityId: id });
  });
}

/** Complex cases: the first plan, due within one working day; a supervisor approves the request with it. */
export async function recordPlan(db: Db, actor: Principal, id: number, input: { plan: string; version: number }) {
  return db.transaction().execute(async (tx) => {
    const a = await lockVersioned(tx, 'after_sales', id, input.version);
    const now = new Date();
    const version = await writeVersioned(tx, 'after_sales', id, { plan: input.plan, updated_at: now });
    await stopClocks(tx, { kind: 'after_sale', id }, 'met', ['aftersale_plan'], now);
    await timelineEvent(tx, a.ticket_id, actor.id, { afterSaleId: id, plan: true }, input.plan);
    await audit(tx, { actorId: actor.id, action: 'aftersale.plan', entity: 'after_sale', entityId: id });
    return version;
  });
}
