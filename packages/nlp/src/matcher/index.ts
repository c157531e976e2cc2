export { normalizeQuestion, MAX_QUESTION_LENGTH } from './normalize.ts';
export { SynonymMap, defaultSynonymGroups, type SynonymGroups } from './synonyms.ts';
export {
  Matcher,
  DEFAULT_CONFIDENCE_THRESHOLD,
  DEFAULT_MATCHER_TUNING,
  loadDemoFaq,
  renderAnswer,
  type FaqEntry,
  type MatchFeatures,
  type MatchOptions,
  type MatchResult,
  type MatcherOptions,
  type MatcherTuning,
} from './matcher.ts';
export * from '../intent/index.ts';
