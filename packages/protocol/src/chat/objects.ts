/**
 * The objects chat frames and the conversation routes carry: a message, a conversation as staff see it, and a
 * conversation as its shopper sees it (docs/chat-protocol.md, "Objects").
 */
import { AGENT_STATUSES, CHANNELS, CONVERSATION_PRIORITIES, CONVERSATION_STATUSES } from '@kefu/domain';
import { z } from 'zod';
import { RowId, Timestamp } from '../api/common.ts';

export const SENDER_KINDS = ['shopper', 'agent', 'system', 'bot'] as const;
export const MESSAGE_KINDS = ['text', 'image', 'order', 'product', 'note', 'system'] as const;
export type SenderKind = (typeof SENDER_KINDS)[number];
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const Sender = z.object({ kind: z.enum(SENDER_KINDS), id: RowId.nullable(), name: z.string() });

/**
 * A stored message. `data` by kind: image `{url}`; order `{orderNo, platform?, status?, totalFen?, trackingNo?, createdAt?}`;
 * product `{productId, sku, name, priceFen, inStock, image}`; system `{code: assigned | transferred | taken_over | closed | handover, …}`;
 * a bot answer `{botAnswerId, faqId, confidence}`.
 */
export const Message = z.object({
  conversationId: RowId,
  seq: z.number().int().min(1),
  clientId: z.string().nullable(),
  kind: z.enum(MESSAGE_KINDS),
  body: z.string(),
  data: z.record(z.string(), z.unknown()),
  sender: Sender,
  at: Timestamp,
});

const ConversationStatus = z.enum(CONVERSATION_STATUSES);
const Seq = z.number().int().min(0);

/** A conversation as staff see it (lists, the workspace, the supervisors' monitor). Unread = lastSeq − agentReadSeq. */
export const Conversation = z.object({
  id: RowId,
  status: ConversationStatus,
  channel: z.enum(CHANNELS).describe("where the shopper writes: 'web' (the widget) or a marketplace's chat (taobao, jd, pdd); replies go back there"),
  customerId: RowId.nullable(),
  customerName: z.string().nullable(),
  visitorId: RowId,
  visitorName: z.string(),
  groupId: RowId.nullable(),
  groupName: z.string().nullable(),
  agentId: RowId.nullable(),
  agentName: z.string().nullable(),
  priority: z.enum(CONVERSATION_PRIORITIES).describe('high or urgent when a complaint or an upset shopper was routed; the queue serves by it first'),
  vip: z.boolean(),
  tags: z.array(z.string()).describe("the conversation's tags, then the customer's"),
  lastSeq: Seq,
  agentReadSeq: Seq,
  shopperReadSeq: Seq,
  lastBody: z.string().nullable().describe('the last message a shopper could see'),
  waitingSince: Timestamp.nullable().describe('the shopper has waited for an answer since then'),
  overdueAt: Timestamp.nullable().describe('the shopper still waits, and the chat response target was missed then'),
  firstResponseAt: Timestamp.nullable(),
  createdAt: Timestamp,
  closedAt: Timestamp.nullable(),
  closeReason: z.string().nullable(),
  rating: z.number().int().nullable(),
  ticketId: RowId.nullable(),
});

/** A conversation as its shopper sees it. */
export const ShopperConversation = z.object({
  id: RowId,
  status: ConversationStatus,
  agentName: z.string().nullable(),
  lastSeq: Seq,
  agentReadSeq: Seq,
  createdAt: Timestamp,
  closedAt: Timestamp.nullable(),
  rating: z.number().int().nullable(),
});

export const AgentStatus = z.enum(AGENT_STATUSES);
