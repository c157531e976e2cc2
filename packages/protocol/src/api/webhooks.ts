/**
 * Outgoing webhooks (apps/server/src/integrations): admins subscribe other systems' URLs to kefu's events; each
 * delivery is signed and logged (docs/webhooks.md). Routes under /api/integrations/webhooks.
 */
import { z } from 'zod';
import { RowId, Timestamp } from './common.ts';

const Url = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .max(2000)
  .refine((u) => !/^https?:\/\/[^/]*@/i.test(u), 'must not carry a user name or password');

export const WebhookSubscription = z.object({
  id: RowId,
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()),
  active: z.boolean(),
  /** The last 4 characters of the signing secret, so an admin can tell which one a receiver holds. */
  secretHint: z.string(),
  health: z.enum(['ok', 'failing', 'new', 'off']).describe('off: switched off; new: nothing delivered yet; failing: the last delivery failed'),
  consecutiveFailures: z.number().int(),
  lastSuccessAt: Timestamp.nullable(),
  lastFailureAt: Timestamp.nullable(),
  lastError: z.string().nullable(),
  pending: z.number().int().describe('deliveries waiting (first try or a retry)'),
  createdAt: Timestamp,
  version: z.number().int(),
});

export const WebhookEventType = z.object({ type: z.string(), description: z.string() });

export const WebhookSubscriptionList = z.object({
  subscriptions: z.array(WebhookSubscription),
  eventTypes: z.array(WebhookEventType).describe('what a subscription may ask for'),
});

export const WebhookSubscriptionInput = z.object({
  url: Url,
  description: z.string().trim().max(200).default(''),
  eventTypes: z.array(z.string().min(1).max(60)).min(1, 'choose at least one event').max(50),
  active: z.boolean().default(true),
});

export const WebhookSubscriptionChange = z.object({
  version: z.number().int(),
  url: Url.optional(),
  description: z.string().trim().max(200).optional(),
  eventTypes: z.array(z.string().min(1).max(60)).min(1, 'choose at least one event').max(50).optional(),
  active: z.boolean().optional(),
});

export const WebhookSubscriptionAnswer = z.object({ subscription: WebhookSubscription });

/** Only when a subscription is made or its secret rotated: the receiver needs it to check signatures. */
export const WebhookSecretAnswer = z.object({ subscription: WebhookSubscription, secret: z.string() });

export const WebhookSend = z.object({
  id: z.number().int().positive(),
  subscriptionId: RowId,
  eventId: z.number().int().nullable().describe('the domain event delivered; null for a test ping'),
  eventType: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: Timestamp.nullable().describe('when it is tried again (pending only)'),
  responseStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  body: z.string().describe('the JSON body as signed and sent'),
  createdAt: Timestamp,
  finishedAt: Timestamp.nullable(),
});

export const WebhookSendQuery = z.object({
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
  before: z.coerce.number().int().positive().optional().describe('a delivery id: the page after it'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const WebhookSendLog = z.object({
  sends: z.array(WebhookSend),
  counts: z.object({ pending: z.number().int(), delivered: z.number().int(), failed: z.number().int() }),
  nextBefore: z.number().int().nullable(),
});

export const WebhookSendAnswer = z.object({ send: WebhookSend });
