/** Marketplace reviews, their timeline and the webhook's replay memory, kept by reviews/. */
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Json, NullableTimestamp, Text, Timestamp } from './columns.ts';

export interface ReviewsTable {
  id: Generated<number>;
  platform: string;
  external_id: string;
  source: string;
  order_no: Text;
  order_id: number | null;
  customer_id: number | null;
  product_id: number | null;
  product_title: Generated<string>;
  sku: Text;
  buyer_nick: Generated<string>;
  stars: number | null;
  content: string;
  /** 追评: what the shopper added later. */
  appended: Text;
  reviewed_at: Timestamp;
  sentiment: string;
  negative_probability: number;
  /** 中差评: on the `review_reply` clock until answered. */
  middling: boolean;
  complaint_kind: string;
  reply: Text;
  replied_at: NullableTimestamp;
  replied_by: number | null;
  after_sale_id: number | null;
  follow_up_id: number | null;
  escalation: Text;
  escalation_reason: Text;
  escalated_at: NullableTimestamp;
  invited_at: NullableTimestamp;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ReviewEventsTable {
  id: Generated<string>;
  review_id: number;
  kind: string;
  actor_id: number | null;
  data: Json;
  created_at: CreatedAt;
}

export interface ReviewWebhookDeliveriesTable {
  signature: string;
  received_at: CreatedAt;
}
