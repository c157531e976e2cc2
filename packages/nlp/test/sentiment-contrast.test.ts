// Mixed reviews: praise, then 但是/不过/就是/可是/只是 and the real verdict — the clause after the contrast decides.
import { describe, expect, it } from 'vitest';
import { afterContrast } from '../src/sentiment/model.ts';
import { defaultSentimentModel } from '../src/sentiment/index.ts';

const model = defaultSentimentModel();

describe('sentiment on mixed reviews', () => {
  it.each([
    '衣服款式很好看，颜色也正，但是质量太差了，洗一次就掉色',
    '物流很快，包装也不错，不过东西是坏的',
    '客服态度很好，就是衣服有股很大的味道',
    '价格便宜，样子也好看，可是穿了两天就开线了',
    '整体还行，只是尺码偏小很多，穿不上',
    '味道不错，但是送得太慢了，等了一个多小时',
    '送餐很快，可是汤洒了一袋子',
  ])('%s → negative', (text) => {
    expect(model.predict(text).label).toBe('negative');
  });
  it.each([
    '价格有点贵，不过质量真的很好，值得',
    '刚开始有点担心，但是穿上很舒服',
    '物流慢了点，但是东西很好很满意',
    '等了挺久，不过饭菜还是热的，味道很好',
  ])('%s → positive', (text) => {
    expect(model.predict(text).label).toBe('positive');
  });
  it('takes the clause after the last contrast, and only when there is one with something before it', () => {
    expect(afterContrast('颜色好看，但是质量太差')).toBe('质量太差');
    expect(afterContrast('很好，不过，就是有点贵')).toBe('有点贵');
    expect(afterContrast('就是我想要的款式')).toBeNull();
    expect(afterContrast('质量很好')).toBeNull();
  });
});
