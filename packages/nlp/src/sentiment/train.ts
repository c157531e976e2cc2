// Training of the review-sentiment model: logistic regression over binary hashed features scaled by their
// Naive-Bayes log-count ratios (NBSVM-style, Wang & Manning 2012), fitted with seeded Adagrad passes.
// Also the fold splits and metrics shared by the training script and the benchmark.
import { SENTIMENT_FEATURES, featurize, type FeatureConfig } from './features.ts';
import { normalizeText } from './normalize.ts';

export interface LabelledReview {
  text: string;
  /** true when the review is negative. */
  negative: boolean;
  category?: string;
}

export interface TrainConfig {
  /** Laplace smoothing of the Naive-Bayes log-count ratios. */
  nbAlpha: number;
  /** Adagrad passes over the (shuffled) data; the number of passes is the regularizer (no L2 term). */
  epochs: number;
  learningRate: number;
  /** Feature vectors are scaled by 1/sqrt(number of features), so long reviews are not over-confident. */
  lengthNorm: boolean;
  /** Seed of the shuffling; same data and seed give the same model. */
  seed: number;
}

/**
 * The settings of the shipped model, chosen on one fixed 80/20 development split (see
 * docs/decisions/0006-review-sentiment-model.md) and kept fixed for the cross-validation.
 */
export const SENTIMENT_TRAINING: TrainConfig = { nbAlpha: 1, epochs: 20, learningRate: 0.1, lengthNorm: true, seed: 1 };

/** Sparse binary design matrix: row i has the distinct feature ids idx[ptr[i]..ptr[i+1]). */
export interface Featurized {
  ptr: Int32Array;
  idx: Int32Array;
  negative: Uint8Array;
  bits: number;
}

export function featurizeReviews(reviews: readonly LabelledReview[], cfg: FeatureConfig = SENTIMENT_FEATURES): Featurized {
  const rows: Int32Array[] = [];
  let nnz = 0;
  for (const r of reviews) {
    const f = featurize(normalizeText(r.text), cfg);
    rows.push(f);
    nnz += f.length;
  }
  const ptr = new Int32Array(rows.length + 1);
  const idx = new Int32Array(nnz);
  const negative = new Uint8Array(rows.length);
  let o = 0;
  rows.forEach((f, i) => {
    idx.set(f, o);
    o += f.length;
    ptr[i + 1] = o;
    negative[i] = reviews[i]!.negative ? 1 : 0;
  });
  return { ptr, idx, negative, bits: cfg.bits };
}

/** The rows `rows` of a featurized set, as a new set. */
export function subsetRows(data: Featurized, rows: ArrayLike<number>): Featurized {
  let nnz = 0;
  for (let k = 0; k < rows.length; k++) nnz += data.ptr[rows[k]! + 1]! - data.ptr[rows[k]!]!;
  const ptr = new Int32Array(rows.length + 1);
  const idx = new Int32Array(nnz);
  const negative = new Uint8Array(rows.length);
  let o = 0;
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k]!;
    idx.set(data.idx.subarray(data.ptr[i]!, data.ptr[i + 1]!), o);
    o += data.ptr[i + 1]! - data.ptr[i]!;
    ptr[k + 1] = o;
    negative[k] = data.negative[i]!;
  }
  return { ptr, idx, negative, bits: data.bits };
}

export interface LinearModel {
  /** Effective weight per feature bucket (NB ratio × learned weight); positive means "negative review". */
  weights: Float32Array;
  bias: number;
  lengthNorm: boolean;
}

export interface TrainReport {
  rows: number;
  epochs: number;
  /** Mean log-loss over the last pass. */
  loss: number;
  seconds: number;
}

/** Naive-Bayes log-count ratios log((p/|p|)/(q/|q|)), p = smoothed negative counts, q = positive counts. */
export function nbRatios(data: Featurized, alpha: number): Float64Array {
  const dim = 1 << data.bits;
  const p = new Float64Array(dim).fill(alpha);
  const q = new Float64Array(dim).fill(alpha);
  let sp = alpha * dim;
  let sq = alpha * dim;
  for (let i = 0; i < data.negative.length; i++) {
    const t = data.negative[i] ? p : q;
    const len = data.ptr[i + 1]! - data.ptr[i]!;
    for (let k = data.ptr[i]!; k < data.ptr[i + 1]!; k++) t[data.idx[k]!]! += 1;
    if (data.negative[i]) sp += len;
    else sq += len;
  }
  const r = new Float64Array(dim);
  const lsp = Math.log(sp);
  const lsq = Math.log(sq);
  for (let j = 0; j < dim; j++) r[j] = Math.log(p[j]!) - lsp - (Math.log(q[j]!) - lsq);
  return r;
}

/** Small seeded PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fits the model on a featurized set. Deterministic: same data and config, same model. */
export function trainLinear(data: Featurized, cfg: TrainConfig = SENTIMENT_TRAINING): { model: LinearModel; report: TrainReport } {
  const t0 = performance.now();
  const dim = 1 << data.bits;
  const n = data.negative.length;
  const r = nbRatios(data, cfg.nbAlpha);
  const { ptr, idx, negative } = data;
  // score_i = b + s_i * sum_{j in row i} r_j w_j, logistic loss, Adagrad per-coordinate steps.
  const w = new Float64Array(dim);
  const G = new Float64Array(dim).fill(1e-8);
  let b = 0;
  let Gb = 1e-8;
  const random = seededRandom(cfg.seed);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  let loss = 0;
  for (let e = 0; e < cfg.epochs; e++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    loss = 0;
    for (let o = 0; o < n; o++) {
      const i = order[o]!;
      const lo = ptr[i]!;
      const hi = ptr[i + 1]!;
      let s = 0;
      for (let k = lo; k < hi; k++) {
        const j = idx[k]!;
        s += r[j]! * w[j]!;
      }
      const si = cfg.lengthNorm ? 1 / Math.sqrt(Math.max(1, hi - lo)) : 1;
      const y = negative[i] ? 1 : -1;
      const m = y * (b + si * s);
      loss += m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m));
      const g = -y / (1 + Math.exp(m));
      const gs = g * si;
      for (let k = lo; k < hi; k++) {
        const j = idx[k]!;
        const gj = gs * r[j]!;
        G[j]! += gj * gj;
        w[j]! -= (cfg.learningRate * gj) / Math.sqrt(G[j]!);
      }
      Gb += g * g;
      b -= (cfg.learningRate * g) / Math.sqrt(Gb);
    }
  }
  const weights = new Float32Array(dim);
  for (let j = 0; j < dim; j++) weights[j] = r[j]! * w[j]!;
  return {
    model: { weights, bias: b, lengthNorm: cfg.lengthNorm },
    report: { rows: n, epochs: cfg.epochs, loss: loss / Math.max(1, n), seconds: (performance.now() - t0) / 1000 },
  };
}

/** Score (log-odds of negative) of one sorted distinct feature-id list. */
export function scoreFeatures(model: LinearModel, feats: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < feats.length; k++) s += model.weights[feats[k]!]!;
  if (model.lengthNorm) s /= Math.sqrt(Math.max(1, feats.length));
  return model.bias + s;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Probability of negative for every row of a featurized set. */
export function predictFeaturized(model: LinearModel, data: Featurized): Float64Array {
  const out = new Float64Array(data.negative.length);
  for (let i = 0; i < out.length; i++) out[i] = sigmoid(scoreFeatures(model, data.idx.subarray(data.ptr[i]!, data.ptr[i + 1]!)));
  return out;
}

// ---- evaluation helpers ------------------------------------------------------------------------------------------

/**
 * Fold number per review for k-fold CV, stratified by category and label, with identical texts kept in one fold
 * (so a duplicated review is never both trained and tested on).
 */
export function stratifiedFolds(reviews: readonly LabelledReview[], k: number, seed: number): Int32Array {
  const random = seededRandom(seed);
  const groups = new Map<string, { stratum: string; rows: number[] }>();
  reviews.forEach((r, i) => {
    const key = r.text.trim();
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { stratum: `${r.category ?? ''}\u0000${r.negative ? 1 : 0}`, rows: [] }));
    g.rows.push(i);
  });
  const strata = new Map<string, number[][]>();
  for (const g of groups.values()) {
    let s = strata.get(g.stratum);
    if (!s) strata.set(g.stratum, (s = []));
    s.push(g.rows);
  }
  const fold = new Int32Array(reviews.length);
  let offset = 0;
  for (const key of [...strata.keys()].sort()) {
    const items = strata.get(key)!;
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    items.forEach((rows, i) => {
      for (const row of rows) fold[row] = (i + offset) % k;
    });
    offset += items.length;
  }
  return fold;
}

export interface ClassificationMetrics {
  n: number;
  accuracy: number;
  negPrecision: number;
  negRecall: number;
  negF1: number;
  posF1: number;
  macroF1: number;
}

export function classificationMetrics(negative: ArrayLike<number | boolean>, predictedNegative: ArrayLike<number | boolean>): ClassificationMetrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < negative.length; i++) {
    const a = !!negative[i];
    const p = !!predictedNegative[i];
    if (a && p) tp++;
    else if (!a && p) fp++;
    else if (a && !p) fn++;
    else tn++;
  }
  const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
  const negPrecision = tp / Math.max(1, tp + fp);
  const negRecall = tp / Math.max(1, tp + fn);
  const negF1 = f1(negPrecision, negRecall);
  const posF1 = f1(tn / Math.max(1, tn + fn), tn / Math.max(1, tn + fp));
  const n = negative.length;
  return { n, accuracy: (tp + tn) / Math.max(1, n), negPrecision, negRecall, negF1, posF1, macroF1: (negF1 + posF1) / 2 };
}
