/**
 * The channels page (管理 → 渠道, apps/server/src/channels): how each inbound and outbound channel is set up, whether
 * it works, and its log — mail received (with what was quarantined and why), texts sent and replies received.
 * Settings come from the environment (docs/channels.md); secrets are never sent.
 */
import { z } from 'zod';
import { Timestamp } from './common.ts';

const Count = z.number().int().nonnegative();
const Id = z.number().int().positive();

export const CHANNEL_HEALTH = ['off', 'new', 'ok', 'failing'] as const;

export const EmailChannel = z.object({
  health: z.enum(CHANNEL_HEALTH).describe('off: no SMTP endpoint; new: nothing received yet'),
  inbound: z.object({
    port: z.number().int().nullable().describe('the SMTP endpoint, when listening'),
    addresses: z.array(z.string()),
    maxMb: z.number().int(),
    perSenderPerMinute: z.number().int(),
    lastReceivedAt: Timestamp.nullable(),
    last24h: z.object({ created: Count, continued: Count, duplicate: Count, refused: Count, ignored: Count }),
  }),
  outbound: z.object({
    enabled: z.boolean().describe('SMTP_URL is set'),
    from: z.string(),
    pending: Count,
    failed24h: Count,
  }),
});

export const SmsChannel = z.object({
  health: z.enum(CHANNEL_HEALTH).describe('off: no provider; new: nothing sent yet; failing: the last send was refused'),
  provider: z.enum(['none', 'aliyun']),
  signName: z.string().nullable(),
  templates: z.object({ verification: z.string().nullable(), notice: z.string().nullable(), reply: z.string().nullable() }),
  callbacks: z.boolean().describe('SMS_CALLBACK_TOKEN is set: delivery reports and replies come back'),
  lastSentAt: Timestamp.nullable(),
  lastError: z.string().nullable(),
  last24h: z.object({ queued: Count, sent: Count, delivered: Count, undelivered: Count, failed: Count, replies: Count, optOuts: Count }),
});

/** A marketplace's chat (千牛, 京麦, 拼多多): how it reaches kefu, whether that works, what came in and what waits to go out. */
export const MarketplaceChannel = z.object({
  platform: z.enum(['taobao', 'jd', 'pdd']),
  health: z.enum(CHANNEL_HEALTH).describe('off: not configured; new: nothing received yet; failing: its connection or polling fails'),
  delivery: z
    .enum(['poll', 'push', 'socket'])
    .describe("how buyers' messages reach kefu: polled (Taobao TMC), pushed (JD), a socket kefu keeps open (Pinduoduo)"),
  appKey: z.string().nullable().describe('the app key or client id (never the secret)'),
  connected: z.boolean().nullable().describe('the last poll or the socket worked; null before the first try'),
  detail: z.string().nullable(),
  sinceStart: z.object({ received: Count, duplicates: Count, refused: Count }).describe('since this kefu process started'),
  lastReceivedAt: Timestamp.nullable(),
  lastRefusal: z.object({ at: Timestamp, reason: z.string() }).nullable(),
  last24h: z.object({ messages: Count, conversations: Count }),
  outbound: z.object({
    waiting: Count.describe('conversations with answers not yet sent back'),
    retrying: Count.describe('of those, the ones whose last send was refused'),
    lastError: z.string().nullable(),
  }),
});

export const ChannelsOverview = z.object({ email: EmailChannel, sms: SmsChannel, marketplaces: z.array(MarketplaceChannel) });

const Page = {
  before: z.coerce.number().int().positive().optional().describe('an id: the page after it'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};

export const EMAIL_INBOUND_OUTCOMES = ['created', 'continued', 'duplicate', 'refused', 'ignored'] as const;
export const EmailInboundQuery = z.object({ outcome: z.enum(EMAIL_INBOUND_OUTCOMES).optional(), ...Page });
export const EmailInboundItem = z.object({
  id: Id,
  receivedAt: Timestamp,
  from: z.string().nullable().describe('the From address; null when the mail could not be read'),
  envelopeFrom: z.string(),
  subject: z.string().nullable(),
  outcome: z.enum(EMAIL_INBOUND_OUTCOMES),
  reason: z.string().nullable(),
  ticketId: Id.nullable(),
  size: Count,
  quarantined: z.boolean().describe('its bytes are kept (refused and ignored mail, 14 days) and can be downloaded'),
});
export const EmailInboundLog = z.object({ items: z.array(EmailInboundItem), nextBefore: z.number().int().nullable() });

export const SMS_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed'] as const;
export const SmsMessageQuery = z.object({ status: z.enum(SMS_STATUSES).optional(), ...Page });
export const SmsMessageItem = z.object({
  id: Id,
  createdAt: Timestamp,
  phone: z.string().describe('masked: 139****3333'),
  kind: z.enum(['verification', 'notice', 'reply']),
  text: z.string(),
  status: z.enum(SMS_STATUSES),
  attempts: Count,
  error: z.string().nullable(),
  ticketId: Id.nullable(),
  sentAt: Timestamp.nullable(),
  reportedAt: Timestamp.nullable(),
});
export const SmsMessageLog = z.object({ items: z.array(SmsMessageItem), nextBefore: z.number().int().nullable() });

export const SmsReplyQuery = z.object(Page);
export const SmsReplyItem = z.object({
  id: Id,
  receivedAt: Timestamp,
  phone: z.string().describe('masked'),
  content: z.string(),
  outcome: z.enum(['created', 'continued', 'opted_out', 'ignored']),
  reason: z.string().nullable(),
  ticketId: Id.nullable(),
});
export const SmsReplyLog = z.object({ items: z.array(SmsReplyItem), nextBefore: z.number().int().nullable() });
