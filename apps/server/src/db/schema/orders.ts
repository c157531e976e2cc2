/** Orders, after-sales, collaboration tasks, shop settings and webhook deliveries. */
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Timestamp, NullableTimestamp, Json, JsonArray, Text } from './columns.ts';

export interface OrdersTable {
  id: Generated<number>;
  platform: string;
  order_no: string;
  customer_id: number | null;
  status: string;
  total_fen: number;
  tracking_no: string | null;
  remark: Generated<string>;
  created_at: CreatedAt;
  paid_at: NullableTimestamp;
  shipped_at: NullableTimestamp;
  buyer_nick: Generated<Text>;
  receiver_name: Generated<Text>;
  receiver_phone: Generated<Text>;
  province: Generated<Text>;
  city: Generated<Text>;
  district: Generated<Text>;
  address: Generated<Text>;
  goods_fen: Generated<number>;
  discount_fen: Generated<number>;
  shipping_fen: Generated<number>;
  coupon: Generated<Text>;
  invoice: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  courier: Generated<Text>;
  kind: Generated<string>;
  original_order_id: Generated<number | null>;
  collect_payment: Generated<boolean>;
  cancel_reason: Generated<Text>;
  confirmed_at: NullableTimestamp;
  confirmed_by: Generated<number | null>;
  delivered_at: NullableTimestamp;
  cancelled_at: NullableTimestamp;
  source: Generated<string>;
  version: Generated<number>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export interface OrderLinesTable {
  id: Generated<number>;
  order_id: number;
  product_id: number | null;
  quantity: number;
  unit_price_fen: number;
  sku: Generated<Text>;
  title: Generated<string>;
  status: Generated<string>;
  substituted_from_id: Generated<number | null>;
}
export interface LogisticsEventsTable {
  id: Generated<string>;
  order_id: number;
  at: Timestamp;
  description: string;
  location: Generated<string>;
}
export interface OrderFlagsTable {
  id: Generated<string>;
  order_id: number;
  kind: string;
  detail: Json;
  raised_at: CreatedAt;
  resolved_at: NullableTimestamp;
  resolved_by: number | null;
  resolution: string | null;
}
export interface OrderEventsTable {
  id: Generated<string>;
  order_id: number;
  actor_id: number | null;
  kind: string;
  data: Json;
  at: CreatedAt;
}
export interface SubstitutionsTable {
  id: Generated<number>;
  order_id: number;
  order_line_id: number;
  product_id: number;
  note: Generated<string>;
  proposed_by: number | null;
  proposed_at: CreatedAt;
  answer_due_at: Timestamp;
  outcome: string | null;
  follow_up_at: NullableTimestamp;
  answer_note: string | null;
  answered_by: number | null;
  answered_at: NullableTimestamp;
  late_flagged_at: NullableTimestamp;
  version: Generated<number>;
}
export interface AfterSalesTable {
  id: Generated<number>;
  ticket_id: number;
  order_id: number;
  customer_id: number | null;
  kind: string;
  state: string;
  reason: string;
  description: Generated<string>;
  lines: JsonArray;
  amount_fen: Generated<number>;
  compensation_kind: string | null;
  goods_intact: boolean | null;
  complex: Generated<boolean>;
  checks: JsonArray;
  approved_by: number | null;
  approved_at: NullableTimestamp;
  rejected_at: NullableTimestamp;
  goods_fen: Generated<number>;
  replacement_order_id: number | null;
  return_tracking_no: string | null;
  plan: string | null;
  /** The last repair progress (its ticket timeline entry) told to the shopper: each is told once. */
  progress_told_id: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  created_by: number | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export interface CollabTasksTable {
  id: Generated<number>;
  ticket_id: number | null;
  order_id: number | null;
  after_sale_id: number | null;
  department: string;
  title: string;
  description: Generated<string>;
  attachment_ids: ColumnType<number[], number[] | undefined, number[]>;
  owner_id: number | null;
  state: Generated<string>;
  answer: string | null;
  due_at: Timestamp;
  created_by: number | null;
  created_at: CreatedAt;
  started_at: NullableTimestamp;
  done_at: NullableTimestamp;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  version: Generated<number>;
  /** The department's rating (1–5) of how the desk handed the task over, given when it finishes the task. */
  satisfaction: number | null;
  satisfaction_comment: string | null;
}
export interface ShopSettingsTable {
  key: string;
  value: Json;
  version: Generated<number>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export interface WebhookDeliveriesTable {
  signature: string;
  received_at: CreatedAt;
}
