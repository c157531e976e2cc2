import { describe, expect, it } from 'vitest';
import { asksAboutSize, bodyOf, productSizeReply, type PageProduct } from '../src/index.ts';

const hoodie: PageProduct = {
  name: '加绒卫衣',
  stock: 5,
  sizeChart: [
    { size: 'L', heightMin: 170, heightMax: 178, weightMin: 60, weightMax: 72 },
    { size: 'S', heightMin: 150, heightMax: 160, weightMin: 40, weightMax: 50 },
    { size: 'M', heightMin: 160, heightMax: 170, weightMin: 50, weightMax: 60, measurements: { 胸围: '108cm' } },
  ],
};

describe('size questions about the product on the page', () => {
  it.each([
    ['我172 130斤穿哪个码', 172, 65],
    ['170 60kg 穿多大', 170, 60],
    ['身高165体重100斤', 165, 50],
    ['1米7 120斤', 170, 60],
    ['160cm 50公斤', 160, 50],
    ['1.65m 55kg', 165, 55],
    ['体重55kg身高163', 163, 55],
  ])('reads the body from %s', (text, heightCm, weightKg) => {
    expect(bodyOf(text)).toEqual({ heightCm, weightKg });
  });
  it.each(['这件有M码吗', '这件卫衣有M码吗？', '有没有xl', '尺码偏大吗', '165 50kg穿什么码', 'L号还有吗'])('%s asks about sizes', (text) => {
    expect(asksAboutSize(text)).toBe(true);
  });
  it.each(['包邮吗', '什么时候发货', '好的'])('%s does not', (text) => {
    expect(asksAboutSize(text)).toBe(false);
  });
  it('answers whether a size exists, whom it fits, the size for a body, or the chart', () => {
    expect(productSizeReply('这件卫衣有M码吗？', hoodie)).toBe('亲，「加绒卫衣」有 M 码：适合身高 160-170cm、体重 50-60kg，胸围 108cm。');
    expect(productSizeReply('有xl码吗', hoodie)).toBe('亲，「加绒卫衣」没有 XL 码，现有尺码：S / M / L。');
    expect(productSizeReply('我172 130斤穿哪个码', hoodie)).toMatch(/建议选 L 码。$/);
    expect(productSizeReply('尺码怎么选', hoodie)).toMatch(/^亲，「加绒卫衣」的尺码：S（身高 150-160cm/);
    expect(productSizeReply('有M码吗', { ...hoodie, stock: 0 })).toMatch(/暂时缺货/);
    expect(productSizeReply('包邮吗', hoodie)).toBeNull();
    expect(productSizeReply('有M码吗', { ...hoodie, sizeChart: [] })).toBeNull();
  });
});
