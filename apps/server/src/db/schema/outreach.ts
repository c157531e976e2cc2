/** What kefu sends to shoppers first, kept by outreach/ (migration 0034). */
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, NullableTimestamp } from './columns.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface OutreachSendsTable {
  id: Generated<number>;
  customer_id: number;
  purpose: string;
  /** null when skipped before a channel was chosen. */
  channel: string | null;
  state: string;
  template_key: string;
  title: string;
  body: string;
  link: string | null;
  dedupe_key: string;
  case_kind: string | null;
  case_id: number | null;
  send_at: Timestamp;
  next_attempt_at: Timestamp;
  sent_at: NullableTimestamp;
  /** Why it was skipped, cancelled or failed (the last failure while retrying). */
  reason: string | null;
  attempts: Generated<number>;
  created_at: CreatedAt;
}
export interface OutreachOptOutsTable {
  customer_id: number;
  scope: string;
  source: string;
  created_by: number | null;
  created_at: CreatedAt;
}
export interface OutreachSettingsTable {
  id: number;
  quiet_start: Generated<number>;
  quiet_end: Generated<number>;
  cap_count: Generated<number>;
  cap_days: Generated<number>;
  link_secret: string;
  link_base: Generated<string>;
  version: Generated<number>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
/** Kept by notifications/: the text of each shopper notification, editable by admins. */
export interface NotificationTemplatesTable {
  id: Generated<number>;
  key: string;
  enabled: Generated<boolean>;
  title: string;
  body: string;
  version: Generated<number>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
