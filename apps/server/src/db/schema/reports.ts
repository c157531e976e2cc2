/** Reporting facts: one row per conversation, ticket and after-sale, kept by reports/ from the domain events. */
import type { ColumnType, Generated } from 'kysely';
import type { NullableTimestamp, Timestamp } from './columns.ts';

/** bigint columns: database.ts reads int8 as a JavaScript number (sums of milliseconds and fen stay far below 2^53). */
type Big = ColumnType<number, number | bigint | undefined, number | bigint>;
type NullableBig = ColumnType<number | null, number | bigint | null | undefined, number | bigint | null>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

/** A case of another kind or the same, as "ticket:12" or "conversation:40": what `repeat_of` points to. */
type CaseRef = string | null;

export interface ReportConversationsTable {
  conversation_id: number;
  opened_at: Timestamp;
  closed_at: NullableTimestamp;
  channel: Generated<string>;
  agent_id: number | null;
  group_id: number | null;
  customer_id: number | null;
  ticket_id: number | null;
  intent: string | null;
  category: string | null;
  product_id: number | null;
  order_id: number | null;
  first_response_ms: number | null;
  responses: Generated<number>;
  response_ms_sum: Big;
  responses_within_30s: Generated<number>;
  handling_ms: NullableBig;
  agent_messages: Generated<number>;
  shopper_messages: Generated<number>;
  bot_answers: Generated<number>;
  handed_over: Generated<boolean>;
  handover_reason: string | null;
  resolved_by_bot: Generated<boolean>;
  resolved: Generated<boolean>;
  close_reason: string | null;
  csat: number | null;
  escalated: Generated<boolean>;
  repeat_of: CaseRef;
  contacted_again: Generated<boolean>;
  updated_at: UpdatedAt;
}
export interface ReportTicketsTable {
  ticket_id: number;
  created_at: Timestamp;
  solved_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  type: string;
  status: string;
  channel: string;
  category: string | null;
  priority: string;
  product_id: number | null;
  order_id: number | null;
  customer_id: number | null;
  agent_id: number | null;
  group_id: number | null;
  conversation_id: number | null;
  first_response_ms: number | null;
  resolution_ms: NullableBig;
  replies: Generated<number>;
  reopens: Generated<number>;
  escalated: Generated<boolean>;
  root_cause: string | null;
  csat: number | null;
  repeat_of: CaseRef;
  contacted_again: Generated<boolean>;
  updated_at: UpdatedAt;
}
export interface ReportAftersalesTable {
  after_sale_id: number;
  ticket_id: number;
  order_id: number;
  product_id: number | null;
  customer_id: number | null;
  agent_id: number | null;
  kind: string;
  state: string;
  reason: string;
  root_cause: string | null;
  amount_fen: Big;
  refunded_fen: Big;
  opened_at: Timestamp;
  closed_at: NullableTimestamp;
  updated_at: UpdatedAt;
}
