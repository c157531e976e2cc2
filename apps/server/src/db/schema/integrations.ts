/** Outgoing webhooks, kept by integrations/ (migration 0042); e-mail in, kept by channels/ (0043); SMS, kept by channels/ (0044); calls, kept by channels/ (0045); marketplace IM, kept by channels/ (0046). */
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, NullableTimestamp } from './columns.ts';

export interface WebhookSubscriptionsTable {
  id: Generated<number>;
  url: string;
  description: Generated<string>;
  event_types: string[];
  /** The HMAC key deliveries are signed with; shown to the admin once, when made or rotated. */
  secret: string;
  active: Generated<boolean>;
  consecutive_failures: Generated<number>;
  last_success_at: NullableTimestamp;
  last_failure_at: NullableTimestamp;
  last_error: string | null;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
  version: Generated<number>;
}
export interface WebhookSendsTable {
  id: Generated<number>;
  subscription_id: number;
  /** The domain event delivered; null for a test ping. */
  event_id: number | null;
  event_type: string;
  /** The JSON body exactly as signed and sent (a retry sends the same bytes). */
  body: string;
  status: Generated<'pending' | 'delivered' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  response_status: number | null;
  error: string | null;
  duration_ms: number | null;
  created_at: CreatedAt;
  finished_at: NullableTimestamp;
}

export interface EmailThreadsTable {
  message_id: string;
  ticket_id: number;
  direction: 'in' | 'out';
  created_at: CreatedAt;
}
export interface EmailInboundTable {
  id: Generated<number>;
  received_at: CreatedAt;
  envelope_from: string;
  remote_address: string;
  from_address: string | null;
  subject: string | null;
  message_id: string | null;
  outcome: 'created' | 'continued' | 'duplicate' | 'refused' | 'ignored';
  reason: string | null;
  ticket_id: number | null;
  size: number;
  /** Kept for refused and ignored messages only (quarantine), 14 days. */
  raw: Buffer | null;
}

export interface SmsMessagesTable {
  id: Generated<number>;
  phone: string;
  kind: 'verification' | 'notice' | 'reply';
  /** The template's variables, as sent (a verification code is not kept: `{ code: '******' }`). */
  params: ColumnType<Record<string, string>, string, string>;
  /** What the shopper reads, as kefu renders it (the provider's template wording may differ slightly). */
  text: string;
  ticket_id: number | null;
  customer_id: number | null;
  status: 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed';
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  provider_id: string | null;
  error: string | null;
  created_at: CreatedAt;
  sent_at: NullableTimestamp;
  reported_at: NullableTimestamp;
}
export interface SmsInboundTable {
  id: Generated<number>;
  received_at: CreatedAt;
  provider: string;
  sequence_id: string;
  phone: string;
  content: string;
  sent_at: string | null;
  outcome: 'created' | 'continued' | 'opted_out' | 'ignored';
  reason: string | null;
  ticket_id: number | null;
  customer_id: number | null;
}

export interface CallsTable {
  id: Generated<number>;
  source: 'cti' | 'manual';
  /** The CTI's id of the call; null for one logged by hand. */
  call_id: string | null;
  direction: 'in' | 'out';
  phone: string;
  customer_id: number | null;
  ticket_id: number | null;
  agent_id: number | null;
  agent_extension: string | null;
  state: 'ringing' | 'answered' | 'ended' | 'missed';
  started_at: ColumnType<Date, Date | string, Date | string>;
  answered_at: NullableTimestamp;
  ended_at: NullableTimestamp;
  duration_seconds: number | null;
  recording_url: string | null;
  note: string | null;
  created_at: CreatedAt;
}

/** One row per platform message kefu stored: a replayed push or poll finds it here and stores nothing. */
export interface ImInboundTable {
  platform: string;
  message_id: string;
  conversation_id: number;
  seq: number;
  received_at: CreatedAt;
}
/** Per marketplace conversation, how far kefu's replies went back on the platform (the outbox's cursor). */
export interface ImOutboundTable {
  conversation_id: number;
  platform: string;
  buyer_id: string;
  sent_seq: Generated<number>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  last_error: string | null;
  updated_at: Generated<Date>;
}
