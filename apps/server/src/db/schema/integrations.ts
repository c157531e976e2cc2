/** Outgoing webhooks, kept by integrations/ (migration 0042); e-mail in, kept by channels/ (0043). */
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
