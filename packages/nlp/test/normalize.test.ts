import { describe, expect, it } from 'vitest';
import { MAX_QUESTION_LENGTH, normalizeQuestion, SynonymMap } from '../src/matcher/index.ts';

describe('normalizeQuestion', () => {
  it('strips tags and drops scripts and styles with their content', () => {
    expect(normalizeQuestion('<p>包邮<b>吗</b></p>')).toBe('包邮 吗');
    expect(normalizeQuestion('<script>alert("退款")</script>发票怎么开')).toBe('发票怎么开');
    expect(normalizeQuestion('<style>p{color:red}</style><div onclick="x()">你好</div>')).toBe('你好');
    expect(normalizeQuestion('<!-- 注释 -->退货')).toBe('退货');
    // An unclosed script swallows the rest, it is never read as text.
    expect(normalizeQuestion('运费<script>var 退款 = 1;')).toBe('运费');
  });

  it('decodes entities, and strips markup that was entity-encoded', () => {
    expect(normalizeQuestion('满300&amp;减30&nbsp;&#20248;&#x60e0;')).toBe('满300&减30 优惠');
    expect(normalizeQuestion('&lt;script&gt;alert(1)&lt;/script&gt;包邮吗')).toBe('包邮吗');
    expect(normalizeQuestion('&#0;&#xD800;&unknown;')).toBe('&unknown;');
  });

  it('folds full-width characters to half-width and lower-cases', () => {
    expect(normalizeQuestion('ＸＬ码　有货吗？ＯＫ１２３')).toBe('xl码 有货吗?ok123');
    expect(normalizeQuestion('IPhone SF 顺丰')).toBe('iphone sf 顺丰');
  });

  it('converts traditional characters to simplified', () => {
    expect(normalizeQuestion('請問這件睡衣會起球嗎？退貨運費誰出')).toBe('请问这件睡衣会起球吗?退货运费谁出');
    expect(normalizeQuestion('發票怎麼開')).toBe('发票怎么开');
    expect(normalizeQuestion('衣服裡面有沒有口袋')).toBe('衣服里面有没有口袋');
    // Simplified text is left as it is.
    expect(normalizeQuestion('这件睡衣有没有货')).toBe('这件睡衣有没有货');
  });

  it('collapses whitespace and drops invisible characters', () => {
    expect(normalizeQuestion('  包\u200b邮\n\n\t吗  ')).toBe('包 邮 吗');
    expect(normalizeQuestion('\u0000\u0007')).toBe('');
  });

  it('caps the length without splitting a character', () => {
    const long = '退款'.repeat(10_000);
    expect(Array.from(normalizeQuestion(long))).toHaveLength(MAX_QUESTION_LENGTH);
    const emoji = normalizeQuestion('😀'.repeat(1000), 10);
    expect(Array.from(emoji)).toEqual(Array(10).fill('😀'));
    expect(normalizeQuestion('<b>x</b>'.repeat(200_000)).length).toBeLessThanOrEqual(MAX_QUESTION_LENGTH);
  });

  it('gives an empty string for empty or non-string input', () => {
    expect(normalizeQuestion('')).toBe('');
    expect(normalizeQuestion('   ')).toBe('');
    expect(normalizeQuestion(undefined)).toBe('');
    expect(normalizeQuestion(42)).toBe('');
  });
});

describe('SynonymMap', () => {
  it('rewrites synonyms to the canonical term, longest match first', () => {
    const map = new SynonymMap([
      ['退款', '退钱', '退回钱'],
      ['快递', '物流', '包裹'],
      ['顺丰', 'sf'],
    ]);
    expect(map.rewrite('我想退钱')).toBe('我想退款');
    expect(map.rewrite('退回钱要多久')).toBe('退款要多久');
    expect(map.rewrite('物流到哪了 包裹破了')).toBe('快递到哪了 快递破了');
    expect(map.rewrite('能发sf吗')).toBe('能发顺丰吗');
    // Latin terms only as whole words.
    expect(map.rewrite('sfx')).toBe('sfx');
  });

  it('merges groups that share a term, keeping the earliest canonical term', () => {
    const map = new SynonymMap([['快递', '物流', '包裹']], [['包裹', '箱子']]);
    expect(map.rewrite('箱子到了吗')).toBe('快递到了吗');
    expect(map.canonicalOf('包裹')).toBe('快递');
  });

  it('normalises the terms themselves (traditional, case)', () => {
    const map = new SynonymMap([['发票', 'Invoice', '發票']]);
    expect(map.rewrite(normalizeQuestion('INVOICE please'))).toBe('发票 please');
  });
});
