import { randomBytes, timingSafeEqual } from 'node:crypto';
import { REPLAY_WINDOW_SECONDS, signWebhook } from '../http/signed-delivery.ts';

/**
 * Deliveries are signed the way kefu asks senders to sign what they push to it (http/signed-delivery.ts), so a shop
 * writes one check for both directions (docs/webhooks.md): `x-kefu-timestamp` (unix seconds) and
 * `x-kefu-signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">` under the subscription's secret. Signing
 * the time with the body lets a receiver refuse a replayed delivery older than the window.
 */
export const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

export function signedHeaders(secret: string, body: string, now = Date.now()): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  return { 'x-kefu-timestamp': String(timestamp), 'x-kefu-signature': signWebhook(secret, timestamp, body) };
}

/** A receiver's check (the bench's and the tests' receivers use it; a shop's ERP does the same in its language). */
export function verifySignature(secret: string, headers: Record<string, string | string[] | undefined>, body: string, now = Date.now()): boolean {
  const timestamp = Number(headers['x-kefu-timestamp']);
  const given = Buffer.from(String(headers['x-kefu-signature'] ?? ''));
  if (!Number.isInteger(timestamp) || Math.abs(now / 1000 - timestamp) > REPLAY_WINDOW_SECONDS) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  return given.length === expected.length && timingSafeEqual(given, expected);
}
