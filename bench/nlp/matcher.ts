/**
 * FAQ matcher and intent classifier benchmark for @kefu/nlp.
 *
 *   npx tsx bench/nlp/matcher.ts        (also run by bench/nlp/run.ts)
 *
 * 1. Accuracy of the matcher over the demo knowledge (packages/nlp/data/faq-demo.json) on the paraphrased
 *    shopper questions of faq-eval.tsv: top-1/top-3 (questions labelled `none` left out), and how often an
 *    out-of-domain (`none`) question gets a confident answer at the default threshold.
 * 2. The shipped intent model (models/intent-v1.json) on intents-test.tsv: accuracy and per-intent F1.
 * 3. Scale: the demo entries plus ~9,900 generated product-specific entries (product names × attributes),
 *    10,000 in all: index build time and memory, match latency p50/p99 per message, and the accuracy again.
 *
 *   npx tsx bench/nlp/matcher.ts --calibrate
 *
 * also refits the matcher's confidence calibration (DEFAULT_MATCHER_TUNING.calibration) the way its constants were
 * set: logistic regression on leave-one-phrasing-out queries over faq-demo.json (each phrasing asked with
 * itself removed from its entry) plus the out-of-domain questions of data/ood-dev.txt — never faq-eval.tsv.
 */
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import {
  DEFAULT_CONFIDENCE_THRESHOLD,
  DEFAULT_MATCHER_TUNING,
  INTENTS,
  Matcher,
  evaluateIntents,
  loadDemoFaq,
  loadIntentModel,
  readIntentTsv,
  type FaqEntry,
  type MatchFeatures,
} from '../../packages/nlp/src/matcher/index.ts';
import { seededRandom } from '../../packages/nlp/src/sentiment/index.ts';

const DATA = new URL('../../packages/nlp/data/', import.meta.url);
const TOTAL_ENTRIES = 10_000;
const LATENCY_ROUNDS = 5;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

type EvalRow = { question: string; expected: string };
function readEval(): EvalRow[] {
  return readFileSync(new URL('faq-eval.tsv', DATA), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      const tab = l.lastIndexOf('\t');
      return { question: l.slice(0, tab), expected: l.slice(tab + 1).trim() };
    });
}

type Accuracy = { n: number; top1: number; top3: number; confidentCorrect: number; confidentWrong: number; noneN: number; noneConfident: number };
function accuracy(matcher: Matcher, rows: EvalRow[]): Accuracy {
  let n = 0,
    top1 = 0,
    top3 = 0,
    confidentCorrect = 0,
    confidentWrong = 0,
    noneN = 0,
    noneConfident = 0;
  for (const { question, expected } of rows) {
    const results = matcher.match(question, { limit: 3 });
    const first = results[0];
    const confident = first !== undefined && first.confidence >= DEFAULT_CONFIDENCE_THRESHOLD;
    if (expected === 'none') {
      noneN++;
      if (confident) noneConfident++;
      continue;
    }
    n++;
    if (String(first?.entry.id) === expected) top1++;
    if (results.some((r) => String(r.entry.id) === expected)) top3++;
    if (confident) {
      if (String(first.entry.id) === expected) confidentCorrect++;
      else confidentWrong++;
    }
  }
  return {
    n,
    top1: top1 / n,
    top3: top3 / n,
    confidentCorrect: confidentCorrect / n,
    confidentWrong: confidentWrong / n,
    noneN,
    noneConfident: noneConfident / noneN,
  };
}

function printAccuracy(label: string, a: Accuracy): void {
  console.log(
    `  ${label}: top-1 ${a.top1.toFixed(3)}, top-3 ${a.top3.toFixed(3)} (n=${a.n}); ` +
      `confident (≥${DEFAULT_CONFIDENCE_THRESHOLD}) and right ${a.confidentCorrect.toFixed(3)}, confident and wrong ${a.confidentWrong.toFixed(3)}; ` +
      `out-of-domain answered confidently ${a.noneConfident.toFixed(3)} (n=${a.noneN})`,
  );
}

// ---- generated product knowledge -------------------------------------------------------------------------

const SERIES = ['暖橙', '云朵', '晨光', '森屿', '初雪', '柚子', '栀子', '小熊', '格调', '月白', '禾风'];
const MATERIALS = [
  '纯棉',
  '莫代尔',
  '珊瑚绒',
  '法兰绒',
  '真丝',
  '冰丝',
  '竹纤维',
  '牛奶丝',
  '夹棉',
  '华夫格',
  '天丝',
  '针织棉',
  '双层纱',
  '水洗棉',
  '长绒棉',
];
const STYLES = ['长袖', '短袖', '七分袖', '吊带', '开衫', '套头', '翻领', '圆领', '连帽', '加厚', '薄款', '宽松'];
const KINDS = ['睡衣套装', '睡裙', '睡袍', '家居服', '情侣睡衣', '儿童睡衣', '月子服', '家居裤', '四件套', '被套', '床笠', '枕套', '空调被', '浴袍'];

const ATTRIBUTES: { q: string; alts: string[]; a: string }[] = [
  { q: '{p}是什么面料', alts: ['{p}的材质是什么', '{p}成分含量'], a: '{p}采用{m}面料，成分与工艺见详情页。' },
  { q: '{p}会起球吗', alts: ['{p}穿久了起不起球'], a: '{p}的{m}面料经过抗起球处理，正常穿着不易起球。' },
  { q: '{p}会缩水吗', alts: ['{p}洗了会变小吗', '{p}缩水率多少'], a: '{p}已做预缩处理，冷水洗涤缩水率在3%以内。' },
  { q: '{p}会掉色吗', alts: ['{p}深色款褪色吗'], a: '{p}色牢度3-4级，首次洗涤建议单独冷水洗。' },
  { q: '{p}有哪些颜色', alts: ['{p}有几个颜色', '{p}什么颜色好看'], a: '{p}目前有{c}等颜色，以页面可选为准。' },
  { q: '{p}有哪些尺码', alts: ['{p}尺码范围', '{p}最大什么码'], a: '{p}有S到3XL，{c}色部分尺码可能缺货。' },
  { q: '{p}厚不厚', alts: ['{p}是薄款还是厚款', '{p}适合什么季节'], a: '{p}为{s}款，适合{season}穿着。' },
  { q: '{p}可以机洗吗', alts: ['{p}怎么洗', '{p}洗涤方式'], a: '{p}可以机洗，建议装洗衣袋、轻柔模式、30℃以下。' },
  { q: '{p}有口袋吗', alts: ['{p}带不带兜'], a: '{p}上衣有贴袋，裤子有侧袋。' },
  { q: '{p}是套装吗', alts: ['{p}包含哪些', '{p}是一件还是一套'], a: '{p}包含上衣和裤子各一件。' },
  { q: '{p}透气吗', alts: ['{p}夏天穿热不热'], a: '{p}的{m}面料透气吸汗。' },
  { q: '{p}保暖吗', alts: ['{p}冬天穿冷不冷'], a: '{p}保暖性适中，{season}穿着合适。' },
  { q: '{p}有现货吗', alts: ['{p}还有货吗', '{p}什么时候补货'], a: '{p}页面可选的颜色尺码均有现货。' },
  { q: '{p}什么时候发货', alts: ['{p}多久能发'], a: '{p}下午4点前付款当天发货。' },
  { q: '{p}多少钱', alts: ['{p}价格', '{p}有优惠吗'], a: '{p}日常价{price}元，活动价以页面为准。' },
  { q: '{p}孕妇能穿吗', alts: ['{p}适合孕期吗'], a: '{p}版型宽松，孕期可以穿，建议大一码。' },
  { q: '{p}偏大还是偏小', alts: ['{p}尺码准吗', '{p}要拍大一码吗'], a: '{p}为标准码，按平时尺码拍即可。' },
  { q: '{p}领口大吗', alts: ['{p}领口会不会太低'], a: '{p}为{s}设计，领口适中不走光。' },
  { q: '{p}裤长多少', alts: ['{p}裤子多长'], a: '{p}裤长L码约98cm，详见尺码表。' },
  { q: '{p}有异味吗', alts: ['{p}有没有甲醛'], a: '{p}通过A类检测，拆包后通风即可散味。' },
  { q: '{p}掉毛吗', alts: ['{p}粘不粘毛'], a: '{p}首次洗涤可能有少量浮毛，属正常现象。' },
  { q: '{p}会起静电吗', alts: ['{p}冬天有静电吗'], a: '{p}加柔顺剂洗涤可减少静电。' },
  { q: '{p}有赠品吗', alts: ['买{p}送什么'], a: '活动期间购买{p}赠送收纳袋一个。' },
  { q: '{p}支持七天无理由吗', alts: ['{p}能退换吗'], a: '{p}支持七天无理由退换，吊牌需完好。' },
  { q: '{p}是纯棉的吗', alts: ['{p}含棉量'], a: '{p}为{m}，成分见水洗标。' },
  { q: '{p}能熨烫吗', alts: ['{p}皱了怎么办'], a: '{p}可中低温熨烫。' },
  { q: '{p}有大码吗', alts: ['{p}胖的能穿吗'], a: '{p}最大到4XL，适合180斤以内。' },
  { q: '{p}有礼盒装吗', alts: ['{p}送人能包装吗'], a: '{p}可加购礼盒。' },
  { q: '{p}和{p2}有什么区别', alts: ['{p}和{p2}哪个好'], a: '{p}为{m}面料，{p2}面料不同，详见两款详情页对比。' },
  { q: '{p}适合多大年纪', alts: ['{p}适合老人穿吗'], a: '{p}款式简约，各年龄段都适合。' },
];
const COLORS = ['藕粉', '雾蓝', '燕麦', '奶白', '浅灰', '墨绿', '酒红', '杏色', '藏青', '樱花粉'];
const SEASONS = ['春秋', '夏季', '冬季', '四季'];

function generatedEntries(count: number): FaqEntry[] {
  const rand = seededRandom(20240607);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const products: { id: number; name: string; material: string; style: string }[] = [];
  const names = new Set<string>();
  const needed = Math.ceil(count / ATTRIBUTES.length);
  while (products.length < needed) {
    const material = pick(MATERIALS);
    const style = pick(STYLES);
    const name = `${pick(SERIES)}${material}${style}${pick(KINDS)}`;
    if (names.has(name)) continue;
    names.add(name);
    products.push({ id: 5000 + products.length, name, material, style });
  }
  const out: FaqEntry[] = [];
  for (const p of products) {
    for (const [ai, attr] of ATTRIBUTES.entries()) {
      if (out.length >= count) return out;
      const other = pick(products).name;
      const fill = (s: string) =>
        s
          .replaceAll('{p2}', other)
          .replaceAll('{p}', p.name)
          .replaceAll('{m}', p.material)
          .replaceAll('{s}', p.style)
          .replaceAll('{c}', pick(COLORS))
          .replaceAll('{season}', pick(SEASONS))
          .replaceAll('{price}', String(79 + Math.floor(rand() * 300)));
      out.push({
        id: `gen-${p.id}-${ai}`,
        question: fill(attr.q),
        alternatives: attr.alts.map(fill),
        answer: fill(attr.a),
        category: '商品咨询',
        productIds: [p.id],
      });
    }
  }
  return out;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

// ---- run --------------------------------------------------------------------------------------------------

const faq = loadDemoFaq();
const evalRows = readEval();
console.log(`FAQ matcher — ${faq.length} demo entries, ${evalRows.length} evaluation questions`);

const demo = new Matcher(faq);
printAccuracy('demo knowledge', accuracy(demo, evalRows));

const intentTest = readIntentTsv(new URL('intents-test.tsv', DATA));
const intentModel = loadIntentModel();
const ev = evaluateIntents(intentModel, intentTest);
console.log(
  `Intent classifier (${intentModel.version}) on intents-test.tsv (n=${intentTest.length}): accuracy ${ev.accuracy.toFixed(3)}, macro-F1 ${ev.macroF1.toFixed(3)}`,
);
console.log('  ' + INTENTS.map((i) => `${i} ${ev.perIntent[i].f1.toFixed(2)}`).join(', '));

const generated = generatedEntries(TOTAL_ENTRIES - faq.length);
const all = [...faq, ...generated];
gc();
const heapBefore = process.memoryUsage().heapUsed;
const buildStart = performance.now();
const big = new Matcher(all);
const buildMs = performance.now() - buildStart;
gc();
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
const stats = big.stats();
console.log(
  `Scale: ${stats.entries} entries (${stats.phrasings} phrasings, ${stats.words} words, ${stats.grams} grams): ` +
    `index built in ${(buildMs / 1000).toFixed(2)} s, ${heapMb.toFixed(1)} MB heap`,
);
printAccuracy('10k entries, no product context', accuracy(big, evalRows));

// Latency: every evaluation question plus product questions with a product context, several rounds.
const productQuestions = generated.filter((_, i) => i % 97 === 0).map((e) => ({ q: e.alternatives[0] ?? e.question, productId: e.productIds?.[0] }));
const workload: { q: string; productId?: number }[] = [...evalRows.map((r) => ({ q: r.question })), ...productQuestions];
for (const w of workload.slice(0, 50)) big.match(w.q, { productId: w.productId }); // warm-up
const times: number[] = [];
const intentTimes: number[] = [];
for (let round = 0; round < LATENCY_ROUNDS; round++) {
  for (const w of workload) {
    const t0 = performance.now();
    big.match(w.q, { limit: 3, productId: w.productId });
    times.push(performance.now() - t0);
    const t1 = performance.now();
    intentModel.classify(w.q);
    intentTimes.push(performance.now() - t1);
  }
}
times.sort((a, b) => a - b);
intentTimes.sort((a, b) => a - b);
console.log(
  `  match latency with 10k entries (${times.length} calls): p50 ${percentile(times, 0.5).toFixed(3)} ms, ` +
    `p99 ${percentile(times, 0.99).toFixed(3)} ms, max ${times[times.length - 1]!.toFixed(3)} ms`,
);
console.log(
  `  intent latency (${intentTimes.length} calls): p50 ${percentile(intentTimes, 0.5).toFixed(4)} ms, p99 ${percentile(intentTimes, 0.99).toFixed(4)} ms`,
);

// Live edits on the big index.
const editStart = performance.now();
for (const e of generated.slice(0, 200)) big.update({ ...e, answer: e.answer + ' ' });
console.log(`  live update: ${((performance.now() - editStart) / 200).toFixed(3)} ms per entry`);

// ---- calibration (opt-in) ---------------------------------------------------------------------------------

function calibrate(): void {
  const ood = readFileSync(new URL('ood-dev.txt', DATA), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() && !l.startsWith('#'));
  const m = new Matcher(faq);
  const rows: { x: number[]; y: number }[] = [];
  const featuresOf = (f: MatchFeatures) => [f.gramCover, f.queryCover, f.lead * f.queryCover];
  let n = 0;
  let top1 = 0;
  for (const e of faq) {
    const phrasings = [e.question, ...e.alternatives];
    phrasings.forEach((q, i) => {
      const rest = phrasings.filter((_, j) => j !== i);
      m.update({ ...e, question: rest[0]!, alternatives: rest.slice(1) });
      const results = m.match(q, { limit: 3, explain: true });
      n++;
      if (results[0]?.entry.id === e.id) top1++;
      for (const r of results) rows.push({ x: featuresOf(r.features!), y: r.entry.id === e.id ? 1 : 0 });
    });
    m.update(e);
  }
  // The out-of-domain questions are few: each counts three times.
  for (const q of ood)
    for (let k = 0; k < 3; k++) for (const r of m.match(q, { limit: 3, explain: true })) rows.push({ x: featuresOf(r.features!), y: 0 });
  let w = [0, 0, 0];
  let b = 0;
  for (let it = 0; it < 20_000; it++) {
    const g = [0, 0, 0];
    let gb = 0;
    for (const r of rows) {
      const p = 1 / (1 + Math.exp(-(b + w[0]! * r.x[0]! + w[1]! * r.x[1]! + w[2]! * r.x[2]!)));
      const d = (p - r.y) / rows.length;
      for (let i = 0; i < 3; i++) g[i] = g[i]! + d * r.x[i]!;
      gb += d;
    }
    w = w.map((x, i) => x - 0.5 * (g[i]! + 1e-4 * x));
    b -= 0.5 * gb;
  }
  console.log(`Calibration: leave-one-phrasing-out top-1 ${(top1 / n).toFixed(3)} (n=${n}), ${rows.length} rows`);
  console.log(`  fitted:  bias ${b.toFixed(2)}, gramCover ${w[0]!.toFixed(2)}, queryCover ${w[1]!.toFixed(2)}, leadCover ${w[2]!.toFixed(2)}`);
  const c = DEFAULT_MATCHER_TUNING.calibration;
  console.log(`  current: bias ${c.bias}, gramCover ${c.gramCover}, queryCover ${c.queryCover}, leadCover ${c.leadCover}`);
}

if (process.argv.includes('--calibrate')) calibrate();
