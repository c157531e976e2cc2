/**
 * When kefu may contact a shopper: not in the shop's quiet hours (e.g. 21:00–09:00 China time), and not more
 * often than the frequency cap allows for marketing. Times of day are minutes after midnight, China time.
 */

const CST = 8 * 3600_000;
const MINUTE = 60_000;
const DAY = 86_400_000;

export const OUTREACH_PURPOSES = ['notification', 'care', 'survey', 'follow_up', 'review_invite'] as const;
export type OutreachPurposeName = (typeof OUTREACH_PURPOSES)[number];
export const OUTREACH_CHANNELS = ['chat', 'email', 'sms'] as const;

/** Marketing: what the frequency cap counts and an "all marketing" opt-out stops. Service messages are not. */
export const MARKETING_PURPOSES: readonly OutreachPurposeName[] = ['care', 'review_invite'];
/** What the shopper is waiting for (their order, their after-sale): sent at once, also in quiet hours. */
export const URGENT_PURPOSES: readonly OutreachPurposeName[] = ['notification'];

export interface QuietHours {
  /** Minutes after midnight, China time; start > end spans midnight (21:00–09:00). start = end: no quiet hours. */
  startMinute: number;
  endMinute: number;
}

const minuteOfDay = (at: Date) => Math.floor(((at.getTime() + CST) % DAY) / MINUTE);

export function inQuietHours(at: Date, q: QuietHours): boolean {
  if (q.startMinute === q.endMinute) return false;
  const m = minuteOfDay(at);
  return q.startMinute < q.endMinute ? m >= q.startMinute && m < q.endMinute : m >= q.startMinute || m < q.endMinute;
}

/** `at`, or the end of the quiet window it falls in (the first minute a shopper may be contacted again). */
export function afterQuietHours(at: Date, q: QuietHours): Date {
  if (!inQuietHours(at, q)) return at;
  const m = minuteOfDay(at);
  const wait = (q.endMinute - m + 1440) % 1440;
  const startOfMinute = at.getTime() - (at.getTime() % MINUTE);
  return new Date(startOfMinute + wait * MINUTE);
}

/** When a send of `purpose` requested for `at` goes out. */
export function outreachSendAt(purpose: OutreachPurposeName, at: Date, q: QuietHours): Date {
  return URGENT_PURPOSES.includes(purpose) ? at : afterQuietHours(at, q);
}

/** 'HH:MM' ⇄ minutes after midnight. */
export function parseClock(text: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}
export const formatClock = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
