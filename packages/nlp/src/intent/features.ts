import { words } from '@kefu/text';
import { normalizeQuestion } from '../matcher/normalize.ts';
import { defaultSynonymGroups, SynonymMap } from '../matcher/synonyms.ts';

/** Characters of a message looked at: intents show at the start of a message, and this bounds the work. */
const MAX_CHARS = 200;
const HAN = /\p{Script=Han}/u;

let synonyms: SynonymMap | undefined;

/**
 * Binary features of a shopper's message: jieba words ("w:退款"), Chinese character bigrams ("b:退款") and
 * single characters ("c:退"), after the same normalisation and default synonym rewriting as the matcher
 * (so 退钱 and tuikuan count as 退款). Digits are folded to 0 so order numbers and sizes share features.
 */
export function intentFeatures(text: string): string[] {
  synonyms ??= new SynonymMap(defaultSynonymGroups());
  const norm = synonyms.rewrite(normalizeQuestion(text, MAX_CHARS)).replace(/[0-9]+/g, '0');
  if (!norm) return [];
  const out = new Set<string>();
  for (const w of words(norm)) out.add('w:' + w);
  let prev: string | undefined;
  for (const ch of norm) {
    if (!HAN.test(ch)) {
      prev = undefined;
      continue;
    }
    out.add('c:' + ch);
    if (prev !== undefined) out.add('b:' + prev + ch);
    prev = ch;
  }
  return [...out];
}
