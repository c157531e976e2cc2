import type { SynonymGroups } from './synonyms.ts';

export type MatcherOptions = {
  /** The shop's own synonym groups, merged with the default ones. */
  synonyms?: SynonymGroups;
  /** Use data/synonyms-default.json as well (default true). */
  defaultSynonyms?: boolean;
  /** Ranking and calibration constants; the defaults were set on held-out data, see docs/decisions/0007. */
  tuning?: Partial<MatcherTuning>;
};

/** A confidence at or above this means "confident": answer automatically, otherwise suggest or hand over. */
export const DEFAULT_CONFIDENCE_THRESHOLD = 0.6;

export type MatcherTuning = {
  /** BM25 weight of the character-gram field relative to the word field. */
  gramWeight: number;
  k1: number;
  b: number;
  /** Weight of the entry-level field (all phrasings + category + answer words) added to the best phrasing's score. */
  entryWeight: number;
  /** Weight of answer words inside the entry-level field (repeats: 0 = left out, 1 = once). */
  answerInEntry: number;
  /** Score multiplier for entries scoped to the asked-about product. */
  productBoost: number;
  /** Score multiplier for product-scoped entries when the question comes without a product. */
  unscopedPenalty: number;
  /** Logistic calibration of the confidence: σ(bias + Σ weight·feature), features as in MatchFeatures. */
  calibration: { bias: number; wordCover: number; gramCover: number; queryCover: number; lead: number; leadCover: number };
  /** Share of the phrasings (entries, for the entry field) above which a term only refines scores. */
  commonShare: number;
  /** Character grams of the text as written as well as of the synonym-rewritten text. */
  surfaceGrams: boolean;
  /** Query terms kept (highest IDF first) for a very long question. */
  maxQueryWords: number;
  maxQueryGrams: number;
};

export const DEFAULT_MATCHER_TUNING: MatcherTuning = {
  gramWeight: 0.25,
  entryWeight: 1.5,
  answerInEntry: 1,
  k1: 1.2,
  b: 0.5,
  productBoost: 1.2,
  unscopedPenalty: 0.8,
  // Fitted (logistic regression) on leave-one-phrasing-out queries over faq-demo.json and data/ood-dev.txt.
  calibration: { bias: -2.92, wordCover: 0, gramCover: 0.08, queryCover: 2.94, lead: 0, leadCover: 4.47 },
  surfaceGrams: true,
  commonShare: 0.05,
  maxQueryWords: 48,
  maxQueryGrams: 96,
};
