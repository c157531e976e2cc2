import { maskPhone, normalizePhone } from '@kefu/domain';
import { sql } from 'kysely';
import { customerOfIdentity } from '../../customers/service.ts';
import type { Db, Tx } from '../../db/database.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import { answeredByPhone } from '../../tickets/clocks.ts';
import { writeTimelineEntry } from '../../tickets/timeline.ts';
import { openInboundTicket } from '../inbound.ts';

/** One moment of a call as the CTI reports it (see docs/channels.md#phone). */
export interface CallEvent {
  callId: string;
  event: 'ringing' | 'answered' | 'ended';
  direction: 'in' | 'out';
  /** The shopper's number: the caller of an incoming call, the callee of an outgoing one. */
  customerNumber: string;
  agentExtension?: string | undefined;
  at: Date;
  durationSeconds?: number | undefined;
  recordingUrl?: string | undefined;
}

export type CallOutcome = { callId: number; state: 'ringing' | 'answered' | 'ended' | 'missed'; ticketId: number | null; changed: boolean };

/** A ticket this recent is the one a call is about, unless it is closed. */
const OPEN_TICKET_DAYS = 14;

/**
 * Applies one CTI event in one transaction, under a lock on the call's id: the call is made on its first event (in
 * whatever order they arrive), each moment is kept once, and a replayed event changes nothing. When it ends the call
 * goes on the timeline of the caller's open ticket; a missed incoming call with no open ticket opens a phone ticket
 * to call them back, on the file holding the number (made if new).
 */
export async function receiveCallEvent(db: Db, e: CallEvent): Promise<CallOutcome> {
  const phone = normalizePhone(e.customerNumber);
  if (!phone) throw badRequest('body.customerNumber', 'not a phone number');
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`call:${e.callId}`}))`.execute(tx);
    let call = await tx.selectFrom('calls').selectAll().where('call_id', '=', e.callId).executeTakeFirst();
    if (!call) {
      const customerId = await customerOfIdentity(tx, 'phone', phone, null);
      const agent = e.agentExtension
        ? await tx.selectFrom('users').select('id').where('phone_extension', '=', e.agentExtension).executeTakeFirst()
        : undefined;
      call = await tx
        .insertInto('calls')
        .values({
          source: 'cti',
          call_id: e.callId,
          direction: e.direction,
          phone,
          customer_id: customerId,
          agent_id: agent?.id ?? null,
          agent_extension: e.agentExtension ?? null,
          state: 'ringing',
          started_at: e.at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    }
    if (call.ended_at) return { callId: call.id, state: call.state, ticketId: call.ticket_id, changed: false };
    if (e.event === 'ringing') return { callId: call.id, state: call.state, ticketId: call.ticket_id, changed: false };
    if (e.event === 'answered') {
      if (call.answered_at) return { callId: call.id, state: call.state, ticketId: call.ticket_id, changed: false };
      await tx
        .updateTable('calls')
        .set({ answered_at: e.at, state: 'answered', agent_extension: e.agentExtension ?? call.agent_extension })
        .where('id', '=', call.id)
        .execute();
      return { callId: call.id, state: 'answered', ticketId: null, changed: true };
    }
    const answered = call.answered_at !== null || (e.durationSeconds ?? 0) > 0;
    const state = answered ? ('ended' as const) : ('missed' as const);
    // A call an agent placed from a ticket (click-to-call) stays on that ticket.
    const ticketId = call.ticket_id ?? (await ticketFor(tx, call.customer_id, call.direction === 'in' && !answered, phone));
    await tx
      .updateTable('calls')
      .set({ ended_at: e.at, state, ticket_id: ticketId, duration_seconds: e.durationSeconds ?? null, recording_url: e.recordingUrl ?? null })
      .where('id', '=', call.id)
      .execute();
    if (ticketId) {
      // Talking with the customer answers them, as a reply on the ticket does (from when they picked up).
      if (answered)
        await answeredByPhone(tx, ticketId, call.agent_id, call.answered_at ?? new Date(e.at.getTime() - (e.durationSeconds ?? 0) * 1000));
      await writeTimelineEntry(tx, ticketId, null, {
        kind: 'call',
        data: {
          callId: call.id,
          source: 'cti',
          direction: call.direction,
          to: maskPhone(phone),
          state: answered ? 'answered' : 'missed',
          durationSeconds: e.durationSeconds ?? null,
          recordingUrl: e.recordingUrl ?? null,
        },
      });
    }
    return { callId: call.id, state, ticketId, changed: true };
  });
}

/** The customer's newest open ticket of the last two weeks; for a missed call with none, a new call-back ticket. */
async function ticketFor(tx: Tx, customerId: number | null, missedIncoming: boolean, phone: string): Promise<number | null> {
  if (customerId !== null) {
    const open = await tx
      .selectFrom('tickets')
      .select('id')
      .where('customer_id', '=', customerId)
      .where('status', '!=', 'closed')
      .where('updated_at', '>', sql<Date>`now() - make_interval(days => ${OPEN_TICKET_DAYS})`)
      .orderBy('updated_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (open) return open.id;
  }
  if (!missedIncoming) return null;
  return openInboundTicket(tx, {
    channel: 'phone',
    subject: `未接来电：请回拨 ${maskPhone(phone)}`,
    body: `顾客 ${maskPhone(phone)} 来电未接通，请尽快回拨。`,
    customerId,
  });
}

export interface ManualCall {
  direction: 'in' | 'out';
  /** 0: not reached (a call-back nobody answered). */
  durationSeconds: number;
  note: string;
  startedAt?: Date | undefined;
}

/**
 * A call the agent logs by hand on a ticket (a phone order, a call-back): to the number on the ticket's customer
 * file, kept with the agent and the note, and put on the ticket's timeline.
 */
export async function logCall(db: Db, agentId: number, ticketId: number, call: ManualCall) {
  return db.transaction().execute(async (tx) => {
    const ticket = await tx.selectFrom('tickets').select(['id', 'customer_id']).where('id', '=', ticketId).executeTakeFirst();
    if (!ticket) throw notFound('ticket');
    const phone = ticket.customer_id
      ? await tx
          .selectFrom('customer_identities')
          .select('value')
          .where('customer_id', '=', ticket.customer_id)
          .where('kind', '=', 'phone')
          .orderBy('id')
          .executeTakeFirst()
      : undefined;
    if (!phone) throw badRequest('ticket', "the ticket's customer has no phone number on file");
    const startedAt = call.startedAt ?? new Date(Date.now() - call.durationSeconds * 1000);
    const reached = call.durationSeconds > 0;
    const row = await tx
      .insertInto('calls')
      .values({
        source: 'manual',
        direction: call.direction,
        phone: phone.value,
        customer_id: ticket.customer_id,
        ticket_id: ticketId,
        agent_id: agentId,
        state: reached ? 'ended' : 'missed',
        started_at: startedAt,
        answered_at: reached ? startedAt : null,
        ended_at: new Date(startedAt.getTime() + call.durationSeconds * 1000),
        duration_seconds: call.durationSeconds,
        note: call.note,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // A call that reached the customer answers them; it counts from when it is logged, not from a time the agent types.
    if (reached) await answeredByPhone(tx, ticketId, agentId, new Date());
    const entry = await writeTimelineEntry(tx, ticketId, agentId, {
      kind: 'call',
      data: {
        callId: row.id,
        source: 'manual',
        direction: call.direction,
        to: maskPhone(phone.value),
        state: reached ? 'answered' : 'missed',
        durationSeconds: call.durationSeconds,
        recordingUrl: null,
      },
      body: call.note,
    });
    return { id: row.id, entryId: String(entry.id) };
  });
}
