import {
  complaintStage,
  type Channel,
  type Role,
  type RootCause,
  type Severity,
  type TicketCategory,
  type TicketPriority,
  type TicketStatus,
  type TicketType,
} from '@kefu/domain';
import type { Attachment, Complaint, Ticket, TicketList, TicketMessage, TicketSummary, TimelineEvent } from '@kefu/protocol/api/tickets';
import type { z } from 'zod';
import { presentClock } from '../sla/presenter.ts';
import type { EscalationLevel } from './escalation.ts';
import type { storeAttachment } from './attachments.ts';
import type { listTickets } from './list.ts';
import type { addMessage, getTicket, timeline } from './service.ts';

/** Rows as the services return them, already passed through `ticketForRole` / `ticketEventForRole`. */
type ListRow = Awaited<ReturnType<typeof listTickets>>['tickets'][number];
type DetailRow = Awaited<ReturnType<typeof getTicket>>;
type EventRow = Awaited<ReturnType<typeof timeline>>[number];
type AttachmentRow = Awaited<ReturnType<typeof storeAttachment>>;

export function presentTicketSummary(row: ListRow): z.output<typeof TicketSummary> {
  return {
    id: row.id,
    number: row.number,
    type: row.type as TicketType,
    status: row.status as TicketStatus,
    priority: row.priority as TicketPriority,
    category: row.category as TicketCategory | null,
    subject: row.subject,
    tags: row.tags,
    customerId: row.customer_id,
    assigneeId: row.assignee_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    customerName: row.customer_name,
    assigneeName: row.assignee_name,
    slaDueAt: row.sla_due_at,
    channel: row.channel as Channel,
    escalationLevel: row.escalation_level as EscalationLevel | null,
    contactMasked: row.contact_masked,
  };
}

export function presentTicketList(list: Awaited<ReturnType<typeof listTickets>>): z.output<typeof TicketList> {
  return { tickets: list.tickets.map(presentTicketSummary), hasMore: list.hasMore, ...('total' in list && { total: list.total }) };
}

export function presentTicket(row: DetailRow): z.output<typeof Ticket> {
  return {
    ...presentTicketSummary(row),
    severity: row.severity as Severity | null,
    description: row.description,
    orderId: row.order_id,
    groupId: row.group_id,
    groupName: row.group_name,
    version: row.version,
    solvedAt: row.solved_at,
    closedAt: row.closed_at,
    answerDueAt: answerDueAt(row.clocks, row.id),
    answeredAt: row.answered_at,
    allowedStatuses: [...row.allowedStatuses],
    clocks: row.clocks.map(presentClock),
    escalations: row.escalations,
    complaint: row.type === 'complaint' ? presentComplaint(row) : null,
  };
}

/** The web's answer deadline is the ticket's first-response clock (the latest one, unless it no longer applies). */
function answerDueAt(clocks: DetailRow['clocks'], ticketId: number): Date | null {
  const first = clocks.filter((c) => c.subject_kind === 'ticket' && c.subject_id === ticketId && c.metric === 'first_response').at(-1);
  return first && first.state !== 'cancelled' ? first.due_at : null;
}

function presentComplaint(row: DetailRow): z.output<typeof Complaint> {
  const stage = complaintStage({
    status: row.status as TicketStatus,
    acknowledged: row.answered_at !== null,
    fedBack: Boolean(row.fed_back),
    solution: row.solution,
    confirmed: row.confirmed_at !== null,
    unconfirmedReason: row.closed_unconfirmed_reason,
    rootCause: row.root_cause,
  });
  return {
    stage,
    solution: row.solution,
    solutionAt: row.solution_at,
    confirmedAt: row.confirmed_at,
    unconfirmedReason: row.closed_unconfirmed_reason,
    rootCause: row.root_cause as RootCause | null,
    productId: row.product_id,
    productName: row.product_name,
  };
}

export function presentAttachment(row: AttachmentRow): z.output<typeof Attachment> {
  return { id: row.id, filename: row.filename, contentType: row.content_type, size: row.size };
}

export function presentTimelineEvent(row: EventRow): z.output<typeof TimelineEvent> {
  return {
    id: row.id,
    kind: row.kind,
    body: row.body,
    data: row.data,
    at: row.at,
    actorName: row.actor_name,
    actorRole: row.actor_role as Role | null,
    attachments: row.attachments.map(presentAttachment),
    contactMasked: row.contact_masked,
  };
}

export function presentMessage(message: Awaited<ReturnType<typeof addMessage>>): z.output<typeof TicketMessage> {
  return { id: message.id, kind: message.kind, body: message.body, at: message.at, emailed: message.emailed, texted: message.texted };
}
