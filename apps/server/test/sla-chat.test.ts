/** Chats on the service-level clock: the chat response clock, the breach frames, and conversation priority. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { forgetPolicies } from '../src/sla/policies.ts';
import { sweepClocks } from '../src/sla/sweep.ts';
import { ChatClient } from './chat-client.ts';
import { connectAgent, connectShopper, openClients, resetChat, signedIdentity, startChatApp, text, type ChatApp } from './chat-setup.ts';
import { json, type TestApp } from './helpers.ts';

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
  // resetChat closes conversations behind the server's back: their clocks must not breach in a later test.
  await t.ctx.db.updateTable('sla_clocks').set({ state: 'cancelled' }).where('state', 'in', ['running', 'paused']).execute();
});

const agent = (name: string) => connectAgent(base, agents[name]!.cookie);
const later = (seconds: number) => new Date(Date.now() + seconds * 1000);

async function supervisor() {
  const c = await ChatClient.connect(`${base}/ws/agent`, { cookie: t.users.supervisor!.cookie });
  openClients.push(c);
  await c.type('welcome');
  return c;
}

async function clocksOf(conversationId: number) {
  return t.ctx.db
    .selectFrom('sla_clocks as k')
    .leftJoin('sla_policies as p', 'p.id', 'k.policy_id')
    .select(['k.id', 'k.metric', 'k.state', 'k.ticket_id', 'k.started_at', 'k.due_at', 'k.breached_at', 'p.name as policy'])
    .where('k.subject_kind', '=', 'conversation')
    .where('k.subject_id', '=', conversationId)
    .orderBy('k.id')
    .execute();
}

async function conversation(conversationId: number) {
  const res = await t.as('supervisor')({ method: 'GET', url: `/api/conversations/${conversationId}` });
  expect(res.statusCode, res.body).toBe(200);
  return json(res).conversation;
}

describe('the chat response clock', () => {
  it('starts with the wait, once, is met by the answer, starts again, and is cancelled by closing', async () => {
    const a1 = await agent('a1');
    const s = await connectShopper(base);
    s.c.send(text('在吗'));
    const { conversationId } = await s.c.type('ack');
    await a1.c.type('conversation', (f) => f.conversation.id === conversationId && f.conversation.agentId === agents.a1!.id);

    const [first, ...none] = await clocksOf(conversationId);
    expect(none).toEqual([]);
    expect(first).toMatchObject({ metric: 'chat_response', state: 'running', ticket_id: null, policy: '默认' });
    // DOMAIN.md: a chat is answered within 30 seconds.
    expect(first!.due_at.getTime() - first!.started_at.getTime()).toBe(30_000);

    s.c.send(text('有人吗？', 'again-123'));
    await s.c.type('ack', (f) => f.clientId === 'again-123');
    expect((await clocksOf(conversationId)).map((k) => k.state)).toEqual(['running']);

    a1.c.send({ type: 'send', conversationId, clientId: 'answer-note', kind: 'note', body: '先查一下' });
    await a1.c.type('ack', (f) => f.clientId === 'answer-note');
    expect((await clocksOf(conversationId)).map((k) => k.state)).toEqual(['running']);
    a1.c.send({ type: 'send', conversationId, clientId: 'answer-text', kind: 'text', body: '您好，在的' });
    await a1.c.type('ack', (f) => f.clientId === 'answer-text');
    expect((await clocksOf(conversationId)).map((k) => k.state)).toEqual(['met']);

    s.c.send(text('我的快递到哪了', 'next-1234'));
    await s.c.type('ack', (f) => f.clientId === 'next-1234');
    expect((await clocksOf(conversationId)).map((k) => k.state)).toEqual(['met', 'running']);

    a1.c.send({ type: 'close', conversationId, reason: 'resolved' });
    await a1.c.type('closed', (f) => f.conversationId === conversationId);
    expect((await clocksOf(conversationId)).map((k) => k.state)).toEqual(['met', 'cancelled']);
    // Nothing is left to breach.
    expect(await sweepClocks(t.ctx.db, t.app.chat.hub, later(60))).toEqual({ warned: 0, breached: 0 });
  });

  it('warns, then breaches once: the agent and the supervisors get `sla` and `overdue` frames, the conversation its overdueAt', async () => {
    const a1 = await agent('a1');
    const sup = await supervisor();
    const s = await connectShopper(base);
    s.c.send(text('怎么没人回'));
    const { conversationId } = await s.c.type('ack');
    await a1.c.type('conversation', (f) => f.conversation.id === conversationId && f.conversation.agentId === agents.a1!.id);
    expect((await conversation(conversationId)).overdueAt).toBeNull();

    expect(await sweepClocks(t.ctx.db, t.app.chat.hub, later(25))).toEqual({ warned: 1, breached: 0 });
    const warned = await a1.c.type('sla', (f) => f.event === 'warned');
    expect(warned).toMatchObject({ metric: 'chat_response', subjectKind: 'conversation', subjectId: conversationId, ticketId: null });
    expect(warned.title).toContain('会话');

    expect(await sweepClocks(t.ctx.db, t.app.chat.hub, later(31))).toEqual({ warned: 0, breached: 1 });
    expect(await a1.c.type('sla', (f) => f.event === 'breached')).toMatchObject({ clockId: warned.clockId, subjectId: conversationId });
    expect((await a1.c.type('overdue')).conversationId).toBe(conversationId);
    expect((await sup.type('sla', (f) => f.event === 'breached')).subjectId).toBe(conversationId);
    expect((await sup.type('overdue')).conversationId).toBe(conversationId);
    const [clock] = await clocksOf(conversationId);
    expect(clock!.breached_at).not.toBeNull();
    expect(new Date((await conversation(conversationId)).overdueAt).getTime()).toBe(clock!.breached_at!.getTime());

    // Once: a later sweep finds nothing; an answer ends the overdue mark (met late).
    expect(await sweepClocks(t.ctx.db, t.app.chat.hub, later(90))).toEqual({ warned: 0, breached: 0 });
    expect(a1.c.frames.filter((f) => f.type === 'overdue')).toHaveLength(1);
    a1.c.send({ type: 'send', conversationId, clientId: 'late-1234', kind: 'text', body: '抱歉久等了' });
    await a1.c.type('ack', (f) => f.clientId === 'late-1234');
    expect((await clocksOf(conversationId)).map((k) => k.state)).toEqual(['met']);
    expect((await conversation(conversationId)).overdueAt).toBeNull();
  });

  it("times the wait by the policy for the customer's segment and the conversation's priority", async () => {
    const policy = (name: string, position: number, match: object, seconds: number) =>
      t.as('admin')({
        method: 'POST',
        url: '/api/sla/policies',
        payload: {
          name,
          position,
          match: { ticketTypes: [], categories: [], severities: [], priorities: [], channels: [], segments: [], ...match },
          hours: { kind: 'always' },
          targets: [{ metric: 'chat_response', within: seconds, unit: 'seconds' }],
          onBreach: { raisePriority: false, reassign: null },
        },
      });
    const made = await Promise.all([
      policy('紧急会话', 1, { priorities: ['urgent'] }, 10),
      policy('VIP会话', 2, { segments: ['vip'], channels: ['web'] }, 15),
    ]);
    try {
      for (const res of made) expect(res.statusCode, res.body).toBe(201);
      const waitOf = async (conversationId: number) => {
        const [clock] = await clocksOf(conversationId);
        return { policy: clock!.policy, seconds: (clock!.due_at.getTime() - clock!.started_at.getTime()) / 1000 };
      };

      const upset = await connectShopper(base);
      upset.c.send(text('我要投诉，你们发错货了还不处理'));
      const complaint = (await upset.c.type('ack')).conversationId;
      expect(await waitOf(complaint)).toEqual({ policy: '紧急会话', seconds: 10 });

      const vip = await t.ctx.db.insertInto('customers').values({ name: '老VIP', segment: 'vip' }).returning('id').executeTakeFirstOrThrow();
      await t.ctx.db.insertInto('customer_identities').values({ customer_id: vip.id, kind: 'phone', value: '13900005555' }).execute();
      const v = await connectShopper(base);
      v.c.send(signedIdentity('u-vip5', '老VIP', '13900005555'));
      await v.c.type('identified');
      v.c.send(text('你好'));
      expect(await waitOf((await v.c.type('ack')).conversationId)).toEqual({ policy: 'VIP会话', seconds: 15 });

      const anyone = await connectShopper(base);
      anyone.c.send(text('你好'));
      expect(await waitOf((await anyone.c.type('ack')).conversationId)).toEqual({ policy: '默认', seconds: 30 });
    } finally {
      await t.ctx.db.deleteFrom('sla_policies').where('name', 'in', ['紧急会话', 'VIP会话']).execute();
      forgetPolicies(t.ctx.db);
    }
  });
});

describe('conversation priority', () => {
  it('serves a routed complaint before VIPs and older chats, without making the shopper a VIP', async () => {
    const early = await connectShopper(base);
    early.c.send(text('请问有货吗'));
    const plain = (await early.c.type('ack')).conversationId;
    await t.ctx.db.updateTable('conversations').set({ vip: true }).where('id', '=', plain).execute();
    const upset = await connectShopper(base);
    upset.c.send(text('我要投诉，你们发错货了还不处理'));
    const complaint = (await upset.c.type('ack')).conversationId;
    expect(await t.ctx.db.selectFrom('conversations').select(['priority', 'vip']).where('id', '=', complaint).executeTakeFirstOrThrow()).toEqual({
      priority: 'urgent',
      vip: false,
    });

    const queue = json(await t.as('agent')({ method: 'GET', url: '/api/conversations?scope=queue' }));
    expect(queue.conversations.map((c: { id: number }) => c.id)).toEqual([complaint, plain]);
    expect(queue.conversations[0]).toMatchObject({ priority: 'urgent', vip: false, tags: ['投诉'] });
    expect(queue.conversations[1]).toMatchObject({ priority: 'normal', vip: true });

    const a1 = await agent('a1');
    expect((await upset.c.type('assigned')).agent.id).toBe(agents.a1!.id);
    await a1.c.type('conversation', (f) => f.conversation.id === complaint && f.conversation.priority === 'urgent');
  });
});

describe('an agent socket for notifications only', () => {
  it('(?presence=keep) gets service-level frames without putting the agent online', async () => {
    const watcher = await ChatClient.connect(`${base}/ws/agent?presence=keep`, { cookie: agents.a2!.cookie });
    openClients.push(watcher);
    expect((await watcher.type('welcome')).agent.status).toBe('offline');
    const row = await t.ctx.db.selectFrom('agent_presence').select('status').where('user_id', '=', agents.a2!.id).executeTakeFirst();
    expect(row?.status ?? 'offline').toBe('offline');

    const s = await connectShopper(base);
    s.c.send(text('有人在吗'));
    const { conversationId } = await s.c.type('ack');
    // Nobody online: it waits in the queue; given to a2 by hand, a2's notifications socket is told of its breach.
    await t.ctx.db.updateTable('conversations').set({ agent_id: agents.a2!.id, status: 'active' }).where('id', '=', conversationId).execute();
    await sweepClocks(t.ctx.db, t.app.chat.hub, later(31));
    expect(await watcher.type('sla', (f) => f.event === 'breached' && f.subjectId === conversationId)).toMatchObject({ metric: 'chat_response' });
  });
});
