import { botDecision, type BotDecision } from '@kefu/domain';
import { loadIntentModel, renderAnswer } from '@kefu/nlp';
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
 * The service bot's mind: matches the shopper's question against the knowledge, classifies it, and
 * decides (a pure rule in @kefu/domain) whether to answer or hand the conversation to a person.
 */
export function botBrain(index: KnowledgeIndex, emotion: EmotionCheck) {
  const intents = loadIntentModel();
  return async (text: string, context: { vip: boolean; answered: number[]; threshold: number; customerName?: string }): Promise<BotThought> => {
    const matcher = await index.current();
    const best = matcher.match(text, { limit: 1 })[0];
    const intent = intents.classify(text).intent;
    const { negative } = emotion(text);
    const decision = botDecision({
      text, vip: context.vip, intent, negative, answered: context.answered, threshold: context.threshold,
      best: best ? { faqId: best.entry.id, confidence: best.confidence } : null,
    });
    const answer = decision.action === 'answer' && best ? renderAnswer(best.entry.answer, { customerName: context.customerName ?? '亲' }) : null;
    return { decision, answer, confidence: best?.confidence ?? 0, intent, negative };
  };
}
export type BotBrain = ReturnType<typeof botBrain>;
