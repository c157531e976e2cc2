import type { Channel, Segment, Severity, SlaMetric, SlaPolicy, TicketCategory, TicketPriority, TicketStatus, TicketType } from '@kefu/domain';
import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import { pauseClocks, planClocks, resumeClocks, startClocks, stopClocks, type PlannedClock } from '../sla/clock.ts';
import { currentPolicies, readPolicies } from '../sla/policies.ts';
import { writeTimelineEntry } from './timeline.ts';

/**
 * The promises a ticket carries (docs/service-levels.md), on the one clock of sla/: what starts, meets, pauses and
 * cancels them as the ticket is created, answered, waits on the shopper, is solved, closed or reopened. A running
 * clock keeps the promise made when it started: a ticket raised to critical later keeps the targets it had.
 */

/** What the policies match a ticket on (the customer's segment is read apart, and only when a policy asks). */
export interface TicketClockFacts {
  id: number;
  type: string;
  category: string | null;
  severity: string | null;
  priority: string;
  channel: string;
  customer_id: number | null;
  answered_at: Date | null;
}

/** The promises a new ticket starts; first feedback is a complaint's alone; a suggestion is a record and promises nothing. */
export function openingMetrics(type: TicketType): SlaMetric[] {
  if (type === 'suggestion') return [];
  return type === 'complaint'
    ? ['first_response', 'first_feedback', 'resolution', 'periodic_update']
    : ['first_response', 'resolution', 'periodic_update'];
}

/** The customer's segment, read only when an enabled policy tells segments apart: a create saves the read. */
async function segmentOf(db: Db | Tx, policies: readonly SlaPolicy[], customerId: number | null): Promise<Segment | null> {
  if (!customerId || !policies.some((p) => p.enabled && p.match.segments.length > 0)) return null;
  const row = await db.selectFrom('customers').select('segment').where('id', '=', customerId).executeTakeFirst();
  return (row?.segment as Segment | undefined) ?? null;
}

/**
 * The clocks `metrics` start for a ticket like `t` at `now` under the policies as this process last read them
 * (`db`), or as the transaction sees them when there is no `db` to cache on.
 */
export async function planTicketClocks(
  db: Db | null,
  tx: Db | Tx,
  t: Omit<TicketClockFacts, 'id' | 'answered_at'>,
  metrics: readonly SlaMetric[],
  now: Date,
  updatedToday = false,
): Promise<PlannedClock[]> {
  const policies = db ? await currentPolicies(db) : await readPolicies(tx);
  const segment = await segmentOf(tx, policies, t.customer_id);
  const attrs = {
    ticketType: t.type as TicketType,
    category: t.category as TicketCategory | null,
    severity: t.severity as Severity | null,
    priority: t.priority as TicketPriority,
    channel: t.channel as Channel,
    segment,
  };
  return planClocks(policies, attrs, metrics, now, updatedToday);
}

const subject = (ticketId: number) => ({ kind: 'ticket' as const, id: ticketId });

/** The ticket's clock facts and status, locked for the rest of the transaction. */
const lockClockFacts = (tx: Tx, ticketId: number) =>
  tx
    .selectFrom('tickets')
    .select(['id', 'type', 'category', 'severity', 'priority', 'channel', 'customer_id', 'answered_at', 'status'])
    .where('id', '=', ticketId)
    .forUpdate()
    .executeTakeFirst();

/**
 * An agent's public reply: the first acknowledges the case (first response met), a later one is the first feedback,
 * any reply answers the shopper's waiting message (next response), and a periodic update starts over (today's given).
 * `t` is the ticket as it was before the reply.
 */
export async function agentReplied(db: Db | null, tx: Tx, t: TicketClockFacts & { status: string }, now = new Date()): Promise<void> {
  const met: SlaMetric[] = ['next_response', 'periodic_update', t.answered_at ? 'first_feedback' : 'first_response'];
  const stopped = await stopClocks(tx, subject(t.id), 'met', met, now);
  if (!stopped.includes('periodic_update')) return;
  await startClocks(tx, subject(t.id), t.id, await planTicketClocks(db, tx, t, ['periodic_update'], now, true));
  if (t.status === 'pending_customer') await pauseClocks(tx, subject(t.id), now);
}

/**
 * An agent talked with the customer on the phone about the ticket (a call with talk time, reported by the CTI or
 * logged by hand): that answers them as a reply does — the first response (or first feedback), the next response —
 * and opens a new ticket. `at` is when they were reached. A closed ticket is archived: nothing changes.
 */
export async function answeredByPhone(tx: Tx, ticketId: number, agentId: number | null, at: Date): Promise<void> {
  const t = await lockClockFacts(tx, ticketId);
  if (!t || t.status === 'closed') return;
  const opens = t.status === 'new';
  await tx
    .updateTable('tickets')
    .set({
      answered_at: t.answered_at ?? at,
      updated_at: sql<Date>`now()` as unknown as Date,
      ...(opens && { status: 'open', version: sql<number>`version + 1` }),
    })
    .where('id', '=', ticketId)
    .execute();
  if (opens) await writeTimelineEntry(tx, ticketId, agentId, { kind: 'status', data: { from: 'new', to: 'open' } });
  await agentReplied(null, tx, t, at);
}

/** A solution recorded on a complaint is its first feedback. */
export async function feedbackGiven(tx: Tx, ticketId: number, now = new Date()): Promise<void> {
  await stopClocks(tx, subject(ticketId), 'met', ['first_feedback'], now);
}

/**
 * The ticket's status moved `from` → `to` (`t` as it is after the move): waiting on the shopper pauses the clocks
 * whose policy says so and leaving it resumes them; solved meets the resolution and cancels what else is open (a
 * first response never given no longer applies: only a reply meets it); closed cancels; reopened starts a new
 * resolution, periodic update and, if the shopper was never answered, first response.
 */
export async function statusMoved(db: Db, tx: Tx, t: TicketClockFacts, from: TicketStatus, to: TicketStatus, now = new Date()): Promise<void> {
  if (from === to) return;
  const ref = subject(t.id);
  if (to === 'solved') {
    await stopClocks(tx, ref, 'met', ['resolution'], now);
    await stopClocks(tx, ref, 'cancelled', undefined, now);
    return;
  }
  if (to === 'closed') {
    await stopClocks(tx, ref, 'cancelled', undefined, now);
    return;
  }
  if (to === 'pending_customer') {
    await pauseClocks(tx, ref, now);
    return;
  }
  if (from === 'pending_customer') await resumeClocks(tx, ref, now);
  if (from === 'solved' || from === 'closed') {
    const metrics: SlaMetric[] = [...(t.answered_at ? [] : ['first_response' as const]), 'resolution', 'periodic_update'];
    await startClocks(tx, ref, t.id, await planTicketClocks(db, tx, t, metrics, now));
  }
}

/**
 * The shopper wrote on the ticket (by e-mail, a marketplace message, a chat linked to it): a case waiting on them
 * is open again, its paused clocks run on, and the shopper is owed an answer (next response; a clock already
 * running keeps counting from their first unanswered message). A closed ticket is archived: nothing starts.
 * Call it in the transaction that records the message.
 */
export async function customerWrote(tx: Tx, ticketId: number, now = new Date()): Promise<void> {
  const t = await lockClockFacts(tx, ticketId);
  if (!t || t.status === 'closed') return;
  if (t.status === 'pending_customer') {
    await tx
      .updateTable('tickets')
      .set({ status: 'open', version: sql<number>`version + 1`, updated_at: now })
      .where('id', '=', ticketId)
      .execute();
    await writeTimelineEntry(tx, ticketId, null, { kind: 'status', data: { from: 'pending_customer', to: 'open' } });
  }
  await resumeClocks(tx, subject(ticketId), now);
  await startClocks(tx, subject(ticketId), ticketId, await planTicketClocks(null, tx, t, ['next_response'], now));
}
