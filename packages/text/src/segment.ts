import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

let jieba: Jieba | undefined;
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

const WORD = /[\p{L}\p{N}]/u;

/** Lower-cased words of a text, punctuation and spaces dropped. HMM is off so a word segments the same everywhere. */
export function words(text: string): string[] {
  return segmenter()
    .cut(text.toLowerCase(), false)
    .filter((w) => WORD.test(w))
    .map((w) => w.trim())
    .filter(Boolean);
}

/**
 * Tokens stored for a document: the words plus their finer sub-words (search mode), so a query
 * for "退款" finds "退款申请" and a query for "偏小" finds "尺码有点偏小".
 */
export function indexTokens(text: string): string[] {
  const fine = segmenter().cutForSearch(text.toLowerCase(), false);
  const tokens = new Set<string>();
  for (const w of [...words(text), ...fine]) {
    const t = w.trim();
    if (t && WORD.test(t)) tokens.add(t);
  }
  return [...tokens];
}

/** The tokens a search query must all match. */
export function queryTokens(text: string): string[] {
  return [...new Set(words(text))];
}
