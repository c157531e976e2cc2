import { asksSomething } from '@kefu/domain';
import { loadIntentModel } from '@kefu/nlp';
import type { Db } from '../db/database.ts';
import { DEFAULT_CONFIDENCE_THRESHOLD, recordUnknown, type KnowledgeIndex, type Suggestion } from './index.ts';

export type Assistance = {
  suggestions: Suggestion[];
  products: { id: number; name: string; confidence: number }[];
  intent: { intent: string; probability: number };
};

/**
 * What the agent sees as a shopper's message arrives: the best knowledge answers, the products it is about
 * (to send as cards) and the message's intent.
 * A question the knowledge cannot answer confidently is collected as an unknown question (未知问题).
 */
export function assistant(db: Db, index: KnowledgeIndex) {
  const intents = loadIntentModel();
  return async (conversationId: number, text: string): Promise<Assistance> => {
    const [suggestions, products, intent] = [await index.suggest(text), await index.productsFor(text), intents.classify(text)];
    if (intent.intent !== 'other' && asksSomething(text) && !suggestions.some((s) => s.confidence >= DEFAULT_CONFIDENCE_THRESHOLD)) {
      await recordUnknown(db, text, conversationId);
    }
    return { suggestions, products, intent };
  };
}
