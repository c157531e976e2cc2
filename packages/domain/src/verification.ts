// A shopper proves who they are with a one-time code sent to a phone or e-mail address: the rules.

export const CODE_DIGITS = 6;
export const CODE_TTL_SECONDS = 10 * 60;
export const CODE_MAX_WRONG_TRIES = 5;
/** Codes per hour, counted per visitor and per destination (a phone or an address). */
export const CODES_PER_HOUR = 5;
/** A new code for the same visitor no sooner than this after the last one. */
export const CODE_RESEND_SECONDS = 60;

export type CodeChannel = 'sms' | 'email';
export type CodeState = 'live' | 'expired' | 'used' | 'locked';

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

export function codeState(code: { expiresAt: Date; usedAt: Date | null; wrongTries: number }, now: Date): CodeState {
  if (code.usedAt) return 'used';
  if (code.wrongTries >= CODE_MAX_WRONG_TRIES) return 'locked';
  if (code.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'live';
}

export interface RecentCodes {
  /** Creation times of this visitor's codes in the last hour. */
  byVisitor: Date[];
  /** Creation times of codes to this destination in the last hour, from any visitor. */
  byDestination: Date[];
}

/** Whether another code may go out now; if not, who is limited and for how many seconds. */
export function mayIssueCode(recent: RecentCodes, now: Date):
  { ok: true } | { ok: false; limit: 'resend' | 'visitor' | 'destination'; retryAfterSeconds: number } {
  const hour = 3600_000;
  const latest = Math.max(0, ...recent.byVisitor.map((d) => d.getTime()));
  const sinceLatest = now.getTime() - latest;
  if (latest && sinceLatest < CODE_RESEND_SECONDS * 1000) {
    return { ok: false, limit: 'resend', retryAfterSeconds: Math.ceil((CODE_RESEND_SECONDS * 1000 - sinceLatest) / 1000) };
  }
  for (const [limit, times] of [['visitor', recent.byVisitor], ['destination', recent.byDestination]] as const) {
    const inWindow = times.map((d) => d.getTime()).filter((t) => now.getTime() - t < hour).sort((a, b) => a - b);
    if (inWindow.length >= CODES_PER_HOUR) {
      // Free again when the oldest code counted leaves the hour.
      const oldest = inWindow[inWindow.length - CODES_PER_HOUR]!;
      return { ok: false, limit, retryAfterSeconds: Math.max(1, Math.ceil((oldest + hour - now.getTime()) / 1000)) };
    }
  }
  return { ok: true };
}

/** The order-number path: where the code goes among the customer's contacts on file. */
export function chooseCodeDestination(contacts: { phones: string[]; emails: string[] }, can: { sms: boolean; email: boolean }):
  { channel: CodeChannel; destination: string } | { refused: 'sms_unavailable' | 'email_unavailable' | 'cannot_verify' } {
  if (can.sms && contacts.phones[0]) return { channel: 'sms', destination: contacts.phones[0] };
  if (can.email && contacts.emails[0]) return { channel: 'email', destination: contacts.emails[0] };
  if (contacts.phones[0]) return { refused: 'sms_unavailable' };
  if (contacts.emails[0]) return { refused: 'email_unavailable' };
  return { refused: 'cannot_verify' };
}
