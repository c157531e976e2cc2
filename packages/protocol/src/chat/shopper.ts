/**
 * /ws/shopper (docs/chat-protocol.md): the frames a shopper's widget sends (`ShopperFrame`) and the frames the
 * server sends it (`ToShopperFrame`). The widget reads them as types only, so its bundle holds none of this.
 */
import { z } from 'zod';
import { RowId } from '../api/common.ts';
import {
  Ack,
  ClientId,
  Closed,
  ErrorFrame,
  FrameId,
  Line,
  MessageFrame,
  Read,
  ReadNotice,
  Resume,
  Resumed,
  Text,
  Typing,
  TypingNotice,
} from './common.ts';
import { ShopperConversation } from './objects.ts';

export const SHOPPER_MESSAGE_KINDS = ['text', 'image', 'order'] as const;

// ——— from the shopper ———

/**
 * The shop page the shopper writes from: its address and title, and the product it shows when the page declares one
 * (`data-product` on the widget's script tag or on an element, or `kefu('product', {...})`). The bot answers "这件"
 * from that product; the agent sees it with the message.
 */
export const PageContext = z.object({
  url: z
    .string()
    .max(1000)
    .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) address'),
  title: z.string().trim().max(200).optional(),
  productId: z.number().int().positive().max(2_147_483_647).optional(),
  productName: z.string().trim().max(200).optional(),
});
export type PageContext = z.output<typeof PageContext>;

/**
 * `body`: the text; for `image` the file id from POST /api/chat/files; for `order` the order number. The first send
 * opens a conversation. `page`: where the shopper is (PageContext).
 */
export const Send = z.object({
  type: z.literal('send'),
  clientId: ClientId,
  kind: z.enum(SHOPPER_MESSAGE_KINDS),
  body: Text,
  page: PageContext.optional(),
});

/** The shop vouches for its logged-in shopper: `sig` = hex HMAC-SHA256(shop secret, `ref.phone.ts`), valid 10 minutes. */
export const SignedIdentity = z.object({
  ref: Line(1, 64, false),
  name: Line(1, 64, false),
  phone: Line(0, 30, false).optional(),
  ts: z.number().int(),
  sig: z.string().regex(/^[0-9a-f]{64}$/),
});

export const ShopperFrame = z.discriminatedUnion('type', [
  Send,
  Resume,
  Typing,
  Read,
  // A shopper proves who they are: the shop's signed identity, or a one-time code (request_code, then verify).
  z.object({ type: z.literal('identify'), identity: SignedIdentity }),
  /** Exactly one of phone, email, orderNo; an order number's code goes to the contact on file. */
  z.object({
    type: z.literal('request_code'),
    phone: Line(1, 30).optional(),
    email: Line(3, 200).optional(),
    orderNo: Line(1, 64).optional(),
  }),
  z.object({ type: z.literal('verify'), code: z.string().regex(/^\d{6}$/, 'six digits') }),
  z.object({ type: z.literal('rate'), conversationId: FrameId, score: z.number().int().min(1).max(5), comment: z.string().max(500).optional() }),
  /** The shopper ends the conversation (结束). */
  z.object({ type: z.literal('close'), conversationId: FrameId }),
  /** 👍/👎 on a bot answer (`answerId`: the message's `data.botAnswerId`). */
  z.object({ type: z.literal('feedback'), answerId: FrameId, helpful: z.boolean() }),
  /** For when no agent is online: it becomes a ticket. */
  z.object({
    type: z.literal('leave_message'),
    body: z.string().trim().min(1).max(2000),
    name: z.string().trim().max(40).optional(),
    phone: z.string().max(30).optional(),
    email: z.string().max(200).optional(),
  }),
]);
export type ShopperFrame = z.output<typeof ShopperFrame>;

// ——— to the shopper ———

export const ToShopperFrame = z.discriminatedUnion('type', [
  /** The first frame: the visitor (keep the token for the next connection), their open conversation, whether anyone is online. */
  z.object({
    type: z.literal('welcome'),
    visitor: z.object({ token: z.string(), customerId: RowId.nullable(), name: z.string() }),
    conversation: ShopperConversation.nullable(),
    agentsOnline: z.number().int().min(0),
  }),
  Ack,
  MessageFrame,
  Resumed,
  /** The shopper's conversation opened or changed. */
  z.object({ type: z.literal('conversation'), conversation: ShopperConversation }),
  /** Place in the queue, 1 = next. */
  z.object({ type: z.literal('queue'), conversationId: RowId, position: z.number().int().min(1) }),
  z.object({ type: z.literal('assigned'), conversationId: RowId, agent: z.object({ id: RowId, name: z.string() }) }),
  TypingNotice,
  ReadNotice,
  Closed,
  /** The shopper proved who they are; `name` is the customer's. */
  z.object({ type: z.literal('identified'), customerId: RowId, name: z.string() }),
  /** A code went out; `to` is the typed contact, masked (138****5678). By order number (`via: 'order'`) nothing says where, or whether. */
  z.object({ type: z.literal('code_sent'), via: z.enum(['sms', 'email', 'order']), to: z.string().optional(), expiresInSeconds: z.number().int() }),
  z.object({ type: z.literal('rated'), conversationId: RowId, score: z.number().int() }),
  z.object({ type: z.literal('left'), ticketNumber: z.string() }),
  z.object({ type: z.literal('feedback_saved'), answerId: RowId, helpful: z.boolean() }),
  ErrorFrame,
]);
/** A frame as the server builds it (moments as Date); a client reads `Wire<typeof ToShopperFrame>`. */
export type ToShopperFrame = z.output<typeof ToShopperFrame>;
