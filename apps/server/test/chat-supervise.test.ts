/**
 * Over the agent socket: collision on a ticket (who views, who types, who just replied; expiry), the supervisors'
 * live monitoring (watch, whisper, take over), and forbidden phrases refused on a chat send, server-side.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTicket } from '../src/tickets/service.ts';
import { ChatClient } from './chat-client.ts';
import { connectAgent, connectShopper, resetChat, startChatApp, text, type ChatApp } from './chat-setup.ts';
import { json, PASSWORD, type TestApp } from './helpers.ts';

let t: TestApp;
let base: string;
let agents: ChatApp['agents'];
let supervisorCookie: string;

beforeAll(async () => {
  ({ t, base, agents } = await startChatApp());
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'supervisor', password: PASSWORD } });
  supervisorCookie = `kefu_session=${res.cookies.find((c) => c.name === 'kefu_session')!.value}`;
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  await resetChat(t);
});

const agent = (name: string, status: 'online' | 'busy' = 'online') => connectAgent(base, agents[name]!.cookie, status);
const supervisor = () => connectAgent(base, supervisorCookie);
/** Gives frames in flight time to arrive, before a test says one never came. */
const settle = () => new Promise((r) => setTimeout(r, 150));
const presenceOf = (c: ChatClient, ticketId: number) => c.frames.filter((f) => f.type === 'ticket_presence' && f.ticketId === ticketId);

describe('collision on a ticket', () => {
  it('shows each agent the others viewing and typing, never themselves; a closed tab or one gone silent leaves', async () => {
    const ticket = await createTicket(t.ctx.db, { id: agents.a1!.id }, { type: 'consultation', subject: '尺码问题' });
    const { c: a1 } = await agent('a1', 'busy');
    const { c: a2 } = await agent('a2', 'busy');

    a2.send({ type: 'ticket_presence', ticketId: ticket.id, state: 'viewing' });
    await settle();
    a1.send({ type: 'ticket_presence', ticketId: ticket.id, state: 'viewing' });
    const arrived = await a2.type('ticket_presence', (f) => f.user.id === agents.a1!.id);
    expect(arrived).toMatchObject({ ticketId: ticket.id, state: 'viewing', fresh: true, user: { name: '客服a1' } });
    a2.send({ type: 'ticket_presence', ticketId: ticket.id, state: 'viewing' });
    expect((await a1.type('ticket_presence')).user.id).toBe(agents.a2!.id);

    a1.send({ type: 'ticket_presence', ticketId: ticket.id, state: 'typing' });
    expect(await a2.type('ticket_presence', (f) => f.state === 'typing')).toMatchObject({ user: { id: agents.a1!.id } });
    await settle();
    expect(presenceOf(a1, ticket.id).every((f) => f.user.id !== agents.a1!.id)).toBe(true);

    // Silent for longer than the TTL (a frozen tab): swept as left, on both sides.
    t.app.chat.collision.sweep(Date.now() + 31_000);
    await a2.type('ticket_presence', (f) => f.state === 'left' && f.user.id === agents.a1!.id);
    await a1.type('ticket_presence', (f) => f.state === 'left' && f.user.id === agents.a2!.id);

    // Back again, then the tab closes: gone at once.
    a2.send({ type: 'ticket_presence', ticketId: ticket.id, state: 'viewing' });
    a1.send({ type: 'ticket_presence', ticketId: ticket.id, state: 'viewing' });
    const from = a2.frames.length;
    await a2.next((f) => f.type === 'ticket_presence' && f.state === 'viewing', 5000, from);
    await a1.close();
    await a2.next((f) => f.type === 'ticket_presence' && f.state === 'left' && f.user.id === agents.a1!.id, 5000, from);
  });

  it('tells the others on the ticket who just replied; an unknown ticket is refused', async () => {
    const ticket = await createTicket(t.ctx.db, { id: agents.a1!.id }, { type: 'consultation', subject: '发票' });
    const { c: a2 } = await agent('a2', 'busy');
    a2.send({ type: 'ticket_presence', ticketId: ticket.id, state: 'typing' });
    await settle();
    const res = await t.as('agent')({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/messages`,
      payload: { kind: 'reply', body: '已为您开具发票' },
    });
    expect(res.statusCode).toBe(201);
    const replied = await a2.type('ticket_presence', (f) => f.state === 'replied');
    expect(replied).toMatchObject({ ticketId: ticket.id, eventId: json(res).message.id, user: { name: 'agent用户' } });

    a2.send({ type: 'ticket_presence', ticketId: 999_999, state: 'viewing' });
    expect((await a2.type('error')).code).toBe('not_found');
  });
});

/** A shopper served by a1, and the conversation's id. */
async function servedByA1(body = '你好，在吗') {
  const { c: a1 } = await agent('a1');
  const s = await connectShopper(base);
  s.c.send(text(body));
  const { conversationId } = await s.c.type('ack');
  await a1.type('conversation', (f) => f.conversation.id === conversationId && f.conversation.agentId === agents.a1!.id);
  return { a1, shopper: s.c, conversationId: conversationId as number };
}

describe('live monitoring', () => {
  it('lets a supervisor follow a conversation and whisper to its agent; the shopper never gets the whisper', async () => {
    const { a1, shopper, conversationId } = await servedByA1();
    const { c: lead } = await supervisor();
    lead.send({ type: 'watch', conversationId });
    await settle();
    shopper.send(text('我的快递到哪了'));
    expect(await lead.type('monitored', (f) => f.body === '我的快递到哪了')).toMatchObject({ conversationId, sender: { kind: 'shopper' } });

    lead.send({ type: 'send', conversationId, clientId: randomUUID(), kind: 'note', body: '先查物流单号再回复' });
    const whisper = await a1.type('message', (f) => f.kind === 'note');
    expect(whisper).toMatchObject({ body: '先查物流单号再回复', sender: { kind: 'agent', name: 'supervisor用户' } });
    a1.send({ ...text('我帮您查一下物流'), conversationId });
    await shopper.type('message', (f) => f.body === '我帮您查一下物流');
    await settle();
    expect(shopper.frames.some((f) => f.kind === 'note' || JSON.stringify(f).includes('先查物流单号'))).toBe(false);

    // Nor does the shopper's catch-up (a reconnect's resume) carry it.
    shopper.send({ type: 'resume', conversationId, afterSeq: 0 });
    const resumed = await shopper.type('resumed');
    expect(resumed.lastSeq).toBe(whisper.seq + 1);
    expect(shopper.frames.filter((f) => f.type === 'message').map((f) => f.kind)).not.toContain('note');

    lead.send({ type: 'watch', conversationId: null });
    await settle();
    const from = lead.frames.length;
    shopper.send(text('好的谢谢'));
    await a1.type('message', (f) => f.body === '好的谢谢');
    await settle();
    expect(lead.frames.slice(from).filter((f) => f.type === 'monitored')).toEqual([]);
  });

  it('refuses watching and taking over to agents', async () => {
    const { conversationId } = await servedByA1();
    const { c: a2 } = await agent('a2');
    a2.send({ type: 'watch', conversationId });
    expect((await a2.type('error')).code).toBe('forbidden');
    a2.send({ type: 'take_over', conversationId });
    expect((await a2.next((f) => f.type === 'error', 5000, a2.frames.length)).code).toBe('forbidden');
    const conv = await t.ctx.db.selectFrom('conversations').select('agent_id').where('id', '=', conversationId).executeTakeFirstOrThrow();
    expect(conv.agent_id).toBe(agents.a1!.id);
  });

  it('moves a conversation to the supervisor who takes it over; the agent and the shopper are told', async () => {
    const { a1, shopper, conversationId } = await servedByA1();
    const { c: lead, welcome } = await supervisor();
    lead.send({ type: 'take_over', conversationId });
    const line = await a1.type('message', (f) => f.kind === 'system' && f.data.code === 'taken_over');
    expect(line.body).toBe('supervisor用户 已接管会话');
    const moved = await a1.type('conversation', (f) => f.conversation.agentId === welcome.agent.id);
    expect(moved.conversation).toMatchObject({ id: conversationId, status: 'active', agentName: 'supervisor用户' });
    expect((await shopper.type('assigned', (f) => f.agent.id === welcome.agent.id)).agent.name).toBe('supervisor用户');

    // Now the supervisor's: they answer; the agent no longer may.
    lead.send({ ...text('您好，我是主管，由我继续为您处理'), conversationId });
    await shopper.type('message', (f) => f.body === '您好，我是主管，由我继续为您处理');
    a1.send({ ...text('我还在'), conversationId });
    expect((await a1.type('error')).code).toBe('forbidden');
  });
});

describe('forbidden phrases on a chat send', () => {
  it('refuses the message server-side, names the phrase and the wording, logs the hit; a note is not checked', async () => {
    await t.ctx.db.insertInto('forbidden_phrases').values({ phrase: '不知道', suggestion: '我帮您确认一下' }).execute();
    const { a1, shopper, conversationId } = await servedByA1();
    const clientId = randomUUID();
    a1.send({ type: 'send', conversationId, clientId, kind: 'text', body: '这个我不知道' });
    const refused = await a1.type('error', (f) => f.clientId === clientId);
    expect(refused.code).toBe('invalid');
    expect(refused.message).toContain('不知道');
    expect(refused.message).toContain('我帮您确认一下');
    await settle();
    expect(shopper.frames.some((f) => f.type === 'message' && f.body.includes('不知道'))).toBe(false);
    const stored = await t.ctx.db
      .selectFrom('messages')
      .select('id')
      .where('conversation_id', '=', conversationId)
      .where('client_id', '=', clientId)
      .execute();
    expect(stored).toEqual([]);
    const hits = await t.ctx.db.selectFrom('quality_phrase_hits').selectAll().where('conversation_id', '=', conversationId).execute();
    expect(hits).toMatchObject([{ channel: 'chat', user_id: agents.a1!.id, phrase: '不知道', blocked: true }]);

    a1.send({ type: 'send', conversationId, clientId: randomUUID(), kind: 'note', body: '顾客问的型号我不知道，待查' });
    await a1.type('message', (f) => f.kind === 'note');
  });
});
