/** Shops, visitors, conversations and what live chat keeps; the e-mail outbox. */
import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, NullableTimestamp, Json } from './columns.ts';

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
  /** 'web' for a browser; a marketplace ('taobao', 'jd', 'pdd') for a buyer writing in its own chat. */
  channel: Generated<string>;
  /** The marketplace's buyer id (Taobao's OpenUid…); null for a browser. */
  external_id: string | null;
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
  priority: Generated<string>;
  last_seq: Generated<number>;
  shopper_read_seq: Generated<number>;
  agent_read_seq: Generated<number>;
  waiting_since: NullableTimestamp;
  first_response_at: NullableTimestamp;
  ticket_id: number | null;
  close_reason: string | null;
  rating: number | null;
  rating_comment: string | null;
  created_at: CreatedAt;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  assigned_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  /** Where the shopper writes from: the widget ('web') or a marketplace's own chat; replies go back on it. */
  channel: Generated<string>;
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
export interface AgentSocketsTable {
  process_id: string;
  user_id: number;
  sockets: number;
  seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export interface QuickRepliesTable {
  id: Generated<number>;
  owner_id: number | null;
  title: string;
  body: string;
  shortcut: string | null;
  created_at: CreatedAt;
  version: Generated<number>;
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
  /** What the e-mail attaches, made when it is sent: [{ source: 'report-brief', id: 12 }] (channels/email.ts). */
  attachments: ColumnType<unknown[], string | undefined, string>;
  /** The Message-ID it is sent with (replies to it find the ticket through email_threads); null before 0043. */
  message_id: string | null;
}
