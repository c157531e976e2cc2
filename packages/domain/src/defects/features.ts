import { DEFECT_LABELS, DEFECT_STOPWORDS, DEFECT_TERMS, SYMPTOM_CHARACTERS } from './lexicon.ts';

/** How a text is cut into words: jieba's (`words` of @kefu/text), passed in by the caller so these rules stay pure. */
export type Segmenter = (text: string) => string[];

/** How much of the likeness of two cases the defects they name decide; the other words decide the rest. */
const TERM_SHARE = 0.8;
const WORD_WEIGHT = 1;
const CHARACTER_WEIGHT = 0.5;

/** Numbers and counts ("500", "两颗", "一天", "一半"): how much, not what is wrong. */
const NUMBER = /^[\d.%]+$|^[\d一二两三四五六七八九十几半]+[\p{Script=Han}]?$/u;

/** Full-width folded to half-width, lower case, runs of spaces as one. */
export function normalizeDefectText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * The lexicon's defects a text names, and the text with them cut out. Of overlapping phrasings the longest wins
 * ("磨破了" is 磨脚, not 破洞), whatever the lexicon's order.
 */
function findDefects(text: string): { labels: Set<string>; rest: string } {
  const found: { label: string; start: number; end: number }[] = [];
  for (const term of DEFECT_TERMS) {
    for (const m of text.matchAll(term.pattern)) found.push({ label: term.label, start: m.index, end: m.index + m[0].length });
  }
  found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken: typeof found = [];
  for (const f of found) if (!taken.some((t) => f.start < t.end && t.start < f.end)) taken.push(f);
  let rest = text;
  for (const t of [...taken].sort((a, b) => b.start - a.start)) rest = `${rest.slice(0, t.start)} ${rest.slice(t.end)}`;
  return { labels: new Set(taken.map((t) => t.label)), rest };
}

/**
 * What a case's description says is wrong, as features: the defects of the lexicon it names (by label), then the
 * content words left — stop words, numbers, stray characters and the product's own name words out. The product's
 * name is cut out of the text first, so a name that holds a defect's word ("纽扣开衫") does not name that defect in
 * every case of the product.
 */
export function defectFeatures(text: string, segment: Segmenter, productName = ''): string[] {
  const name = normalizeDefectText(productName);
  let described = normalizeDefectText(text);
  for (const part of [name, ...name.split(' ')].filter((p) => [...p].length >= 3)) described = described.replaceAll(part, ' ');
  const { labels, rest } = findDefects(described);
  const features = new Set(labels);
  const nameWords = new Set(name ? segment(name) : []);
  for (const word of segment(rest)) {
    if (DEFECT_STOPWORDS.has(word) || nameWords.has(word) || NUMBER.test(word)) continue;
    if ([...word].length === 1 && !SYMPTOM_CHARACTERS.has(word)) continue;
    features.add(word);
  }
  return [...features].sort();
}

const isDefect = (feature: string) => DEFECT_LABELS.has(feature);

/** What a feature counts for when a group's key words are ranked: a named defect most, a stray character least. */
export function featureWeight(feature: string): number {
  if (isDefect(feature)) return 3;
  return [...feature].length === 1 ? CHARACTER_WEIGHT : WORD_WEIGHT;
}
const weightOf = (words: Iterable<string>) => [...words].reduce((sum, w) => sum + ([...w].length === 1 ? CHARACTER_WEIGHT : WORD_WEIGHT), 0);

function weightedJaccard(a: string[], b: string[]): number {
  const right = new Set(b);
  const union = weightOf(new Set([...a, ...b]));
  return union === 0 ? 0 : weightOf(a.filter((w) => right.has(w))) / union;
}

/**
 * How alike two cases are (0 … 1): mostly whether they name the same defects (Jaccard of the defects), the rest the
 * weighted Jaccard of their other words (a character counts half a word). Cases naming no defect are compared by
 * their words alone.
 */
export function defectSimilarity(a: readonly string[], b: readonly string[]): number {
  const defectsA = a.filter(isDefect);
  const defectsB = b.filter(isDefect);
  const words = weightedJaccard(
    a.filter((f) => !isDefect(f)),
    b.filter((f) => !isDefect(f)),
  );
  if (!defectsA.length && !defectsB.length) return words;
  return TERM_SHARE * weightedJaccard(defectsA, defectsB) + (1 - TERM_SHARE) * words;
}

/**
 * How much of a case an alarm's key words cover (0 … 1), weighed as in `defectSimilarity`: a later case may say more
 * than the alarm's first cases did and still be the same defect.
 */
export function defectContainment(features: readonly string[], keyWords: readonly string[]): number {
  const known = new Set(keyWords);
  const share = (items: string[]) => (items.length ? weightOf(items.filter((f) => known.has(f))) / weightOf(items) : 0);
  const defects = features.filter(isDefect);
  const words = share(features.filter((f) => !isDefect(f)));
  return defects.length ? TERM_SHARE * share(defects) + (1 - TERM_SHARE) * words : words;
}
