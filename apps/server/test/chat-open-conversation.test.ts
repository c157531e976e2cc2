/**
 * A shopper socket remembers its open conversation after the first message (messages.ts): what it remembers must
 * never send a message to a closed conversation or to the agent the conversation had before a transfer.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { storeInOpenConversation } from '../src/conversations/store.ts';
import { connectAgent, connectShopper, resetChat, startChatApp, text, type ChatApp } from './chat-setup.ts';
import type { TestApp } from './helpers.ts';

let t: TestApp;
let base: string;
let agents: ChatApp['agents'];

beforeAll(async () => {
  ({ t, base, agents } = await startChatApp());
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  await resetChat(t);
});

const shopperBodies = async (conversationId: number) =>
  (
    await t.ctx.db
      .selectFrom('messages')
      .select('body')
      .where('conversation_id', '=', conversationId)
      .where('sender_kind', '=', 'shopper')
      .orderBy('seq')
      .execute()
  ).map((m) => m.body);

describe('the open conversation a shopper socket remembers', () => {
  it('is left once closed: the next message on the same socket opens a new conversation and is stored there', async () => {
    const a1 = await connectAgent(base, agents.a1!.cookie);
    const s = await connectShopper(base);
    s.c.send(text('第一次咨询', 'opening-1'));
    const first = await s.c.type('ack', (f) => f.clientId === 'opening-1');
    s.c.send(text('还有一个问题', 'opening-2'));
    expect(await s.c.type('ack', (f) => f.clientId === 'opening-2')).toMatchObject({ conversationId: first.conversationId });
    await s.c.type('assigned');

    a1.c.send({ type: 'close', conversationId: first.conversationId, reason: 'resolved' });
    await s.c.type('closed');
    s.c.send(text('又来问了', 'opening-3'));
    const again = await s.c.type('ack', (f) => f.clientId === 'opening-3');

    expect(again.conversationId).not.toBe(first.conversationId);
    expect(await shopperBodies(first.conversationId)).toEqual(['第一次咨询', '还有一个问题']);
    expect(await shopperBodies(again.conversationId)).toEqual(['又来问了']);
  });

  it('follows a transfer: the next message on the same socket reaches the new agent, not the old one', async () => {
    const a2 = await connectAgent(base, agents.a2!.cookie, 'busy');
    const a1 = await connectAgent(base, agents.a1!.cookie);
    const s = await connectShopper(base);
    s.c.send(text('想换货'));
    const { conversationId } = await s.c.type('ack');
    expect((await s.c.type('assigned')).agent.id).toBe(agents.a1!.id);
    s.c.send(text('给一号客服', 'to-agent-1'));
    await a1.c.type('message', (f) => f.clientId === 'to-agent-1');

    a1.c.send({ type: 'transfer', conversationId, toAgentId: agents.a2!.id });
    await s.c.next((f) => f.type === 'assigned' && f.agent.id === agents.a2!.id);
    s.c.send(text('给二号客服', 'to-agent-2'));
    expect(await a2.c.type('message', (f) => f.clientId === 'to-agent-2')).toMatchObject({ conversationId, body: '给二号客服' });
    await s.c.type('ack', (f) => f.clientId === 'to-agent-2');
    expect(a1.c.frames.some((f) => f.type === 'message' && f.clientId === 'to-agent-2')).toBe(false);
  });

  it('stores nothing in a conversation that has closed (the check and the store are one statement)', async () => {
    await connectAgent(base, agents.a1!.cookie);
    const s = await connectShopper(base);
    s.c.send(text('你好', 'closing-1'));
    const { conversationId } = await s.c.type('ack');
    await s.c.type('assigned');
    const before = await t.ctx.db.selectFrom('conversations').select('last_seq').where('id', '=', conversationId).executeTakeFirstOrThrow();
    await t.ctx.db.updateTable('conversations').set({ status: 'closed', closed_at: new Date() }).where('id', '=', conversationId).execute();

    const sender = { kind: 'shopper' as const, id: null, name: '顾客' };
    const stored = await storeInOpenConversation(t.ctx.db, { conversationId, sender, kind: 'text', body: '迟到的消息', clientId: 'closing-2' });

    expect(stored).toBeUndefined();
    expect(await shopperBodies(conversationId)).toEqual(['你好']);
    const after = await t.ctx.db.selectFrom('conversations').select('last_seq').where('id', '=', conversationId).executeTakeFirstOrThrow();
    expect(after.last_seq).toBe(before.last_seq);
  });
});
