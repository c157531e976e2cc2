import { readFileSync } from 'node:fs';

/** One knowledge-base entry: a standard question, its alternative phrasings (相似问法) and the answer. */
export type FaqEntry = {
  id: string | number;
  question: string;
  alternatives: string[];
  /** May hold variables such as {customerName} or {orderNo}; see renderAnswer. */
  answer: string;
  category?: string;
  /** When set, the entry only applies to these products. */
  productIds?: number[];
};

/** The demo shop's knowledge base (暖橙家居服饰), data/faq-demo.json. */
export function loadDemoFaq(): FaqEntry[] {
  return JSON.parse(readFileSync(new URL('../../data/faq-demo.json', import.meta.url), 'utf8')) as FaqEntry[];
}

/** Fills {name} variables of an answer; unknown variables are left as they are. */
export function renderAnswer(answer: string, vars: Record<string, string | number | undefined>): string {
  return answer.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    return v === undefined ? whole : String(v);
  });
}
