import type { Role, Severity, TicketCategory, TicketPriority, TicketStatus, TicketType } from '@kefu/domain';
import type { Attachment, Ticket, TicketList, TicketMessage, TicketSummary, TimelineEvent } from '@kefu/protocol/api/tickets';
import type { z } from 'zod';
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
    answerDueAt: row.answer_due_at,
    answeredAt: row.answered_at,
    allowedStatuses: [...row.allowedStatuses],
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
  return { id: message.id, kind: message.kind, body: message.body, at: message.at, emailed: message.emailed };
}
