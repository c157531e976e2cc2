/** Staff, access, customers, tickets and their attachments. */
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Timestamp, NullableTimestamp, TsVector, Json } from './columns.ts';

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
  /** The agent's extension (分机号) on the shop's telephony system, for click-to-call. */
  phone_extension: Generated<string | null>;
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

/** Per type prefix and day, the value of the prefix's sequence that day's numbers count from (tickets/numbering.ts). */
export interface TicketNumberDaysTable {
  prefix: string;
  day: string;
  base: string;
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
  answered_at: NullableTimestamp;
  /** The earliest due time of the ticket's running clocks (sla/ keeps it), for the lists' "due soon". */
  sla_due_at: NullableTimestamp;
  channel: Generated<string>;
  escalation_level: string | null;
  root_cause: string | null;
  product_id: number | null;
  solution: string | null;
  solution_at: NullableTimestamp;
  confirmed_at: NullableTimestamp;
  closed_unconfirmed_reason: string | null;
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
