import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  INTENTS,
  evaluateIntents,
  intentClassifier,
  loadIntentModel,
  readIntentTsv,
  trainIntentModel,
  type IntentModelFile,
  type IntentSample,
} from '../src/matcher/index.ts';

const model = loadIntentModel();

describe('shipped intent model', () => {
  it('loads and has every intent', () => {
    const file = JSON.parse(readFileSync(new URL('../models/intent-v1.json', import.meta.url), 'utf8')) as IntentModelFile;
    expect(file.intents).toEqual([...INTENTS]);
    expect(model.version).toBe('intent-v1');
  });

  const messages: [string, string][] = [
    ['我的快递到底到哪了 三天没动了', 'logistics'],
    ['发票怎么开 公司报销用', 'invoice'],
    ['衣服大了 想换小一码', 'exchange'],
    ['退款什么时候能到我账上', 'return_refund'],
    ['睡袍的拉链坏了能修吗', 'repair'],
    ['你们服务太差了 我要投诉', 'complaint'],
    ['我163 105斤穿什么码', 'size'],
    ['有没有优惠券 能便宜点吗', 'price'],
    ['这个面料起球吗', 'product'],
    ['订单怎么还没发货 帮我查下', 'order_status'],
    ['你好 在吗', 'other'],
  ];
  it.each(messages)('%s → %s', (text, intent) => {
    const r = model.classify(text);
    expect(r.intent).toBe(intent);
    expect(r.probability).toBeGreaterThan(1 / INTENTS.length);
    expect(r.probability).toBeLessThanOrEqual(1);
  });

  it('ranks every intent with probabilities summing to 1', () => {
    const ranked = model.rank('退货运费谁出');
    expect(ranked.map((r) => r.intent).sort()).toEqual([...INTENTS].sort());
    expect(ranked.reduce((s, r) => s + r.probability, 0)).toBeCloseTo(1, 9);
    expect(ranked[0]!.intent).toBe('return_refund');
  });

  it('calls empty, emoji-only or unknown input `other` without throwing', () => {
    for (const text of ['', '😀😀', '&&&', 'zzzxq']) expect(model.classify(text).intent).toBe('other');
    expect(() => model.classify('退款'.repeat(100_000))).not.toThrow();
  });

  it('handles traditional characters and typos like the simplified spelling', () => {
    expect(model.classify('發票怎麼開').intent).toBe('invoice');
    expect(model.classify('优惠劵在哪领').intent).toBe('price');
  });

  it('is the model the training data gives (retrain with scripts/train-intent.ts after editing the data)', () => {
    const train = readIntentTsv(new URL('../data/intents-train.tsv', import.meta.url));
    const retrained = intentClassifier(trainIntentModel(train, { version: 'intent-v1' }));
    const test = readIntentTsv(new URL('../data/intents-test.tsv', import.meta.url));
    expect(test.map((s) => retrained.classify(s.text).intent)).toEqual(test.map((s) => model.classify(s.text).intent));
  });
});

describe('intent data and training', () => {
  const train = readIntentTsv(new URL('../data/intents-train.tsv', import.meta.url));
  const test = readIntentTsv(new URL('../data/intents-test.tsv', import.meta.url));

  it('has 40+ training messages per intent and a disjoint test set', () => {
    for (const intent of INTENTS) expect(train.filter((s) => s.intent === intent).length, intent).toBeGreaterThanOrEqual(40);
    const trainTexts = new Set(train.map((s) => s.text));
    expect(test.filter((s) => trainTexts.has(s.text))).toEqual([]);
  });

  it('learns a tiny data set and reports per-intent F1', () => {
    const samples: IntentSample[] = [
      { text: '快递到哪了', intent: 'logistics' },
      { text: '物流不动了', intent: 'logistics' },
      { text: '开发票', intent: 'invoice' },
      { text: '发票抬头', intent: 'invoice' },
    ];
    const c = intentClassifier(trainIntentModel(samples, { epochs: 100 }));
    expect(c.classify('我的快递呢').intent).toBe('logistics');
    expect(c.classify('要发票').intent).toBe('invoice');
    const ev = evaluateIntents(c, samples);
    expect(ev.accuracy).toBe(1);
    expect(ev.perIntent.invoice.f1).toBe(1);
    expect(ev.perIntent.logistics.support).toBe(2);
  });

  it('rejects a malformed data line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kefu-intent-'));
    const bad = join(dir, 'bad.tsv');
    writeFileSync(bad, '# comment\n退款\treturn_refund\n退款\tnot_an_intent\n');
    try {
      expect(() => readIntentTsv(bad)).toThrow(/bad\.tsv:3: expected/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('scores well on the held-out test set', () => {
    expect(evaluateIntents(model, test).accuracy).toBeGreaterThan(0.8);
  });
});
