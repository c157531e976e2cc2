import { AGENT_STATUSES } from '@kefu/domain';
import { z } from 'zod';
import { RowId, Seq } from '../http/schemas.ts';

const ClientId = z.string().min(8).max(64);
const ConversationId = RowId;
const Text = z.string().trim().min(1).max(2000);

const Send = z.object({ type: z.literal('send'), clientId: ClientId, kind: z.enum(['text', 'image', 'order']), body: Text });
const Resume = z.object({ type: z.literal('resume'), conversationId: ConversationId, afterSeq: Seq });
const Typing = z.object({ type: z.literal('typing'), conversationId: ConversationId });
const Read = z.object({ type: z.literal('read'), conversationId: ConversationId, seq: Seq });

/** One line of text (a phone, an address, an order number, a name): no control characters, NUL included. */
const Line = (min: number, max: number, typed = true) =>
  (typed ? z.string().trim() : z.string()).min(min).max(max).regex(/^[^\p{Cc}]*$/u, 'no control characters');

export const ShopperFrame = z.discriminatedUnion('type', [
  Send, Resume, Typing, Read,
  // A shopper proves who they are: the shop's signed identity, or a one-time code (request_code, then verify).
  z.object({
    type: z.literal('identify'),
    identity: z.object({ ref: Line(1, 64, false), name: Line(1, 64, false), phone: Line(0, 30, false).optional(), ts: z.number().int(), sig: z.string().regex(/^[0-9a-f]{64}$/) }),
  }),
  z.object({
    type: z.literal('request_code'),
    phone: Line(1, 30).optional(), email: Line(3, 200).optional(), orderNo: Line(1, 64).optional(),
  }),
  z.object({ type: z.literal('verify'), code: z.string().regex(/^\d{6}$/, 'six digits') }),
  z.object({ type: z.literal('rate'), conversationId: ConversationId, score: z.number().int().min(1).max(5), comment: z.string().max(500).optional() }),
  z.object({ type: z.literal('close'), conversationId: ConversationId }),
  z.object({ type: z.literal('feedback'), answerId: RowId, helpful: z.boolean() }),
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
    type: z.literal('transfer'), conversationId: ConversationId, toAgentId: RowId.optional(),
    toGroupId: RowId.optional(), note: z.string().trim().max(500).optional(),
  }),
  z.object({ type: z.literal('close'), conversationId: ConversationId, reason: z.string().trim().min(1).max(100) }),
]);

export type ShopperFrame = z.infer<typeof ShopperFrame>;
export type AgentFrame = z.infer<typeof AgentFrame>;

export const MAX_FRAME_BYTES = 16 * 1024;
