/** Shapes of the live-chat protocol (docs/chat-protocol.md), as the agent side sees them. */
import type { Role } from '@kefu/domain';

export type AgentStatus = 'online' | 'busy' | 'away' | 'offline';
export const AGENT_STATUSES: readonly AgentStatus[] = ['online', 'busy', 'away', 'offline'];

export type SenderKind = 'shopper' | 'agent' | 'system' | 'bot';
export type MessageKind = 'text' | 'note' | 'image' | 'order' | string;

export interface Conversation {
  id: number;
  status: 'queued' | 'active' | 'closed';
  customerId: number | null;
  customerName: string | null;
  visitorName: string | null;
  groupId: number | null;
  groupName: string | null;
  agentId: number | null;
  agentName: string | null;
  vip: boolean;
  tags: string[];
  lastSeq: number;
  waitingSince: string | null;
  firstResponseAt: string | null;
  createdAt: string;
  closedAt: string | null;
  closeReason: string | null;
  rating: number | null;
  /** The server sends these too (not in the protocol doc); used when present. */
  unread?: number;
  agentReadSeq?: number;
  shopperReadSeq?: number;
  ticketId?: number | null;
  overdueAt?: string | null;
  lastBody?: string | null;
}

export interface ChatMessage {
  conversationId: number;
  seq: number;
  clientId: string | null;
  kind: MessageKind;
  body: string;
  data: Record<string, unknown> | null;
  sender: { kind: SenderKind; id: number | null; name: string | null };
  at: string;
}

/** A message this agent sent that the server has not acknowledged yet. */
export interface PendingMessage {
  clientId: string;
  conversationId: number;
  kind: MessageKind;
  body: string;
  data: Record<string, unknown> | null;
  at: string;
  failed?: string;
}

export interface AgentInfo { id: number; name: string; role?: Role; status: AgentStatus; maxChats: number }

export type SendFrame = { type: 'send'; conversationId: number; clientId: string; kind: MessageKind; body: string };

export type OutFrame =
  | SendFrame
  | { type: 'status'; status: AgentStatus }
  | { type: 'resume'; conversationId: number; afterSeq: number }
  | { type: 'typing'; conversationId: number }
  | { type: 'read'; conversationId: number; seq: number }
  | { type: 'accept'; conversationId: number }
  | { type: 'transfer'; conversationId: number; toAgentId?: number; toGroupId?: number; note?: string }
  | { type: 'close'; conversationId: number; reason: string };

export type InFrame =
  | { type: 'welcome'; agent: AgentInfo; conversations: Conversation[] }
  | { type: 'ack'; clientId: string; conversationId: number; seq: number; at: string }
  | ({ type: 'message' } & ChatMessage)
  | { type: 'conversation'; conversation: Conversation }
  | { type: 'queue'; conversationId: number; position: number }
  | { type: 'typing'; conversationId: number; from: 'shopper' | 'agent'; name?: string }
  | { type: 'read'; conversationId: number; by: 'shopper' | 'agent'; seq: number }
  | { type: 'overdue'; conversationId: number; waitingSeconds: number }
  | { type: 'suggestions'; conversationId: number; seq: number; suggestions: { id: number; question: string; answer: string; category: string; confidence: number }[]; products?: { id: number; name: string; confidence: number }[]; intent?: { intent: string; probability: number } }
  | { type: 'closed'; conversationId: number; reason: string }
  | { type: 'presence'; status: AgentStatus; maxChats: number }
  /** `more`: a page limit cut the catch-up; resume again from lastSeq. */
  | { type: 'resumed'; conversationId: number; lastSeq: number; more?: boolean }
  | { type: 'error'; code: string; message: string; clientId?: string };

export interface QuickReply { id: number; scope: 'shared' | 'personal'; title: string; body: string; shortcut: string | null }
export interface ForbiddenPhrase { id: number; phrase: string; suggestion: string }

/** Reasons an agent picks; the server stores the code (it also writes 'shopper_left' itself). */
export const CLOSE_REASONS = ['resolved', 'no_reply', 'duplicate', 'other'] as const;
