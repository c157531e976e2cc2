// Review sentiment (positive/negative) and the negative-emotion flag for shopper messages.
// See docs/decisions/0006-review-sentiment-model.md.

// Using the shipped model.
export {
  SentimentModel,
  loadSentimentModel,
  defaultSentimentModel,
  SENTIMENT_MODEL_URL,
  SENTIMENT_MODEL_FORMAT,
  SENTIMENT_MODEL_VERSION,
  type SentimentPrediction,
  type SentimentModelHeader,
} from './model.ts';
export { negativeEmotion, NEGATIVE_EMOTION_THRESHOLD, type NegativeEmotion } from './emotion.ts';
export { normalizeText, MAX_INPUT_CHARS } from './normalize.ts';

// Training and evaluation (shared by scripts/train-sentiment.ts and bench/nlp/sentiment.ts).
export { featurize as sentimentFeatureIds, SENTIMENT_FEATURES, type FeatureConfig } from './features.ts';
export {
  SENTIMENT_TRAINING,
  featurizeReviews,
  subsetRows,
  trainLinear,
  predictFeaturized,
  seededRandom,
  stratifiedFolds,
  classificationMetrics,
  type LabelledReview,
  type TrainConfig,
  type TrainReport,
  type Featurized,
  type LinearModel,
  type ClassificationMetrics,
} from './train.ts';
export { fitSentimentModel, trainSentimentModel, encodeSentimentModel, decodeSentimentModel, type SentimentFit } from './model.ts';
export {
  crossValidate,
  leaveOneCategoryOut,
  sentimentClassifier,
  type ReviewClassifier,
  type CrossValidation,
  type CategoryResult,
} from './evaluate.ts';
export { loadReviews, parseCsv as parseReviewsCsv, defaultReviewsPath } from './data.ts';
