/** Shopper verification codes, scheduled jobs and domain events. */
import type { Generated } from 'kysely';
import type { CreatedAt, Timestamp, NullableTimestamp, Json } from './columns.ts';

export interface ShopperCodesTable {
  id: Generated<string>;
  shop_id: number;
  visitor_id: number;
  customer_id: number | null;
  channel: string;
  destination: string;
  salt: string;
  code_hash: string;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  created_at: CreatedAt;
}
export interface ShopperCodeRequestsTable {
  id: Generated<string>;
  shop_id: number;
  visitor_id: number;
  ip: string;
  channel: string | null;
  destination: string | null;
  customer_id: number | null;
  wrong_tries: Generated<number>;
  used_at: NullableTimestamp;
  created_at: CreatedAt;
}
export interface ScheduledJobsTable {
  name: string;
  schedule: string;
  next_run_at: Timestamp;
  lease_owner: string | null;
  lease_until: NullableTimestamp;
  last_started_at: NullableTimestamp;
  last_finished_at: NullableTimestamp;
  last_duration_ms: number | null;
  last_error: string | null;
  run_count: Generated<number>;
  failure_count: Generated<number>;
}

export interface DomainEventsTable {
  id: Generated<number>;
  subject: string;
  type: string;
  payload: Json;
  occurred_at: CreatedAt;
  position: number | null;
}
export interface EventListenersTable {
  name: string;
  position: number;
  lease_owner: string | null;
  lease_until: NullableTimestamp;
  delivered_count: Generated<number>;
  seen_at: CreatedAt;
}
export interface EventRetriesTable {
  listener: string;
  event_id: number;
  subject: string;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
}
