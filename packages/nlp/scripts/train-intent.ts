// Trains the shopper-intent classifier from data/intents-train.tsv and writes models/intent-v1.json.
// Run: npx tsx packages/nlp/scripts/train-intent.ts   (also run by scripts/train.ts)
import { writeFileSync } from 'node:fs';
import { evaluateIntents, intentClassifier, readIntentTsv, trainIntentModel } from '../src/intent/index.ts';

const trainUrl = new URL('../data/intents-train.tsv', import.meta.url);
const testUrl = new URL('../data/intents-test.tsv', import.meta.url);
const outUrl = new URL('../models/intent-v1.json', import.meta.url);

const train = readIntentTsv(trainUrl);
const started = performance.now();
const model = trainIntentModel(train, { version: 'intent-v1' });
const seconds = (performance.now() - started) / 1000;
writeFileSync(outUrl, JSON.stringify(model) + '\n');

const test = readIntentTsv(testUrl);
const classifier = intentClassifier(model);
const onTrain = evaluateIntents(classifier, train);
const onTest = evaluateIntents(classifier, test);
console.log(
  `intent: trained on ${train.length} messages in ${seconds.toFixed(1)} s, ${Object.keys(model.weights).length} features → ` +
    `${outUrl.pathname}; accuracy train ${onTrain.accuracy.toFixed(3)}, test ${onTest.accuracy.toFixed(3)} (macro-F1 ${onTest.macroF1.toFixed(3)}, n=${test.length})`,
);
