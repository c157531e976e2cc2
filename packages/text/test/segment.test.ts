import { describe, expect, it } from 'vitest';
import { indexTokens, queryTokens } from '../src/index.ts';

function finds(query: string, text: string) {
  const tokens = new Set(indexTokens(text));
  return queryTokens(query).every((t) => tokens.has(t));
}

describe('Chinese segmentation for search', () => {
  it('segments words rather than characters', () => {
    expect(queryTokens('我要退款')).toContain('退款');
    expect(queryTokens('物流太慢了')).toContain('物流');
  });

  it('finds the issue examples', () => {
    expect(finds('退款', '我要退款')).toBe(true);
    expect(finds('尺码偏小', '尺码有点偏小')).toBe(true);
  });

  it('does not match unrelated text', () => {
    expect(finds('退款', '物流太慢了')).toBe(false);
    expect(finds('尺码偏小', '尺码有点偏大')).toBe(false);
  });

  it('drops punctuation and emoji, lower-cases Latin words', () => {
    expect(queryTokens('！！😀，')).toEqual([]);
    expect(finds('iPhone', 'IPHONE充电很慢')).toBe(true);
  });
});
