import { AGENT_STATUSES } from '@kefu/domain';
import { z } from 'zod';

const ClientId = z.string().min(8).max(64);
const ConversationId = z.number().int().positive();
const Text = z.string().trim().min(1).max(2000);

const Send = z.object({ type: z.literal('send'), clientId: ClientId, kind: z.enum(['text', 'image', 'order']), body: Text });
const Resume = z.object({ type: z.literal('resume'), conversationId: ConversationId, afterSeq: z.number().int().min(0) });
const Typing = z.object({ type: z.literal('typing'), conversationId: ConversationId });
const Read = z.object({ type: z.literal('read'), conversationId: ConversationId, seq: z.number().int().min(0) });

export const ShopperFrame = z.discriminatedUnion('type', [
  Send, Resume, Typing, Read,
  z.object({
    type: z.literal('identify'),
    phone: z.string().max(30).optional(), orderNo: z.string().max(64).optional(),
    identity: z.object({ ref: z.string().min(1).max(64), name: z.string().min(1).max(64), phone: z.string().max(30).optional(), ts: z.number().int(), sig: z.string().regex(/^[0-9a-f]{64}$/) }).optional(),
  }),
  z.object({ type: z.literal('rate'), conversationId: ConversationId, score: z.number().int().min(1).max(5), comment: z.string().max(500).optional() }),
  z.object({ type: z.literal('close'), conversationId: ConversationId }),
  z.object({ type: z.literal('feedback'), answerId: z.number().int().positive(), helpful: z.boolean() }),
  z.object({
    type: z.literal('leave_message'), body: z.string().trim().min(1).max(2000),
    name: z.string().trim().max(40).optional(), phone: z.string().max(30).optional(), email: z.string().max(200).optional(),
  }),
]);

export const AgentFrame = z.discriminatedUnion('type', [
  Resume, Typing, Read,
  z.object({ type: z.literal('send'), conversationId: ConversationId, clientId: ClientId, kind: z.enum(['text', 'note', 'image', 'order', 'product']), body: Text }),
  z.object({ type: z.literal('status'), status: z.enum(AGENT_STATUSES), maxChats: z.number().int().min(1).max(50).optional() }),
  z.object({ type: z.literal('accept'), conversationId: ConversationId }),
  z.object({
    type: z.literal('transfer'), conversationId: ConversationId, toAgentId: z.number().int().positive().optional(),
    toGroupId: z.number().int().positive().optional(), note: z.string().trim().max(500).optional(),
  }),
  z.object({ type: z.literal('close'), conversationId: ConversationId, reason: z.string().trim().min(1).max(100) }),
]);

export type ShopperFrame = z.infer<typeof ShopperFrame>;
export type AgentFrame = z.infer<typeof AgentFrame>;

export const MAX_FRAME_BYTES = 16 * 1024;
