/** Live chat over the sockets: delivery both ways, the shopper's side, and bad input on the socket. */
import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { storeMessage } from '../src/conversations/store.ts';
import { ChatClient } from './chat-client.ts';
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

const shopper = (visitor?: string) => connectShopper(base, visitor);
const agent = (name: string, status: 'online' | 'busy' = 'online') => connectAgent(base, agents[name]!.cookie, status);

describe('a conversation from both sides', () => {
  it('stores before acking, routes to an online agent, and delivers both ways', async () => {
    const a1 = await agent('a1');
    expect(a1.welcome.agent).toMatchObject({ name: '客服a1', status: 'online' });
    const s = await shopper();
    expect(s.welcome).toMatchObject({ conversation: null, agentsOnline: 1 });

    s.c.send(text('你好，这件T恤有XL吗？', 'client-0001'));
    const ack = await s.c.type('ack');
    expect(ack).toMatchObject({ clientId: 'client-0001', seq: 1 });
    const stored = await t.ctx.db.selectFrom('messages').selectAll().where('conversation_id', '=', ack.conversationId).execute();
    expect(stored.map((m) => m.body)).toContain('你好，这件T恤有XL吗？');

    const assigned = await s.c.type('assigned');
    expect(assigned.agent.name).toBe('客服a1');
    const conv = await a1.c.type('conversation', (f) => f.conversation.id === ack.conversationId);
    expect(conv.conversation).toMatchObject({ status: 'active', agentName: '客服a1', lastSeq: expect.any(Number) });

    // The agent catches up from the start and answers.
    a1.c.send({ type: 'resume', conversationId: ack.conversationId, afterSeq: 0 });
    await a1.c.type('resumed');
    expect(a1.c.messages(ack.conversationId).map((m) => m.body)).toContain('你好，这件T恤有XL吗？');
    a1.c.send({ type: 'send', conversationId: ack.conversationId, clientId: 'agent-0001', kind: 'text', body: '您好，有XL的，您看可以吗？' });
    await a1.c.type('ack', (f) => f.clientId === 'agent-0001');
    const reply = await s.c.type('message', (f) => f.body === '您好，有XL的，您看可以吗？');
    expect(reply.sender).toMatchObject({ kind: 'agent', name: '客服a1' });
    const row = await t.ctx.db
      .selectFrom('conversations')
      .select(['first_response_at', 'waiting_since'])
      .where('id', '=', ack.conversationId)
      .executeTakeFirstOrThrow();
    expect(row.first_response_at).not.toBeNull();
    expect(row.waiting_since).toBeNull();
    const timed = await t.ctx.db.selectFrom('messages').select('response_ms').where('client_id', '=', 'agent-0001').executeTakeFirstOrThrow();
    expect(timed.response_ms).toBeGreaterThanOrEqual(0);
  });

  it('never stores a retried message twice', async () => {
    await agent('a1');
    const s = await shopper();
    s.c.send(text('第一条', 'retry-0001'));
    const first = await s.c.type('ack');
    s.c.send(text('第一条', 'retry-0001'));
    await s.c.next((f) => f.type === 'ack' && f !== first);
    const acks = s.c.frames.filter((f) => f.type === 'ack');
    expect(acks.map((a) => a.seq)).toEqual([first.seq, first.seq]);
    const rows = await t.ctx.db.selectFrom('messages').select('id').where('client_id', '=', 'retry-0001').execute();
    expect(rows).toHaveLength(1);
  });

  it('stores one message when two tabs send the same client id at the same moment', async () => {
    await agent('a1');
    const s = await shopper();
    s.c.send(text('开场'));
    const { conversationId } = await s.c.type('ack');
    const tab = await shopper(s.token);
    const frame = text('同时发送', 'race-0001');
    s.c.send(frame);
    tab.c.send(frame);
    const [a, b] = await Promise.all([s.c.type('ack', (f) => f.clientId === 'race-0001'), tab.c.type('ack', (f) => f.clientId === 'race-0001')]);
    expect(a.seq).toBe(b.seq);
    const rows = await t.ctx.db
      .selectFrom('messages')
      .select('seq')
      .where('conversation_id', '=', conversationId)
      .where('client_id', '=', 'race-0001')
      .execute();
    expect(rows).toEqual([{ seq: a.seq }]);
  });

  it('keeps the order of a burst of messages from one client', async () => {
    await agent('a1');
    const s = await shopper();
    for (let i = 0; i < 15; i++) s.c.send(text(`第${i}条`));
    await s.c.next((f) => f.type === 'ack' && s.c.frames.filter((x) => x.type === 'ack').length === 15);
    const acks = s.c.frames.filter((f) => f.type === 'ack');
    const bodies = await t.ctx.db
      .selectFrom('messages')
      .select(['body', 'seq'])
      .where('conversation_id', '=', acks[0]!.conversationId)
      .where('sender_kind', '=', 'shopper')
      .orderBy('seq')
      .execute();
    expect(bodies.map((b) => b.body)).toEqual(Array.from({ length: 15 }, (_, i) => `第${i}条`));
  });

  it('gives a reconnecting shopper everything missed, in order, once', async () => {
    const a1 = await agent('a1');
    const s = await shopper();
    s.c.send(text('在吗'));
    const { conversationId } = await s.c.type('ack');
    await a1.c.type('conversation', (f) => f.conversation.id === conversationId);
    const seen = Math.max(...s.c.messages(conversationId).map((m) => m.seq), 1);
    await s.c.close();

    for (let i = 1; i <= 3; i++) {
      a1.c.send({ type: 'send', conversationId, clientId: `offline-${i}-${randomUUID()}`, kind: 'text', body: `离线消息${i}` });
      await a1.c.type('ack', (f) => f.seq !== undefined && a1.c.frames.filter((x) => x.type === 'ack').length === i);
    }
    a1.c.send({ type: 'send', conversationId, clientId: 'offline-note', kind: 'note', body: '内部备注：顾客是老客户' });
    const note = await a1.c.type('ack', (f) => f.clientId === 'offline-note');

    const again = await shopper(s.token);
    expect(again.welcome.conversation).toMatchObject({ id: conversationId, status: 'active' });
    again.c.send({ type: 'resume', conversationId, afterSeq: seen });
    const resumed = await again.c.type('resumed');
    const got = again.c.messages(conversationId);
    expect(got.map((m) => m.body).filter((b) => b.startsWith('离线消息'))).toEqual(['离线消息1', '离线消息2', '离线消息3']);
    expect(got.some((m) => m.kind === 'note')).toBe(false);
    const seqs = got.map((m) => m.seq);
    expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
    // lastSeq covers the note the shopper never sees, so the widget does not take it for a gap.
    expect(resumed.lastSeq).toBe(note.seq);
    expect(resumed.lastSeq).toBeGreaterThan(seqs.at(-1)!);
  });

  it('publishes a retried message again, so one stored just before a crash still reaches the agent', async () => {
    const a1 = await agent('a1');
    const s = await shopper();
    s.c.send(text('开场白'));
    const { conversationId } = await s.c.type('ack');
    await a1.c.type('conversation', (f) => f.conversation.id === conversationId);
    // The process stored the message and died before publishing it or acking.
    const { visitor_id } = await t.ctx.db.selectFrom('conversations').select('visitor_id').where('id', '=', conversationId).executeTakeFirstOrThrow();
    const { message } = await storeMessage(t.ctx.db, {
      conversationId,
      sender: { kind: 'shopper', id: visitor_id, name: '访客' },
      kind: 'text',
      body: '崩溃前存下的',
      clientId: 'crash-0001',
    });
    // The widget sends it again with the same clientId.
    s.c.send(text('崩溃前存下的', 'crash-0001'));
    expect((await s.c.type('ack', (f) => f.clientId === 'crash-0001')).seq).toBe(message.seq);
    expect((await a1.c.type('message', (f) => f.clientId === 'crash-0001')).seq).toBe(message.seq);
    expect(await t.ctx.db.selectFrom('messages').select('id').where('client_id', '=', 'crash-0001').execute()).toHaveLength(1);
  });
});

describe('the shopper side', () => {
  it('leaves a message as a ticket when no agent is online', async () => {
    const s = await shopper();
    expect(s.welcome.agentsOnline).toBe(0);
    s.c.send({ type: 'leave_message', body: '请问大码什么时候补货？', name: '王女士', phone: '138 0013 8000' });
    const left = await s.c.type('left');
    expect(left.ticketNumber).toMatch(/^ZX\d{8}-\d{4}$/);
    const ticket = await t.ctx.db
      .selectFrom('tickets')
      .innerJoin('customer_identities', 'customer_identities.customer_id', 'tickets.customer_id')
      .select(['tickets.description', 'customer_identities.value'])
      .where('tickets.number', '=', left.ticketNumber)
      .executeTakeFirstOrThrow();
    expect(ticket.value).toBe('13800138000');
    expect(ticket.description).toContain('请问大码什么时候补货？');
    s.c.send({ type: 'leave_message', body: '没有联系方式' });
    expect((await s.c.type('error')).code).toBe('invalid');

    // What the message is about files it: a delivery question under logistics, tagged.
    s.c.send({ type: 'leave_message', body: '我的快递三天了还没到，物流一直不更新', phone: '13800138000' });
    const second = await s.c.next((f) => f.type === 'left' && f.ticketNumber !== left.ticketNumber);
    const filed = await t.ctx.db
      .selectFrom('tickets')
      .select(['category', 'tags'])
      .where('number', '=', second.ticketNumber)
      .executeTakeFirstOrThrow();
    expect(filed).toEqual({ category: 'logistics', tags: ['留言', '物流'] });
  });

  it('identifies by a signed identity and keeps earlier messages in the file; rates at the end', async () => {
    const a1 = await agent('a1');
    const s = await shopper();
    s.c.send(text('匿名时说的话'));
    const { conversationId } = await s.c.type('ack');
    const ts = Math.floor(Date.now() / 1000);
    const sig = createHmac('sha256', 'secret-1').update(`u-778.13600009999.${ts}`).digest('hex');
    s.c.send({ type: 'identify', identity: { ref: 'u-778', name: '会员小周', phone: '13600009999', ts, sig } });
    const who = await s.c.type('identified');
    const conv = await t.ctx.db.selectFrom('conversations').select('customer_id').where('id', '=', conversationId).executeTakeFirstOrThrow();
    expect(conv.customer_id).toBe(who.customerId);
    s.c.send({ type: 'identify', identity: { ref: 'u-778', name: '冒充', ts, sig: 'ab'.repeat(32) } });
    expect((await s.c.type('error')).message).toMatch(/signature/);

    a1.c.send({ type: 'close', conversationId, reason: 'resolved' });
    await s.c.type('closed');
    s.c.send({ type: 'rate', conversationId, score: 5, comment: '很耐心' });
    await s.c.type('rated');
    const rated = await t.ctx.db
      .selectFrom('conversations')
      .select(['rating', 'rating_comment'])
      .where('id', '=', conversationId)
      .executeTakeFirstOrThrow();
    expect(rated).toEqual({ rating: 5, rating_comment: '很耐心' });
  });

  it("cannot read or rate another shopper's conversation", async () => {
    await agent('a1');
    const s1 = await shopper();
    s1.c.send(text('我的对话'));
    const { conversationId } = await s1.c.type('ack');
    const s2 = await shopper();
    s2.c.send({ type: 'resume', conversationId, afterSeq: 0 });
    expect((await s2.c.type('error')).code).toBe('not_found');
    s2.c.send({ type: 'rate', conversationId, score: 1 });
    expect((await s2.c.next((f) => f.type === 'error' && s2.c.frames.filter((x) => x.type === 'error').length === 2)).code).toBe('not_found');
    expect(s2.c.messages(conversationId)).toEqual([]);
  });
});

describe('bad input on the socket', () => {
  it('answers malformed, oversized, invalid and flooding frames with error frames, harming no one else', async () => {
    const a1 = await agent('a1');
    const bystander = await shopper();
    const s = await shopper();
    s.c.send('{not json');
    expect((await s.c.type('error')).code).toBe('bad_frame');
    s.c.send({ type: 'send', clientId: 'short', kind: 'video', body: '' });
    expect((await s.c.next((f) => f.type === 'error' && f.code === 'invalid')).message).toMatch(/clientId|kind|body/);
    s.c.send(text('长'.repeat(2001)));
    expect((await s.c.next((f) => f.type === 'error' && f.code === 'invalid' && /body/.test(f.message))).code).toBe('invalid');
    s.c.send(JSON.stringify({ type: 'send', clientId: randomUUID(), kind: 'text', body: 'x'.repeat(17_000) }));
    expect((await s.c.type('error', (f) => f.code === 'too_large')).code).toBe('too_large');
    for (let i = 0; i < 40; i++) s.c.send(text(`刷屏${i}`));
    // every send gets an answer: an ack, or a rate_limited error
    const answered = () => s.c.frames.filter((f) => f.type === 'ack' || (f.type === 'error' && f.code === 'rate_limited')).length;
    await s.c.next(() => answered() === 40);
    const acked = s.c.frames.filter((f) => f.type === 'ack').length;
    // the burst of 20 passes (plus what the bucket refilled meanwhile); the rest is refused
    expect(acked).toBeGreaterThanOrEqual(20);
    expect(acked).toBeLessThan(40);

    bystander.c.send(text('我还能正常发消息'));
    const ack = await bystander.c.type('ack');
    expect(ack.seq).toBeGreaterThan(0);
    expect(s.c.socket.readyState).toBe(s.c.socket.OPEN);
    void a1;
  });

  it('refuses unknown shops, anonymous agents and department roles', async () => {
    const unknown = await ChatClient.connect(`${base}/ws/shopper?shop=nope`);
    expect((await unknown.type('error')).code).toBe('not_found');
    const anon = await ChatClient.connect(`${base}/ws/agent`);
    expect((await anon.type('error')).code).toBe('unauthorized');
    const warehouse = await ChatClient.connect(`${base}/ws/agent`, { cookie: t.users.warehouse!.cookie });
    expect((await warehouse.type('error')).code).toBe('forbidden');
  });
});
