/** Reporting facts of chats with the service bot: answered alone, or handed over and why. */
import { loadDemoFaq } from '@kefu/nlp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChatClient } from './chat-client.ts';
import { openClients, resetChat, startChatApp, text } from './chat-setup.ts';
import type { TestApp } from './helpers.ts';

let t: TestApp;
let base: string;
let groupId: number;

beforeAll(async () => {
  ({ t, base, groupId } = await startChatApp());
  // The listeners start after what is committed when they first deliver.
  await t.app.events.deliverNow();
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  await resetChat(t);
});

const deliver = () => t.app.events.deliverNow();
const conversationFact = (id: number) => t.ctx.db.selectFrom('report_conversations').selectAll().where('conversation_id', '=', id).executeTakeFirst();

describe('a chat with the bot', () => {
  let botBase: string;
  beforeAll(async () => {
    const shop = await t.ctx.db
      .insertInto('shops')
      .values({ key: 'botshop', name: '机器人店', identity_secret: 'secret-b', default_group_id: groupId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.ctx.db.insertInto('skill_groups').values({ name: '售后' }).execute();
    await t.ctx.db
      .insertInto('faq_entries')
      .values(loadDemoFaq().map((e) => ({ question: e.question, alternatives: e.alternatives, answer: e.answer, category: e.category ?? '' })))
      .execute();
    const on = await t.as('admin')({ method: 'PUT', url: `/api/shops/${shop.id}/bot`, payload: { enabled: true, threshold: 0.6 } });
    expect(on.statusCode, on.body).toBe(200);
    botBase = `${base}/ws/shopper?shop=botshop`;
  });

  async function shopperAsks(question: string) {
    const c = await ChatClient.connect(botBase);
    openClients.push(c);
    await c.type('welcome');
    c.send(text(question, 'bot-question-1'));
    const { conversationId } = await c.type('ack', (f) => f.clientId === 'bot-question-1');
    return { c, conversationId };
  }

  it('is resolved by the bot when it answers and the shopper leaves', async () => {
    const { c, conversationId } = await shopperAsks('退钱一般几天能到账');
    await c.type('message', (f) => f.sender.kind === 'bot');
    c.send({ type: 'close', conversationId });
    await c.type('closed');
    await deliver();
    expect(await conversationFact(conversationId)).toMatchObject({
      bot_answers: 1,
      intent: 'return_refund',
      category: 'after_sales_policy',
      agent_messages: 0,
      shopper_messages: 1,
      handed_over: false,
      resolved_by_bot: true,
      resolved: true,
      close_reason: 'shopper_left',
      first_response_ms: null,
      responses: 0,
    });
  });

  it('keeps why the bot handed over, and what the shopper wanted', async () => {
    const { c, conversationId } = await shopperAsks('我要投诉你们的快递员，态度太恶劣了');
    await c.type('message', (f) => f.data?.code === 'handover');
    c.send({ type: 'close', conversationId });
    await c.type('closed');
    await deliver();
    expect(await conversationFact(conversationId)).toMatchObject({
      handed_over: true,
      handover_reason: 'complaint',
      intent: 'complaint',
      category: 'other',
      resolved_by_bot: false,
      resolved: false,
      bot_answers: 0,
    });
  });
});
