export { normalizeQuestion, MAX_QUESTION_LENGTH } from './normalize.ts';
export { SynonymMap, defaultSynonymGroups, type SynonymGroups } from './synonyms.ts';
export { loadDemoFaq, renderAnswer, type FaqEntry } from './faq.ts';
export { DEFAULT_CONFIDENCE_THRESHOLD, DEFAULT_MATCHER_TUNING, type MatcherOptions, type MatcherTuning } from './tuning.ts';
export { Matcher, type MatchFeatures, type MatchOptions, type MatchResult } from './matcher.ts';
export * from '../intent/index.ts';
