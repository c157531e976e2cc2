/** Ticket responses: lists, the detail, the timeline, messages and attachments (routes in apps/server/src/tickets). */
import {
  CHANNELS,
  COMPLAINT_STAGES,
  ROLES,
  ROOT_CAUSES,
  SEVERITIES,
  TICKET_CATEGORIES,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TICKET_TYPES,
} from '@kefu/domain';
import { z } from 'zod';
import { RowId, Timestamp } from './common.ts';
import { Escalation, ESCALATION_LEVELS, SlaClock } from './sla.ts';

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
  slaDueAt: Timestamp.nullable().describe("the earliest due time among the promises running on the ticket (its after-sales' and tasks' too)"),
  channel: z.enum(CHANNELS),
  escalationLevel: z.enum(ESCALATION_LEVELS).nullable().describe('the highest level the ticket was escalated to'),
  contactMasked,
});

export const TicketList = z.object({
  tickets: z.array(TicketSummary),
  hasMore: z.boolean(),
  total: z.number().int().optional().describe('left out for full-text searches'),
});

/** A complaint's loop (DOMAIN.md §4): the step it waits for and the facts recorded so far. */
export const Complaint = z.object({
  stage: z.enum(COMPLAINT_STAGES),
  solution: z.string().nullable(),
  solutionAt: Timestamp.nullable(),
  confirmedAt: Timestamp.nullable().describe('the shopper confirmed it is solved'),
  unconfirmedReason: z.string().nullable().describe('why it is closed without the confirmation'),
  rootCause: z.enum(ROOT_CAUSES).nullable(),
  productId: RowId.nullable(),
  productName: z.string().nullable(),
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
  answerDueAt: Timestamp.nullable().describe("the first reply is due by then (the first-response clock's due time)"),
  answeredAt: Timestamp.nullable(),
  allowedStatuses: z.array(z.enum(TICKET_STATUSES)).describe('the statuses the workflow allows next'),
  clocks: z.array(SlaClock).describe("every promise's clock on the ticket, its after-sales and its tasks, oldest first"),
  escalations: z.array(Escalation).describe('newest first'),
  complaint: Complaint.nullable().describe('null for tickets that are not complaints'),
});
export const TicketAnswer = z.object({ ticket: Ticket });

export const Attachment = z.object({
  id: RowId,
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
});
export const AttachmentAnswer = z.object({ attachment: Attachment });

const Version = z.number().int().positive().max(2_147_483_647).describe('the version the step is based on');

/** A step of the complaint loop (POST /api/tickets/:id/complaint), version-checked like every ticket edit. */
export const ComplaintStep = z.discriminatedUnion('step', [
  z.object({ step: z.literal('solution'), text: z.string().trim().min(2).max(5000), version: Version }).strict(),
  z.object({ step: z.literal('confirmed'), version: Version }).strict(),
  z.object({ step: z.literal('unconfirmed'), reason: z.string().trim().min(2).max(500), version: Version }).strict(),
  z.object({ step: z.literal('root_cause'), rootCause: z.enum(ROOT_CAUSES), productId: RowId.nullable(), version: Version }).strict(),
]);

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
  texted: z.boolean().describe("a reply on an SMS ticket was queued as an SMS to the customer's phone"),
});
export const TicketMessageAnswer = z.object({ message: TicketMessage });

/** GET /api/attachments/:id: the file's bytes, sent with its own content type as a download. */
export const AttachmentFile = z.instanceof(Uint8Array).meta({ type: 'string', format: 'binary', description: 'the file, as a download' });
