import type { AddressInfo } from 'node:net';
import { loadDemoFaq } from '@kefu/nlp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../src/users/service.ts';
import { ChatClient, expectFramesFitProtocol } from './chat-client.ts';
import { createTestApp, json, PASSWORD, type TestApp } from './helpers.ts';

let t: TestApp;
let base: string;
let shopId: number;
let cookie: string;
let agentId: number;
const open: ChatClient[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const [presale, afterSales] = await t.ctx.db
    .insertInto('skill_groups')
    .values([{ name: '售前' }, { name: '售后' }])
    .returning('id')
    .execute();
  shopId = (
    await t.ctx.db
      .insertInto('shops')
      .values({ key: 'botshop', name: '测试店', identity_secret: 'secret-b', default_group_id: presale!.id })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await t.ctx.db
    .insertInto('faq_entries')
    .values(loadDemoFaq().map((e) => ({ question: e.question, alternatives: e.alternatives, answer: e.answer, category: e.category ?? '' })))
    .execute();
  const user = await createUser(t.ctx.db, null, {
    username: 'b1',
    displayName: '客服b1',
    role: 'agent',
    password: PASSWORD,
    groupIds: [presale!.id, afterSales!.id],
  });
  agentId = user.id;
  const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'b1', password: PASSWORD } });
  cookie = `kefu_session=${login.cookies.find((c) => c.name === 'kefu_session')!.value}`;
  const on = await t.as('admin')({ method: 'PUT', url: `/api/shops/${shopId}/bot`, payload: { enabled: true, threshold: 0.6 } });
  expect(on.statusCode, on.body).toBe(200);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await t.close();
});
afterEach(expectFramesFitProtocol);
beforeEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  await t.ctx.db.updateTable('conversations').set({ status: 'closed', closed_at: new Date() }).where('status', '<>', 'closed').execute();
});

async function connect(path: string, headers: Record<string, string> = {}) {
  const c = await ChatClient.connect(`${base}${path}`, headers);
  open.push(c);
  await c.type('welcome');
  return c;
}
let n = 0;
function ask(c: ChatClient, body: string) {
  const clientId = `bot-test-${++n}-${Date.now()}`;
  c.send({ type: 'send', clientId, kind: 'text', body });
  return c.type('ack', (f) => f.clientId === clientId);
}

describe('the service bot', () => {
  it('answers a known question, takes feedback, and hands over when asked, with its part visible to the agent', async () => {
    const agent = await connect('/ws/agent', { cookie });
    const s = await connect('/ws/shopper?shop=botshop');
    const ack = await ask(s, '退钱一般几天能到账');
    const answer = await s.type('message', (f) => f.sender.kind === 'bot');
    expect(answer.body).toMatch(/退款/);
    expect(answer.data).toMatchObject({ botAnswerId: expect.any(Number), confidence: expect.any(Number) });
    expect(agent.frames.some((f) => f.type === 'conversation' && f.conversation.id === ack.conversationId && f.conversation.agentId)).toBe(false);

    s.send({ type: 'feedback', answerId: answer.data.botAnswerId, helpful: true });
    await s.type('feedback_saved');
    const logged = await t.ctx.db.selectFrom('bot_answers').selectAll().where('conversation_id', '=', ack.conversationId).execute();
    expect(logged).toMatchObject([{ helpful: true, question: '退钱一般几天能到账', faq_id: expect.any(Number) }]);

    await ask(s, '转人工');
    await s.type('message', (f) => f.data?.code === 'handover');
    const assigned = await s.type('assigned');
    expect(assigned.agent.id).toBe(agentId);
    const conv = await agent.type('conversation', (f) => f.conversation.id === ack.conversationId && f.conversation.agentId === agentId);
    expect(conv.conversation.status).toBe('active');

    agent.send({ type: 'resume', conversationId: ack.conversationId, afterSeq: 0 });
    await agent.type('resumed');
    const seen = agent.messages(ack.conversationId);
    expect(seen.filter((m) => m.sender.kind === 'bot').map((m) => m.kind)).toEqual(['text', 'note']);
    const note = seen.find((m) => m.kind === 'note')!;
    expect(note.body).toMatch(/顾客要求人工/);
    expect(note.body).toMatch(/机器人已回答 1 个问题/);
    expect(s.frames.some((f) => f.type === 'message' && f.kind === 'note')).toBe(false);
  });

  it('hands over a question it is not sure of, and a repeated one', async () => {
    const s = await connect('/ws/shopper?shop=botshop');
    const ack = await ask(s, '你们老板是哪里人');
    await s.type('message', (f) => f.data?.code === 'handover');
    const row = await t.ctx.db.selectFrom('conversations').select(['status']).where('id', '=', ack.conversationId).executeTakeFirstOrThrow();
    expect(row.status).toBe('queued');
    const note = await t.ctx.db
      .selectFrom('messages')
      .select('body')
      .where('conversation_id', '=', ack.conversationId)
      .where('kind', '=', 'note')
      .executeTakeFirstOrThrow();
    expect(note.body).toMatch(/机器人无把握/);

    const again = await connect('/ws/shopper?shop=botshop');
    await ask(again, '退款多久到账');
    await again.type('message', (f) => f.sender.kind === 'bot');
    await ask(again, '退款多久能到账呢');
    await again.type('message', (f) => f.data?.code === 'handover');
    const notes = await t.ctx.db.selectFrom('messages').select('body').where('kind', '=', 'note').orderBy('id', 'desc').limit(1).execute();
    expect(notes[0]!.body).toMatch(/重复提问/);
  });

  it('sends a complaint to after-sales, ahead in the queue', async () => {
    const s = await connect('/ws/shopper?shop=botshop');
    const ack = await ask(s, '我要投诉你们的快递员，态度太恶劣了');
    await s.type('message', (f) => f.data?.code === 'handover');
    const row = await t.ctx.db
      .selectFrom('conversations')
      .innerJoin('skill_groups', 'skill_groups.id', 'conversations.group_id')
      .select(['skill_groups.name', 'conversations.priority', 'conversations.vip', 'conversations.tags'])
      .where('conversations.id', '=', ack.conversationId)
      .executeTakeFirstOrThrow();
    // Ahead by its own priority: the shopper does not become a VIP.
    expect(row).toMatchObject({ name: '售后', priority: 'high', vip: false, tags: ['投诉'] });
  });

  it('hands an upset shopper to a person even when it knows the answer', async () => {
    const s = await connect('/ws/shopper?shop=botshop');
    const ack = await ask(s, '退款到底什么时候到？？？烦死了');
    await s.type('message', (f) => f.data?.code === 'handover');
    expect(s.frames.some((f) => f.type === 'message' && f.sender?.kind === 'bot' && f.kind === 'text')).toBe(false);
    const row = await t.ctx.db
      .selectFrom('conversations')
      .select(['tags', 'priority', 'vip'])
      .where('id', '=', ack.conversationId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ tags: ['情绪激动'], priority: 'high', vip: false });
  });

  it('without the bot, still routes an opening complaint to after-sales, ahead in the queue', async () => {
    await t.as('admin')({ method: 'PUT', url: `/api/shops/${shopId}/bot`, payload: { enabled: false } });
    try {
      const s = await connect('/ws/shopper?shop=botshop');
      const ack = await ask(s, '我要投诉，你们发错货了还不处理');
      const row = await t.ctx.db
        .selectFrom('conversations')
        .innerJoin('skill_groups', 'skill_groups.id', 'conversations.group_id')
        .select(['skill_groups.name', 'conversations.priority', 'conversations.vip', 'conversations.tags', 'conversations.status'])
        .where('conversations.id', '=', ack.conversationId)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ name: '售后', priority: 'urgent', vip: false, tags: ['投诉'] });
      expect(row.status).not.toBe('bot');
    } finally {
      await t.as('admin')({ method: 'PUT', url: `/api/shops/${shopId}/bot`, payload: { enabled: true } });
    }
  });

  it("is off unless the shop turns it on, and refuses feedback on others' answers", async () => {
    const bad = await t.as('admin')({ method: 'PUT', url: `/api/shops/${shopId}/bot`, payload: { enabled: true, threshold: 2 } });
    expect(json(bad).fields[0].field).toBe('body.threshold');
    expect((await t.as('agent')({ method: 'PUT', url: `/api/shops/${shopId}/bot`, payload: { enabled: false } })).statusCode).toBe(403);
    const s = await connect('/ws/shopper?shop=botshop');
    s.send({ type: 'feedback', answerId: 999_999, helpful: false });
    expect((await s.type('error')).code).toBe('not_found');
    await t.as('admin')({ method: 'PUT', url: `/api/shops/${shopId}/bot`, payload: { enabled: false } });
    const ack = await ask(s, '退款多久到账');
    const row = await t.ctx.db.selectFrom('conversations').select('status').where('id', '=', ack.conversationId).executeTakeFirstOrThrow();
    expect(row.status).not.toBe('bot');
  });
});
