import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type TsVector = ColumnType<string, string | undefined, string>;
type Json = ColumnType<Record<string, unknown>, string | undefined, string>;
type JsonArray = ColumnType<unknown[], string | undefined, string>;

export interface SkillGroupsTable {
  id: Generated<number>;
  name: string;
  created_at: CreatedAt;
}
export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  email: string | null;
  role: string;
  password_hash: string;
  active: Generated<boolean>;
  created_at: CreatedAt;
}
export interface UserGroupsTable {
  user_id: number;
  group_id: number;
}
export interface SessionsTable {
  token_hash: string;
  user_id: number;
  created_at: CreatedAt;
  expires_at: Timestamp;
}
export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: CreatedAt;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}
export interface LoginFailuresTable {
  id: Generated<string>;
  username: string;
  ip: string;
  at: CreatedAt;
}
export interface AuditLogTable {
  id: Generated<string>;
  actor_id: number | null;
  action: string;
  entity: string;
  entity_id: string;
  detail: Json;
  at: CreatedAt;
}
export interface CustomersTable {
  id: Generated<number>;
  name: string;
  gender: string | null;
  birthday: ColumnType<string | null, string | null | undefined, string | null>;
  birthday_lunar: Generated<boolean>;
  segment: Generated<string>;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  assigned_agent_id: number | null;
  merged_into_id: number | null;
  version: Generated<number>;
  search: TsVector;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export interface CustomerIdentitiesTable {
  id: Generated<number>;
  customer_id: number;
  kind: string;
  value: string;
}
export interface CustomerAddressesTable {
  id: Generated<number>;
  customer_id: number;
  recipient: string;
  phone: string;
  province: string;
  city: string;
  district: Generated<string>;
  detail: string;
  is_default: Generated<boolean>;
}
export interface CustomerNotesTable {
  id: Generated<number>;
  customer_id: number;
  author_id: number | null;
  body: string;
  created_at: CreatedAt;
}
export interface TicketCountersTable {
  prefix: string;
  day: string;
  last: number;
}
export interface TicketsTable {
  id: Generated<number>;
  number: string;
  type: string;
  status: string;
  priority: string;
  category: string | null;
  severity: string | null;
  subject: string;
  description: Generated<string>;
  customer_id: number | null;
  order_id: number | null;
  assignee_id: number | null;
  group_id: number | null;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  version: Generated<number>;
  search: TsVector;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  solved_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  conversation_id: Generated<number | null>;
  answer_due_at: NullableTimestamp;
  answered_at: NullableTimestamp;
}
export interface TicketEventsTable {
  id: Generated<string>;
  ticket_id: number;
  actor_id: number | null;
  kind: string;
  body: string | null;
  data: Json;
  at: CreatedAt;
}
export interface AttachmentsTable {
  id: Generated<number>;
  ticket_id: number;
  event_id: string | null;
  filename: string;
  content_type: string;
  size: number;
  data: Uint8Array;
  uploaded_by: number | null;
  created_at: CreatedAt;
}
export interface ProductsTable {
  id: Generated<number>;
  sku: string;
  name: string;
  category: string;
  price_fen: number;
  warranty_days: Generated<number>;
  restricted_provinces: ColumnType<string[], string[] | undefined, string[]>;
  stock: Generated<number>;
  specs: Json;
  size_chart: JsonArray;
  usage: Generated<string>;
  pros: Generated<string>;
  cons: Generated<string>;
  images: ColumnType<string[], string[] | undefined, string[]>;
  version: Generated<number>;
}
export interface PromotionsTable {
  id: Generated<number>;
  title: string;
  kind: string;
  threshold_fen: Generated<number>;
  discount_fen: number;
  product_ids: number[] | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
}
export interface FaqEntriesTable {
  id: Generated<number>;
  question: string;
  alternatives: ColumnType<string[], string[] | undefined, string[]>;
  answer: string;
  category: Generated<string>;
  product_ids: ColumnType<number[], number[] | undefined, number[]>;
  enabled: Generated<boolean>;
  hits: Generated<number>;
  version: Generated<number>;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export interface SynonymGroupsTable {
  id: Generated<number>;
  terms: string[];
}
export interface UnknownQuestionsTable {
  id: Generated<number>;
  question: string;
  asked: Generated<number>;
  first_asked_at: CreatedAt;
  last_asked_at: ColumnType<Date, Date | string | undefined, Date | string>;
  conversation_id: number | null;
  status: Generated<string>;
  faq_id: number | null;
}
export interface BotAnswersTable {
  id: Generated<string>;
  conversation_id: number;
  question: string;
  faq_id: number | null;
  score: number;
  confidence: number;
  helpful: boolean | null;
  at: CreatedAt;
}
type Text = string | null;
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
  next_check_at: NullableTimestamp;
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
  review_due_at: NullableTimestamp;
  plan_due_at: NullableTimestamp;
  plan: string | null;
  progress_due_at: NullableTimestamp;
  overdue: ColumnType<string[], string[] | undefined, string[]>;
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

export interface ShopsTable {
  id: Generated<number>;
  key: string;
  name: string;
  identity_secret: string;
  default_group_id: number | null;
  created_at: CreatedAt;
  bot: ColumnType<{ enabled: boolean; threshold: number }, string | undefined, string>;
}
export interface VisitorsTable {
  id: Generated<number>;
  shop_id: number;
  token_hash: string;
  customer_id: number | null;
  name: string;
  created_at: CreatedAt;
}
export interface ConversationsTable {
  id: Generated<number>;
  shop_id: number;
  visitor_id: number;
  customer_id: number | null;
  group_id: number | null;
  agent_id: number | null;
  status: string;
  vip: Generated<boolean>;
  last_seq: Generated<number>;
  shopper_read_seq: Generated<number>;
  agent_read_seq: Generated<number>;
  waiting_since: NullableTimestamp;
  overdue_flagged_at: NullableTimestamp;
  first_response_at: NullableTimestamp;
  ticket_id: number | null;
  close_reason: string | null;
  rating: number | null;
  rating_comment: string | null;
  created_at: CreatedAt;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  assigned_at: NullableTimestamp;
  closed_at: NullableTimestamp;
}
export interface MessagesTable {
  id: Generated<string>;
  conversation_id: number;
  seq: number;
  client_id: string | null;
  sender_kind: string;
  sender_id: number | null;
  kind: string;
  body: string;
  data: Json;
  response_ms: number | null;
  at: CreatedAt;
}
export interface ChatFilesTable {
  id: string;
  shop_id: number;
  content_type: string;
  size: number;
  data: Uint8Array;
  created_at: CreatedAt;
}
export interface AgentPresenceTable {
  user_id: number;
  status: Generated<string>;
  max_chats: Generated<number>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export interface QuickRepliesTable {
  id: Generated<number>;
  owner_id: number | null;
  title: string;
  body: string;
  shortcut: string | null;
  created_at: CreatedAt;
}
export interface ForbiddenPhrasesTable {
  id: Generated<number>;
  phrase: string;
  suggestion: Generated<string>;
  created_at: CreatedAt;
}

export interface EmailOutboxTable {
  id: Generated<string>;
  ticket_id: number | null;
  recipient: string;
  subject: string;
  body: string;
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  last_error: string | null;
  sent_at: NullableTimestamp;
  created_at: CreatedAt;
}

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

export interface DB {
  skill_groups: SkillGroupsTable;
  users: UsersTable;
  user_groups: UserGroupsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_failures: LoginFailuresTable;
  audit_log: AuditLogTable;
  customers: CustomersTable;
  customer_identities: CustomerIdentitiesTable;
  customer_addresses: CustomerAddressesTable;
  customer_notes: CustomerNotesTable;
  ticket_counters: TicketCountersTable;
  tickets: TicketsTable;
  ticket_events: TicketEventsTable;
  attachments: AttachmentsTable;
  products: ProductsTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  shops: ShopsTable;
  visitors: VisitorsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  chat_files: ChatFilesTable;
  agent_presence: AgentPresenceTable;
  quick_replies: QuickRepliesTable;
  forbidden_phrases: ForbiddenPhrasesTable;
  email_outbox: EmailOutboxTable;
  logistics_events: LogisticsEventsTable;
  order_flags: OrderFlagsTable;
  order_events: OrderEventsTable;
  substitutions: SubstitutionsTable;
  after_sales: AfterSalesTable;
  collab_tasks: CollabTasksTable;
  promotions: PromotionsTable;
  faq_entries: FaqEntriesTable;
  synonym_groups: SynonymGroupsTable;
  unknown_questions: UnknownQuestionsTable;
  bot_answers: BotAnswersTable;
  shop_settings: ShopSettingsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  shopper_codes: ShopperCodesTable;
  shopper_code_requests: ShopperCodeRequestsTable;
  scheduled_jobs: ScheduledJobsTable;
  domain_events: DomainEventsTable;
  event_listeners: EventListenersTable;
  event_retries: EventRetriesTable;
}

export type User = Selectable<UsersTable>;
export type Customer = Selectable<CustomersTable>;
export type Ticket = Selectable<TicketsTable>;
export type NewTicket = Insertable<TicketsTable>;
