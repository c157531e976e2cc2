import { describe, expect, it } from 'vitest';
import {
  conversationResolved,
  FINAL_AFTER_SALE_STATES,
  firstContactResolved,
  isSecondContact,
  repeatOf,
  resolvedByBot,
  responseBucket,
  sameMatter,
  ticketResolved,
  withinResponseTarget,
  type ContactCase,
  type ConversationOutcome,
} from '../src/index.ts';

const DAY = 86_400_000;
const at = (days: number) => new Date(Date.UTC(2026, 10, 1) + days * DAY);

describe('response times', () => {
  it('counts 30 s exactly as within the target, and buckets every response', () => {
    expect(withinResponseTarget(30_000)).toBe(true);
    expect(withinResponseTarget(30_001)).toBe(false);
    expect([0, 15_000, 15_001, 30_000, 59_999, 180_000, 600_000, 600_001].map(responseBucket)).toEqual([0, 0, 1, 1, 2, 3, 4, 5]);
  });
});

describe('resolved', () => {
  const chat = (o: Partial<ConversationOutcome>): ConversationOutcome => ({
    closed: true,
    closeReason: 'resolved',
    agentResponses: 1,
    botAnswers: 0,
    agentMessages: 1,
    handedOver: false,
    escalated: false,
    ...o,
  });
  it('a chat the agent closed as resolved, or the shopper left once answered', () => {
    expect(conversationResolved(chat({}))).toBe(true);
    expect(conversationResolved(chat({ closeReason: 'shopper_left' }))).toBe(true);
    expect(conversationResolved(chat({ closeReason: 'shopper_left', agentResponses: 0, agentMessages: 0 }))).toBe(false);
    expect(conversationResolved(chat({ closeReason: 'no_reply' }))).toBe(false);
    expect(conversationResolved(chat({ closed: false }))).toBe(false);
  });
  it('never a chat that became a complaint or an escalation', () => {
    expect(conversationResolved(chat({ escalated: true }))).toBe(false);
  });
  it('a chat the bot settled alone, not one it handed over or a person joined', () => {
    const bot = chat({ closeReason: 'shopper_left', agentResponses: 0, agentMessages: 0, botAnswers: 2 });
    expect(resolvedByBot(bot)).toBe(true);
    expect(conversationResolved(bot)).toBe(true);
    expect(resolvedByBot({ ...bot, handedOver: true })).toBe(false);
    expect(resolvedByBot({ ...bot, agentMessages: 1 })).toBe(false);
    expect(resolvedByBot({ ...bot, botAnswers: 0 })).toBe(false);
  });
  it('a ticket once solved', () => {
    expect(ticketResolved({ solvedAt: at(0) })).toBe(true);
    expect(ticketResolved({ solvedAt: null })).toBe(false);
  });
  it('first-contact resolution wants no reopen and no second contact', () => {
    expect(firstContactResolved({ resolved: true, reopens: 0, contactedAgain: false })).toBe(true);
    expect(firstContactResolved({ resolved: true, reopens: 1, contactedAgain: false })).toBe(false);
    expect(firstContactResolved({ resolved: true, reopens: 0, contactedAgain: true })).toBe(false);
    expect(firstContactResolved({ resolved: false, reopens: 0, contactedAgain: false })).toBe(false);
  });
  it('an after-sale ends where it can go no further', () => {
    expect([...FINAL_AFTER_SALE_STATES].sort()).toEqual(['cancelled', 'closed']);
  });
});

describe('second contact', () => {
  const first: ContactCase = {
    ref: 'ticket:1',
    customerId: 7,
    openedAt: at(0),
    endedAt: at(1),
    orderId: 40,
    category: 'logistics',
    intent: null,
    linkedTo: null,
  };
  const again = (o: Partial<ContactCase>): ContactCase => ({ ...first, ref: 'conversation:9', openedAt: at(5), endedAt: at(5), ...o });

  it('is the same matter by order when both name one, else by category or intent', () => {
    expect(sameMatter(first, { orderId: 40, category: 'payment', intent: null })).toBe(true);
    expect(sameMatter(first, { orderId: 41, category: 'logistics', intent: null })).toBe(false);
    expect(sameMatter(first, { orderId: null, category: 'logistics', intent: null })).toBe(true);
    expect(sameMatter({ orderId: null, category: null, intent: 'size' }, { orderId: null, category: null, intent: 'size' })).toBe(true);
    expect(sameMatter({ orderId: null, category: null, intent: null }, { orderId: null, category: null, intent: null })).toBe(false);
  });
  it('counts a return within 7 days after the case ended, not after 8', () => {
    expect(isSecondContact(first, again({}))).toBe(true);
    expect(isSecondContact(first, again({ openedAt: at(8) }))).toBe(true);
    expect(isSecondContact(first, again({ openedAt: at(9) }))).toBe(false);
  });
  it('not while the earlier case runs, nor for another customer or matter, nor a chat and its own ticket', () => {
    expect(isSecondContact({ ...first, endedAt: null }, again({}))).toBe(false);
    expect(isSecondContact(first, again({ openedAt: at(0.5) }))).toBe(false);
    expect(isSecondContact(first, again({ customerId: 8 }))).toBe(false);
    expect(isSecondContact({ ...first, customerId: null }, again({ customerId: null }))).toBe(false);
    expect(isSecondContact(first, again({ orderId: 41 }))).toBe(false);
    expect(isSecondContact(first, again({ linkedTo: 'ticket:1' }))).toBe(false);
  });
  it('points to the latest earlier case that qualifies', () => {
    const second = again({ ref: 'conversation:5', openedAt: at(2), endedAt: at(3) });
    const third = again({ ref: 'ticket:12', openedAt: at(6) });
    expect(repeatOf([first, second, third], third)?.ref).toBe('conversation:5');
    expect(repeatOf([first, second, third], second)?.ref).toBe('ticket:1');
    expect(repeatOf([first, second, third], first)).toBeNull();
  });
});
