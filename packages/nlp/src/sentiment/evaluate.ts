// Cross-validation of a classifier on labelled reviews: stratified k-fold and leave-one-category-out.
import { SENTIMENT_FEATURES, type FeatureConfig } from './features.ts';
import { fitSentimentModel } from './model.ts';
import { metrics, predictAll, stratifiedFolds, subset, type Featurized, type Metrics, type Review, type TrainConfig } from './train.ts';

/** Trains on rows `train` and returns, for each row of `test`, the probability that it is negative. */
export type Classifier = (train: readonly number[], test: readonly number[]) => ArrayLike<number>;

/** The shipped model's training, as a classifier over a featurized set of the same reviews. */
export function sentimentClassifier(data: Featurized, options: { features?: FeatureConfig; training?: TrainConfig } = {}): Classifier {
  const features = options.features ?? SENTIMENT_FEATURES;
  return (train, test) => {
    const { model } = fitSentimentModel(subset(data, train), { features, ...(options.training ? { training: options.training } : {}) });
    return predictAll(model.linear, subset(data, test));
  };
}

export interface CrossValidation {
  folds: number;
  /** Folds actually run (may be fewer than `folds` to save time). */
  foldsRun: number;
  seed: number;
  /** Pooled over the test rows of all folds run. */
  pooled: Metrics;
  perFold: Metrics[];
  /** Mean training + prediction time per fold. */
  secondsPerFold: number;
}

export function crossValidate(
  reviews: readonly Review[],
  classify: Classifier,
  options: { folds?: number; seed?: number; foldsRun?: number } = {},
): CrossValidation {
  const k = options.folds ?? 5;
  const seed = options.seed ?? 42;
  const run = Math.min(k, options.foldsRun ?? k);
  const fold = stratifiedFolds(reviews, k, seed);
  const truth: number[] = [];
  const pred: number[] = [];
  const perFold: Metrics[] = [];
  const t0 = performance.now();
  for (let f = 0; f < run; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < reviews.length; i++) (fold[i] === f ? test : train).push(i);
    const p = classify(train, test);
    const t = test.map((i) => (reviews[i]!.negative ? 1 : 0));
    const q = test.map((_, k2) => (p[k2]! > 0.5 ? 1 : 0));
    perFold.push(metrics(t, q));
    truth.push(...t);
    pred.push(...q);
  }
  return { folds: k, foldsRun: run, seed, pooled: metrics(truth, pred), perFold, secondsPerFold: (performance.now() - t0) / 1000 / run };
}

export interface CategoryResult {
  category: string;
  n: number;
  metrics: Metrics;
}

/** Trains on all categories but one and tests on that one, for each category. */
export function leaveOneCategoryOut(
  reviews: readonly Review[],
  classify: Classifier,
): { categories: CategoryResult[]; pooled: Metrics; meanAccuracy: number } {
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
    categories.push({ category, n: test.length, metrics: metrics(t, q) });
    truth.push(...t);
    pred.push(...q);
  }
  const meanAccuracy = categories.reduce((s, c) => s + c.metrics.accuracy, 0) / Math.max(1, categories.length);
  return { categories, pooled: metrics(truth, pred), meanAccuracy };
}
