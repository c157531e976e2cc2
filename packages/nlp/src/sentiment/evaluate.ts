// Cross-validation of a classifier on labelled reviews: stratified k-fold and leave-one-category-out.
import { SENTIMENT_FEATURES, type FeatureConfig } from './features.ts';
import { fitSentimentModel } from './model.ts';
import {
  classificationMetrics,
  predictFeaturized,
  stratifiedFolds,
  subsetRows,
  type ClassificationMetrics,
  type Featurized,
  type LabelledReview,
  type TrainConfig,
} from './train.ts';

/** Trains on rows `train` and returns, for each row of `test`, the probability that it is negative. */
export type ReviewClassifier = (train: readonly number[], test: readonly number[]) => ArrayLike<number>;

/** The shipped model's training, as a classifier over a featurized set of the same reviews. */
export function sentimentClassifier(data: Featurized, options: { features?: FeatureConfig; training?: TrainConfig } = {}): ReviewClassifier {
  const features = options.features ?? SENTIMENT_FEATURES;
  return (train, test) => {
    const { model } = fitSentimentModel(subsetRows(data, train), { features, ...(options.training ? { training: options.training } : {}) });
    return predictFeaturized(model.linear, subsetRows(data, test));
  };
}

export interface CrossValidation {
  folds: number;
  /** Folds actually run (may be fewer than `folds` to save time). */
  foldsRun: number;
  seed: number;
  /** Pooled over the test rows of all folds run. */
  pooled: ClassificationMetrics;
  perFold: ClassificationMetrics[];
  /** Mean training + prediction time per fold. */
  secondsPerFold: number;
}

export function crossValidate(
  reviews: readonly LabelledReview[],
  classify: ReviewClassifier,
  options: { folds?: number; seed?: number; foldsRun?: number } = {},
): CrossValidation {
  const k = options.folds ?? 5;
  const seed = options.seed ?? 42;
  const run = Math.min(k, options.foldsRun ?? k);
  const fold = stratifiedFolds(reviews, k, seed);
  const truth: number[] = [];
  const pred: number[] = [];
  const perFold: ClassificationMetrics[] = [];
  const t0 = performance.now();
  for (let f = 0; f < run; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < reviews.length; i++) (fold[i] === f ? test : train).push(i);
    const p = classify(train, test);
    const t = test.map((i) => (reviews[i]!.negative ? 1 : 0));
    const q = test.map((_, k2) => (p[k2]! > 0.5 ? 1 : 0));
    perFold.push(classificationMetrics(t, q));
    truth.push(...t);
    pred.push(...q);
  }
  return {
    folds: k,
    foldsRun: run,
    seed,
    pooled: classificationMetrics(truth, pred),
    perFold,
    secondsPerFold: (performance.now() - t0) / 1000 / run,
  };
}

export interface CategoryResult {
  category: string;
  n: number;
  metrics: ClassificationMetrics;
}

/** Trains on all categories but one and tests on that one, for each category. */
export function leaveOneCategoryOut(
  reviews: readonly LabelledReview[],
  classify: ReviewClassifier,
): { categories: CategoryResult[]; pooled: ClassificationMetrics; meanAccuracy: number } {
  const cats = [...new Set(reviews.map((r) => r.category ?? ''))].sort();
  const categories: CategoryResult[] = [];
  const truth: number[] = [];
  const pred: number[] = [];
  for (const category of cats) {
    const train: number[] = [];
    const test: number[] = [];
    reviews.forEach((r, i) => ((r.category ?? '') === category ? test : train).push(i));
    const p = classify(train, test);
    const t = test.map((i) => (reviews[i]!.negative ? 1 : 0));
    const q = test.map((_, k) => (p[k]! > 0.5 ? 1 : 0));
    categories.push({ category, n: test.length, metrics: classificationMetrics(t, q) });
    truth.push(...t);
    pred.push(...q);
  }
  const meanAccuracy = categories.reduce((s, c) => s + c.metrics.accuracy, 0) / Math.max(1, categories.length);
  return { categories, pooled: classificationMetrics(truth, pred), meanAccuracy };
}
