/**
 * The live chat as the agent side sees it: the wire types of the one contract (@kefu/protocol, docs/chat-protocol.md),
 * as they arrive (moments as ISO strings), plus what only the workspace keeps (messages not acknowledged yet).
 */
import type {
  ChatOverview as ChatOverviewSchema,
  ConversationAnswer as ConversationAnswerSchema,
  ConversationList as ConversationListSchema,
  FiledTicket as FiledTicketSchema,
  ForbiddenPhrase as ForbiddenPhraseSchema,
  ForbiddenPhraseList as ForbiddenPhraseListSchema,
  MessageList as MessageListSchema,
  QuickReply as QuickReplySchema,
  QuickReplyList as QuickReplyListSchema,
  UploadedFile as UploadedFileSchema,
} from '@kefu/protocol/api/conversations';
import type { Wire } from '@kefu/protocol/api/common';
import type { AgentFrame, AgentInfo as AgentInfoSchema, ToAgentFrame } from '@kefu/protocol/chat/agent';
import type { Conversation as ConversationSchema, Message } from '@kefu/protocol/chat/objects';
import type { z } from 'zod';

export { AGENT_STATUSES, type AgentStatus } from '@kefu/domain';

export type Conversation = Wire<typeof ConversationSchema>;
export type ChatMessage = Wire<typeof Message>;
export type MessageKind = ChatMessage['kind'];
export type AgentInfo = Wire<typeof AgentInfoSchema>;

/** Frames from the server. */
export type InFrame = Wire<typeof ToAgentFrame>;
/** Frames to the server. */
export type OutFrame = z.input<typeof AgentFrame>;
export type SendFrame = Extract<OutFrame, { type: 'send' }>;

export type QuickReply = Wire<typeof QuickReplySchema>;
export type ForbiddenPhrase = Wire<typeof ForbiddenPhraseSchema>;

// Answers of the conversation routes.
export type ConversationList = Wire<typeof ConversationListSchema>;
export type ConversationAnswer = Wire<typeof ConversationAnswerSchema>;
export type MessageList = Wire<typeof MessageListSchema>;
export type FiledTicket = Wire<typeof FiledTicketSchema>;
export type ChatOverview = Wire<typeof ChatOverviewSchema>;
export type UploadedFile = Wire<typeof UploadedFileSchema>;
export type QuickReplyList = Wire<typeof QuickReplyListSchema>;
export type ForbiddenPhraseList = Wire<typeof ForbiddenPhraseListSchema>;

/** A message this agent sent that the server has not acknowledged yet. */
export interface PendingMessage {
  clientId: string;
  conversationId: number;
  kind: SendFrame['kind'];
  body: string;
  data: Record<string, unknown>;
  at: string;
  failed?: string;
}

/** Reasons an agent picks; the server stores the code (it also writes 'shopper_left' itself). */
export const CLOSE_REASONS = ['resolved', 'no_reply', 'duplicate', 'other'] as const;

/** For an exhaustive `switch` over frame types: a frame added to the protocol and not handled fails the build here. */
export function unhandled(frame: never): void {
  void frame;
}
