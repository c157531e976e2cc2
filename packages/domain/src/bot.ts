import { messageAct, type MessageAct } from './bot-message.ts';

/** When the service bot answers a shopper and when it hands the conversation to a person (DOMAIN §9). */

export const HANDOVER_REASONS = ['asked', 'vip', 'complaint', 'emotion', 'repeated', 'low_confidence'] as const;
export type HandoverReason = (typeof HANDOVER_REASONS)[number];

export * from './bot-message.ts';
export * from './bot-sizes.ts';

/** A match is only as good as the share of the question it covers: one shared word ("电话") is no answer. */
export const MIN_MATCH_COVERAGE = 0.5;
/** …and the lead it has over the next entry: two entries about as good mean the bot cannot tell. */
export const MIN_MATCH_MARGIN = 0.08;

export interface BotTurn {
  /** The shopper's message as typed (before any normalisation or synonym rewriting). */
  text: string;
  vip: boolean;
  /** The calibrated intent (a complaint only with real evidence; see @kefu/nlp). */
  intent: string;
  negative: boolean;
  best: {
    faqId: number;
    confidence: number;
    /** IDF-weighted share of the question's content words the entry covers, 0..1 (1 when not known). */
    coverage?: number;
    /** Lead of the best entry's score over the second's, relative, 0..1 (1 when not known). */
    margin?: number;
    /** The entry's answer promises a person ("正在为您转接人工客服"). */
    promisesPerson?: boolean;
  } | null;
  /** FAQ entries the bot already answered in this conversation. */
  answered: number[];
  threshold: number;
}

/**
 * `silent`: the message asks nothing (好的, 嗯嗯, 收到, an emoji, an order number alone): no FAQ answer; `act` says
 * whether a polite line fits (a greeting, thanks) or nothing at all.
 */
export type BotDecision =
  | { action: 'answer'; faqId: number }
  | { action: 'handover'; reason: HandoverReason }
  | { action: 'silent'; act: Exclude<MessageAct, 'question' | 'person'> };

export function botDecision(t: BotTurn): BotDecision {
  const act = messageAct(t.text);
  if (act === 'person') return { action: 'handover', reason: 'asked' };
  if (t.vip) return { action: 'handover', reason: 'vip' };
  if (t.intent === 'complaint') return { action: 'handover', reason: 'complaint' };
  if (t.negative) return { action: 'handover', reason: 'emotion' };
  if (act !== 'question') return { action: 'silent', act };
  const b = t.best;
  if (!b || b.confidence < t.threshold || (b.coverage ?? 1) < MIN_MATCH_COVERAGE || (b.margin ?? 1) < MIN_MATCH_MARGIN)
    return { action: 'handover', reason: 'low_confidence' };
  // The "transfer to a person" answer is a promise only a hand-over keeps.
  if (b.promisesPerson) return { action: 'handover', reason: 'asked' };
  // The same answer again did not help the first time.
  if (t.answered.includes(b.faqId)) return { action: 'handover', reason: 'repeated' };
  return { action: 'answer', faqId: b.faqId };
}

/**
 * The ticket category a shopper's intent suggests (问题分类), or null for pre-sales questions that need none.
 * Intents are the classes of @kefu/nlp's intent model.
 */
export function ticketCategoryForIntent(intent: string): 'logistics' | 'payment' | 'after_sales_policy' | 'other' | null {
  switch (intent) {
    case 'logistics':
    case 'order_status':
      return 'logistics';
    case 'price':
    case 'invoice':
      return 'payment';
    case 'return_refund':
    case 'exchange':
    case 'repair':
      return 'after_sales_policy';
    case 'complaint':
      return 'other';
    default:
      return null;
  }
}
