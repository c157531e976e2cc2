import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIDENCE_THRESHOLD, Matcher, loadDemoFaq, renderAnswer, type FaqEntry } from '../src/matcher/index.ts';

const faq = loadDemoFaq();
const demo = new Matcher(faq);
const firstId = (m: Matcher, q: string, productId?: number) => m.match(q, { productId })[0]?.entry.id;

describe('demo knowledge', () => {
  it('has unique ids, 2–5 alternatives per entry and a category', () => {
    expect(faq.length).toBeGreaterThanOrEqual(100);
    expect(new Set(faq.map((e) => e.id)).size).toBe(faq.length);
    for (const e of faq) {
      expect(e.alternatives.length, String(e.id)).toBeGreaterThanOrEqual(2);
      expect(e.alternatives.length, String(e.id)).toBeLessThanOrEqual(5);
      expect(e.category, String(e.id)).toBeTruthy();
    }
  });
});

describe('Matcher: segmentation and synonyms', () => {
  it('finds the 退款 entry for a question that says 退钱', () => {
    const [first] = demo.match('退钱要多久到账');
    expect(first?.entry.id).toBe('refund-time');
    expect(first!.confidence).toBeGreaterThanOrEqual(DEFAULT_CONFIDENCE_THRESHOLD);
  });

  it('links words only through the synonym groups', () => {
    const entries: FaqEntry[] = [
      { id: 'refund', question: '退款多久到账', alternatives: ['退款什么时候到'], answer: 'a' },
      { id: 'wallet', question: '零钱包能用吗', alternatives: ['可以用零钱付吗'], answer: 'b' },
    ];
    const withSynonyms = new Matcher(entries, { defaultSynonyms: false, synonyms: [['退款', '退钱']] });
    const without = new Matcher(entries, { defaultSynonyms: false });
    const a = withSynonyms.match('退钱多久能到');
    const b = without.match('退钱多久能到');
    expect(a[0]?.entry.id).toBe('refund');
    expect(a[0]!.confidence).toBeGreaterThan(b.find((r) => r.entry.id === 'refund')?.confidence ?? 0);
  });

  it("merges a shop's own synonym groups with the defaults", () => {
    const shop = new Matcher(faq, { synonyms: [['包裹', '箱子']] });
    const plain = demo.match('箱子到哪了')[0];
    const withShop = shop.match('箱子到哪了')[0];
    expect(withShop?.entry.id).toBe('tracking');
    expect(withShop!.confidence).toBeGreaterThan(plain?.entry.id === 'tracking' ? plain.confidence : 0);
  });

  it('understands pinyin and English words listed as synonyms', () => {
    expect(firstId(demo, 'tuikuan多久到账')).toBe('refund-time');
    expect(firstId(demo, 'refund要多久')).toBe('refund-time');
    expect(firstId(demo, 'size偏大吗')).toBe('size-fit');
  });
});

describe('Matcher: ranking', () => {
  // Clear paraphrases, worded apart from the entries.
  const cases: [string, string][] = [
    ['地址写错了能改吗', 'address-change'],
    ['付款一直失败', 'payment-failed'],
    ['积分怎么用', 'points-use'],
    ['会员生日有优惠券吗', 'birthday-gift'],
    ['质量有问题怎么退', 'quality-issue'],
    ['200斤', 'plus-size'],
    ['能不能发顺丰', 'courier-sf'],
    ['物流显示到哪里了', 'tracking'],
    ['包邮吗', 'free-shipping'],
    ['退货运费谁出', 'return-fee'],
    ['新疆能寄吗 运费多少', 'remote-area'],
    ['能开专票吗', 'invoice-special'],
  ];
  it.each(cases)('%s → %s', (q, id) => {
    expect(firstId(demo, q)).toBe(id);
  });

  it('returns at most `limit` results, best first, confidences in 0..1', () => {
    const results = demo.match('退货流程是怎样的', { limit: 5 });
    expect(results).toHaveLength(5);
    for (let i = 1; i < results.length; i++) expect(results[i - 1]!.score).toBeGreaterThanOrEqual(results[i]!.score);
    for (const r of results) {
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
    }
    expect(demo.match('退货流程是怎样的', { limit: 0 })).toEqual([]);
  });

  it('still finds entries when every word of the question is common to most phrasings', () => {
    const entries: FaqEntry[] = Array.from({ length: 120 }, (_, i) => ({
      id: i,
      question: `睡衣${i}号款的面料`,
      alternatives: [`睡衣${i}号款什么材质`],
      answer: 'x',
    }));
    entries.push({ id: 'wash', question: '睡衣怎么洗', alternatives: ['睡衣能机洗吗'], answer: 'y' });
    const m = new Matcher(entries, { defaultSynonyms: false });
    expect(m.match('睡衣', { limit: 3 })).toHaveLength(3);
    expect(firstId(m, '睡衣怎么洗')).toBe('wash');
  });

  it('is confident for a clear question and unsure for an out-of-domain one', () => {
    expect(demo.best('洗了会缩水吗')?.entry.id).toBe('shrinkage');
    for (const q of ['今天天气怎么样', '帮我订一张去北京的机票', '你喜欢什么颜色的猫', 'how old are you']) {
      const [first] = demo.match(q);
      expect(first?.confidence ?? 0, q).toBeLessThan(DEFAULT_CONFIDENCE_THRESHOLD);
      expect(demo.best(q), q).toBeUndefined();
    }
  });
});

describe('Matcher: character n-gram fallback', () => {
  it('ranks the right entry first for misspelt questions', () => {
    expect(firstId(demo, '退宽多久到账')).toBe('refund-time'); // 宽 for 款
    expect(firstId(demo, '包油吗')).toBe('free-shipping'); // 油 for 邮
    expect(firstId(demo, '快地到哪了')).toBe('tracking'); // 快地 for 快递
  });

  it('matches by characters when no word is shared', () => {
    const m = new Matcher(
      [
        { id: 'refund', question: '退款多久到账', alternatives: ['什么时候退款'], answer: 'a' },
        { id: 'tracking', question: '快递到哪了', alternatives: ['查一下物流'], answer: 'b' },
        { id: 'invoice', question: '发票怎么开', alternatives: ['能开发票吗'], answer: 'c' },
      ],
      { defaultSynonyms: false },
    );
    // jieba splits the misspelt words into single characters that no phrasing has as a word.
    expect(firstId(m, '退宽')).toBe('refund');
    expect(firstId(m, '发漂')).toBe('invoice');
    expect(firstId(m, '快第')).toBe('tracking');
  });
});

describe('Matcher: odd input', () => {
  it('treats traditional characters like simplified ones', () => {
    const trad = demo.match('退貨運費誰出');
    const simp = demo.match('退货运费谁出');
    expect(trad.map((r) => r.entry.id)).toEqual(simp.map((r) => r.entry.id));
    expect(firstId(demo, '請問這件會起球嗎')).toBe('pilling');
  });

  it('ignores HTML and scripts around the question', () => {
    expect(firstId(demo, '<script>alert("退款")</script><p>包邮吗</p>')).toBe('free-shipping');
    expect(firstId(demo, '<img src=x onerror="alert(1)">发票&amp;怎么开')).toMatch(/^invoice-/);
    expect(demo.match('<script>document.cookie</script>')).toEqual([]);
  });

  it('returns nothing confident for empty, emoji-only, punctuation-only or huge input, without throwing', () => {
    for (const q of ['', '   ', '😀😀😀', '？？？！！', '。。。', '\u200b', 'a'.repeat(1_000_000), '🙂'.repeat(100_000)]) {
      const results = demo.match(q);
      expect(
        results.every((r) => r.confidence < DEFAULT_CONFIDENCE_THRESHOLD),
        q.slice(0, 10),
      ).toBe(true);
    }
    expect(demo.match('')).toEqual([]);
    expect(demo.match('😀😀😀')).toEqual([]);
    expect(demo.match(undefined as unknown as string)).toEqual([]);
    const random = Array.from({ length: 200_000 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20000))).join('');
    expect(() => demo.match(random)).not.toThrow();
  });

  it('handles mixed Chinese, English and pinyin', () => {
    expect(firstId(demo, 'XL码的size偏大吗')).toMatch(/^size-/);
    expect(firstId(demo, 'kuaidi到哪了')).toBe('tracking');
  });
});

describe('Matcher: product scope', () => {
  it('leaves out entries scoped to other products and ranks the product’s own first', () => {
    // silk-care applies to product 1004 only.
    expect(firstId(demo, '真丝睡衣怎么洗', 1004)).toBe('silk-care');
    expect(demo.match('真丝睡衣怎么洗', { productId: 1001, limit: 10 }).map((r) => r.entry.id)).not.toContain('silk-care');
    // Without a product, scoped entries are still candidates.
    expect(demo.match('真丝睡衣怎么洗', { limit: 10 }).map((r) => r.entry.id)).toContain('silk-care');
  });

  it('prefers a product-specific answer over the general one for that product', () => {
    const m = new Matcher([
      { id: 'general', question: '会起球吗', alternatives: ['起不起球'], answer: '一般不会' },
      { id: 'robe', question: '这款睡袍会起球吗', alternatives: ['睡袍起不起球'], answer: '珊瑚绒不起球', productIds: [7] },
    ]);
    expect(firstId(m, '会起球吗', 7)).toBe('robe');
    expect(firstId(m, '会起球吗', 8)).toBe('general');
    expect(m.match('会起球吗', { productId: 8 }).map((r) => r.entry.id)).toEqual(['general']);
    expect(firstId(m, '会起球吗')).toBe('general');
  });
});

describe('Matcher: live edits', () => {
  it('adds, updates and removes entries', () => {
    const m = new Matcher(faq.slice(0, 20));
    const entry: FaqEntry = {
      id: 9001,
      question: '可以用数字人民币付款吗',
      alternatives: ['支持数字人民币吗', '能用e-cny吗'],
      answer: '暂不支持',
      category: '支付',
    };
    expect(m.has(9001)).toBe(false);
    m.add(entry);
    expect(m.size).toBe(21);
    const [hit] = m.match('数字人民币能付吗');
    expect(hit?.entry.id).toBe(9001);
    expect(hit!.confidence).toBeGreaterThanOrEqual(DEFAULT_CONFIDENCE_THRESHOLD);

    m.update({ ...entry, answer: '已经支持', alternatives: [...entry.alternatives, '数字货币可以付吗'] });
    expect(m.size).toBe(21);
    expect(m.get(9001)?.answer).toBe('已经支持');
    expect(m.match('数字人民币能付吗')[0]?.entry.answer).toBe('已经支持');
    expect(firstId(m, '数字货币可以付吗')).toBe(9001);

    expect(m.remove(9001)).toBe(true);
    expect(m.remove(9001)).toBe(false);
    expect(m.size).toBe(20);
    expect(m.match('数字人民币能付吗', { limit: 20 }).map((r) => r.entry.id)).not.toContain(9001);
  });

  it('gives the same results after removing and re-adding every entry', () => {
    const m = new Matcher(faq);
    const before = m.match('退货地址在哪里', { limit: 3 });
    for (const e of faq) m.remove(e.id);
    expect(m.size).toBe(0);
    expect(m.match('退货地址在哪里')).toEqual([]);
    for (const e of faq) m.add(e);
    const after = m.match('退货地址在哪里', { limit: 3 });
    expect(after.map((r) => r.entry.id)).toEqual(before.map((r) => r.entry.id));
    after.forEach((r, i) => expect(r.score).toBeCloseTo(before[i]!.score, 9));
  });
});

describe('renderAnswer', () => {
  it('fills known variables and leaves unknown ones', () => {
    expect(renderAnswer('{customerName}，订单 {orderNo} 已发出 {x}', { customerName: '小王', orderNo: 123 })).toBe('小王，订单 123 已发出 {x}');
  });
});
