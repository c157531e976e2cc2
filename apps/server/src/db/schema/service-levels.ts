/** Service levels: the shop's policies, the clocks on every promise, and escalations. */
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Json, NullableTimestamp, Timestamp } from './columns.ts';

export interface SlaPoliciesTable {
  id: Generated<number>;
  name: string;
  enabled: Generated<boolean>;
  position: number;
  match: Json;
  hours: Json;
  pause_on_customer: Generated<boolean>;
  warn_at_percent: Generated<number>;
  targets: Json;
  on_breach: Json;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export interface SlaClocksTable {
  id: Generated<string>;
  subject_kind: string;
  subject_id: number;
  ticket_id: number | null;
  metric: string;
  policy_id: number | null;
  /** running | paused | met | cancelled; a breach is `breached_at`, and the clock runs on until the work is done. */
  state: Generated<string>;
  started_at: Timestamp;
  due_at: Timestamp;
  warn_at: NullableTimestamp;
  /** The target's whole span of service time, to place the warning again after a pause. */
  total_ms: ColumnType<string, string | number, string | number>;
  paused_at: NullableTimestamp;
  remaining_ms: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  warned_at: NullableTimestamp;
  breached_at: NullableTimestamp;
  stopped_at: NullableTimestamp;
}
export interface TicketEscalationsTable {
  id: Generated<number>;
  ticket_id: number;
  level: string;
  external: boolean;
  reason: string;
  actor_id: number | null;
  created_at: CreatedAt;
}
