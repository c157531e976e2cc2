import { describe, expect, it } from 'vitest';
import { complaintKind, inviteRefusal, renderReviewReply, reviewVerdict, textSentiment } from '../src/reviews/index.ts';

describe('review verdict (中差评)', () => {
  it('1–2 stars are a 差评 whatever the text says', () => {
    expect(reviewVerdict(1, 0.05)).toEqual({ sentiment: 'negative', middling: true, bad: true });
    expect(reviewVerdict(2, 0.5)).toEqual({ sentiment: 'negative', middling: true, bad: true });
  });

  it('3 stars are a 中评: middling, negative only when the text is', () => {
    expect(reviewVerdict(3, 0.1)).toEqual({ sentiment: 'neutral', middling: true, bad: false });
    expect(reviewVerdict(3, 0.9)).toEqual({ sentiment: 'negative', middling: true, bad: false });
  });

  it('4–5 stars need no answer unless the text is surely negative', () => {
    expect(reviewVerdict(5, 0.1)).toEqual({ sentiment: 'positive', middling: false, bad: false });
    expect(reviewVerdict(4, 0.7)).toEqual({ sentiment: 'neutral', middling: false, bad: false });
    expect(reviewVerdict(5, 0.9)).toEqual({ sentiment: 'negative', middling: true, bad: false });
  });

  it('without stars the text decides', () => {
    expect(reviewVerdict(null, 0.8)).toEqual({ sentiment: 'negative', middling: true, bad: true });
    expect(reviewVerdict(null, 0.5)).toEqual({ sentiment: 'neutral', middling: false, bad: false });
    expect(reviewVerdict(null, 0.2)).toEqual({ sentiment: 'positive', middling: false, bad: false });
  });

  it('reads the probability with its thresholds included', () => {
    expect(textSentiment(0.65)).toBe('negative');
    expect(textSentiment(0.35)).toBe('positive');
    expect(textSentiment(0.36)).toBe('neutral');
  });
});

describe('complaint kind and reply', () => {
  it('finds what the shopper complains about', () => {
    expect(complaintKind('快递太慢了，一周才到')).toBe('logistics');
    expect(complaintKind('用了两天就坏了，质量太差')).toBe('quality');
    expect(complaintKind('色差严重，和图片完全不一样')).toBe('description');
    expect(complaintKind('客服态度差，问了半天不理人')).toBe('service');
    expect(complaintKind('刚买就降价')).toBe('price');
    expect(complaintKind('一般般吧')).toBe('other');
  });

  it('fills the buyer and product into the template, with fallbacks', () => {
    const text = renderReviewReply('quality', { buyer: 'tb_小王', product: '保温杯' });
    expect(text).toContain('tb_小王');
    expect(text).toContain('「保温杯」');
    expect(renderReviewReply('other', { buyer: '', product: '' })).toContain('亲爱的顾客');
  });
});

describe('invitation to revise (追评/改评邀请)', () => {
  const base = { middling: true, repliedAt: new Date('2026-11-30T02:00:00Z'), invitedAt: null, afterSaleStatus: null };

  it('is allowed once a 中差评 is answered and its case solved', () => {
    expect(inviteRefusal(base)).toBeNull();
    expect(inviteRefusal({ ...base, afterSaleStatus: 'refunded' })).toBeNull();
  });

  it('is refused before the answer, while the after-sale runs, for a good review, and twice', () => {
    expect(inviteRefusal({ ...base, repliedAt: null })).toMatch(/answer/);
    expect(inviteRefusal({ ...base, afterSaleStatus: 'approved' })).toMatch(/not solved/);
    expect(inviteRefusal({ ...base, middling: false })).toMatch(/中差评/);
    expect(inviteRefusal({ ...base, invitedAt: new Date() })).toMatch(/already/);
  });
});
