import { z } from 'zod';

/**
 * What can happen, as domain events: each type with its payload schema and its subject — the thing it happened
 * to, the unit of ordering (listeners get one subject's events in the order they were committed). Payloads are
 * facts and ids, never copies of rows: a listener reads what it needs. They are checked against these schemas
 * on delivery (a stored event that no longer parses fails its listeners visibly instead of misleading them).
 */

/** What a ticket's timeline entry says happened (`ticket_events.kind`); written only by tickets/timeline.ts. */
export const TICKET_ENTRY_KINDS = [
  'created',
  'status',
  'reopened',
  'priority',
  'category',
  'severity',
  'subject',
  'assignee',
  'group',
  'customer',
  'order',
  'tags',
  'reply',
  'note',
  'attachment',
  'after_sale',
  'answer_overdue',
  'sla_breached',
  'escalated',
  'complaint',
  'email_sent',
  'email_failed',
  'sms_sent',
  'sms_failed',
  'call',
  'task',
  'customer_message',
] as const;
export type TicketEntryKind = (typeof TICKET_ENTRY_KINDS)[number];

const Id = z.number().int().positive();
const TicketEntry = z.object({
  ticketId: Id,
  entryId: z.string().regex(/^\d+$/).describe('the timeline entry (ticket_events.id)'),
  kind: z.enum(TICKET_ENTRY_KINDS),
  actorId: Id.nullable().describe('null: the system (a sweep, a shopper, the mailer)'),
  data: z.record(z.string(), z.unknown()),
});

export const EVENT_TYPES = {
  /** A ticket was opened: its first timeline entry. */
  'ticket.created': { payload: TicketEntry.extend({ kind: z.literal('created') }), subject: (p: { ticketId: number }) => `ticket:${p.ticketId}` },
  /** Anything after: a field changed, a reply or note, an attachment, a task or after-sale step, a deadline missed. */
  'ticket.changed': { payload: TicketEntry, subject: (p: { ticketId: number }) => `ticket:${p.ticketId}` },
  /** An after-sale request was opened (`from` null) or moved to another state. */
  'aftersale.moved': {
    payload: z.object({ afterSaleId: Id, ticketId: Id, orderId: Id, kind: z.string(), from: z.string().nullable(), to: z.string() }),
    subject: (p: { afterSaleId: number }) => `aftersale:${p.afterSaleId}`,
  },
  /** A repair's progress was recorded (`entryId`: the reply on its ticket's timeline), to be told to the shopper. */
  'aftersale.progress': {
    payload: z.object({ afterSaleId: Id, ticketId: Id, entryId: z.string().regex(/^\d+$/) }),
    subject: (p: { afterSaleId: number }) => `aftersale:${p.afterSaleId}`,
  },
  /** An order was reported by a marketplace webhook, an import or the API: new (`created`) or changed. */
  'order.ingested': {
    payload: z.object({ orderId: Id, platform: z.string(), orderNo: z.string(), source: z.enum(['webhook', 'import', 'api']), created: z.boolean() }),
    subject: (p: { orderId: number }) => `order:${p.orderId}`,
  },
  /** An agent confirmed the order with the shopper (address, remarks, invoice checked): the shopper is told. */
  'order.confirmed': { payload: z.object({ orderId: Id }), subject: (p: { orderId: number }) => `order:${p.orderId}` },
  /** A promise was missed: the clock's due time passed with the work not done (recorded once, by the sweep). */
  'sla.breached': {
    payload: z.object({
      clockId: z.string(),
      metric: z.string(),
      subjectKind: z.string(),
      subjectId: Id,
      ticketId: Id.nullable(),
      policyId: Id.nullable(),
      dueAt: z.string(),
    }),
    subject: (p: { subjectKind: string; subjectId: number }) => `${p.subjectKind}:${p.subjectId}`,
  },
  /** A chat ended (by the agent, the shopper, the bot or a sweep): what reports and quality inspection start from. */
  'conversation.closed': {
    payload: z.object({ conversationId: Id, agentId: Id.nullable(), reason: z.string().nullable() }),
    subject: (p: { conversationId: number }) => `conversation:${p.conversationId}`,
  },
  /** The shopper rated a chat (1–5 stars), usually after it closed. */
  'conversation.rated': {
    payload: z.object({ conversationId: Id, rating: z.number().int().min(1).max(5) }),
    subject: (p: { conversationId: number }) => `conversation:${p.conversationId}`,
  },
  /** A product's defect was complained about repeatedly: a quality alarm was raised (reports/defects). */
  'defect.alarmed': {
    payload: z.object({ alarmId: Id, productId: Id, defect: z.string(), caseCount: z.number().int() }),
    subject: (p: { alarmId: number }) => `defect-alarm:${p.alarmId}`,
  },
  /** A shopper answered a satisfaction survey (surveys/): a chat's stars, a solved ticket's or a closed after-sale's. */
  'survey.answered': {
    payload: z.object({
      surveyId: Id,
      customerId: Id.nullable(),
      caseKind: z.enum(['conversation', 'ticket', 'after_sale']),
      caseId: Id,
      score: z.number().int().min(1).max(5),
    }),
    subject: (p: { surveyId: number }) => `survey:${p.surveyId}`,
  },
  /** A marketplace review was stored (reviews/): `middling` — a 中差评, on the reply clock. */
  'review.received': {
    payload: z.object({
      reviewId: Id,
      platform: z.string(),
      middling: z.boolean(),
      customerId: Id.nullable(),
      source: z.enum(['webhook', 'import']),
    }),
    subject: (p: { reviewId: number }) => `review:${p.reviewId}`,
  },
  /** A review was escalated to PR (公关) or legal (法务). */
  'review.escalated': {
    payload: z.object({ reviewId: Id, to: z.enum(['pr', 'legal']), reason: z.string() }),
    subject: (p: { reviewId: number }) => `review:${p.reviewId}`,
  },
  'customer.created': { payload: z.object({ customerId: Id }), subject: (p: { customerId: number }) => `customer:${p.customerId}` },
  /** `sourceId`'s file was merged into `customerId`'s (which goes on). */
  'customer.merged': { payload: z.object({ customerId: Id, sourceId: Id }), subject: (p: { customerId: number }) => `customer:${p.customerId}` },
} as const;

export type EventType = keyof typeof EVENT_TYPES;
export type PayloadOf<T extends EventType> = z.infer<(typeof EVENT_TYPES)[T]['payload']>;
/** An event as recorded: its type and payload (the subject follows from them). */
export type DomainEvent = { [T in EventType]: { type: T; payload: PayloadOf<T> } }[EventType];
/** An event as a listener gets it: stored, in commit order (`position`). */
export type Delivered<T extends EventType = EventType> = {
  [K in T]: { id: number; position: number; subject: string; type: K; payload: PayloadOf<K>; occurredAt: Date };
}[T];

export const isEventType = (type: string): type is EventType => Object.hasOwn(EVENT_TYPES, type);

export function subjectOf(event: DomainEvent): string {
  return (EVENT_TYPES[event.type].subject as (payload: unknown) => string)(event.payload);
}
