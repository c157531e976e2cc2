/** The channels page's API (apps/server/src/channels/routes.ts): settings and health, and the channels' logs. */
import type {
  ChannelsOverview,
  EmailInboundItem,
  EmailInboundLog,
  SmsMessageItem,
  SmsMessageLog,
  SmsReplyItem,
  SmsReplyLog,
} from '@kefu/protocol/api/channels';
import type { Wire } from '@kefu/protocol/api/common';
import { api } from '../../api.ts';

export type Channels = Wire<typeof ChannelsOverview>;

/** A channel's health as a Badge status. */
export const HEALTH_BADGE = { ok: 'success', failing: 'error', new: 'processing', off: 'default' } as const;
export type EmailInbound = Wire<typeof EmailInboundItem>;
export type SmsMessage = Wire<typeof SmsMessageItem>;
export type SmsReply = Wire<typeof SmsReplyItem>;

const page = (before?: number) => ({ before, limit: 50 });

export const channelsApi = {
  overview: () => api.get<Channels>('/api/channels'),
  emailInbound: (outcome: string | undefined, before?: number) =>
    api.get<Wire<typeof EmailInboundLog>>('/api/channels/email/inbound', { outcome, ...page(before) }),
  rawUrl: (id: number) => `/api/channels/email/inbound/${id}/raw`,
  smsMessages: (status: string | undefined, before?: number) =>
    api.get<Wire<typeof SmsMessageLog>>('/api/channels/sms/messages', { status, ...page(before) }),
  smsReplies: (before?: number) => api.get<Wire<typeof SmsReplyLog>>('/api/channels/sms/replies', page(before)),
};
