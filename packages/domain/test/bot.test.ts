import { describe, expect, it } from 'vitest';
import { botDecision, ticketCategoryForIntent, type BotTurn } from '../src/index.ts';

const turn = (o: Partial<BotTurn>): BotTurn => ({
  text: '退款多久到账',
  vip: false,
  intent: 'return_refund',
  negative: false,
  best: { faqId: 7, confidence: 0.85 },
  answered: [],
  threshold: 0.6,
  ...o,
});

describe('bot decision', () => {
  it('answers a confident match', () => {
    expect(botDecision(turn({}))).toEqual({ action: 'answer', faqId: 7 });
  });
  it('hands over when the shopper asks for a person, whatever the match', () => {
    expect(botDecision(turn({ text: '转人工' }))).toEqual({ action: 'handover', reason: 'asked' });
    expect(botDecision(turn({ text: '我要找真人' }))).toEqual({ action: 'handover', reason: 'asked' });
  });
  it('hands over VIPs, complaints and angry shoppers', () => {
    expect(botDecision(turn({ vip: true })).action).toBe('handover');
    expect(botDecision(turn({ intent: 'complaint' }))).toEqual({ action: 'handover', reason: 'complaint' });
    expect(botDecision(turn({ negative: true }))).toEqual({ action: 'handover', reason: 'emotion' });
  });
  it('hands over on low confidence and on a repeated question', () => {
    expect(botDecision(turn({ best: { faqId: 7, confidence: 0.4 } }))).toEqual({ action: 'handover', reason: 'low_confidence' });
    expect(botDecision(turn({ best: null }))).toEqual({ action: 'handover', reason: 'low_confidence' });
    expect(botDecision(turn({ answered: [7] }))).toEqual({ action: 'handover', reason: 'repeated' });
  });
});

describe('ticket category from intent', () => {
  it('files deliveries, payments and after-sales under their category, pre-sales under none', () => {
    expect(ticketCategoryForIntent('order_status')).toBe('logistics');
    expect(ticketCategoryForIntent('invoice')).toBe('payment');
    expect(ticketCategoryForIntent('exchange')).toBe('after_sales_policy');
    expect(ticketCategoryForIntent('size')).toBeNull();
  });
});
