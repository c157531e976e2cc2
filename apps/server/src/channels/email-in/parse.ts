import iconv from 'iconv-lite';
import { simpleParser, type AddressObject, type EmailAddress, type HeaderLines, type ParsedMail as MailparserMail } from 'mailparser';

/**
 * Inbound e-mail, from raw RFC 5322 bytes to what the e-mail-in channel needs to open or continue a ticket.
 *
 * MIME, charsets (GBK / GB18030 / GB2312 included), encoded words and transfer encodings are mailparser's job;
 * this module only decides what kefu keeps, refuses what it should not store, and normalises the result so
 * the ticket code never touches a mailparser type. It never throws for bad input: a message kefu cannot use
 * comes back as a {@link Refusal} with a reason, so the caller can log it and move on.
 */

export interface InboundLimits {
  /** Largest raw message accepted, in bytes. */
  maxBytes?: number;
  /** Most attachments (inline images included) one message may carry. */
  maxAttachments?: number;
  /** Largest single attachment, decoded, in bytes. */
  maxAttachmentBytes?: number;
}

export const DEFAULT_INBOUND_LIMITS: Required<InboundLimits> = {
  maxBytes: 10 * 1024 * 1024,
  maxAttachments: 10,
  maxAttachmentBytes: 5 * 1024 * 1024,
};

/** The plain-text body is what an agent reads in the ticket; past this it is cut, the rest is rarely more than quoted history. */
export const MAX_TEXT_CHARS = 20_000;

export interface InboundAttachment {
  /** Decoded file name without any directory part, `attachment-N` (1-based) when the part named none. */
  filename: string;
  contentType: string;
  size: number;
  content: Buffer;
}

/**
 * The top-level headers loop prevention looks at (see screen.ts), raw and unfolded, `null` when absent.
 * Read from the header lines rather than mailparser's parsed map, which turns `Return-Path: <>` into an
 * address object and folds `List-*` headers into one structure.
 */
export interface ScreeningHeaders {
  autoSubmitted: string | null;
  precedence: string | null;
  xAutoreply: string | null;
  xAutorespond: string | null;
  xAutoResponseSuppress: string | null;
  xFailedRecipients: string | null;
  /** e.g. `<>` for a bounce; set by the final MTA (see `withReturnPath` in smtp-endpoint.ts). */
  returnPath: string | null;
  /** Type of the top MIME part, lower-cased without parameters (`multipart/report`). */
  contentType: string | null;
  /** The `report-type` parameter of a `multipart/report` (`delivery-status`), lower-cased. */
  reportType: string | null;
  listId: string | null;
  listUnsubscribe: string | null;
}

export interface ParsedMail {
  kind: 'mail';
  /** Message-ID without angle brackets, case kept (RFC 5322 ids are case-sensitive on the left side). */
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: { address: string; name: string | null };
  /** To and Cc addresses, lower-cased, de-duplicated. */
  to: string[];
  subject: string;
  /** Plain text only: the text part, else the HTML converted to text; never markup. */
  text: string;
  /** Always `null` for now: no HTML sanitiser is installed, so no customer HTML is kept (see module docs). */
  html: string | null;
  date: Date | null;
  attachments: InboundAttachment[];
  headers: ScreeningHeaders;
}

export type RefusalReason = 'too_large' | 'malformed' | 'no_sender' | 'too_many_attachments' | 'attachment_too_large';

export interface Refusal {
  kind: 'refused';
  reason: RefusalReason;
  detail: string;
}

const refuse = (reason: RefusalReason, detail: string): Refusal => ({ kind: 'refused', reason, detail });

/**
 * Parses one inbound message. Size is checked before parsing, so an oversized message costs no parsing;
 * attachment counts and sizes after, since only the parser knows them.
 *
 * `html` is always `null`: kefu has no HTML sanitiser dependency (no sanitize-html / DOMPurify), and customer
 * HTML shown unsanitised in the agent desk is a stored-XSS hole, so only the text is kept.
 */
export async function parseInboundMail(raw: Buffer, limits: InboundLimits = {}): Promise<ParsedMail | Refusal> {
  try {
    return await parse(raw, limits);
  } catch (err) {
    // Whatever a hostile message does to the code below, the caller gets a refusal, not an exception.
    return refuse('malformed', `the message could not be read: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function parse(raw: Buffer, limits: InboundLimits): Promise<ParsedMail | Refusal> {
  const { maxBytes, maxAttachments, maxAttachmentBytes } = { ...DEFAULT_INBOUND_LIMITS, ...definedOnly(limits) };
  if (raw.length > maxBytes) return refuse('too_large', `message is ${raw.length} bytes, the limit is ${maxBytes}`);

  let mail: MailparserMail;
  try {
    mail = await simpleParser(transcodeRawGbkHeaders(raw), {
      // kefu keeps no HTML, so inlining cid: images as data: URLs and text-to-HTML work would be wasted.
      keepCidLinks: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      checksumAlgo: false,
      // Converting HTML to text is super-linear on hostile markup; the text is capped at 20k chars anyway.
      maxHtmlLengthToParse: 2_000_000,
    });
  } catch (err) {
    return refuse('malformed', `the message could not be parsed: ${err instanceof Error ? err.message : String(err)}`);
  }

  const sender = mailboxes(mail.from).find((m) => isAddress(m.address));
  if (!sender) return refuse('no_sender', 'the message has no usable From address');

  if (mail.attachments.length > maxAttachments) {
    return refuse('too_many_attachments', `the message has ${mail.attachments.length} attachments, the limit is ${maxAttachments}`);
  }
  const big = mail.attachments.find((a) => a.size > maxAttachmentBytes);
  if (big) return refuse('attachment_too_large', `attachment "${big.filename ?? ''}" is ${big.size} bytes, the limit is ${maxAttachmentBytes}`);

  const lines = mail.headerLines;
  const ct = structuredHeader(mail.headers.get('content-type'));

  return {
    kind: 'mail',
    messageId: messageIds(mail.messageId)[0] ?? null,
    inReplyTo: messageIds(mail.inReplyTo)[0] ?? null,
    references: [...new Set(messageIds(mail.references))],
    from: { address: sender.address!.trim().toLowerCase(), name: sender.name.trim() || null },
    to: [...new Set([...mailboxes(mail.to), ...mailboxes(mail.cc)].map((m) => (m.address ?? '').trim().toLowerCase()).filter(isAddress))],
    subject: (mail.subject ?? '').trim(),
    text: plainText(mail.text ?? ''),
    html: null,
    date: headerDate(lines),
    attachments: mail.attachments.map((a, i) => ({
      filename: safeFilename(a.filename, i + 1),
      contentType: a.contentType.toLowerCase(),
      size: a.size,
      content: a.content,
    })),
    headers: {
      autoSubmitted: rawHeader(lines, 'auto-submitted'),
      precedence: rawHeader(lines, 'precedence'),
      xAutoreply: rawHeader(lines, 'x-autoreply'),
      xAutorespond: rawHeader(lines, 'x-autorespond'),
      xAutoResponseSuppress: rawHeader(lines, 'x-auto-response-suppress'),
      xFailedRecipients: rawHeader(lines, 'x-failed-recipients'),
      returnPath: rawHeader(lines, 'return-path'),
      contentType: ct ? ct.value.toLowerCase() : null,
      reportType: ct?.params['report-type']?.toLowerCase() ?? null,
      listId: rawHeader(lines, 'list-id'),
      listUnsubscribe: rawHeader(lines, 'list-unsubscribe'),
    },
  };
}

/** A `Content-Type`-like header as mailparser parses it (`{ value, params }`), or `null`. */
function structuredHeader(header: unknown): { value: string; params: Record<string, string | undefined> } | null {
  if (!header || typeof header !== 'object' || Array.isArray(header)) return null;
  const { value, params } = header as { value?: unknown; params?: unknown };
  return typeof value === 'string' && params && typeof params === 'object' ? { value, params: params as Record<string, string | undefined> } : null;
}

function definedOnly(limits: InboundLimits): InboundLimits {
  return Object.fromEntries(Object.entries(limits).filter(([, v]) => typeof v === 'number' && Number.isFinite(v)));
}

/** Every mailbox of an address header, group members included. */
function mailboxes(header: AddressObject | AddressObject[] | undefined): EmailAddress[] {
  const flat = (list: EmailAddress[]): EmailAddress[] => list.flatMap((m) => (m.group ? flat(m.group) : [m]));
  return (Array.isArray(header) ? header : header ? [header] : []).flatMap((h) => flat(h.value));
}

function isAddress(address: string | undefined): boolean {
  return !!address && /^[^\s@<>]+@[^\s@<>]+$/.test(address.trim());
}

/** Message-IDs of a Message-ID / In-Reply-To / References value, angle brackets stripped. */
function messageIds(value: string | string[] | undefined): string[] {
  const values = Array.isArray(value) ? value : value ? [value] : [];
  return values.flatMap((v) => {
    const bracketed = [...v.matchAll(/<([^<>]*)>/g)].map((m) => m[1]!.trim());
    return (bracketed.length ? bracketed : v.split(/\s+/)).map((id) => id.trim()).filter(Boolean);
  });
}

/**
 * Normalises the body: CRLF to LF, no trailing whitespace, at most {@link MAX_TEXT_CHARS}. Text converted
 * from HTML carries link targets as `label [href]`; a target with a scheme that is code or an embedded
 * object (`javascript:`, `data:`, `cid:`…) is dropped so the desk never shows, or linkifies, one; the
 * scheme is compared with whitespace removed, as browsers do and as html-to-text's line wrapping needs.
 */
function plainText(text: string): string {
  const cleaned = text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]?\[([^[\]]*)\]/g, (whole, target: string) =>
      /^(?:javascript|vbscript|livescript|data|file|cid):/.test(target.replace(/[\s\p{Cc}]/gu, '').toLowerCase()) ? '' : whole,
    )
    .replace(/[ \t\u00a0]+$/gm, '')
    .trimEnd();
  if (cleaned.length <= MAX_TEXT_CHARS) return cleaned;
  const cut = cleaned.slice(0, MAX_TEXT_CHARS);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** The first occurrence of a top-level header, unfolded and trimmed; `null` when absent. */
function rawHeader(lines: HeaderLines, key: string): string | null {
  const line = lines.find((l) => l.key === key)?.line;
  if (line === undefined) return null;
  return line
    .slice(line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}

/** mailparser turns an unreadable Date header into "now"; kefu would rather know there was none. */
function headerDate(lines: HeaderLines): Date | null {
  const value = rawHeader(lines, 'date');
  if (!value) return null;
  const date = new Date(value.replace(/\([^)]*\)/g, ' ').trim());
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A decoded attachment name without directories or control characters, so it can never name a path. */
function safeFilename(filename: string | undefined, n: number): string {
  const base = repairLatin1Name(filename ?? '')
    .split(/[/\\]/)
    .pop()!
    .replace(/\p{Cc}/gu, '')
    .trim();
  return base && base !== '.' && base !== '..' ? base : `attachment-${n}`;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Some Chinese mail clients put raw GBK bytes in a part's `filename="…"` instead of RFC 2231 / encoded
 * words; mailparser reads those bytes as Latin-1. When a name is nothing but such bytes and they decode
 * (as UTF-8, else GB18030) to plain CJK text, that reading is taken; a real Latin-1 name is left alone.
 */
function repairLatin1Name(name: string): string {
  if (!/[\x80-\xff]/.test(name) || /[^\p{Cc}\x20-\xff]/u.test(name)) return name;
  const bytes = Buffer.from(name, 'latin1');
  if (isUtf8(bytes)) return bytes.toString('utf8');
  const gb = iconv.decode(bytes, 'gb18030');
  return /^[\x20-\x7e\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]*$/.test(gb) ? gb : name;
}

/**
 * Raw 8-bit GBK in the top-level headers (a Subject or From name without encoded words) is common from
 * older Chinese clients; mailparser assumes UTF-8 there and would replace every character with U+FFFD.
 * Header lines that are not valid UTF-8 are transcoded from GB18030 (a superset of GBK and GB2312) first.
 */
function transcodeRawGbkHeaders(raw: Buffer): Buffer {
  const blank = raw.indexOf('\r\n\r\n');
  const end = blank >= 0 ? blank : raw.indexOf('\n\n') >= 0 ? raw.indexOf('\n\n') : raw.length;
  const head = raw.subarray(0, end);
  if (!head.some((b) => b >= 0x80) || isUtf8(head)) return raw;
  const lines: Buffer[] = [];
  let start = 0;
  while (start <= head.length) {
    const nl = head.indexOf(0x0a, start);
    const stop = nl < 0 ? head.length : nl + 1;
    const line = head.subarray(start, stop);
    lines.push(isUtf8(line) ? line : Buffer.from(iconv.decode(line, 'gb18030'), 'utf8'));
    if (nl < 0) break;
    start = stop;
  }
  return Buffer.concat([...lines, raw.subarray(end)]);
}
