// The shipped sentiment model: a gzip'd binary file with a JSON header and int16-quantized weights.
import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { SENTIMENT_FEATURES, featurize, type FeatureConfig } from './features.ts';
import { normalizeText } from './normalize.ts';
import {
  SENTIMENT_TRAINING,
  featurizeReviews,
  scoreFeatures,
  sigmoid,
  trainLinear,
  type Featurized,
  type LinearModel,
  type LabelledReview,
  type TrainConfig,
  type TrainReport,
} from './train.ts';

export const SENTIMENT_MODEL_FORMAT = 'kefu-sentiment';
export const SENTIMENT_MODEL_VERSION = 1;
export const SENTIMENT_MODEL_URL = new URL('../../models/sentiment-v1.bin', import.meta.url);

const MAGIC = 0x4d53464b; // "KFSM" little-endian

export interface SentimentPrediction {
  label: 'positive' | 'negative';
  /** Probability that the text is negative, 0..1. */
  probability: number;
}

export interface SentimentModelHeader {
  format: typeof SENTIMENT_MODEL_FORMAT;
  version: number;
  createdAt: string;
  features: FeatureConfig;
  train: TrainConfig;
  bias: number;
  lengthNorm: boolean;
  /** Weights are stored as int16 q, weight = q * scale. */
  quantization: { type: 'int16'; scale: number };
  /** Where the model came from and how well it did when it was trained. */
  data?: { file: string; rows: number; negative: number; categories: string[] };
  figures?: Record<string, unknown>;
}

export class SentimentModel {
  readonly header: SentimentModelHeader;
  readonly linear: LinearModel;

  constructor(header: SentimentModelHeader, linear: LinearModel) {
    this.header = header;
    this.linear = linear;
  }

  get version(): number {
    return this.header.version;
  }

  /** Log-odds that the text is negative (0, "no idea", for an empty or featureless text). */
  score(text: unknown): number {
    return this.scoreNormalized(normalizeText(text));
  }

  /** As `score`, for a text already passed through normalizeText. */
  scoreNormalized(normalized: string): number {
    const whole = this.linearScore(normalized);
    // Praise, then 但是/不过/就是… and the real complaint: the clause after the last contrast decides.
    const tail = afterContrast(normalized);
    if (tail === null) return whole;
    const after = this.linearScore(tail);
    return CONTRAST_WEIGHT * after + (1 - CONTRAST_WEIGHT) * whole;
  }

  private linearScore(text: string): number {
    const feats = featurize(text, this.header.features);
    return feats.length === 0 ? 0 : scoreFeatures(this.linear, feats);
  }

  /** Sentiment of a review; `probability` is that of "negative". Never throws; non-strings read as "". */
  predict(text: unknown): SentimentPrediction {
    return toPrediction(this.score(text));
  }

  predictNormalized(normalized: string): SentimentPrediction {
    return toPrediction(this.scoreNormalized(normalized));
  }
}

/** Share of the score taken from the clause after a contrast. */
const CONTRAST_WEIGHT = 0.7;
// 但/但是/可是/不过/然而 anywhere; 就是/只是/只不过 only at a clause start (else "就是我想要的" would count).
const CONTRAST = /(?:但是|但|可是|不过|然而|[,，;；。.!！~\s](?:就是|只是|只不过|唯一(?:的)?(?:缺点|不足)是?))/g;

/**
 * Longest text (characters) whose contrast decides: in long reviews "很好，就是有点贵" style gripes rarely turn the
 * verdict (on held-out reviews a longer gate cost more accuracy than it won; bench/nlp/sentiment-contrast.ts).
 */
const CONTRAST_MAX_CHARS = 40;

/** The text after the last contrast word, when something of weight (4+ characters) comes before and after it. */
export function afterContrast(text: string): string | null {
  if (text.length > CONTRAST_MAX_CHARS * 2 || Array.from(text).length > CONTRAST_MAX_CHARS) return null;
  let at = -1;
  let len = 0;
  for (const m of text.matchAll(CONTRAST)) {
    at = m.index;
    len = m[0].length;
  }
  if (at < 4) return null;
  const tail = text.slice(at + len).trim();
  return tail.length >= 2 ? tail : null;
}

type HeaderInput = Omit<SentimentModelHeader, 'format' | 'version' | 'bias' | 'lengthNorm' | 'quantization'>;

function toPrediction(z: number): SentimentPrediction {
  const probability = sigmoid(z);
  return { label: probability > 0.5 ? 'negative' : 'positive', probability };
}

/** Quantizes and serializes a trained model. */
export function encodeSentimentModel(linear: LinearModel, header: HeaderInput): Buffer {
  let max = 0;
  for (let j = 0; j < linear.weights.length; j++) max = Math.max(max, Math.abs(linear.weights[j]!));
  const scale = max > 0 ? max / 32767 : 1;
  const q = new Int16Array(linear.weights.length);
  for (let j = 0; j < q.length; j++) q[j] = Math.round(linear.weights[j]! / scale);
  const full: SentimentModelHeader = {
    format: SENTIMENT_MODEL_FORMAT,
    version: SENTIMENT_MODEL_VERSION,
    ...header,
    bias: linear.bias,
    lengthNorm: linear.lengthNorm,
    quantization: { type: 'int16', scale },
  };
  const json = Buffer.from(JSON.stringify(full), 'utf8');
  const pad = (4 - ((8 + json.length) % 4)) % 4;
  const head = Buffer.alloc(8);
  head.writeUInt32LE(MAGIC, 0);
  head.writeUInt32LE(json.length + pad, 4);
  const body = Buffer.from(q.buffer, q.byteOffset, q.byteLength);
  return gzipSync(Buffer.concat([head, json, Buffer.alloc(pad, 0x20), body]), { level: 9 });
}

export function decodeSentimentModel(file: Uint8Array): SentimentModel {
  const raw = gunzipSync(file);
  if (raw.length < 8 || raw.readUInt32LE(0) !== MAGIC) throw new Error('not a kefu sentiment model file');
  const jsonLen = raw.readUInt32LE(4);
  const header = JSON.parse(raw.subarray(8, 8 + jsonLen).toString('utf8')) as SentimentModelHeader;
  if (header.format !== SENTIMENT_MODEL_FORMAT) throw new Error(`unknown model format ${String(header.format)}`);
  if (header.version !== SENTIMENT_MODEL_VERSION)
    throw new Error(`sentiment model version ${header.version} is not supported (need ${SENTIMENT_MODEL_VERSION})`);
  const dim = 1 << header.features.bits;
  const start = 8 + jsonLen;
  if (raw.length - start !== dim * 2) throw new Error(`sentiment model has ${raw.length - start} weight bytes, expected ${dim * 2}`);
  const weights = new Float32Array(dim);
  const scale = header.quantization.scale;
  for (let j = 0; j < dim; j++) weights[j] = raw.readInt16LE(start + 2 * j) * scale;
  return new SentimentModel(header, { weights, bias: header.bias, lengthNorm: header.lengthNorm });
}

export interface SentimentFit {
  /** The model exactly as it would be shipped (weights quantized and read back). */
  model: SentimentModel;
  /** The model file's bytes. */
  bytes: Buffer;
  report: TrainReport;
}

/**
 * Trains on an already featurized set (featurized with `features`) and returns the model as it would ship.
 * The benchmark's cross-validation and the training script both go through here.
 */
export function fitSentimentModel(
  data: Featurized,
  options: { features?: FeatureConfig; training?: TrainConfig; header?: Partial<HeaderInput> } = {},
): SentimentFit {
  const features = options.features ?? SENTIMENT_FEATURES;
  const training = options.training ?? SENTIMENT_TRAINING;
  if (data.bits !== features.bits) throw new Error('featurized with other settings');
  const { model: linear, report } = trainLinear(data, training);
  const bytes = encodeSentimentModel(linear, { createdAt: new Date().toISOString(), ...options.header, features, train: training });
  return { model: decodeSentimentModel(bytes), bytes, report };
}

/** Featurizes and trains on labelled reviews. */
export function trainSentimentModel(
  reviews: readonly LabelledReview[],
  options: { features?: FeatureConfig; training?: TrainConfig; header?: Partial<HeaderInput> } = {},
): SentimentFit {
  return fitSentimentModel(featurizeReviews(reviews, options.features ?? SENTIMENT_FEATURES), options);
}

/**
 * Loads a model file (by default the one shipped in packages/nlp/models). Synchronous, so the server can load it
 * once at start; ~10 ms.
 */
export function loadSentimentModel(path: string | URL = SENTIMENT_MODEL_URL): SentimentModel {
  return decodeSentimentModel(readFileSync(path));
}

let shipped: SentimentModel | undefined;
/** The shipped model, loaded on first use and kept. */
export function defaultSentimentModel(): SentimentModel {
  shipped ??= loadSentimentModel();
  return shipped;
}
