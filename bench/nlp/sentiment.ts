// Review-sentiment benchmark: 5-fold stratified CV (seeded) of the shipped model's training and of a plain
// character-bigram Naive Bayes baseline on the same folds, leave-one-category-out accuracy, prediction latency,
// model file size and training time.
//
//   npx tsx bench/nlp/sentiment.ts
//   SENTIMENT_FOLDS=2 SENTIMENT_LOCO=0 npx tsx bench/nlp/sentiment.ts   # quicker: 2 of the 5 folds, no LOCO
//
// Single-threaded; about 5–8 minutes on one core with everything on.
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  SENTIMENT_MODEL_URL,
  SENTIMENT_FEATURES,
  SENTIMENT_TRAINING,
  crossValidate,
  featurizeReviews,
  leaveOneCategoryOut,
  loadReviews,
  loadSentimentModel,
  negativeEmotion,
  sentimentClassifier,
  type ReviewClassifier,
  type CrossValidation,
  type ClassificationMetrics,
  type LabelledReview,
} from '../../packages/nlp/src/sentiment/index.ts';

const foldsRun = Math.max(1, Math.min(5, Number(process.env.SENTIMENT_FOLDS ?? 5)));
const runLoco = process.env.SENTIMENT_LOCO !== '0';
const seed = Number(process.env.SENTIMENT_SEED ?? 42);

/** Plain multinomial Naive Bayes over character bigrams (exact vocabulary, Laplace smoothing). */
function bigramNaiveBayes(reviews: readonly LabelledReview[]): ReviewClassifier {
  const grams = reviews.map((r) => {
    const cps = Array.from(r.text.toLowerCase());
    const out: string[] = [];
    for (let i = 0; i + 1 < cps.length; i++) out.push(cps[i]! + cps[i + 1]!);
    return out;
  });
  return (train, test) => {
    const counts = new Map<string, [number, number]>();
    const total = [0, 0];
    const docs = [0, 0];
    for (const i of train) {
      const c = reviews[i]!.negative ? 0 : 1;
      docs[c]!++;
      for (const g of grams[i]!) {
        let e = counts.get(g);
        if (!e) counts.set(g, (e = [0, 0]));
        e[c]++;
        total[c]!++;
      }
    }
    const v = counts.size;
    const prior = Math.log(docs[0]! / docs[1]!);
    const den = [Math.log(total[0]! + v), Math.log(total[1]! + v)];
    return test.map((i) => {
      let z = prior;
      for (const g of grams[i]!) {
        const e = counts.get(g);
        if (e) z += Math.log(e[0] + 1) - den[0]! - (Math.log(e[1] + 1) - den[1]!);
      }
      return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    });
  };
}

const pct = (x: number) => (100 * x).toFixed(2).padStart(6);
const row = (name: string, m: ClassificationMetrics) =>
  `  ${name.padEnd(26)} acc ${pct(m.accuracy)}  neg P ${pct(m.negPrecision)}  neg R ${pct(m.negRecall)}  macro-F1 ${pct(m.macroF1)}`;

console.log('# Review sentiment (packages/nlp/src/sentiment)');
const t0 = performance.now();
const reviews = loadReviews();
const tf = performance.now();
const data = featurizeReviews(reviews, SENTIMENT_FEATURES);
const featurizeSeconds = (performance.now() - tf) / 1000;
const cats = [...new Set(reviews.map((r) => r.category ?? ''))].sort();
console.log(
  `data: ${reviews.length} reviews, ${reviews.filter((r) => r.negative).length} negative, ${cats.length} categories; ` +
    `featurized in ${featurizeSeconds.toFixed(1)} s (${(data.idx.length / reviews.length).toFixed(0)} features/review)`,
);
console.log(`model settings: ${JSON.stringify(SENTIMENT_FEATURES)} ${JSON.stringify(SENTIMENT_TRAINING)}`);

const ours = sentimentClassifier(data);
const baseline = bigramNaiveBayes(reviews);

console.log(
  `\n## ${foldsRun === 5 ? '' : `${foldsRun} of `}5-fold stratified CV (seed ${seed}; category × label strata, duplicates kept in one fold)`,
);
const cvOurs: CrossValidation = crossValidate(reviews, ours, { folds: 5, seed, foldsRun });
const cvBase: CrossValidation = crossValidate(reviews, baseline, { folds: 5, seed, foldsRun });
console.log(row('NB-weighted LR (shipped)', cvOurs.pooled));
console.log(row('char-bigram NB baseline', cvBase.pooled));
console.log(`  per-fold accuracy, ours:     ${cvOurs.perFold.map((m) => pct(m.accuracy)).join(' ')}`);
console.log(`  per-fold accuracy, baseline: ${cvBase.perFold.map((m) => pct(m.accuracy)).join(' ')}`);
console.log(
  `  training + prediction per fold (${Math.round((reviews.length * 4) / 5)} training reviews): ours ${cvOurs.secondsPerFold.toFixed(1)} s, baseline ${cvBase.secondsPerFold.toFixed(1)} s`,
);

if (runLoco) {
  console.log('\n## Leave-one-category-out (train on the other 9 categories, test on this one): accuracy');
  const lo = leaveOneCategoryOut(reviews, ours);
  const lb = leaveOneCategoryOut(reviews, baseline);
  console.log(`  ${'类别'.padEnd(4, '\u3000')} ${'n'.padStart(6)}    ours  baseline`);
  lo.categories.forEach((c, i) => {
    console.log(
      `  ${c.category.padEnd(4, '\u3000')} ${String(c.n).padStart(6)}  ${pct(c.metrics.accuracy)}  ${pct(lb.categories[i]!.metrics.accuracy)}`,
    );
  });
  console.log(
    `  ${'pooled'.padEnd(15)}  ${pct(lo.pooled.accuracy)}  ${pct(lb.pooled.accuracy)}   (unweighted mean over categories ${pct(lo.meanAccuracy)} / ${pct(lb.meanAccuracy)})`,
  );
}

console.log('\n## Shipped model file');
const modelPath = fileURLToPath(SENTIMENT_MODEL_URL);
const tl = performance.now();
const model = loadSentimentModel(modelPath);
const loadMs = performance.now() - tl;
const fig = model.header.figures ?? {};
console.log(
  `  ${modelPath.replace(/.*\/packages\//, 'packages/')}: ${(statSync(modelPath).size / 1024).toFixed(0)} KiB, version ${model.version}, loads in ${loadMs.toFixed(0)} ms`,
);
console.log(
  `  trained ${model.header.createdAt} on ${String(fig.trainRows)} reviews in ${String(fig.trainSeconds)} s (recorded CV: ${JSON.stringify(fig.cv ?? null)})`,
);

// Latency of predict() on real reviews (normalization + segmentation + scoring), after a warm-up.
const sample = reviews.filter((_, i) => i % 17 === 0);
for (const r of sample.slice(0, 300)) model.predict(r.text);
const times: number[] = [];
for (const r of sample) {
  const t = performance.now();
  model.predict(r.text);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
console.log(
  `  predict() latency over ${times.length} reviews (mean ${(reviews.reduce((s, r) => s + r.text.length, 0) / reviews.length).toFixed(0)} chars): p50 ${(q(0.5) * 1000).toFixed(0)} µs, p99 ${(q(0.99) * 1000).toFixed(0)} µs, max ${(times.at(-1)! * 1000).toFixed(0)} µs`,
);
const emo: number[] = [];
for (const r of sample) {
  const t = performance.now();
  negativeEmotion(r.text, model);
  emo.push(performance.now() - t);
}
emo.sort((a, b) => a - b);
console.log(
  `  negativeEmotion() latency over the same reviews: p50 ${(emo[Math.floor(emo.length / 2)]! * 1000).toFixed(0)} µs, p99 ${(emo[Math.floor(emo.length * 0.99)]! * 1000).toFixed(0)} µs`,
);
console.log(`sentiment bench: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
export {};
