import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ErrorCode } from '@kefu/protocol/errors';
import type { FastifyRequest } from 'fastify';
import { refuse } from './errors.ts';

/** A delivery older or newer than this is refused, and a signature is remembered this long to refuse a replay. */
export const REPLAY_WINDOW_SECONDS = 300;

/** `sha256=` + hex HMAC-SHA256 over "<timestamp>.<raw body>", the scheme a sender signs with. */
export function signWebhook(secret: string, timestamp: number, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

function signatureMatches(secret: string, timestamp: number, body: Buffer, given: string): boolean {
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export interface SignedDelivery {
  json: unknown;
  /** Remembered by the receiver for the replay window: the same signature again is a replay. */
  signature: string;
  /** Refuses (and logs) with a reason, for the receiver's own checks. */
  refused: (code: ErrorCode, message: string) => Error;
}

/**
 * The checks every signed webhook makes before reading its body (orders, reviews, calls): on, JSON, signed with the secret
 * over the raw body, within the replay window, parseable. Each refusal is logged with its reason and the sender's IP.
 */
export function readSignedDelivery(
  request: FastifyRequest,
  secret: string | undefined,
  what: 'order' | 'review' | 'call',
  setting = 'ORDER_WEBHOOK_SECRET',
): SignedDelivery {
  if (!secret) throw refuse('not_found', `the ${what} webhook is off: set ${setting}`);
  const refused = (code: ErrorCode, message: string) => {
    request.log.warn({ code, ip: request.ip }, `${what} webhook refused: ${message}`);
    return refuse(code, message);
  };
  const raw = request.body;
  if (!Buffer.isBuffer(raw)) throw refused('unsupported_media_type', `send the ${what}s as application/json`);
  const timestamp = Number(request.headers['x-kefu-timestamp']);
  const signature = String(request.headers['x-kefu-signature'] ?? '');
  if (!Number.isInteger(timestamp) || !signature) throw refused('unsigned', 'headers.x-kefu-timestamp and headers.x-kefu-signature are required');
  if (!signatureMatches(secret, timestamp, raw, signature)) throw refused('bad_signature', 'headers.x-kefu-signature: does not match the body');
  if (Math.abs(Date.now() / 1000 - timestamp) > REPLAY_WINDOW_SECONDS) {
    throw refused('stale', `headers.x-kefu-timestamp: more than ${REPLAY_WINDOW_SECONDS} s from the server's clock`);
  }
  try {
    return { json: JSON.parse(raw.toString('utf8')), signature, refused };
  } catch {
    throw refused('invalid_json', 'body: not valid JSON');
  }
}
