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

/** A shopper's message read: its intent (the shipped model) and whether the shopper is upset. */
export function understanding(emotion: EmotionCheck) {
  const intents = loadIntentModel();
  return (text: string) => ({ intent: intents.classify(text).intent, negative: emotion(text).negative });
}
export type Understanding = ReturnType<typeof understanding>;

/**
 * The service bot's mind: matches the shopper's question against the knowledge, reads the message, and
 * decides (a pure rule in @kefu/domain) whether to answer or hand the conversation to a person.
 */
export function botBrain(index: KnowledgeIndex, understand: Understanding) {
  return async (text: string, context: { vip: boolean; answered: number[]; threshold: number; customerName?: string }): Promise<BotThought> => {
    const matcher = await index.current();
    const best = matcher.match(text, { limit: 1 })[0];
    const { intent, negative } = understand(text);
    const decision = botDecision({
      text,
      vip: context.vip,
      intent,
      negative,
      answered: context.answered,
      threshold: context.threshold,
      best: best ? { faqId: best.entry.id, confidence: best.confidence } : null,
    });
    const answer = decision.action === 'answer' && best ? renderAnswer(best.entry.answer, { customerName: context.customerName ?? '亲' }) : null;
    return { decision, answer, confidence: best?.confidence ?? 0, intent, negative };
  };
}
export type BotBrain = ReturnType<typeof botBrain>;
