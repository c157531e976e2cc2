/**
 * /ws/agent (docs/chat-protocol.md): the frames the agent workspace sends (`AgentFrame`) and the frames the
 * server sends to agents, supervisors and admins (`ToAgentFrame`).
 */
import { ROLES, SLA_METRICS, SLA_SUBJECTS } from '@kefu/domain';
import { z } from 'zod';
import { RowId, Timestamp } from '../api/common.ts';
import { Ack, ClientId, Closed, ErrorFrame, FrameId, MessageFrame, Read, ReadNotice, Resume, Resumed, Text, Typing, TypingNotice } from './common.ts';
import { AgentStatus, Conversation, Message } from './objects.ts';

/** What an agent sends: `note` is for staff only; `product`'s body is the product id (the card's data is filled in). */
export const AGENT_MESSAGE_KINDS = ['text', 'note', 'image', 'order', 'product'] as const;

// ——— from the agent ———

export const AgentSend = z.object({
  type: z.literal('send'),
  conversationId: FrameId,
  clientId: ClientId,
  kind: z.enum(AGENT_MESSAGE_KINDS),
  body: Text,
});

export const AgentFrame = z.discriminatedUnion('type', [
  Resume,
  Typing,
  Read,
  AgentSend,
  /** Sets the agent's status; answered with `presence`. The maximum of concurrent chats is the supervisor's to set (PUT /api/users/:id/max-chats). */
  z.object({ type: z.literal('status'), status: AgentStatus }),
  /** Takes a waiting conversation from the queue. */
  z.object({ type: z.literal('accept'), conversationId: FrameId }),
  /** To an agent or a group's queue, with a note for the next agent. */
  z.object({
    type: z.literal('transfer'),
    conversationId: FrameId,
    toAgentId: FrameId.optional(),
    toGroupId: FrameId.optional(),
    note: z.string().trim().max(500).optional(),
  }),
  z.object({ type: z.literal('close'), conversationId: FrameId, reason: z.string().trim().min(1).max(100) }),
  /**
   * Collision on a ticket: "I am on this ticket's page" (`viewing`), "I am writing a reply" (`typing`), or `left`.
   * Repeated every ~10 s while it holds; a viewer not heard of for TICKET_PRESENCE_TTL_SECONDS is gone.
   */
  z.object({ type: z.literal('ticket_presence'), ticketId: FrameId, state: z.enum(['viewing', 'typing', 'left']) }),
  /** Supervisors and admins: follow one conversation live, read-only (`monitored` frames); null stops. */
  z.object({ type: z.literal('watch'), conversationId: FrameId.nullable() }),
  /** Supervisors and admins: the conversation moves to them; its agent and the monitor are told. */
  z.object({ type: z.literal('take_over'), conversationId: FrameId }),
]);
export type AgentFrame = z.output<typeof AgentFrame>;

// ——— to the agent ———

export const AgentInfo = z.object({ id: RowId, name: z.string(), role: z.enum(ROLES), status: AgentStatus, maxChats: z.number().int() });

/** Knowledge answers, products and the intent for a shopper's text, as it reaches the assigned agent. */
export const Assistance = z.object({
  suggestions: z.array(
    z.object({
      id: RowId,
      question: z.string(),
      answer: z.string(),
      category: z.string(),
      confidence: z.number(),
      score: z.number(),
    }),
  ),
  products: z.array(z.object({ id: RowId, name: z.string(), confidence: z.number() })),
  intent: z.object({ intent: z.string(), probability: z.number() }),
});

/** A viewer on a ticket is gone when not heard of for this long (a closed or crashed tab). */
export const TICKET_PRESENCE_TTL_SECONDS = 30;
export const TICKET_PRESENCE_STATES = ['viewing', 'typing', 'left', 'replied'] as const;

/**
 * Someone else on a ticket's page: viewing, typing a reply, gone (`left`), or has just replied (`replied`, with the
 * reply's timeline entry). `fresh`: they just arrived — a viewer answers with its own state, so both see each other.
 */
export const TicketPresence = z.object({
  type: z.literal('ticket_presence'),
  ticketId: RowId,
  user: z.object({ id: RowId, name: z.string() }),
  state: z.enum(TICKET_PRESENCE_STATES),
  fresh: z.boolean().optional(),
  eventId: z.string().optional(),
});

export const ToAgentFrame = z.discriminatedUnion('type', [
  /** The first frame: who the agent is (an offline agent is put online), and their active conversations. */
  z.object({ type: z.literal('welcome'), agent: AgentInfo, conversations: z.array(Conversation) }),
  Ack,
  MessageFrame,
  Resumed,
  /** A conversation appeared for this agent or changed (assigned, transferred, identified, rated…); supervisors get every one. */
  z.object({ type: z.literal('conversation'), conversation: Conversation }),
  TypingNotice,
  ReadNotice,
  Closed,
  /** A shopper has waited past the response target (to the agent and supervisors). */
  z.object({ type: z.literal('overdue'), conversationId: RowId, waitingSeconds: z.number().int() }),
  /** A promise is about to be missed (`warned`) or was missed (`breached`): to the assignee and the supervisors. */
  z.object({
    type: z.literal('sla'),
    event: z.enum(['warned', 'breached']),
    clockId: z.string(),
    metric: z.enum(SLA_METRICS),
    dueAt: Timestamp,
    subjectKind: z.enum(SLA_SUBJECTS),
    subjectId: RowId,
    ticketId: RowId.nullable(),
    title: z.string(),
  }),
  /** `seq`: the shopper's message the suggestions are for. */
  Assistance.extend({ type: z.literal('suggestions'), conversationId: RowId, seq: z.number().int() }),
  /** The agent's status and maximum, after a `status` frame. */
  z.object({ type: z.literal('presence'), status: AgentStatus, maxChats: z.number().int() }),
  TicketPresence,
  /** A message of the conversation a supervisor watches (`watch`), notes included. */
  Message.extend({ type: z.literal('monitored') }),
  ErrorFrame,
]);
/** A frame as the server builds it (moments as Date); a client reads `Wire<typeof ToAgentFrame>`. */
export type ToAgentFrame = z.output<typeof ToAgentFrame>;
export type Assistance = z.output<typeof Assistance>;
