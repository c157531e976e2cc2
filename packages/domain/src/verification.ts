// A shopper proves who they are with a one-time code sent to a phone or e-mail address: the rules.
// The code path must not become an oracle (does this order exist?), a spray gun (codes to many customers,
// guesses at many codes) or a lockout (a stranger keeping the real customer out). docs/security.md, "Shopper identity".

export const CODE_DIGITS = 6;
export const CODE_TTL_SECONDS = 10 * 60;
/** Wrong tries per request for a code; then the shopper asks again. */
export const CODE_MAX_WRONG_TRIES = 5;
/** Requests per visitor per hour. */
export const CODES_PER_HOUR = 5;
/** A visitor's next request no sooner than this after the last; also the least time between two codes to one destination. */
export const CODE_RESEND_SECONDS = 60;
/** Codes SENT (and not yet used) to one phone or address per hour; over that, the latest one sent keeps serving. */
export const CODES_PER_DESTINATION_PER_HOUR = 5;
/** Wrong tries against one phone or address per hour, everyone's together; over that no code for it is accepted. */
export const WRONG_TRIES_PER_DESTINATION_PER_HOUR = 10;

const HOUR_SECONDS = 3600;

export type CodeChannel = 'sms' | 'email';
export type CodeState = 'live' | 'expired' | 'used' | 'locked';

/** The limits a deployment may tune (config), checked before anything is looked up. */
export interface CodeRequestLimits {
  perIpPerHour: number;
  perShopPerMinute: number;
  perShopPerHour: number;
}

/** 13812345678 → 138****5678; shorter numbers keep their first 2 and last 2 digits. */
export function maskPhone(phone: string): string {
  if (phone.length >= 11) return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  if (phone.length <= 4) return '*'.repeat(phone.length);
  return `${phone.slice(0, 2)}${'*'.repeat(phone.length - 4)}${phone.slice(-2)}`;
}

/** zhang@qq.com → z***@qq.com: the first letter and the domain, never the length of the name. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

export function maskDestination(channel: CodeChannel, destination: string): string {
  return channel === 'sms' ? maskPhone(destination) : maskEmail(destination);
}

/** The state of a shopper's request for a code, as they see it: their own tries and their own 10 minutes. */
export function codeState(code: { expiresAt: Date; usedAt: Date | null; wrongTries: number }, now: Date): CodeState {
  if (code.usedAt) return 'used';
  if (code.wrongTries >= CODE_MAX_WRONG_TRIES) return 'locked';
  if (code.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'live';
}

/** Events in a sliding window, each weighing `count` (1 for a request, its wrong tries for a request tried). */
export interface Counted {
  at: Date;
  count: number;
}

/** Seconds until the events within the window weigh less than `max` again; null when they already do. */
export function windowRetryAfter(events: Counted[], max: number, windowSeconds: number, now: Date): number | null {
  const windowMs = windowSeconds * 1000;
  const inWindow = events.filter((e) => e.count > 0 && now.getTime() - e.at.getTime() < windowMs).sort((a, b) => a.at.getTime() - b.at.getTime());
  let total = inWindow.reduce((sum, e) => sum + e.count, 0);
  for (const e of inWindow) {
    if (total < max) break;
    // Free again when this event leaves the window.
    total -= e.count;
    if (total < max) return Math.max(1, Math.ceil((e.at.getTime() + windowMs - now.getTime()) / 1000));
  }
  return null;
}

const once = (times: Date[]): Counted[] => times.map((at) => ({ at, count: 1 }));

export interface RecentRequests {
  /** Times of this visitor's requests in the last hour. */
  byVisitor: Date[];
  /** Times of requests from this client address in the last hour, any visitor. */
  byIp: Date[];
  /** Times of requests to this shop in the last hour, from anyone. */
  byShop: Date[];
}

export type RequestLimit = 'resend' | 'visitor' | 'ip' | 'shop_minute' | 'shop_hour';

/**
 * Whether a request for a code is taken at all. It depends only on who asks and how often — never on the order,
 * phone or address asked about — so it is decided before anything is looked up and its answer tells nothing.
 */
export function mayRequestCode(
  recent: RecentRequests,
  limits: CodeRequestLimits,
  now: Date,
): { ok: true } | { ok: false; limit: RequestLimit; retryAfterSeconds: number } {
  const checks: [RequestLimit, Date[], number, number][] = [
    ['resend', recent.byVisitor, 1, CODE_RESEND_SECONDS],
    ['visitor', recent.byVisitor, CODES_PER_HOUR, HOUR_SECONDS],
    ['ip', recent.byIp, limits.perIpPerHour, HOUR_SECONDS],
    ['shop_minute', recent.byShop, limits.perShopPerMinute, 60],
    ['shop_hour', recent.byShop, limits.perShopPerHour, HOUR_SECONDS],
  ];
  for (const [limit, times, max, windowSeconds] of checks) {
    const wait = windowRetryAfter(once(times), max, windowSeconds, now);
    if (wait !== null) return { ok: false, limit, retryAfterSeconds: wait };
  }
  return { ok: true };
}

/**
 * Whether a request sends a NEW code to its destination, given when the codes to it that nobody has used were
 * sent (last hour). If not, the latest code sent keeps serving everyone who asks, the real customer included: a
 * stranger's requests cost the customer some texts but never their way in.
 */
export function sendsNewCode(unusedSentAt: Date[], now: Date): boolean {
  return (
    windowRetryAfter(once(unusedSentAt), 1, CODE_RESEND_SECONDS, now) === null &&
    windowRetryAfter(once(unusedSentAt), CODES_PER_DESTINATION_PER_HOUR, HOUR_SECONDS, now) === null
  );
}

/** Whether a code for this destination may be accepted now, given everyone's wrong tries against it this hour. */
export function destinationOpen(wrongTries: Counted[], now: Date): boolean {
  return windowRetryAfter(wrongTries, WRONG_TRIES_PER_DESTINATION_PER_HOUR, HOUR_SECONDS, now) === null;
}

/**
 * Whether codes by this route can go out at all — decided from the configuration alone, before any lookup, so
 * the refusal says nothing about the order, phone or address.
 */
export function codeRouteUnavailable(
  by: 'phone' | 'email' | 'orderNo',
  can: { sms: boolean; email: boolean },
): 'sms_unavailable' | 'email_unavailable' | 'codes_unavailable' | null {
  if (by === 'phone') return can.sms ? null : 'sms_unavailable';
  if (by === 'email') return can.email ? null : 'email_unavailable';
  return can.sms || can.email ? null : 'codes_unavailable';
}

/** The order-number path: where the code goes among the customer's contacts on file; null when nowhere. */
export function chooseCodeDestination(
  contacts: { phones: string[]; emails: string[] },
  can: { sms: boolean; email: boolean },
): { channel: CodeChannel; destination: string } | null {
  if (can.sms && contacts.phones[0]) return { channel: 'sms', destination: contacts.phones[0] };
  if (can.email && contacts.emails[0]) return { channel: 'email', destination: contacts.emails[0] };
  return null;
}
