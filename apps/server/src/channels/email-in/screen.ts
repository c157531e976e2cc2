import type { ParsedMail } from './parse.ts';

/**
 * Loop prevention for the e-mail-in channel: which inbound mail must not become (or reopen) a ticket.
 *
 * Any mail that a machine sent on its own — an out-of-office reply, a bounce, a newsletter, or kefu's own
 * outbound mail coming back — would otherwise open a ticket, kefu would acknowledge it, the machine would
 * answer the acknowledgement, and so on forever. RFC 3834 says an automatic responder must not answer mail
 * marked `Auto-Submitted` (other than `no`), and practice adds the headers and subjects the big mail systems
 * (Exchange, Gmail, QQ / 163 / Foxmail) really use. The checks are ordered from the most specific reason to
 * the most general, so the reason logged is the one most useful to whoever looks at a dropped mail.
 */

export type ScreenReason = 'auto_submitted' | 'bounce' | 'auto_reply' | 'bulk' | 'own_address';

export type ScreenResult = { accept: true } | { accept: false; reason: ScreenReason; detail: string };

/** Local parts of the addresses mail systems send delivery reports from (RFC 5321 §4.5.1, common practice). */
const BOUNCE_SENDERS = /^(?:mailer-daemon|mail-daemon|maildaemon|postmaster)$/i;

/** Subjects delivery reports carry even when a provider rewrites the sender. Only unambiguous ones. */
const BOUNCE_SUBJECTS = [
  /^undeliver(?:able|ed)\b/i,
  /^delivery status notification\b/i,
  /^(?:mail )?delivery (?:failed|failure)\b/i,
  /^returned mail\b/i,
  /^failure notice\b/i,
  /^系统退信/,
  /^退信(?:通知|提醒)?\s*[:：]/,
];

/** A punctuation run a subject may open with before its first word: `【自动回复】`, `[Auto Reply]`, `"Out of office"`. */
const OPENING = String.raw`^[\s\[【(（"“'‘<《]*`;

/**
 * Out-of-office subjects, English and Chinese, in the forms Outlook, Exchange, Gmail, QQ and 163 write.
 * `外出` / `休假` are only taken as a whole first word (`外出：`, `休假中`, `【休假】`), so a customer's
 * "外出期间快递被签收了" still gets through. "回复" alone is an ordinary reply and never matches.
 */
const AUTO_REPLY_SUBJECTS = [
  new RegExp(`${OPENING}auto(?:matic)?[\\s_-]*(?:reply|replies|response|respond|answer)\\b`, 'i'),
  new RegExp(`${OPENING}out[\\s_-]+of[\\s_-]+(?:the[\\s_-]+)?office\\b`, 'i'),
  new RegExp(`${OPENING}(?:ooo|ooto)\\b(?!\\w)`, 'i'),
  new RegExp(`${OPENING}(?:自动回复|自動回覆|自动答复|自動答覆|自动应答|自动回信)`),
  new RegExp(`${OPENING}(?:外出|休假|出差)中?(?:通知|提醒)?(?:$|[\\s:：,，。.!！\\]】)）-])`),
];

/** A header value's first token: `auto-replied; owner-email="…"` → `auto-replied`, comments dropped. */
function token(value: string | null): string | null {
  if (value === null) return null;
  const first = value
    .replace(/\([^)]*\)/g, ' ')
    .split(/[;,\s]/)
    .find(Boolean);
  return first ? first.toLowerCase() : null;
}

/** Is `value` present and anything but an explicit no? (`X-Autoreply: yes`, `X-Autorespond: 1`.) */
function affirmative(value: string | null): boolean {
  const t = token(value);
  return t !== null && !['no', 'false', '0', 'off'].includes(t);
}

/**
 * Decides whether an inbound mail may become or continue a ticket. `ownAddresses` are the shop's own
 * mailboxes (the service address, the outbound From): mail from them is kefu's own mail coming back.
 */
export function screenInboundMail(mail: ParsedMail, ownAddresses: string[]): ScreenResult {
  const h = mail.headers;
  const from = mail.from.address.toLowerCase();
  const reject = (reason: ScreenReason, detail: string): ScreenResult => ({ accept: false, reason, detail });

  if (ownAddresses.some((a) => a.trim().toLowerCase() === from)) return reject('own_address', `sent from the shop's own address ${from}`);

  const localPart = from.slice(0, from.lastIndexOf('@'));
  if (BOUNCE_SENDERS.test(localPart)) return reject('bounce', `sent by ${from}`);
  if (h.returnPath !== null && /^<\s*>$/.test(h.returnPath.trim())) return reject('bounce', 'empty Return-Path (null sender)');
  if (h.contentType === 'multipart/report' && h.reportType === 'delivery-status') return reject('bounce', 'multipart/report delivery-status');
  if (h.xFailedRecipients) return reject('bounce', `X-Failed-Recipients: ${h.xFailedRecipients}`);
  const bounceSubject = BOUNCE_SUBJECTS.find((re) => re.test(mail.subject));
  if (bounceSubject) return reject('bounce', `subject "${mail.subject}" is a delivery report`);

  const autoSubmitted = token(h.autoSubmitted);
  if (autoSubmitted !== null && autoSubmitted !== 'no') return reject('auto_submitted', `Auto-Submitted: ${h.autoSubmitted}`);

  if (h.contentType === 'multipart/report') return reject('auto_reply', `multipart/report ${h.reportType ?? ''}`.trim());
  if (affirmative(h.xAutoreply)) return reject('auto_reply', `X-Autoreply: ${h.xAutoreply}`);
  if (affirmative(h.xAutorespond)) return reject('auto_reply', `X-Autorespond: ${h.xAutorespond}`);
  const precedence = token(h.precedence);
  if (precedence === 'auto_reply') return reject('auto_reply', `Precedence: ${h.precedence}`);
  // X-Auto-Response-Suppress is not screened: it asks the receiver not to answer automatically, and Outlook sets it
  // on mail people write too. Exchange's own automatic replies also carry Auto-Submitted and an "Automatic reply" subject.
  if (AUTO_REPLY_SUBJECTS.some((re) => re.test(mail.subject))) return reject('auto_reply', `subject "${mail.subject}" is an automatic reply`);

  if (precedence === 'bulk' || precedence === 'junk' || precedence === 'list') return reject('bulk', `Precedence: ${h.precedence}`);
  if (h.listId !== null) return reject('bulk', `List-Id: ${h.listId}`);
  if (h.listUnsubscribe !== null) return reject('bulk', 'has List-Unsubscribe');

  return { accept: true };
}
