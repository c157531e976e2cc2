/**
 * Scores one closed conversation against the shop's rules (质检): which rules it breaks, with the messages that show
 * it, and the score that follows. Pure: the server reads the conversation and each shopper message's intent and
 * mood (@kefu/nlp) before calling it.
 */
import { findForbidden } from '../chat.ts';
import { qualityScore, type QualityRule, type QualityRuleKind, type QualityRuleParams } from './rules.ts';

export interface QualityMessage {
  id: string;
  seq: number;
  from: 'shopper' | 'agent' | 'bot' | 'system';
  senderId: number | null;
  /** text, image, order, product, note, system */
  kind: string;
  body: string;
  at: Date;
  /** A shopper's text: what it is about (the intent model's class) and whether it reads as upset. */
  intent?: string | null;
  negative?: boolean;
}

export interface QualityTranscript {
  /** The agent being inspected: the one who had the conversation when it closed. */
  agentId: number;
  /** When that agent got the conversation: a shopper's wait before it is not theirs. */
  assignedAt: Date | null;
  /** An order is attached (the ticket's order, an order card in the chat). */
  orderLinked: boolean;
  messages: readonly QualityMessage[];
  /** The shop's forbidden phrases (服务忌语). */
  phrases: readonly { phrase: string; suggestion: string }[];
}

/** A message that shows a hit: where it is and what it said (cut to the part that matters). */
export interface QualityEvidence {
  messageId: string;
  seq: number;
  quote: string;
  /** The forbidden phrase found, or the wait in seconds, when the rule is about one. */
  detail?: string;
}

export interface QualityHit {
  ruleId: number;
  kind: QualityRuleKind;
  name: string;
  /** Points taken off for this rule (each hit, up to the rule's cap). */
  points: number;
  fatal: boolean;
  evidence: QualityEvidence[];
}

export interface QualityInspection {
  hits: QualityHit[];
  fatal: boolean;
  score: number;
}

const QUOTE_CHARS = 60;

/** The message's text around `at` (a phrase's position), at most 60 characters. */
function quoteOf(body: string, at = 0): string {
  const text = body.replace(/\s+/g, ' ').trim();
  if (text.length <= QUOTE_CHARS) return text;
  const start = Math.max(0, Math.min(at - 20, text.length - QUOTE_CHARS));
  return `${start > 0 ? '…' : ''}${text.slice(start, start + QUOTE_CHARS)}${start + QUOTE_CHARS < text.length ? '…' : ''}`;
}

const evidence = (m: QualityMessage, detail?: string, at?: number): QualityEvidence => ({
  messageId: m.id,
  seq: m.seq,
  quote: quoteOf(m.body, at),
  ...(detail !== undefined && { detail }),
});

/** A message the shopper reads from the service side (not an internal note, not a system line). */
const answers = (m: QualityMessage) => (m.from === 'agent' || m.from === 'bot') && m.kind !== 'note' && m.kind !== 'system';
const contains = (text: string, words: readonly string[]) => words.some((w) => w && text.includes(w));

/** An order number given in the text: 10 or more digits, with a platform's letters before them or not. */
const ORDER_NUMBER = /[A-Za-z]{0,4}\d{10,}/;

interface Found {
  evidence: QualityEvidence[];
  /** Some hit is fatal on its own (a severe forbidden phrase). */
  severe?: boolean;
}

type Check<K extends QualityRuleKind> = (t: QualityTranscript, params: QualityRuleParams[K]) => Found;

/** Each answer of the inspected agent with how long the shopper had waited for it (from assignment at the earliest). */
function waits(t: QualityTranscript): { message: QualityMessage; ms: number }[] {
  const out: { message: QualityMessage; ms: number }[] = [];
  let waitingSince: Date | null = null;
  for (const m of t.messages) {
    if (m.from === 'shopper') waitingSince ??= m.at;
    else if (answers(m)) {
      if (waitingSince && m.from === 'agent' && m.senderId === t.agentId) {
        const from = t.assignedAt && t.assignedAt > waitingSince ? t.assignedAt : waitingSince;
        out.push({ message: m, ms: Math.max(0, m.at.getTime() - from.getTime()) });
      }
      waitingSince = null;
    }
  }
  return out;
}

const ownAnswers = (t: QualityTranscript) => t.messages.filter((m) => answers(m) && m.from === 'agent' && m.senderId === t.agentId);
const ownTexts = (t: QualityTranscript) => ownAnswers(t).filter((m) => m.kind === 'text');
const shopperTexts = (t: QualityTranscript) => t.messages.filter((m) => m.from === 'shopper' && m.kind === 'text');
const seconds = (ms: number) => `${Math.round(ms / 1000)}`;

const CHECKS: { [K in QualityRuleKind]: Check<K> } = {
  forbidden_phrase(t, p) {
    const found: Found = { evidence: [] };
    for (const m of ownTexts(t)) {
      for (const hit of findForbidden(m.body, t.phrases)) {
        found.evidence.push(evidence(m, hit.phrase, m.body.indexOf(hit.phrase)));
        if (p.severePhrases.includes(hit.phrase)) found.severe = true;
      }
    }
    return found;
  },
  greeting(t, p) {
    const first = ownTexts(t)[0];
    return { evidence: first && !contains(first.body, p.words) ? [evidence(first)] : [] };
  },
  closing(t, p) {
    const texts = ownTexts(t);
    const last = texts.slice(-Math.max(1, p.lastMessages));
    return { evidence: last.length && !last.some((m) => contains(m.body, p.words)) ? [evidence(last.at(-1)!)] : [] };
  },
  order_number(t, p) {
    if (t.orderLinked || t.messages.some((m) => m.kind === 'order')) return { evidence: [] };
    const texts = shopperTexts(t);
    const asked = texts.find((m) => m.intent && p.intents.includes(m.intent));
    if (!asked) return { evidence: [] };
    const given = texts.some((m) => ORDER_NUMBER.test(m.body));
    const askedFor = t.messages.some((m) => answers(m) && contains(m.body, p.askWords));
    return { evidence: given || askedFor ? [] : [evidence(asked)] };
  },
  first_response(t, p) {
    const first = waits(t)[0];
    return { evidence: first && first.ms > p.seconds * 1000 ? [evidence(first.message, seconds(first.ms))] : [] };
  },
  slow_response(t, p) {
    // The first answer is the first-response rule's: one late answer is not taken off twice.
    const later = waits(t).slice(1);
    return { evidence: later.filter((w) => w.ms > p.seconds * 1000).map((w) => evidence(w.message, seconds(w.ms))) };
  },
  upset_at_end(t, p) {
    const last = shopperTexts(t).slice(-Math.max(1, p.lastMessages));
    return { evidence: last.filter((m) => m.negative).map((m) => evidence(m)) };
  },
  unanswered_question(t, p) {
    let lastAnswer = t.messages.length - 1;
    while (lastAnswer >= 0 && !answers(t.messages[lastAnswer]!)) lastAnswer--;
    const after = t.messages.slice(lastAnswer + 1).filter((m) => m.from === 'shopper' && m.kind === 'text');
    return { evidence: after.filter((m) => contains(m.body, p.words)).map((m) => evidence(m)) };
  },
};

/** Rules whose every hit takes points off (up to `maxHits`); the others take their points once. */
const maxHitsOf = (rule: QualityRule): number => ('maxHits' in rule.params ? Math.max(1, rule.params.maxHits) : 1);

/** Whether a conversation is inspected: only when the agent answered the shopper (a bot-only chat is not). */
export function isInspectable(t: Pick<QualityTranscript, 'agentId' | 'messages'>): boolean {
  return t.messages.some((m) => answers(m) && m.from === 'agent' && m.senderId === t.agentId);
}

/** Checks the conversation against every enabled rule, in the rules' order; the score follows from the hits. */
export function inspectConversation(t: QualityTranscript, rules: readonly QualityRule[]): QualityInspection {
  const hits: QualityHit[] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const found = (CHECKS[rule.kind] as Check<QualityRuleKind>)(t, rule.params as never);
    if (!found.evidence.length) continue;
    const counted = Math.min(found.evidence.length, maxHitsOf(rule));
    hits.push({
      ruleId: rule.id,
      kind: rule.kind,
      name: rule.name,
      points: rule.points * counted,
      fatal: rule.fatal || Boolean(found.severe),
      evidence: found.evidence,
    });
  }
  const score = qualityScore(hits);
  return { hits, fatal: hits.some((h) => h.fatal), score };
}
