import { useEffect, useState } from 'react';
import { api, type SuggestResult } from '../../api.ts';
import type { Suggestions } from '../chat/state.ts';

export { useQuickReplyPicker, useScripts } from '../chat/useQuickReplyPicker.ts';

/** The knowledge's best answers to what the customer asks on the ticket, in the shape the chat's ComposerSuggestions shows. */
export function useTicketSuggestions(question: string): Suggestions | null {
  const [suggested, setSuggested] = useState<Suggestions | null>(null);
  useEffect(() => {
    const q = question.trim().slice(0, 2000);
    if (!q) return setSuggested(null);
    let alive = true;
    api.get<SuggestResult>('/api/knowledge/suggest', { q }).then(
      (r) => alive && setSuggested({ seq: 0, items: r.suggestions.slice(0, 3), products: [], intent: r.intent.intent }),
      () => alive && setSuggested(null),
    );
    return () => {
      alive = false;
    };
  }, [question]);
  return suggested;
}
