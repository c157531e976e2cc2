// Review sentiment (positive/negative) and the negative-emotion flag for shopper messages.
export { normalizeText, MAX_INPUT_CHARS } from './normalize.ts';
export { featurize, segment, SENTIMENT_FEATURES, type FeatureConfig } from './features.ts';
export {
  SENTIMENT_TRAINING,
  featurizeAll,
  subset,
  nbRatios,
  trainLinear,
  scoreFeatures,
  predictAll,
  sigmoid,
  rng,
  stratifiedFolds,
  metrics,
  type Review,
  type TrainConfig,
  type TrainReport,
  type Featurized,
  type LinearModel,
  type Metrics,
} from './train.ts';
export {
  SentimentModel,
  loadSentimentModel,
  defaultSentimentModel,
  fitSentimentModel,
  trainSentimentModel,
  encodeModel,
  decodeModel,
  writeModel,
  DEFAULT_MODEL_URL,
  MODEL_FORMAT,
  MODEL_VERSION,
  type SentimentPrediction,
  type ModelHeader,
  type FitResult,
} from './model.ts';
export { crossValidate, leaveOneCategoryOut, sentimentClassifier, type Classifier, type CrossValidation, type CategoryResult } from './evaluate.ts';
export { loadReviews, parseCsv, defaultReviewsPath } from './data.ts';
export { negativeEmotion, NEGATIVE_EMOTION_THRESHOLD, type NegativeEmotion } from './emotion.ts';
