/** Follow-ups (回访), their rules and scripts, kept by follow-ups/. */
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, NullableTimestamp, Text, Timestamp } from './columns.ts';

type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export interface FollowUpsTable {
  id: Generated<number>;
  customer_id: number;
  reason: string;
  /** null: in the supervisors' pool. */
  owner_id: number | null;
  due_at: Timestamp;
  subject_kind: Text;
  subject_id: number | null;
  note: Generated<string>;
  dedupe_key: string;
  state: Generated<string>;
  attempts: Generated<number>;
  outcome: Text;
  outcome_note: Generated<string>;
  /** The ticket a problem found opened. */
  ticket_id: number | null;
  done_at: NullableTimestamp;
  done_by: number | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface FollowUpRulesTable {
  rule: string;
  enabled: boolean;
  delay_minutes: number;
  threshold: number | null;
  version: Generated<number>;
  updated_at: UpdatedAt;
}

export interface FollowUpScriptsTable {
  reason: string;
  body: string;
  version: Generated<number>;
  updated_at: UpdatedAt;
}
