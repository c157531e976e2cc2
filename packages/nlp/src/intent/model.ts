import { readFileSync } from 'node:fs';
import { intentFeatures } from './features.ts';

/** What a shopper's message is about. */
export const INTENTS = [
  'product',
  'size',
  'price',
  'order_status',
  'logistics',
  'return_refund',
  'exchange',
  'repair',
  'complaint',
  'invoice',
  'other',
] as const;
export type Intent = (typeof INTENTS)[number];

export type IntentSample = { text: string; intent: Intent };

export type IntentResult = { intent: Intent; probability: number };

export interface IntentClassifier {
  readonly version: string;
  /** The most likely intent and its probability (softmax over all intents). */
  classify(text: string): IntentResult;
  /** Every intent with its probability, most likely first. */
  rank(text: string): IntentResult[];
}

/** The JSON file a model is stored as (models/intent-vN.json). */
export type IntentModelFile = {
  format: 'kefu-intent-softmax';
  version: string;
  intents: Intent[];
  /** Model description: features, training set, hyper-parameters. */
  meta: Record<string, string | number>;
  bias: number[];
  /** Feature → one weight per intent (same order as `intents`). */
  weights: Record<string, number[]>;
};

export type TrainOptions = {
  version?: string;
  /** L2 penalty per sample. */
  l2?: number;
  epochs?: number;
  learningRate?: number;
  /** Features seen in fewer training messages are dropped. */
  minCount?: number;
  /** Decimal places kept in the stored weights. */
  precision?: number;
};

/** Reads a `text<TAB>intent` file; '#' lines and blank lines are skipped; unknown intents throw. */
export function readIntentTsv(path: string | URL): IntentSample[] {
  const out: IntentSample[] = [];
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  lines.forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return;
    const tab = line.lastIndexOf('\t');
    const text = line.slice(0, tab).trim();
    const intent = line.slice(tab + 1).trim();
    if (tab < 0 || !text || !(INTENTS as readonly string[]).includes(intent)) {
      throw new Error(`${String(path)}:${i + 1}: expected "text<TAB>intent", got ${JSON.stringify(line)}`);
    }
    out.push({ text, intent: intent as Intent });
  });
  return out;
}

/**
 * Multinomial logistic regression on binary features (intentFeatures), full-batch gradient descent with Adam
 * and an L2 penalty. Deterministic: the same samples give the same model.
 */
export function trainIntentModel(samples: readonly IntentSample[], options: TrainOptions = {}): IntentModelFile {
  const l2 = options.l2 ?? 1e-3;
  const epochs = options.epochs ?? 300;
  const lr = options.learningRate ?? 0.05;
  const minCount = options.minCount ?? 1;
  const precision = options.precision ?? 3;
  const K = INTENTS.length;

  const featureLists = samples.map((s) => intentFeatures(s.text));
  const counts = new Map<string, number>();
  for (const fs of featureLists) for (const f of fs) counts.set(f, (counts.get(f) ?? 0) + 1);
  const vocab = [...counts]
    .filter(([, c]) => c >= minCount)
    .map(([f]) => f)
    .sort();
  const index = new Map(vocab.map((f, i) => [f, i]));
  const X = featureLists.map((fs) => fs.map((f) => index.get(f)).filter((i): i is number => i !== undefined));
  const Y = samples.map((s) => INTENTS.indexOf(s.intent));
  const V = vocab.length;
  const N = samples.length;

  const W = new Float64Array(V * K);
  const B = new Float64Array(K);
  const gW = new Float64Array(V * K);
  const gB = new Float64Array(K);
  const mW = new Float64Array(V * K);
  const vW = new Float64Array(V * K);
  const mB = new Float64Array(K);
  const vB = new Float64Array(K);
  const beta1 = 0.9;
  const beta2 = 0.999;
  const eps = 1e-8;
  const p = new Float64Array(K);

  for (let epoch = 1; epoch <= epochs; epoch++) {
    gW.fill(0);
    gB.fill(0);
    for (let n = 0; n < N; n++) {
      const xs = X[n]!;
      forward(W, B, xs, K, p);
      p[Y[n]!] = p[Y[n]!]! - 1; // dLoss/dz = p - onehot
      for (let k = 0; k < K; k++) gB[k] = gB[k]! + p[k]! / N;
      for (const i of xs) {
        const row = i * K;
        for (let k = 0; k < K; k++) gW[row + k] = gW[row + k]! + p[k]! / N;
      }
    }
    for (let j = 0; j < V * K; j++) gW[j] = gW[j]! + l2 * W[j]!;
    const c1 = 1 - beta1 ** epoch;
    const c2 = 1 - beta2 ** epoch;
    for (let j = 0; j < V * K; j++) {
      mW[j] = beta1 * mW[j]! + (1 - beta1) * gW[j]!;
      vW[j] = beta2 * vW[j]! + (1 - beta2) * gW[j]! ** 2;
      W[j] = W[j]! - (lr * (mW[j]! / c1)) / (Math.sqrt(vW[j]! / c2) + eps);
    }
    for (let k = 0; k < K; k++) {
      mB[k] = beta1 * mB[k]! + (1 - beta1) * gB[k]!;
      vB[k] = beta2 * vB[k]! + (1 - beta2) * gB[k]! ** 2;
      B[k] = B[k]! - (lr * (mB[k]! / c1)) / (Math.sqrt(vB[k]! / c2) + eps);
    }
  }

  const round = (x: number) => Number(x.toFixed(precision));
  const weights: Record<string, number[]> = {};
  const tiny = 0.5 * 10 ** -precision;
  vocab.forEach((f, i) => {
    const row = Array.from(W.subarray(i * K, i * K + K), round);
    if (row.some((w) => Math.abs(w) > tiny)) weights[f] = row;
  });
  return {
    format: 'kefu-intent-softmax',
    version: options.version ?? 'intent-v1',
    intents: [...INTENTS],
    meta: {
      model: 'multinomial logistic regression (softmax), L2, full-batch Adam',
      features: 'jieba words + Chinese character bigrams + single characters, after normalizeQuestion and default synonyms; digits folded',
      trainingSamples: N,
      featuresKept: Object.keys(weights).length,
      l2,
      epochs,
      learningRate: lr,
      minCount,
    },
    bias: Array.from(B, round),
    weights,
  };
}

function forward(W: Float64Array, B: Float64Array, xs: readonly number[], K: number, out: Float64Array): void {
  for (let k = 0; k < K; k++) out[k] = B[k]!;
  for (const i of xs) {
    const row = i * K;
    for (let k = 0; k < K; k++) out[k] = out[k]! + W[row + k]!;
  }
  softmaxInPlace(out);
}

function softmaxInPlace(z: Float64Array): void {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    const e = Math.exp(z[k]! - max);
    z[k] = e;
    sum += e;
  }
  for (let k = 0; k < z.length; k++) z[k] = z[k]! / sum;
}

/** A classifier from a stored model. A message with no known feature is `other`. */
export function intentClassifier(model: IntentModelFile): IntentClassifier {
  if (model.format !== 'kefu-intent-softmax') throw new Error(`not an intent model: ${String(model.format)}`);
  const intents = model.intents;
  const K = intents.length;
  for (const i of intents) if (!(INTENTS as readonly string[]).includes(i)) throw new Error(`unknown intent in model: ${i}`);
  if (model.bias.length !== K) throw new Error('intent model: bias length does not match intents');
  const weights = new Map<string, Float64Array>();
  for (const [f, row] of Object.entries(model.weights)) {
    if (row.length !== K) throw new Error(`intent model: weights of ${f} do not match intents`);
    weights.set(f, Float64Array.from(row));
  }
  const bias = Float64Array.from(model.bias);
  const otherAt = intents.indexOf('other');

  const probabilities = (text: string): Float64Array | undefined => {
    const z = Float64Array.from(bias);
    let known = 0;
    for (const f of intentFeatures(text)) {
      const row = weights.get(f);
      if (!row) continue;
      known += 1;
      for (let k = 0; k < K; k++) z[k] = z[k]! + row[k]!;
    }
    if (known === 0) return undefined;
    softmaxInPlace(z);
    return z;
  };

  const rank = (text: string): IntentResult[] => {
    const p = probabilities(text);
    const scored = intents.map((intent, k) => ({ intent, probability: p ? p[k]! : k === otherAt ? 1 : 0 }));
    return scored.sort((a, b) => b.probability - a.probability);
  };

  return {
    version: model.version,
    classify(text: string): IntentResult {
      const p = probabilities(text);
      if (!p) return { intent: 'other', probability: 1 };
      let best = 0;
      for (let k = 1; k < K; k++) if (p[k]! > p[best]!) best = k;
      return { intent: intents[best]!, probability: p[best]! };
    },
    rank,
  };
}

/** Where the shipped model lives. */
export const INTENT_MODEL_URL = new URL('../../models/intent-v1.json', import.meta.url);

const loaded = new Map<string, IntentClassifier>();
/** Loads (once per path) a stored intent model; by default the shipped models/intent-v1.json. */
export function loadIntentModel(path: string | URL = INTENT_MODEL_URL): IntentClassifier {
  const key = String(path);
  let c = loaded.get(key);
  if (!c) {
    c = intentClassifier(JSON.parse(readFileSync(path, 'utf8')) as IntentModelFile);
    loaded.set(key, c);
  }
  return c;
}

export type IntentEvaluation = {
  accuracy: number;
  macroF1: number;
  perIntent: Record<Intent, { precision: number; recall: number; f1: number; support: number }>;
  confusion: Record<Intent, Partial<Record<Intent, number>>>;
};

/** Accuracy, per-intent precision/recall/F1 and the confusion counts of a classifier on labelled samples. */
export function evaluateIntents(classifier: Pick<IntentClassifier, 'classify'>, samples: readonly IntentSample[]): IntentEvaluation {
  const tp = new Map<Intent, number>();
  const predicted = new Map<Intent, number>();
  const actual = new Map<Intent, number>();
  const confusion = Object.fromEntries(INTENTS.map((i) => [i, {}])) as Record<Intent, Partial<Record<Intent, number>>>;
  let correct = 0;
  for (const s of samples) {
    const got = classifier.classify(s.text).intent;
    actual.set(s.intent, (actual.get(s.intent) ?? 0) + 1);
    predicted.set(got, (predicted.get(got) ?? 0) + 1);
    confusion[s.intent][got] = (confusion[s.intent][got] ?? 0) + 1;
    if (got === s.intent) {
      correct += 1;
      tp.set(got, (tp.get(got) ?? 0) + 1);
    }
  }
  const perIntent = {} as IntentEvaluation['perIntent'];
  let f1Sum = 0;
  for (const i of INTENTS) {
    const t = tp.get(i) ?? 0;
    const precision = t / (predicted.get(i) || 1);
    const recall = t / (actual.get(i) || 1);
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    perIntent[i] = { precision, recall, f1, support: actual.get(i) ?? 0 };
    f1Sum += f1;
  }
  return { accuracy: samples.length ? correct / samples.length : 0, macroF1: f1Sum / INTENTS.length, perIntent, confusion };
}
