import {
  allowedTransitions,
  complaintStatusGap,
  maskContactsInText,
  missingComplaintField,
  ticketEventForRole,
  ticketForRole,
  transitionError,
  type Role,
  type TicketStatus,
  type TicketType,
} from '@kefu/domain';
import { sql } from 'kysely';
import { audit } from '../audit/audit.ts';
import { receiverSight } from '../confidentiality/scope.ts';
import { queueReplyEmail } from '../channels/email.ts';
import { queueReplySms } from '../channels/sms/outbox.ts';
import type { Db, Tx } from '../db/database.ts';
import { lockVersioned, nextVersion, writeVersioned } from '../db/versioned.ts';
import type { Principal } from '../http/context.ts';
import { badRequest, notFound, refusalError } from '../http/errors.ts';
import { appendTokens, tokensVector } from '../search/tsvector.ts';
import { agentReplied, statusMoved, type TicketClockFacts } from './clocks.ts';
import type { TicketInput } from './create.ts';
import { ticketEscalations } from './escalation.ts';
import { writeTimeline, writeTimelineEntry } from './timeline.ts';

export { createTicket, type TicketInput } from './create.ts';

/** Referenced records must exist; the error names the field. */
async function assertReferences(
  tx: Tx,
  refs: { customerId?: number | null; orderId?: number | null; assigneeId?: number | null; groupId?: number | null },
) {
  const checks = [
    ['customerId', 'customers', refs.customerId],
    ['orderId', 'orders', refs.orderId],
    ['assigneeId', 'users', refs.assigneeId],
    ['groupId', 'skill_groups', refs.groupId],
  ] as const;
  for (const [field, table, id] of checks) {
    if (id == null) continue;
    const row = await tx.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
    if (!row) throw badRequest(`body.${field}`, `no such ${table === 'skill_groups' ? 'skill group' : table.slice(0, -1)}`);
  }
}

const DETAIL_COLUMNS = [
  'tickets.id',
  'tickets.number',
  'tickets.type',
  'tickets.status',
  'tickets.priority',
  'tickets.category',
  'tickets.severity',
  'tickets.subject',
  'tickets.description',
  'tickets.customer_id',
  'tickets.order_id',
  'tickets.assignee_id',
  'tickets.group_id',
  'tickets.tags',
  'tickets.version',
  'tickets.created_at',
  'tickets.updated_at',
  'tickets.solved_at',
  'tickets.closed_at',
  'tickets.answered_at',
  'tickets.sla_due_at',
  'tickets.channel',
  'tickets.escalation_level',
  'tickets.root_cause',
  'tickets.product_id',
  'tickets.solution',
  'tickets.solution_at',
  'tickets.confirmed_at',
  'tickets.closed_unconfirmed_reason',
  'customers.name as customer_name',
  'users.display_name as assignee_name',
  'skill_groups.name as group_name',
  'products.name as product_name',
] as const;

/** Whether an agent replied again after the first reply: a complaint's first feedback. */
const FED_BACK = sql<boolean>`exists (select 1 from ticket_events e
  where e.ticket_id = tickets.id and e.kind = 'reply' and e.at > tickets.answered_at)`.as('fed_back');

/** Every clock on the ticket, its after-sales and its tasks, oldest first. */
async function ticketClocks(db: Db, ticketId: number) {
  return db.selectFrom('sla_clocks').selectAll().where('ticket_id', '=', ticketId).orderBy('started_at').orderBy('id').limit(500).execute();
}

/** 404 unless the ticket exists. */
export async function assertTicket(db: Db, id: number): Promise<void> {
  if (!(await db.selectFrom('tickets').select('id').where('id', '=', id).executeTakeFirst())) throw notFound('ticket');
}

/**
 * A ticket as `viewer` may see it (`ticketForRole`: contacts masked for roles that do not serve the shopper, in the
 * complaint's texts too), with its clocks and escalations.
 */
export async function getTicket(db: Db, id: number, viewer: { role: Role }) {
  const ticket = await db
    .selectFrom('tickets')
    .leftJoin('customers', 'customers.id', 'tickets.customer_id')
    .leftJoin('users', 'users.id', 'tickets.assignee_id')
    .leftJoin('skill_groups', 'skill_groups.id', 'tickets.group_id')
    .leftJoin('products', 'products.id', 'tickets.product_id')
    .select(DETAIL_COLUMNS)
    .select(FED_BACK)
    .where('tickets.id', '=', id)
    .executeTakeFirst();
  if (!ticket) throw notFound('ticket');
  const [clocks, escalations, sees] = await Promise.all([
    ticketClocks(db, id),
    ticketEscalations(db, id, viewer),
    receiverSight(db, viewer.role, 'ticket', [id]),
  ]);
  const view = ticketForRole(
    { ...ticket, allowedStatuses: allowedTransitions(ticket.status as TicketStatus), clocks, escalations },
    viewer.role,
    sees(id),
  );
  if (!view.contact_masked) return view;
  return { ...view, solution: maskContactsInText(view.solution), closed_unconfirmed_reason: maskContactsInText(view.closed_unconfirmed_reason) };
}

/** The ticket's events, oldest first, as `viewer` may see them (`ticketEventForRole`). */
export async function timeline(db: Db, ticketId: number, viewer: { role: Role }) {
  const [events, attachments, sees] = await Promise.all([
    db
      .selectFrom('ticket_events')
      .leftJoin('users', 'users.id', 'ticket_events.actor_id')
      .select([
        'ticket_events.id',
        'ticket_events.kind',
        'ticket_events.body',
        'ticket_events.data',
        'ticket_events.at',
        'users.display_name as actor_name',
        'users.role as actor_role',
      ])
      .where('ticket_id', '=', ticketId)
      .orderBy('ticket_events.id')
      .execute(),
    db
      .selectFrom('attachments')
      .select(['id', 'event_id', 'filename', 'content_type', 'size'])
      .where('ticket_id', '=', ticketId)
      .orderBy('id')
      .execute(),
    receiverSight(db, viewer.role, 'ticket', [ticketId]),
  ]);
  return events.map((e) =>
    ticketEventForRole(
      { ...e, id: String(e.id), attachments: attachments.filter((a) => String(a.event_id) === String(e.id)) },
      viewer.role,
      sees(ticketId),
    ),
  );
}

export interface TicketChange extends Partial<Omit<TicketInput, 'type' | 'description'>> {
  version: number;
  status?: TicketStatus;
}

/** Fields whose change is shown on the timeline as "from → to": request field → [column, event kind]. */
const TRACKED = {
  status: ['status', 'status'],
  priority: ['priority', 'priority'],
  category: ['category', 'category'],
  severity: ['severity', 'severity'],
  subject: ['subject', 'subject'],
  assigneeId: ['assignee_id', 'assignee'],
  groupId: ['group_id', 'group'],
  customerId: ['customer_id', 'customer'],
  orderId: ['order_id', 'order'],
  tags: ['tags', 'tags'],
} as const;

export async function updateTicket(db: Db, actor: Principal, id: number, change: TicketChange) {
  return db.transaction().execute(async (tx) => {
    const current = await lockVersioned(tx, 'tickets', id, change.version);
    const refused = change.status ? transitionError(current.status as TicketStatus, change.status) : null;
    if (refused) throw refusalError(refused, 'body.status');
    const type = current.type as TicketType;
    const missing = missingComplaintField(
      type,
      change.category !== undefined ? change.category : current.category,
      change.severity !== undefined ? change.severity : current.severity,
    );
    if (missing) throw badRequest(`body.${missing}`, 'a complaint must stay classified and keep a severity');
    const from = current.status as TicketStatus;
    const moving = change.status !== undefined && change.status !== from;
    if (type === 'complaint' && moving) {
      const gap = complaintStatusGap(change.status!, {
        solution: current.solution,
        rootCause: current.root_cause,
        confirmed: current.confirmed_at !== null,
        unconfirmedReason: current.closed_unconfirmed_reason,
      });
      if (gap) throw badRequest(`complaint.${gap.field}`, gap.reason);
    }
    await assertReferences(tx, change);

    const set: Record<string, unknown> = {};
    const changes: { kind: (typeof TRACKED)[keyof typeof TRACKED][1]; from: unknown; to: unknown }[] = [];
    for (const [field, [column, kind]] of Object.entries(TRACKED)) {
      const to = change[field as keyof TicketChange];
      const from = current[column];
      if (to === undefined || JSON.stringify(to) === JSON.stringify(from)) continue;
      set[column] = to;
      changes.push({ kind, from, to });
    }
    if (changes.length === 0) return current.version;
    if (change.status === 'solved') set.solved_at = new Date();
    if (change.status === 'closed') set.closed_at = new Date();
    const reopened = change.status === 'open' && (from === 'solved' || from === 'closed');
    if (reopened) {
      set.solved_at = null;
      set.closed_at = null;
      // A reopened complaint asks the shopper again.
      if (type === 'complaint') Object.assign(set, { confirmed_at: null, closed_unconfirmed_reason: null });
    }
    if (change.subject !== undefined || change.tags !== undefined) {
      const messages = await tx.selectFrom('ticket_events').select('body').where('ticket_id', '=', id).where('body', 'is not', null).execute();
      set.search = tokensVector(
        [change.subject ?? current.subject, current.description, ...messages.map((m) => m.body)],
        [current.number, ...(change.tags ?? current.tags)],
      );
    }
    const version = await writeVersioned(tx, 'tickets', id, { ...set, updated_at: sql<Date>`now()` as unknown as Date });
    if (moving) await statusMoved(db, tx, { ...current, ...(set as Partial<TicketClockFacts>) }, from, change.status!);
    await writeTimeline(
      tx,
      changes.map((c) => {
        const kind = c.kind === 'status' && (current.status === 'solved' || current.status === 'closed') && c.to === 'open' ? 'reopened' : c.kind;
        return { ticketId: id, actorId: actor.id, entry: { kind, data: { from: c.from, to: c.to } } };
      }),
    );
    await audit(tx, { actorId: actor.id, action: 'ticket.update', entity: 'ticket', entityId: id, detail: { changes } });
    return version;
  });
}

export type MessageKind = 'reply' | 'note';

/**
 * A public reply or an internal note. An agent's first reply to a new ticket opens it (处理中). A reply keeps the
 * ticket's promises (clocks.ts `agentReplied`). With `sms`, a reply on an SMS ticket is queued as an SMS to the
 * customer's phone; otherwise, with `email`, as an e-mail when they have an address. Messages are appended, so they need no version; only that automatic status change bumps it.
 */
export async function addMessage(
  db: Db,
  actor: Principal,
  ticketId: number,
  kind: MessageKind,
  body: string,
  options: { email?: boolean; sms?: boolean } = {},
) {
  return db.transaction().execute(async (tx) => {
    const ticket = await tx
      .selectFrom('tickets')
      .select(['id', 'status', 'type', 'category', 'severity', 'priority', 'channel', 'customer_id', 'answered_at'])
      .where('id', '=', ticketId)
      .forUpdate()
      .executeTakeFirst();
    if (!ticket) throw notFound('ticket');
    const event = await writeTimelineEntry(tx, ticketId, actor.id, { kind, data: {}, body });
    const opens = kind === 'reply' && ticket.status === 'new';
    await tx
      .updateTable('tickets')
      .set({
        updated_at: sql<Date>`now()` as unknown as Date,
        search: appendTokens([body]),
        ...(kind === 'reply' && { answered_at: sql<Date>`coalesce(answered_at, now())` as unknown as Date }),
        ...(opens && { status: 'open', version: nextVersion() }),
      })
      .where('id', '=', ticketId)
      .execute();
    if (opens) await writeTimelineEntry(tx, ticketId, actor.id, { kind: 'status', data: { from: 'new', to: 'open' } });
    if (kind === 'reply') await agentReplied(db, tx, ticket);
    // A reply goes back on the channel the shopper used: an SMS ticket by SMS, otherwise by e-mail when kefu sends mail.
    const texted = kind === 'reply' && ticket.channel === 'sms' && options.sms ? await queueReplySms(tx, ticketId, body) : false;
    const emailed = kind === 'reply' && !texted && options.email ? await queueReplyEmail(tx, ticketId, body, actor.displayName) : false;
    await audit(tx, { actorId: actor.id, action: `ticket.${kind}`, entity: 'ticket', entityId: ticketId, detail: { eventId: String(event.id) } });
    return { id: String(event.id), kind, body, at: event.at, emailed, texted };
  });
}
