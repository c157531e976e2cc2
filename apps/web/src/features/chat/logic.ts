/** The pure rules of the chat workspace: merging by seq, unread counts, scripts, forbidden phrases. */
import { contiguousUpTo } from '@kefu/domain';
import type { ChatMessage, ForbiddenPhrase, QuickReply } from './types.ts';

/** Messages ordered by seq, one per seq; a later copy of a seq replaces the earlier one. */
export function mergeMessages(existing: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] {
  if (incoming.length === 0) return existing as ChatMessage[];
  const last = existing.length ? existing[existing.length - 1]!.seq : 0;
  const sortedIn = [...incoming].sort((a, b) => a.seq - b.seq);
  // The common case: new messages after the last one, in order and unique.
  if (sortedIn[0]!.seq > last && sortedIn.every((m, i) => i === 0 || m.seq > sortedIn[i - 1]!.seq)) {
    return [...existing, ...sortedIn];
  }
  const bySeq = new Map<number, ChatMessage>();
  for (const m of existing) bySeq.set(m.seq, m);
  for (const m of sortedIn) bySeq.set(m.seq, m);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

export function lastSeqOf(messages: readonly ChatMessage[]): number {
  return messages.length ? messages[messages.length - 1]!.seq : 0;
}

/**
 * Where to resume from: the end of the gap-free run of seqs after `known` (agents see every message, notes
 * included, so their seqs have no gaps). A message that came in live before the history did (a system line
 * sent as the conversation is assigned) does not count, so the history before it is still fetched.
 */
export function contiguousSeq(messages: readonly ChatMessage[], known = 0): number {
  return contiguousUpTo(
    messages.map((m) => m.seq),
    known,
  );
}

/** Shopper messages after the agent's last read seq. */
export function unreadCount(messages: readonly ChatMessage[], readSeq: number): number {
  let n = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.seq <= readSeq) break;
    if (m.sender.kind === 'shopper') n++;
  }
  return n;
}

/** Agent's customer-visible messages the shopper has read. */
export function isReadByShopper(m: ChatMessage, shopperReadSeq: number): boolean {
  return m.sender.kind === 'agent' && m.kind !== 'note' && m.seq <= shopperReadSeq;
}

export const VARIABLES = ['customerName', 'orderNo', 'agentName'] as const;
export type Variables = Partial<Record<(typeof VARIABLES)[number], string | null | undefined>>;

/** Fills the known variables of a script; placeholders without a value stay as they are. */
export function fillVariables(body: string, vars: Variables): { text: string; unfilled: string[] } {
  const unfilled: string[] = [];
  const text = body.replace(/\{(customerName|orderNo|agentName)\}/g, (placeholder, name: keyof Variables) => {
    const value = vars[name];
    if (value) return value;
    if (!unfilled.includes(placeholder)) unfilled.push(placeholder);
    return placeholder;
  });
  return { text, unfilled };
}

/** Placeholders still in a text (to highlight them). */
export function placeholderRanges(text: string): Range[] {
  const out: Range[] = [];
  for (const m of text.matchAll(/\{(customerName|orderNo|agentName)\}/g)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

/** Scripts for what follows the "/": shortcut first, then title, then body; Chinese by substring. */
export function matchQuickReplies(list: readonly QuickReply[], query: string): QuickReply[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...list].sort((a, b) => (a.scope === b.scope ? 0 : a.scope === 'personal' ? -1 : 1));
  const scored: { r: QuickReply; score: number }[] = [];
  for (const r of list) {
    const shortcut = (r.shortcut ?? '').toLowerCase().replace(/^\//, '');
    const title = r.title.toLowerCase();
    let score = -1;
    if (shortcut && shortcut === q) score = 0;
    else if (shortcut.startsWith(q)) score = 1;
    else if (title.startsWith(q)) score = 2;
    else if (title.includes(q) || shortcut.includes(q)) score = 3;
    else if (r.body.toLowerCase().includes(q)) score = 4;
    if (score >= 0) scored.push({ r, score });
  }
  return scored.sort((a, b) => a.score - b.score).map((s) => s.r);
}

export interface Range {
  start: number;
  end: number;
}
export interface ForbiddenHit extends Range {
  phrase: string;
  suggestion: string;
}

/** Every forbidden phrase in a text (case-insensitive), longest first where they overlap. */
export function findForbidden(text: string, phrases: readonly ForbiddenPhrase[]): ForbiddenHit[] {
  const lower = text.toLowerCase();
  const hits: ForbiddenHit[] = [];
  const sorted = [...phrases].filter((p) => p.phrase.trim()).sort((a, b) => b.phrase.length - a.phrase.length);
  for (const p of sorted) {
    const needle = p.phrase.toLowerCase();
    for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) {
      const end = at + needle.length;
      if (hits.some((h) => at < h.end && end > h.start)) continue;
      hits.push({ start: at, end, phrase: p.phrase, suggestion: p.suggestion });
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}

/** Cuts a text into plain and marked pieces for highlighting. */
export function segments(text: string, marks: readonly (Range & { tone: string })[]): { text: string; tone: string | null }[] {
  const sorted = [...marks].sort((a, b) => a.start - b.start);
  const out: { text: string; tone: string | null }[] = [];
  let at = 0;
  for (const m of sorted) {
    if (m.start < at) continue;
    if (m.start > at) out.push({ text: text.slice(at, m.start), tone: null });
    out.push({ text: text.slice(m.start, m.end), tone: m.tone });
    at = m.end;
  }
  if (at < text.length) out.push({ text: text.slice(at), tone: null });
  return out;
}

/** Seconds since an ISO time, never negative. */
export function secondsSince(at: string | null | undefined, now: number): number {
  if (!at) return 0;
  return Math.max(0, Math.floor((now - Date.parse(at)) / 1000));
}

/** 0:45, 12:03, 1:02:03 */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Reconnect delays: 0.5 s, 1 s, 2 s, 4 s, then 5 s. */
export function backoffDelay(attempt: number): number {
  return Math.min(5000, 500 * 2 ** Math.max(0, attempt));
}
