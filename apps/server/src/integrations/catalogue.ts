import type { EventType } from '../events/types.ts';

/**
 * The domain events a webhook may subscribe to, as the admin page describes them. Every event type is here (a new
 * one fails the typecheck until it is described), so other systems hear of everything kefu records.
 */
export const WEBHOOK_EVENT_TYPES = {
  'ticket.created': 'A ticket was opened',
  'ticket.changed': 'A ticket changed: status, assignee, a reply or note, a deadline missed…',
  'aftersale.moved': 'An after-sale request was opened or moved to another state',
  'aftersale.progress': "A repair's progress was recorded",
  'order.ingested': 'An order arrived or changed (marketplace, import, API)',
  'order.confirmed': 'An agent confirmed an order with the shopper',
  'sla.breached': 'A service-level promise was missed',
  'conversation.closed': 'A chat ended',
  'conversation.rated': 'A shopper rated a chat',
  'defect.alarmed': "A quality alarm was raised on a product's defect",
  'survey.answered': 'A shopper answered a satisfaction survey',
  'review.received': 'A marketplace review was stored',
  'review.escalated': 'A review was escalated to PR or legal',
  'customer.created': 'A customer file was made',
  'customer.merged': 'Two customer files were merged',
} satisfies Record<EventType, string>;

export const webhookEventTypes = () => Object.entries(WEBHOOK_EVENT_TYPES).map(([type, description]) => ({ type, description }));
export const isWebhookEventType = (type: string): type is EventType => Object.hasOwn(WEBHOOK_EVENT_TYPES, type);
