export {
  INTENTS,
  INTENT_MODEL_URL,
  evaluateIntents,
  intentClassifier,
  loadIntentModel,
  readIntentTsv,
  trainIntentModel,
  type Intent,
  type IntentClassifier,
  type IntentEvaluation,
  type IntentModelFile,
  type IntentResult,
  type IntentSample,
  type TrainOptions as IntentTrainOptions,
} from './model.ts';
export { intentFeatures } from './features.ts';
export { COMPLAINT_MIN_PROBABILITY, calibratedIntent, messageReader, reportsFault, type MessageReader, type MessageReading } from './reading.ts';
