import type { AfterSaleKind, AfterSaleReason, AfterSaleState, PolicyCheck } from '@kefu/domain';
import type { ApprovalCounts, ApprovalItem, APPROVAL_REASONS } from '@kefu/protocol/api/approvals';
import type { ESCALATION_LEVELS } from '@kefu/protocol/api/sla';
import { sql } from 'kysely';
import type { z } from 'zod';
import { approvalFor, currentChecks } from '../aftersales/checks.ts';
import { clocksOf, deadlines } from '../aftersales/clocks.ts';
import type { Db } from '../db/database.ts';
import { getSetting } from '../settings/service.ts';

type Item = z.output<typeof ApprovalItem>;
type Reason = (typeof APPROVAL_REASONS)[number];

/**
 * What waits for a supervisor's decision (DOMAIN.md §3–§4):
 * - after-sale requests sent for approval (`pending_approval`): above the limit on their replacement chain, failing a
 *   policy check (approving is an override with a note), or complex cases (a plan first, then a supervisor);
 * - tickets escalated inside the shop (to the supervisor or the manager) and not yet solved: what exceeds an agent's
 *   authority. Escalations outside the shop (platform, regulator, media) are on the SLA board, not decisions here.
 * Order substitutions and the complaint loop are the agent's and the shopper's, so they are not here.
 */
const INTERNAL_LEVELS = ['supervisor', 'manager'] as const;
const UNSOLVED = sql<boolean>`tickets.status not in ('solved', 'closed')`;

async function pendingAfterSales(db: Db, now: Date): Promise<Item[]> {
  const rows = await db
    .selectFrom('after_sales')
    .innerJoin('tickets', 'tickets.id', 'after_sales.ticket_id')
    .innerJoin('orders', 'orders.id', 'after_sales.order_id')
    .leftJoin('customers', 'customers.id', 'after_sales.customer_id')
    .selectAll('after_sales')
    .select(['tickets.number as ticket_number', 'tickets.subject', 'orders.order_no', 'customers.name as customer_name'])
    .where('after_sales.state', '=', 'pending_approval')
    .orderBy('after_sales.updated_at')
    .limit(500)
    .execute();
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const policy = (await getSetting(db, 'afterSalePolicy')).value;
  const clocks = await clocksOf(db, ids);
  const asked = await whoSentForApproval(db, ids);
  const items: Item[] = [];
  for (const a of rows) {
    const approval = await approvalFor(db, a, policy);
    const failed = (await currentChecks(db, a, now)).filter((c: PolicyCheck) => !c.ok);
    const reasons: Reason[] = [];
    if (approval.measure && approval.totalFen > approval.limitFen) reasons.push('over_limit');
    if (failed.length) reasons.push('policy');
    if (a.complex) reasons.push('complex');
    const due = deadlines(clocks.get(a.id) ?? []);
    const dueAt = [due.reviewDueAt, due.planDueAt].filter((d): d is Date => d !== null).sort((x, y) => +x - +y)[0] ?? null;
    const sent = asked.get(a.id);
    items.push({
      key: `after_sale:${a.id}`,
      type: 'after_sale',
      reasons,
      ticketId: a.ticket_id,
      ticketNumber: a.ticket_number,
      subject: a.subject,
      customerName: a.customer_name,
      orderId: a.order_id,
      orderNo: a.order_no,
      amountFen: approval.measure === 'goods' ? Number(a.goods_fen) : approval.measure === 'money' ? Number(a.amount_fen) : null,
      requestedBy: sent?.name ?? null,
      requestedAt: sent?.at ?? a.updated_at,
      dueAt,
      overdue: due.overdue.length > 0,
      afterSale: {
        id: a.id,
        version: a.version,
        kind: a.kind as AfterSaleKind,
        state: a.state as AfterSaleState,
        reason: a.reason as AfterSaleReason,
        measure: approval.measure,
        totalFen: approval.totalFen,
        limitFen: approval.limitFen,
        failedChecks: failed.map((c) => ({ id: c.id, ok: c.ok, detail: c.detail })),
        plan: a.plan,
      },
      escalation: null,
    });
  }
  return items;
}

/** Who last sent each request for approval, and when (its ticket's timeline). */
async function whoSentForApproval(db: Db, ids: number[]) {
  const rows = await db
    .selectFrom('ticket_events')
    .leftJoin('users', 'users.id', 'ticket_events.actor_id')
    .select([sql<number>`(ticket_events.data->>'afterSaleId')::int`.as('after_sale_id'), 'users.display_name', 'ticket_events.at'])
    .where('ticket_events.kind', '=', 'after_sale')
    .where(sql<boolean>`ticket_events.data->>'to' = 'pending_approval'`)
    .where(sql<number>`(ticket_events.data->>'afterSaleId')::int`, 'in', ids)
    .orderBy('ticket_events.at')
    .execute();
  return new Map(rows.map((r) => [Number(r.after_sale_id), { name: r.display_name, at: r.at }]));
}

async function openEscalations(db: Db, now: Date): Promise<Item[]> {
  const rows = await db
    .selectFrom('tickets')
    .innerJoin(
      (eb) =>
        eb
          .selectFrom('ticket_escalations')
          .selectAll()
          .distinctOn('ticket_id')
          .where('level', 'in', INTERNAL_LEVELS)
          .orderBy('ticket_id')
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .as('e'),
      (join) => join.onRef('e.ticket_id', '=', 'tickets.id'),
    )
    .leftJoin('users', 'users.id', 'e.actor_id')
    .leftJoin('customers', 'customers.id', 'tickets.customer_id')
    .leftJoin('orders', 'orders.id', 'tickets.order_id')
    .select([
      'tickets.id',
      'tickets.number',
      'tickets.subject',
      'tickets.order_id',
      'tickets.sla_due_at',
      'orders.order_no',
      'customers.name as customer_name',
      'users.display_name as actor_name',
      'e.id as escalation_id',
      'e.level',
      'e.reason',
      'e.created_at as escalated_at',
    ])
    .where('tickets.escalation_level', 'in', INTERNAL_LEVELS)
    .where(UNSOLVED)
    .orderBy('e.created_at')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    key: `escalation:${r.id}`,
    type: 'escalation' as const,
    reasons: [],
    ticketId: r.id,
    ticketNumber: r.number,
    subject: r.subject,
    customerName: r.customer_name,
    orderId: r.order_id,
    orderNo: r.order_no,
    amountFen: null,
    requestedBy: r.actor_name,
    requestedAt: r.escalated_at,
    dueAt: r.sla_due_at,
    overdue: r.sla_due_at !== null && r.sla_due_at <= now,
    afterSale: null,
    escalation: { id: r.escalation_id, level: r.level as (typeof ESCALATION_LEVELS)[number], reason: r.reason },
  }));
}

/** Everything waiting for a supervisor, oldest first. */
export async function approvalInbox(db: Db, now = new Date()) {
  const items = [...(await pendingAfterSales(db, now)), ...(await openEscalations(db, now))].sort((a, b) => +a.requestedAt - +b.requestedAt);
  const afterSales = items.filter((i) => i.type === 'after_sale').length;
  const counts = { total: items.length, afterSales, escalations: items.length - afterSales, overdue: items.filter((i) => i.overdue).length };
  return { items, counts };
}

/** The counts alone, for the menu's badge: two counting queries, no policy checks. */
export async function approvalCounts(db: Db, now = new Date()): Promise<z.output<typeof ApprovalCounts>> {
  const afterSales = await db
    .selectFrom('after_sales')
    .select([
      sql<string>`count(*)`.as('n'),
      sql<string>`count(*) filter (where exists (select 1 from sla_clocks c where c.subject_kind = 'after_sale'
        and c.subject_id = after_sales.id and c.state in ('running', 'paused') and c.breached_at is not null))`.as('late'),
    ])
    .where('state', '=', 'pending_approval')
    .executeTakeFirstOrThrow();
  const escalations = await db
    .selectFrom('tickets')
    .select([sql<string>`count(*)`.as('n'), sql<string>`count(*) filter (where tickets.sla_due_at <= ${now})`.as('late')])
    .where('escalation_level', 'in', INTERNAL_LEVELS)
    .where(UNSOLVED)
    .executeTakeFirstOrThrow();
  const a = Number(afterSales.n);
  const e = Number(escalations.n);
  return { total: a + e, afterSales: a, escalations: e, overdue: Number(afterSales.late) + Number(escalations.late) };
}
