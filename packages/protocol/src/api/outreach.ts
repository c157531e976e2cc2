/**
 * Outreach (触达; routes in apps/server/src/outreach and notifications): what kefu sends shoppers first — the
 * settings (quiet hours, frequency cap), the send log, a customer's opt-outs, and the shopper notification templates.
 */
import { NOTIFICATION_KEYS, OUTREACH_CHANNELS, OUTREACH_PURPOSES } from '@kefu/domain';
import { z } from 'zod';
import { RowId, Timestamp } from './common.ts';

export const OutreachPurpose = z.enum(OUTREACH_PURPOSES);
export const OutreachChannel = z.enum(OUTREACH_CHANNELS);
export const OUTREACH_STATES = ['queued', 'sent', 'skipped', 'failed', 'cancelled'] as const;
export const OutreachState = z.enum(OUTREACH_STATES);
export const OPT_OUT_SCOPES = ['marketing', 'chat', 'email', 'sms'] as const;
export const OptOutScope = z.enum(OPT_OUT_SCOPES);

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day HH:MM');

export const OutreachSettings = z.object({
  quietStart: Clock.describe('China time; quiet hours span midnight when start > end; start = end: none'),
  quietEnd: Clock,
  capCount: z.number().int().min(0).max(100).describe('marketing sends (care, review invitations) per customer per capDays'),
  capDays: z.number().int().min(1).max(365),
  linkBase: z.string().describe('the start of the links in e-mails (unsubscribe), e.g. https://kefu.shop.example'),
  version: z.number().int(),
});
export const OutreachSettingsAnswer = z.object({ settings: OutreachSettings });
export const OutreachSettingsChange = z
  .object({
    version: z.number().int().positive(),
    quietStart: Clock.optional(),
    quietEnd: Clock.optional(),
    capCount: z.number().int().min(0).max(100).optional(),
    capDays: z.number().int().min(1).max(365).optional(),
    linkBase: z
      .string()
      .trim()
      .max(200)
      .regex(/^(https?:\/\/[^\s/]+(\/[^\s]*)?)?$/, 'must be an http(s):// address or empty')
      .transform((s) => s.replace(/\/+$/, ''))
      .optional(),
  })
  .strict();

export const OutreachSend = z.object({
  id: RowId,
  customerId: RowId,
  customerName: z.string(),
  purpose: OutreachPurpose,
  channel: OutreachChannel.nullable(),
  state: OutreachState,
  templateKey: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  caseKind: z.string().nullable(),
  caseId: z.number().int().nullable(),
  sendAt: Timestamp,
  sentAt: Timestamp.nullable(),
  reason: z.string().nullable().describe('why it was skipped, cancelled or failed'),
  attempts: z.number().int(),
  createdAt: Timestamp,
});

export const OutreachLogQuery = z
  .object({
    purpose: OutreachPurpose.optional(),
    channel: OutreachChannel.optional(),
    state: OutreachState.optional(),
    customerId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
    before: z.coerce.number().int().positive().max(2_147_483_647).optional().describe('the last id of the previous page'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export const OutreachCounts = z.object({
  queued: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  skipped: z.record(z.string(), z.number().int()).describe('skipped sends by reason (opted_out, no_channel, frequency_cap)'),
});
export const OutreachLog = z.object({
  sends: z.array(OutreachSend).describe('newest first'),
  counts: OutreachCounts.describe('over all sends matching the filters'),
  nextBefore: z.number().int().nullable(),
});

export const OptOutInput = z.object({ scopes: z.array(OptOutScope).max(OPT_OUT_SCOPES.length) }).strict();
export const CustomerOutreach = z.object({
  optOuts: z.array(OptOutScope),
  cancelled: z.number().int().optional().describe('queued sends cancelled by this change'),
  sends: z.array(OutreachSend).describe('the latest 20'),
});

export const NotificationKey = z.enum(NOTIFICATION_KEYS);
export const NotificationTemplate = z.object({
  key: NotificationKey,
  enabled: z.boolean(),
  title: z.string(),
  body: z.string(),
  variables: z.array(z.string()).describe('what {{…}} the texts may use'),
  version: z.number().int(),
  updatedAt: Timestamp,
});
export const NotificationTemplateList = z.object({ templates: z.array(NotificationTemplate) });
export const NotificationTemplateChange = z
  .object({
    version: z.number().int().positive(),
    enabled: z.boolean().optional(),
    title: z.string().trim().min(1).max(100).optional(),
    body: z.string().trim().min(1).max(1000).optional(),
  })
  .strict();

export const DelayReasonInput = z.object({ reason: z.string().trim().min(2).max(100) }).strict();
