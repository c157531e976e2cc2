// Hashed binary features of a normalized text: character n-grams plus jieba words and word bigrams.
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

export interface FeatureConfig {
  /** Feature space is 2^bits buckets. */
  bits: number;
  /** Character n-gram lengths, inclusive. */
  charMin: number;
  charMax: number;
  /** jieba words (of 2+ characters; single characters are already character unigrams). */
  words: boolean;
  /** Adjacent jieba word pairs. */
  wordBigrams: boolean;
  /** Words within a few words after a negator (不/没/别/无/未…) get their own "negated" feature. */
  negation: boolean;
  /** Digits are folded to "0" in character n-grams, so prices and dates do not each get a feature. */
  foldDigits: boolean;
  /** Characters of the text looked at (code points); the rest is ignored. */
  maxChars: number;
}

/** Features of the shipped model (see docs/decisions/0006-review-sentiment-model.md for how they were chosen). */
export const SENTIMENT_FEATURES: FeatureConfig = {
  bits: 20,
  charMin: 1,
  charMax: 3,
  words: true,
  wordBigrams: true,
  negation: true,
  foldDigits: true,
  maxChars: 1000,
};

let jieba: Jieba | undefined;
/** jieba words, dictionary only (HMM off), so a word segments the same in every context. */
export function segment(text: string): string[] {
  jieba ??= Jieba.withDict(dict);
  return jieba.cut(text, false);
}

// A hash step that is a bijection in the new value for a fixed state; the finalizer spreads bits before masking.
function step(h: number, v: number): number {
  h = Math.imul(h ^ v, 0x9e3779b1);
  return h ^ (h >>> 15);
}
function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
function hashString(seed: number, s: string): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = step(h, s.charCodeAt(i));
  return h;
}

function pairHash(a: string, b: string): number {
  return finish(hashString(step(hashString(NS_WORD2, a), 0x1), b));
}

const NS_CHAR = 0x1000;
const NS_WORD = 0x2000;
const NS_WORD2 = 0x3000;
const NS_NEG = 0x4000;

const BOUNDARY = 0x2;

const NEGATORS = new Set([
  '不',
  '没',
  '没有',
  '无',
  '别',
  '未',
  '非',
  '不是',
  '不要',
  '不会',
  '不能',
  '毫无',
  '并不',
  '从不',
  '从来不',
  '绝不',
  '不太',
  '不怎么',
  '没什么',
  '不够',
  '不再',
]);
const CLAUSE_END = /^[\s,.!?;:，。！？；：、~…()（）"“”'‘’[\]【】]+$/;
const SPACE = /^\s+$/;

// Dedup without sorting: seen[j] === stamp when bucket j was already emitted by the current call.
let seen = new Uint32Array(0);
let stamp = 0;

/** The distinct feature ids (ascending) of a normalized text. */
export function featurize(normalized: string, cfg: FeatureConfig): Int32Array {
  const mask = (1 << cfg.bits) - 1;
  if (seen.length !== mask + 1) {
    seen = new Uint32Array(mask + 1);
    stamp = 0;
  }
  if (++stamp === 0xffffffff) {
    seen.fill(0);
    stamp = 1;
  }
  const out: number[] = [];
  const emit = (h: number) => {
    const j = h & mask;
    if (seen[j] !== stamp) {
      seen[j] = stamp;
      out.push(j);
    }
  };
  const seq: number[] = [BOUNDARY];
  let end = 0; // UTF-16 length of the part looked at
  for (const ch of normalized) {
    if (seq.length > cfg.maxChars) break;
    end += ch.length;
    let c = ch.codePointAt(0)!;
    if (cfg.foldDigits && c >= 0x30 && c <= 0x39) c = 0x30;
    seq.push(c === 0x20 ? BOUNDARY : c);
  }
  if (seq.length > 1) {
    // Character n-grams over the text with boundary markers at both ends.
    seq.push(BOUNDARY);
    for (let n = cfg.charMin; n <= cfg.charMax; n++) {
      const seed = step(NS_CHAR, n);
      for (let i = 0; i + n <= seq.length; i++) {
        if (n === 1 && seq[i] === BOUNDARY) continue;
        let h = seed;
        for (let k = 0; k < n; k++) h = step(h, seq[i + k]!);
        emit(finish(h));
      }
    }
    if (cfg.words || cfg.wordBigrams || cfg.negation) {
      const words = segment(end < normalized.length ? normalized.slice(0, end) : normalized).filter((w) => !SPACE.test(w));
      let prev = '\u0002';
      let negLeft = 0;
      for (const w of words) {
        if (cfg.words && w.length >= 2) emit(finish(hashString(NS_WORD, w)));
        if (cfg.wordBigrams) emit(pairHash(prev, w));
        if (cfg.negation) {
          if (CLAUSE_END.test(w)) negLeft = 0;
          else if (negLeft > 0) {
            emit(finish(hashString(NS_NEG, w)));
            negLeft--;
          }
          if (NEGATORS.has(w)) negLeft = 3;
        }
        prev = w;
      }
      if (cfg.wordBigrams) emit(pairHash(prev, '\u0003'));
    }
  }
  return Int32Array.from(out).sort();
}
