/** Satisfaction surveys and their settings, kept by surveys/. */
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, NullableTimestamp } from './columns.ts';

export interface SurveysTable {
  id: Generated<number>;
  kind: string;
  case_id: number;
  /** The ticket behind the case (a chat's filed ticket, an after-sale's ticket), for links. */
  ticket_id: number | null;
  customer_id: number | null;
  /** Whose work is rated: the chat's agent, the ticket's assignee when it was solved. */
  agent_id: number | null;
  channel: string | null;
  /** sha256 of the link's token: the token itself is only in the message sent. */
  token_hash: string | null;
  state: Generated<string>;
  skip_reason: string | null;
  due_at: NullableTimestamp;
  sent_at: NullableTimestamp;
  expires_at: NullableTimestamp;
  answered_at: NullableTimestamp;
  score: number | null;
  comment: string | null;
  created_at: CreatedAt;
}

/** One row (`singleton`); versioned by checkVersion like shop_settings. */
export interface SurveySettingsTable {
  singleton: Generated<boolean>;
  ticket: Generated<boolean>;
  after_sale: Generated<boolean>;
  expiry_days: Generated<number>;
  delay_minutes: Generated<number>;
  /** The shop's public address the links start with ('' = a relative link). */
  link_base: Generated<string>;
  version: Generated<number>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
