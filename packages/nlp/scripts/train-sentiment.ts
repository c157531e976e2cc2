// Retrains the review-sentiment model from shared/data/reviews/online_shopping_reviews.csv and writes
// packages/nlp/models/sentiment-v1.bin. Run by `npm run nlp:train` (scripts/train.ts).
//
//   tsx packages/nlp/scripts/train-sentiment.ts [--data FILE] [--out FILE] [--no-cv]
//
// By default it first runs the 5-fold cross-validation (seed 42, ~2 min on one core) so the figures stored in
// the model file are held-out ones; --no-cv (or SENTIMENT_NO_CV=1) skips that.
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  SENTIMENT_MODEL_URL,
  SENTIMENT_FEATURES,
  SENTIMENT_TRAINING,
  crossValidate,
  decodeSentimentModel,
  defaultReviewsPath,
  encodeSentimentModel,
  featurizeReviews,
  fitSentimentModel,
  loadReviews,
  classificationMetrics,
  predictFeaturized,
  sentimentClassifier,
} from '../src/sentiment/index.ts';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dataPath = arg('--data') ?? defaultReviewsPath();
const outPath = arg('--out') ?? fileURLToPath(SENTIMENT_MODEL_URL);
const runCv = !args.includes('--no-cv') && !process.env.SENTIMENT_NO_CV;

const round = (x: number) => Math.round(x * 10000) / 10000;
const t0 = performance.now();
const reviews = loadReviews(dataPath);
const negatives = reviews.filter((r) => r.negative).length;
const categories = [...new Set(reviews.map((r) => r.category ?? ''))].sort();
console.log(`sentiment: ${reviews.length} reviews (${negatives} negative) in ${categories.length} categories from ${dataPath}`);
const data = featurizeReviews(reviews, SENTIMENT_FEATURES);
console.log(
  `sentiment: featurized in ${((performance.now() - t0) / 1000).toFixed(1)} s, ${(data.idx.length / reviews.length).toFixed(0)} features per review`,
);

const figures: Record<string, unknown> = {};
if (runCv) {
  const cv = crossValidate(reviews, sentimentClassifier(data), { folds: 5, seed: 42 });
  const m = cv.pooled;
  figures.cv = {
    folds: cv.folds,
    seed: cv.seed,
    accuracy: round(m.accuracy),
    negPrecision: round(m.negPrecision),
    negRecall: round(m.negRecall),
    macroF1: round(m.macroF1),
    foldAccuracy: cv.perFold.map((f) => round(f.accuracy)),
  };
  console.log(
    `sentiment: 5-fold CV accuracy ${m.accuracy.toFixed(4)}, negative precision ${m.negPrecision.toFixed(4)} recall ${m.negRecall.toFixed(4)}, macro-F1 ${m.macroF1.toFixed(4)}`,
  );
}

const fitted = fitSentimentModel(data);
const { report } = fitted;
const trainAccuracy = classificationMetrics(
  data.negative,
  Array.from(predictFeaturized(fitted.model.linear, data), (p) => (p > 0.5 ? 1 : 0)),
).accuracy;
// Same (already quantized) weights, now with the figures in the header.
const bytes = encodeSentimentModel(fitted.model.linear, {
  createdAt: fitted.model.header.createdAt,
  features: SENTIMENT_FEATURES,
  train: SENTIMENT_TRAINING,
  data: { file: 'reviews/online_shopping_reviews.csv', rows: reviews.length, negative: negatives, categories },
  figures: {
    ...figures,
    dataSha256: createHash('sha256').update(readFileSync(dataPath)).digest('hex'),
    trainRows: report.rows,
    trainSeconds: round(report.seconds),
    trainLoss: round(report.loss),
    trainAccuracy: round(trainAccuracy),
  },
});
const model = decodeSentimentModel(bytes);
writeFileSync(outPath, bytes);
console.log(
  `sentiment: trained on ${report.rows} reviews in ${report.seconds.toFixed(1)} s; wrote ${outPath} (${(statSync(outPath).size / 1024).toFixed(0)} KiB, v${model.version})`,
);
console.log(`sentiment: total ${((performance.now() - t0) / 1000).toFixed(1)} s`);
