/**
 * Database rows → the chat's wire objects (@kefu/protocol/chat/objects, @kefu/protocol/api/conversations), for the
 * conversation routes and the socket frames alike, so both say the same thing in the same words.
 */
import type { AgentStatus, Channel, ConversationPriority, ConversationStatus } from '@kefu/domain';
import type { QuickReply, Shop } from '@kefu/protocol/api/conversations';
import type { Conversation, Message, MessageKind, SenderKind, ShopperConversation } from '@kefu/protocol/chat/objects';
import type { z } from 'zod';

export type ConversationOut = z.output<typeof Conversation>;
export type MessageOut = z.output<typeof Message>;

/** A row of views.ts conversationQuery. */
export interface ConversationRow {
  id: number;
  status: string;
  channel: string;
  customer_id: number | null;
  customer_name: string | null;
  visitor_id: number;
  visitor_name: string;
  group_id: number | null;
  group_name: string | null;
  agent_id: number | null;
  agent_name: string | null;
  priority: string;
  vip: boolean;
  tags: string[];
  last_seq: number;
  agent_read_seq: number;
  shopper_read_seq: number;
  last_body: string | null;
  waiting_since: Date | null;
  /** When the running chat response clock was breached (response-clock.ts overdueAt). */
  overdue_at: Date | null;
  first_response_at: Date | null;
  created_at: Date;
  closed_at: Date | null;
  close_reason: string | null;
  rating: number | null;
  ticket_id: number | null;
}

export function presentConversation(r: ConversationRow): ConversationOut {
  return {
    id: r.id,
    status: r.status as ConversationStatus,
    channel: r.channel as Channel,
    customerId: r.customer_id,
    customerName: r.customer_name,
    visitorId: r.visitor_id,
    visitorName: r.visitor_name,
    groupId: r.group_id,
    groupName: r.group_name,
    agentId: r.agent_id,
    agentName: r.agent_name,
    priority: r.priority as ConversationPriority,
    vip: r.vip,
    tags: r.tags,
    lastSeq: r.last_seq,
    agentReadSeq: r.agent_read_seq,
    shopperReadSeq: r.shopper_read_seq,
    lastBody: r.last_body,
    waitingSince: r.waiting_since,
    overdueAt: r.overdue_at,
    firstResponseAt: r.first_response_at,
    createdAt: r.created_at,
    closedAt: r.closed_at,
    closeReason: r.close_reason,
    rating: r.rating,
    ticketId: r.ticket_id,
  };
}

/** What the shopper may know of their conversation: no customer file, group, tags or other staff data. */
export function presentShopperConversation(c: ConversationOut): z.output<typeof ShopperConversation> {
  return {
    id: c.id,
    status: c.status,
    agentName: c.agentName,
    lastSeq: c.lastSeq,
    agentReadSeq: c.agentReadSeq,
    createdAt: c.createdAt,
    closedAt: c.closedAt,
    rating: c.rating,
  };
}

/** A row of store.ts messageQuery: the message, its agent's display name and its visitor's name. */
export interface MessageRow {
  conversation_id: number;
  seq: number;
  client_id: string | null;
  kind: string;
  body: string;
  data: unknown;
  sender_kind: string;
  sender_id: number | null;
  at: Date;
  display_name: string | null;
  visitor_name: string;
}

const FIXED_SENDER_NAMES: Partial<Record<SenderKind, string>> = { bot: '智能客服', system: '系统' };

export function presentMessage(r: MessageRow): MessageOut {
  const kind = r.sender_kind as SenderKind;
  const name = kind === 'agent' ? (r.display_name ?? '') : kind === 'shopper' ? r.visitor_name : (FIXED_SENDER_NAMES[kind] ?? '');
  return {
    conversationId: r.conversation_id,
    seq: r.seq,
    clientId: r.client_id,
    kind: r.kind as MessageKind,
    body: r.body,
    data: r.data as Record<string, unknown>,
    sender: { kind, id: r.sender_id, name },
    at: r.at,
  };
}

export interface AgentLoadRow {
  id: number;
  name: string;
  status: AgentStatus;
  maxChats: number;
  load: number;
  groupIds: readonly number[];
}

export function presentAgentLoad(a: AgentLoadRow) {
  return { id: a.id, name: a.name, status: a.status, maxChats: a.maxChats, load: a.load, groupIds: [...a.groupIds] };
}

interface ShopRow {
  id: number;
  key: string;
  name: string;
  default_group_id: number | null;
  bot: { enabled: boolean; threshold: number };
  identity_secret: string;
}

export function presentShop(r: ShopRow): z.output<typeof Shop> {
  return { id: r.id, key: r.key, name: r.name, defaultGroupId: r.default_group_id, bot: r.bot, identitySecretHint: secretHint(r.identity_secret) };
}

/** The last characters of a shop's identity secret: enough to tell which one is configured, never the secret. */
export function secretHint(secret: string): string {
  return `…${secret.slice(-4)}`;
}

interface QuickReplyRow {
  id: number;
  owner_id: number | null;
  title: string;
  body: string;
  shortcut: string | null;
}

export function presentQuickReply(r: QuickReplyRow): z.output<typeof QuickReply> {
  return { id: r.id, scope: r.owner_id === null ? 'shared' : 'personal', title: r.title, body: r.body, shortcut: r.shortcut };
}
