/** Ticket responses: lists, the detail, the timeline, messages and attachments (routes in apps/server/src/tickets). */
import { ROLES, SEVERITIES, TICKET_CATEGORIES, TICKET_PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from '@kefu/domain';
import { z } from 'zod';
import { RowId, Timestamp } from './common.ts';

const contactMasked = z.boolean().describe("true when the shopper's contacts in the texts are masked for the viewer's role");

/** A ticket in a list (GET /api/tickets). */
export const TicketSummary = z.object({
  id: RowId,
  number: z.string(),
  type: z.enum(TICKET_TYPES),
  status: z.enum(TICKET_STATUSES),
  priority: z.enum(TICKET_PRIORITIES),
  category: z.enum(TICKET_CATEGORIES).nullable(),
  subject: z.string(),
  tags: z.array(z.string()),
  customerId: RowId.nullable(),
  assigneeId: RowId.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  customerName: z.string().nullable(),
  assigneeName: z.string().nullable(),
  contactMasked,
});

export const TicketList = z.object({
  tickets: z.array(TicketSummary),
  hasMore: z.boolean(),
  total: z.number().int().optional().describe('left out for full-text searches'),
});

/** A ticket with everything its page shows. */
export const Ticket = TicketSummary.extend({
  severity: z.enum(SEVERITIES).nullable(),
  description: z.string(),
  orderId: RowId.nullable(),
  groupId: RowId.nullable(),
  groupName: z.string().nullable(),
  version: z.number().int(),
  solvedAt: Timestamp.nullable(),
  closedAt: Timestamp.nullable(),
  answerDueAt: Timestamp.nullable().describe('problem orders: the first reply is due by then'),
  answeredAt: Timestamp.nullable(),
  allowedStatuses: z.array(z.enum(TICKET_STATUSES)).describe('the statuses the workflow allows next'),
});
export const TicketAnswer = z.object({ ticket: Ticket });

export const Attachment = z.object({
  id: RowId,
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
});
export const AttachmentAnswer = z.object({ attachment: Attachment });

/** One entry of a ticket's timeline: a message, a change ("from → to" in `data`), an after-sale move, a task… */
export const TimelineEvent = z.object({
  id: z.string(),
  kind: z.string(),
  body: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  at: Timestamp,
  actorName: z.string().nullable(),
  actorRole: z.enum(ROLES).nullable(),
  attachments: z.array(Attachment),
  contactMasked,
});
export const Timeline = z.object({ events: z.array(TimelineEvent) });

export const TicketMessage = z.object({
  id: z.string(),
  kind: z.enum(['reply', 'note']),
  body: z.string(),
  at: Timestamp,
  emailed: z.boolean().describe('a reply was queued as an e-mail to the customer'),
});
export const TicketMessageAnswer = z.object({ message: TicketMessage });

/** GET /api/attachments/:id: the file's bytes, sent with its own content type as a download. */
export const AttachmentFile = z.instanceof(Uint8Array).meta({ type: 'string', format: 'binary', description: 'the file, as a download' });
