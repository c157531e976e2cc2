import { answerPromisesPerson, botDecision, type BotDecision } from '@kefu/domain';
import { calibratedIntent, renderAnswer } from '@kefu/nlp';
import type { KnowledgeIndex } from './index.ts';

export interface BotThought {
  decision: BotDecision;
  answer: string | null;
  confidence: number;
  intent: string;
  negative: boolean;
}

/** Tells whether a shopper's message reads as angry or upset. */
export type EmotionCheck = (text: string) => { negative: boolean };

/**
 * A shopper's message read: its intent (the shipped model, a complaint only with evidence: @kefu/nlp
 * calibratedIntent) and whether the shopper is upset.
 */
export function understanding(emotion: EmotionCheck) {
  const intentOf = calibratedIntent();
  return (text: string) => ({ intent: intentOf(text).intent, negative: emotion(text).negative });
}
export type Understanding = ReturnType<typeof understanding>;

export type BotContext = {
  vip: boolean;
  answered: number[];
  threshold: number;
  customerName?: string;
  /** The product on the shopper's page: its own entries rank first. */
  productId?: number;
};

/**
 * The service bot's mind: matches the shopper's question against the knowledge, reads the message, and
 * decides (a pure rule in @kefu/domain, on the text as typed) whether to answer, stay silent or hand over.
 */
export function botBrain(index: KnowledgeIndex, understand: Understanding) {
  return async (text: string, context: BotContext): Promise<BotThought> => {
    const matcher = await index.current();
    const best = matcher.match(text, { limit: 1, explain: true, ...(context.productId && { productId: context.productId }) })[0];
    const { intent, negative } = understand(text);
    const decision = botDecision({
      text,
      vip: context.vip,
      intent,
      negative,
      answered: context.answered,
      threshold: context.threshold,
      best: best
        ? {
            faqId: best.entry.id,
            confidence: best.confidence,
            coverage: best.features?.queryCover,
            margin: best.features?.lead,
            promisesPerson: answerPromisesPerson(best.entry.answer),
          }
        : null,
    });
    const answer = decision.action === 'answer' && best ? renderAnswer(best.entry.answer, { customerName: context.customerName ?? '亲' }) : null;
    return { decision, answer, confidence: best?.confidence ?? 0, intent, negative };
  };
}
export type BotBrain = ReturnType<typeof botBrain>;
