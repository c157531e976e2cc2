/** When the service bot answers a shopper and when it hands the conversation to a person (DOMAIN §9). */

export const HANDOVER_REASONS = ['asked', 'vip', 'complaint', 'emotion', 'repeated', 'low_confidence'] as const;
export type HandoverReason = (typeof HANDOVER_REASONS)[number];

/** The shopper can always reach a person with one of these. */
const ASK_FOR_PERSON = /转人工|人工客服|找人工|真人|人工服务|转接客服|human|agent|real person/i;

export interface BotTurn {
  text: string;
  vip: boolean;
  intent: string;
  negative: boolean;
  best: { faqId: number; confidence: number } | null;
  /** FAQ entries the bot already answered in this conversation. */
  answered: number[];
  threshold: number;
}

export type BotDecision = { action: 'answer'; faqId: number } | { action: 'handover'; reason: HandoverReason };

export function botDecision(t: BotTurn): BotDecision {
  if (ASK_FOR_PERSON.test(t.text)) return { action: 'handover', reason: 'asked' };
  if (t.vip) return { action: 'handover', reason: 'vip' };
  if (t.intent === 'complaint') return { action: 'handover', reason: 'complaint' };
  if (t.negative) return { action: 'handover', reason: 'emotion' };
  if (!t.best || t.best.confidence < t.threshold) return { action: 'handover', reason: 'low_confidence' };
  // The same answer again did not help the first time.
  if (t.answered.includes(t.best.faqId)) return { action: 'handover', reason: 'repeated' };
  return { action: 'answer', faqId: t.best.faqId };
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
