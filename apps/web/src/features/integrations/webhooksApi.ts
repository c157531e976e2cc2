/** The outgoing-webhooks API (apps/server/src/integrations): subscriptions, their delivery logs, a ping, a re-send. */
import type { Wire } from '@kefu/protocol/api/common';
import type {
  WebhookSecretAnswer,
  WebhookSend as WebhookSendSchema,
  WebhookSendAnswer,
  WebhookSendLog,
  WebhookSubscription as WebhookSubscriptionSchema,
  WebhookSubscriptionAnswer,
  WebhookSubscriptionList,
} from '@kefu/protocol/api/webhooks';
import { api } from '../../api.ts';

export type WebhookSubscription = Wire<typeof WebhookSubscriptionSchema>;
export type WebhookSend = Wire<typeof WebhookSendSchema>;
export type WebhookLog = Wire<typeof WebhookSendLog>;
export type WebhookList = Wire<typeof WebhookSubscriptionList>;
export interface WebhookFields {
  url: string;
  description: string;
  eventTypes: string[];
  active: boolean;
}

const base = '/api/integrations/webhooks';
export const webhooksApi = {
  list: () => api.get<WebhookList>(base),
  create: (fields: WebhookFields) => api.post<Wire<typeof WebhookSecretAnswer>>(base, fields),
  change: (id: number, body: Partial<WebhookFields> & { version: number }) =>
    api.patch<Wire<typeof WebhookSubscriptionAnswer>>(`${base}/${id}`, body),
  remove: (id: number, version: number) => api.delete<void>(`${base}/${id}?version=${version}`),
  rotate: (id: number, version: number) => api.post<Wire<typeof WebhookSecretAnswer>>(`${base}/${id}/rotate-secret`, { version }),
  ping: (id: number) => api.post<Wire<typeof WebhookSendAnswer>>(`${base}/${id}/ping`),
  log: (id: number, query: { status?: string; before?: number; limit?: number }) => api.get<WebhookLog>(`${base}/${id}/deliveries`, query),
  redeliver: (sendId: number) => api.post<Wire<typeof WebhookSendAnswer>>(`/api/integrations/webhook-deliveries/${sendId}/redeliver`),
};
