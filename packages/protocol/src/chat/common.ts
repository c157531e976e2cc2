/**
 * What both chat sockets share (docs/chat-protocol.md): limits, ids, and the frames shoppers and agents both
 * send or receive. Frames from a client are validated by the server with these schemas (limits and messages
 * are the protocol's); frames from the server are typed by them — the server builds them from `z.output`
 * (Date), a client reads them as `Wire<typeof …>` (ISO strings).
 */
import { z } from 'zod';
import { RowId, Timestamp } from '../api/common.ts';
import { ERROR_CODES } from '../errors.ts';
import { Message } from './objects.ts';

/** A frame larger than this is refused (`too_large`); the socket itself stops reading at 64 KiB. */
export const MAX_FRAME_BYTES = 16 * 1024;
export const MAX_TEXT = 2000;
const INT4_MAX = 2_147_483_647;
const NOT_AN_ID = 'must be a positive integer id';

// ——— in frames from clients ———

/** An id in a frame: a number, not a numeric string, that PostgreSQL can hold. */
export const FrameId = z.number().int(NOT_AN_ID).positive(NOT_AN_ID).max(INT4_MAX, NOT_AN_ID);
/** A per-conversation message sequence number (0 = before the first message). */
export const FrameSeq = z.number().int().min(0).max(INT4_MAX);
/** Made by the client (a UUID), so a resent `send` is stored once. */
export const ClientId = z.string().min(8).max(64);
export const Text = z.string().trim().min(1).max(MAX_TEXT);

/** One line of text (a phone, an address, an order number, a name): no control characters, NUL included. */
export const Line = (min: number, max: number, trimmed = true) =>
  (trimmed ? z.string().trim() : z.string())
    .min(min)
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, 'no control characters');

/** Asks for the messages after `afterSeq`; answered by `message` frames, then `resumed`. */
export const Resume = z.object({ type: z.literal('resume'), conversationId: FrameId, afterSeq: FrameSeq });
export const Typing = z.object({ type: z.literal('typing'), conversationId: FrameId });
/** A read receipt: everything up to `seq` has been seen. */
export const Read = z.object({ type: z.literal('read'), conversationId: FrameId, seq: FrameSeq });

// ——— in frames from the server ———

const Seq = z.number().int().min(0);
const Party = z.enum(['shopper', 'agent']);

/** The message is stored (and handed to the bus): its seq and time. */
export const Ack = z.object({ type: z.literal('ack'), clientId: z.string(), conversationId: RowId, seq: Seq, at: Timestamp });
export const MessageFrame = Message.extend({ type: z.literal('message') });
/** After a resume: the client now has every message up to `lastSeq`; `more`: a page limit cut the list, resume again from it. */
export const Resumed = z.object({ type: z.literal('resumed'), conversationId: RowId, lastSeq: Seq, more: z.literal(true).optional() });
export const TypingNotice = z.object({ type: z.literal('typing'), conversationId: RowId, from: Party, name: z.string() });
export const ReadNotice = z.object({ type: z.literal('read'), conversationId: RowId, by: Party, seq: Seq });
/** The conversation ended; `reason` is the agent's close reason, or `shopper_left`. */
export const Closed = z.object({ type: z.literal('closed'), conversationId: RowId, reason: z.string() });

/**
 * A refused frame (the connection stays open); `clientId` names the refused `send`. Codes are the catalogue's
 * (@kefu/protocol/errors): bad_frame, too_large, rate_limited, invalid, not_found, forbidden, conflict, internal,
 * unauthorized and too_many_connections (then the socket closes), and the verification codes (code_wrong…).
 */
export const ErrorFrame = z.object({
  type: z.literal('error'),
  code: z.enum(ERROR_CODES),
  message: z.string(),
  clientId: z.string().optional(),
  triesLeft: z.number().int().optional().describe('code_wrong: wrong codes still allowed'),
  retryAfterSeconds: z.number().int().optional().describe('rate_limited, too_many_tries: when to try again'),
});
export type ErrorFrame = z.output<typeof ErrorFrame>;
