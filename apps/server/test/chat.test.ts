import { createHmac, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { storeMessage } from '../src/conversations/store.ts';
import { createUser } from '../src/users/service.ts';
import { ChatClient } from './chat-client.ts';
import { createTestApp, json, PASSWORD, type TestApp } from './helpers.ts';

let t: TestApp;
let base: string;
let groupId: number;
const agents: Record<string, { id: number; cookie: string }> = {};
const open: ChatClient[] = [];

async function loginCookie(username: string) {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
  return `kefu_session=${res.cookies.find((c) => c.name === 'kefu_session')!.value}`;
}

beforeAll(async () => {
  t = await createTestApp();
  const group = await t.ctx.db.insertInto('skill_groups').values({ name: '售前' }).returning('id').executeTakeFirstOrThrow();
  groupId = group.id;
  await t.ctx.db.insertInto('shops').values({ key: 'shop1', name: '测试店', identity_secret: 'secret-1', default_group_id: groupId }).execute();
  for (const name of ['a1', 'a2']) {
    const user = await createUser(t.ctx.db, null, { username: name, displayName: `客服${name}`, role: 'agent', password: PASSWORD, groupIds: [groupId] });
    agents[name] = { id: user.id, cookie: await loginCookie(name) };
  }
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => { await t.close(); });

beforeEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  // Every test starts with no conversation going and every agent offline, at the default maximum.
  await t.ctx.db.updateTable('conversations').set({ status: 'closed', closed_at: new Date() }).where('status', '<>', 'closed').execute();
  await t.ctx.db.deleteFrom('agent_presence').execute();
});

async function shopper(visitor?: string) {
  const c = await ChatClient.connect(`${base}/ws/shopper?shop=shop1${visitor ? `&visitor=${visitor}` : ''}`);
  open.push(c);
  const welcome = await c.type('welcome');
  return { c, welcome, token: welcome.visitor.token as string };
}

async function agent(name: string, status: 'online' | 'busy' = 'online', maxChats?: number) {
  const c = await ChatClient.connect(`${base}/ws/agent`, { cookie: agents[name]!.cookie });
  open.push(c);
  const welcome = await c.type('welcome');
  if (status !== 'online' || maxChats) {
    c.send({ type: 'status', status, maxChats });
    await c.type('presence', (f) => f.status === status);
  }
  return { c, welcome };
}

const text = (body: string, clientId: string = randomUUID()) => ({ type: 'send', clientId, kind: 'text', body });

/** The shop vouches for its logged-in shopper (a typed phone proves nothing, see shopper-identity.test.ts). */
function signedIdentity(ref: string, name: string, phone: string) {
  const ts = Math.floor(Date.now() / 1000);
  return { type: 'identify', identity: { ref, name, phone, ts, sig: createHmac('sha256', 'secret-1').update(`${ref}.${phone}.${ts}`).digest('hex') } };
}

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
    const row = await t.ctx.db.selectFrom('conversations').select(['first_response_at', 'waiting_since']).where('id', '=', ack.conversationId).executeTakeFirstOrThrow();
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
    const rows = await t.ctx.db.selectFrom('messages').select('seq').where('conversation_id', '=', conversationId).where('client_id', '=', 'race-0001').execute();
    expect(rows).toEqual([{ seq: a.seq }]);
  });

  it('keeps the order of a burst of messages from one client', async () => {
    await agent('a1');
    const s = await shopper();
    for (let i = 0; i < 15; i++) s.c.send(text(`第${i}条`));
    await s.c.next((f) => f.type === 'ack' && s.c.frames.filter((x) => x.type === 'ack').length === 15);
    const acks = s.c.frames.filter((f) => f.type === 'ack');
    const bodies = await t.ctx.db.selectFrom('messages').select(['body', 'seq']).where('conversation_id', '=', acks[0]!.conversationId)
      .where('sender_kind', '=', 'shopper').orderBy('seq').execute();
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
    const { message } = await storeMessage(t.ctx.db, { conversationId, sender: { kind: 'shopper', id: visitor_id, name: '访客' }, kind: 'text', body: '崩溃前存下的', clientId: 'crash-0001' });
    // The widget sends it again with the same clientId.
    s.c.send(text('崩溃前存下的', 'crash-0001'));
    expect((await s.c.type('ack', (f) => f.clientId === 'crash-0001')).seq).toBe(message.seq);
    expect((await a1.c.type('message', (f) => f.clientId === 'crash-0001')).seq).toBe(message.seq);
    expect(await t.ctx.db.selectFrom('messages').select('id').where('client_id', '=', 'crash-0001').execute()).toHaveLength(1);
  });
});

describe('routing and queues', () => {
  it("goes to the customer's own agent, else the least loaded; queues when all are full", async () => {
    const a1 = await agent('a1', 'online', 1);
    const a2 = await agent('a2', 'online', 1);
    const customer = await t.ctx.db.insertInto('customers').values({ name: '专属客户', assigned_agent_id: agents.a2!.id }).returning('id').executeTakeFirstOrThrow();
    await t.ctx.db.insertInto('customer_identities').values({ customer_id: customer.id, kind: 'phone', value: '13900001111' }).execute();

    const own = await shopper();
    own.c.send(signedIdentity('u-own', '专属客户', '13900001111'));
    expect((await own.c.type('identified')).customerId).toBe(customer.id);
    own.c.send(text('我是老顾客'));
    expect((await own.c.type('assigned')).agent.id).toBe(agents.a2!.id);

    const other = await shopper();
    other.c.send(text('咨询一下'));
    expect((await other.c.type('assigned')).agent.id).toBe(agents.a1!.id);

    const waiting = await shopper();
    waiting.c.send(text('有人吗'));
    const { conversationId } = await waiting.c.type('ack');
    expect((await waiting.c.type('queue')).position).toBe(1);
    const vip = await t.ctx.db.insertInto('customers').values({ name: 'VIP', segment: 'vip' }).returning('id').executeTakeFirstOrThrow();
    await t.ctx.db.insertInto('customer_identities').values({ customer_id: vip.id, kind: 'phone', value: '13900002222' }).execute();
    const vipShopper = await shopper();
    vipShopper.c.send(signedIdentity('u-vip', 'VIP', '13900002222'));
    await vipShopper.c.type('identified');
    vipShopper.c.send(text('VIP来了'));
    expect((await vipShopper.c.type('queue')).position).toBe(1);
    expect((await waiting.c.next((f) => f.type === 'queue' && f.position === 2)).position).toBe(2);

    // a1 closes its conversation: the VIP is next.
    const a1conv = (await a1.c.type('conversation')).conversation.id;
    a1.c.send({ type: 'close', conversationId: a1conv, reason: 'resolved' });
    await other.c.type('closed');
    expect((await vipShopper.c.type('assigned')).agent.id).toBe(agents.a1!.id);
    expect((await waiting.c.next((f) => f.type === 'queue' && f.position === 1)).conversationId).toBe(conversationId);
    void a2;
  });

  it('lets an agent accept from the queue, transfer to a colleague with a note, and supervisors see it all', async () => {
    const a1 = await agent('a1', 'busy');
    const a2 = await agent('a2', 'busy');
    const s = await shopper();
    s.c.send(text('想退货'));
    const { conversationId } = await s.c.type('ack');
    await s.c.type('queue');
    const queue = json(await t.app.inject({ url: '/api/conversations?scope=queue', headers: { cookie: agents.a1!.cookie } }));
    expect(queue.conversations.map((c: { id: number }) => c.id)).toContain(conversationId);

    a1.c.send({ type: 'accept', conversationId });
    expect((await s.c.type('assigned')).agent.id).toBe(agents.a1!.id);
    a2.c.send({ type: 'accept', conversationId });
    expect((await a2.c.type('error')).code).toBe('conflict');

    a1.c.send({ type: 'transfer', conversationId, toAgentId: agents.a2!.id, note: '顾客要退货，请跟进' });
    const moved = await a2.c.type('conversation', (f) => f.conversation.id === conversationId && f.conversation.agentId === agents.a2!.id);
    expect(moved.conversation.agentName).toBe('客服a2');
    expect((await s.c.next((f) => f.type === 'assigned' && f.agent.id === agents.a2!.id)).agent.name).toBe('客服a2');
    const notes = await t.ctx.db.selectFrom('messages').select(['kind', 'body']).where('conversation_id', '=', conversationId).where('kind', '=', 'note').execute();
    expect(notes.map((n) => n.body)).toEqual(['顾客要退货，请跟进']);
    expect(s.c.messages(conversationId).some((m) => m.kind === 'note')).toBe(false);

    // a1 is no longer the agent: it cannot write to the shopper any more.
    a1.c.send({ type: 'send', conversationId, clientId: randomUUID(), kind: 'text', body: '还是我' });
    expect((await a1.c.type('error')).code).toBe('forbidden');

    const overview = json(await t.as('supervisor')({ url: '/api/chat/overview' }));
    expect(overview.agents.find((a: { id: number }) => a.id === agents.a2!.id)).toMatchObject({ status: 'busy', load: 1 });
    expect((await t.as('agent')({ url: '/api/chat/overview' })).statusCode).toBe(403);
  });

  it('leaves the conversation where it was when the transfer note is refused', async () => {
    const a1 = await agent('a1');
    await agent('a2', 'busy');
    const s = await shopper();
    s.c.send(text('帮我转一下'));
    const { conversationId } = await s.c.type('ack');
    await a1.c.type('conversation', (f) => f.conversation.id === conversationId);
    const before = await t.ctx.db.selectFrom('conversations').select(['agent_id', 'status', 'group_id', 'last_seq']).where('id', '=', conversationId).executeTakeFirstOrThrow();
    // The database refuses the note: a NUL byte (PostgreSQL text cannot hold it), or a rule the note breaks.
    await sql`alter table messages add constraint test_refused_note check (body <> '这条备注会被拒绝')`.execute(t.ctx.db);
    try {
      for (const note of ['带\u0000的备注', '这条备注会被拒绝']) {
        for (const to of [{ toAgentId: agents.a2!.id }, { toGroupId: groupId }]) {
          const from = a1.c.frames.length;
          a1.c.send({ type: 'transfer', conversationId, ...to, note });
          await a1.c.next((f) => f.type === 'error', 5000, from);
          expect(await t.ctx.db.selectFrom('conversations').select(['agent_id', 'status', 'group_id', 'last_seq']).where('id', '=', conversationId).executeTakeFirstOrThrow()).toEqual(before);
        }
      }
    } finally {
      await sql`alter table messages drop constraint test_refused_note`.execute(t.ctx.db);
    }
    expect(s.c.frames.filter((f) => f.type === 'assigned' && f.agent.id === agents.a2!.id)).toEqual([]);
    const notes = await t.ctx.db.selectFrom('messages').select('body').where('conversation_id', '=', conversationId).where('kind', 'in', ['note', 'system']).execute();
    expect(notes.map((n) => n.body).filter((b) => b.includes('转接'))).toEqual([]);
  });

  it('flags a shopper waiting past the response target to the agent and supervisors', async () => {
    const a1 = await agent('a1');
    const sup = await ChatClient.connect(`${base}/ws/agent`, { cookie: t.users.supervisor!.cookie });
    open.push(sup);
    await sup.type('welcome');
    sup.send({ type: 'status', status: 'away' });
    const s = await shopper();
    s.c.send(text('怎么没人回'));
    const { conversationId } = await s.c.type('ack');
    await t.ctx.db.updateTable('conversations').set({ waiting_since: sql<Date>`now() - interval '45 seconds'` as unknown as Date }).where('id', '=', conversationId).execute();
    await t.app.chat.flagOverdue();
    expect((await a1.c.type('overdue')).conversationId).toBe(conversationId);
    expect((await sup.type('overdue')).waitingSeconds).toBeGreaterThanOrEqual(45);
    expect(await t.app.chat.flagOverdue()).toBe(0);
  });
});

describe('the shopper side', () => {
  it('leaves a message as a ticket when no agent is online', async () => {
    const s = await shopper();
    expect(s.welcome.agentsOnline).toBe(0);
    s.c.send({ type: 'leave_message', body: '请问大码什么时候补货？', name: '王女士', phone: '138 0013 8000' });
    const left = await s.c.type('left');
    expect(left.ticketNumber).toMatch(/^ZX\d{8}-\d{4}$/);
    const ticket = await t.ctx.db.selectFrom('tickets').innerJoin('customer_identities', 'customer_identities.customer_id', 'tickets.customer_id')
      .select(['tickets.description', 'customer_identities.value']).where('tickets.number', '=', left.ticketNumber).executeTakeFirstOrThrow();
    expect(ticket.value).toBe('13800138000');
    expect(ticket.description).toContain('请问大码什么时候补货？');
    s.c.send({ type: 'leave_message', body: '没有联系方式' });
    expect((await s.c.type('error')).code).toBe('invalid');

    // What the message is about files it: a delivery question under logistics, tagged.
    s.c.send({ type: 'leave_message', body: '我的快递三天了还没到，物流一直不更新', phone: '13800138000' });
    const second = await s.c.next((f) => f.type === 'left' && f.ticketNumber !== left.ticketNumber);
    const filed = await t.ctx.db.selectFrom('tickets').select(['category', 'tags']).where('number', '=', second.ticketNumber).executeTakeFirstOrThrow();
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
    const rated = await t.ctx.db.selectFrom('conversations').select(['rating', 'rating_comment']).where('id', '=', conversationId).executeTakeFirstOrThrow();
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

describe('chat over HTTP', () => {
  it('turns a conversation into a ticket with the transcript', async () => {
    const a1 = await agent('a1');
    const s = await shopper();
    s.c.send(text('收到的杯子是坏的'));
    const { conversationId } = await s.c.type('ack');
    await a1.c.type('conversation', (f) => f.conversation.id === conversationId);
    const res = await t.app.inject({ method: 'POST', url: `/api/conversations/${conversationId}/ticket`, headers: { cookie: agents.a1!.cookie }, payload: { type: 'after_sale', subject: '杯子破损' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(json(res).ticket.description).toContain('收到的杯子是坏的');
    const again = await t.app.inject({ method: 'POST', url: `/api/conversations/${conversationId}/ticket`, headers: { cookie: agents.a1!.cookie }, payload: { ticketId: json(res).ticket.id } });
    expect(again.statusCode).toBe(409);
    const badCategory = await t.app.inject({ method: 'POST', url: `/api/conversations/${conversationId}/ticket`, headers: { cookie: agents.a1!.cookie }, payload: { type: 'complaint', subject: '投诉', category: 'nonsense', severity: 'minor' } });
    expect(badCategory.statusCode).toBe(400);
  });

  it('keeps shared quick replies for supervisors and personal ones per agent', async () => {
    const mine = await t.as('agent')({ method: 'POST', url: '/api/quick-replies', payload: { scope: 'personal', title: '我的问候', body: '{customerName}您好' } });
    expect(mine.statusCode).toBe(201);
    expect((await t.as('agent')({ method: 'POST', url: '/api/quick-replies', payload: { scope: 'shared', title: 'x', body: 'y' } })).statusCode).toBe(403);
    expect((await t.as('supervisor')({ method: 'POST', url: '/api/quick-replies', payload: { scope: 'shared', title: '结束语', body: '您有什么问题随时可以再来咨询！' } })).statusCode).toBe(201);
    const list = json(await t.as('agent')({ url: '/api/quick-replies' })).quickReplies;
    expect(list.map((q: { title: string; scope: string }) => `${q.scope}:${q.title}`).sort()).toEqual(['personal:我的问候', 'shared:结束语']);
    const others = json(await t.as('supervisor')({ url: '/api/quick-replies' })).quickReplies;
    expect(others.map((q: { title: string }) => q.title)).toEqual(['结束语']);
    expect((await t.as('supervisor')({ method: 'DELETE', url: `/api/quick-replies/${json(mine).quickReply.id}` })).statusCode).toBe(404);
    const bad = await t.as('agent')({ method: 'POST', url: '/api/quick-replies', payload: { scope: 'team', title: '', body: 'x' } });
    expect(json(bad).fields.map((f: { field: string }) => f.field).sort()).toEqual(['body.scope', 'body.title']);
  });

  it('lets supervisors manage forbidden phrases that agents read', async () => {
    expect((await t.as('agent')({ method: 'POST', url: '/api/forbidden-phrases', payload: { phrase: '随便你' } })).statusCode).toBe(403);
    expect((await t.as('supervisor')({ method: 'POST', url: '/api/forbidden-phrases', payload: { phrase: '随便你', suggestion: '您看可以吗？' } })).statusCode).toBe(201);
    expect((await t.as('supervisor')({ method: 'POST', url: '/api/forbidden-phrases', payload: { phrase: '随便你' } })).statusCode).toBe(409);
    const phrases = json(await t.as('agent')({ url: '/api/forbidden-phrases' })).phrases;
    expect(phrases).toEqual([expect.objectContaining({ phrase: '随便你', suggestion: '您看可以吗？' })]);
  });

  it('accepts images from a shopper and serves them; refuses other types', async () => {
    const s = await shopper();
    const boundary = '----kefu';
    const body = (name: string, type: string, data: Buffer) => Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`), data, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const headers = { 'content-type': `multipart/form-data; boundary=${boundary}` };
    const ok = await t.app.inject({ method: 'POST', url: `/api/chat/files?shop=shop1&visitor=${s.token}`, headers, payload: body('a.png', 'image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])) });
    expect(ok.statusCode, ok.body).toBe(201);
    const file = await t.app.inject({ url: json(ok).url });
    expect(file.headers['content-type']).toBe('image/png');
    expect((await t.app.inject({ method: 'POST', url: `/api/chat/files?shop=shop1&visitor=${s.token}`, headers, payload: body('a.pdf', 'application/pdf', Buffer.from('x')) })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'POST', url: `/api/chat/files?shop=shop1&visitor=kv_wrong`, headers, payload: body('a.png', 'image/png', Buffer.from('x')) })).statusCode).toBe(401);
    s.c.send({ type: 'send', clientId: randomUUID(), kind: 'image', body: json(ok).id });
    const ack = await s.c.type('ack');
    const msg = await s.c.type('message', (f) => f.seq === ack.seq);
    expect(msg.data.url).toBe(json(ok).url);
  });
});
