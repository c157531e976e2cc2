import {
  AFTER_SALE_METRICS,
  OVERDUE_NAME,
  promiseMoves,
  type AfterSaleKind,
  type AfterSaleMetric,
  type AfterSaleState,
  type Channel,
  type Segment,
  type Severity,
  type SlaMetric,
  type SlaPolicy,
  type SlaSubject,
  type TicketCategory,
  type TicketPriority,
  type TicketType,
} from '@kefu/domain';
import type { Selectable } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { SlaClocksTable } from '../db/schema/service-levels.ts';
import { planClocks, startClocks, stopClocks } from '../sla/clock.ts';

/**
 * The promises of an after-sale request on the one clock (docs/service-levels.md): review, a complex case's first
 * plan, a repair's daily progress. Each clock belongs to the request's ticket, so the ticket's due time, timeline
 * and breach actions see it.
 */

/**
 * What the policies match work on a ticket by: its type, category, severity, priority and channel, and the
 * customer's segment (read only when a policy tells segments apart). Null when there is no ticket.
 */
export async function ticketWork(tx: Db | Tx, policies: readonly SlaPolicy[], ticketId: number | null): Promise<SlaSubject> {
  if (ticketId === null) return {};
  const segments = policies.some((p) => p.enabled && p.match.segments.length > 0);
  const t = await tx
    .selectFrom('tickets')
    .leftJoin('customers', 'customers.id', 'tickets.customer_id')
    .select(['tickets.type', 'tickets.category', 'tickets.severity', 'tickets.priority', 'tickets.channel', 'customers.segment'])
    .where('tickets.id', '=', ticketId)
    .executeTakeFirstOrThrow();
  return {
    ticketType: t.type as TicketType,
    category: t.category as TicketCategory | null,
    severity: t.severity as Severity | null,
    priority: t.priority as TicketPriority,
    channel: t.channel as Channel,
    segment: segments ? (t.segment as Segment | null) : null,
  };
}

const subject = (id: number) => ({ kind: 'after_sale' as const, id });

/** Starts these promises of a request, under the policy for after-sale work on its ticket (its other facts as they are). */
export async function startPromises(
  tx: Tx,
  policies: readonly SlaPolicy[],
  a: { id: number; ticket_id: number },
  metrics: readonly AfterSaleMetric[],
  now: Date,
  updatedToday = false,
): Promise<void> {
  if (!metrics.length) return;
  const work = { ...(await ticketWork(tx, policies, a.ticket_id)), ticketType: 'after_sale' as const };
  await startClocks(tx, subject(a.id), a.ticket_id, planClocks(policies, work, metrics, now, updatedToday));
}

/** A request moved: the promises the move keeps, voids and starts (`promiseMoves`). */
export async function movePromises(
  tx: Tx,
  policies: readonly SlaPolicy[],
  a: { id: number; ticket_id: number; kind: string },
  from: AfterSaleState,
  to: AfterSaleState,
  now: Date,
): Promise<void> {
  const moves = promiseMoves(a.kind as AfterSaleKind, from, to);
  if (moves.met.length) await stopClocks(tx, subject(a.id), 'met', moves.met, now);
  if (moves.cancelled.length) await stopClocks(tx, subject(a.id), 'cancelled', moves.cancelled, now);
  await startPromises(tx, policies, a, moves.start, now);
}

/** Progress told: today's update is given, so the next is due on the following day (before 16:00 by default). */
export async function progressGiven(tx: Tx, policies: readonly SlaPolicy[], a: { id: number; ticket_id: number }, now: Date) {
  await stopClocks(tx, subject(a.id), 'met', ['repair_progress'], now);
  await startPromises(tx, policies, a, ['repair_progress'], now, true);
}

export type ClockRow = Selectable<SlaClocksTable>;

/** Every clock of these requests, oldest first, by request. */
export async function clocksOf(db: Db, ids: readonly number[]): Promise<Map<number, ClockRow[]>> {
  const byRequest = new Map<number, ClockRow[]>(ids.map((id) => [id, []]));
  if (!ids.length) return byRequest;
  const rows = await db
    .selectFrom('sla_clocks')
    .selectAll()
    .where('subject_kind', '=', 'after_sale')
    .where('subject_id', 'in', ids)
    .orderBy('started_at')
    .orderBy('id')
    .execute();
  for (const c of rows) byRequest.get(c.subject_id)?.push(c);
  return byRequest;
}

const isOpen = (c: ClockRow) => c.state === 'running' || c.state === 'paused';
const isAfterSaleMetric = (m: string): m is AfterSaleMetric => (AFTER_SALE_METRICS as readonly string[]).includes(m);

/** The deadlines the request owes now (null when that promise is not open) and the ones already missed. */
export function deadlines(clocks: readonly ClockRow[]) {
  const due = (metric: SlaMetric) => clocks.find((c) => c.metric === metric && isOpen(c))?.due_at ?? null;
  return {
    reviewDueAt: due('aftersale_review'),
    planDueAt: due('aftersale_plan'),
    progressDueAt: due('repair_progress'),
    overdue: clocks.flatMap((c) => (isOpen(c) && c.breached_at && isAfterSaleMetric(c.metric) ? [OVERDUE_NAME[c.metric]] : [])),
  };
}
