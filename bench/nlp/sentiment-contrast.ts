// Review sentiment on what the shipped model never saw (issue 15): mixed reviews with 但是/不过/就是… and
// food-delivery reviews (a shop kind absent from its training data), scored as a whole ("before") and with the
// clause after the contrast dominating ("after", the shipped scoring).
//
//   npx tsx bench/nlp/sentiment-contrast.ts       (also run by bench/nlp/run.ts)
import { readFileSync } from 'node:fs';
import { defaultSentimentModel, normalizeText, sentimentFeatureIds } from '../../packages/nlp/src/sentiment/index.ts';

const model = defaultSentimentModel();
const whole = (text: string) => {
  const feats = sentimentFeatureIds(normalizeText(text), model.header.features);
  let s = 0;
  for (const f of feats) s += model.linear.weights[f]!;
  if (model.linear.lengthNorm) s /= Math.sqrt(Math.max(1, feats.length));
  return feats.length === 0 ? 0 : model.linear.bias + s;
};
const rows = readFileSync(new URL('../../packages/nlp/data/reviews-extra.tsv', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => l.split('\t'))
  .map(([text, negative, set]) => ({ text: text!, negative: negative === '1', set: set! }));
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
console.log('# Review sentiment on unseen text (packages/nlp/data/reviews-extra.tsv)');
for (const set of ['mixed', 'food']) {
  const rs = rows.filter((r) => r.set === set);
  const before = rs.filter((r) => whole(r.text) > 0 === r.negative).length / rs.length;
  const after = rs.filter((r) => (model.predict(r.text).label === 'negative') === r.negative).length / rs.length;
  const contrast = rs.filter((r) => /但|不过|就是|可是|只是/.test(r.text));
  console.log(`  ${set.padEnd(6)} n=${rs.length} (${contrast.length} with a contrast): accuracy before ${pct(before)}  after ${pct(after)}`);
}
const times: number[] = [];
for (const r of rows) model.predict(r.text);
for (const r of rows) {
  const t0 = performance.now();
  model.predict(r.text);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
console.log(`  predict() p99 ${(times[Math.floor(times.length * 0.99)]! * 1000).toFixed(0)} µs`);
