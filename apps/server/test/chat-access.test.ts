/** Agents stay in their own conversations: every REST route and socket frame on a conversation goes through one rule. */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { conversationAccess, type Role } from '@kefu/domain';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { storeMessage } from '../src/conversations/store.ts';
import { createUser } from '../src/users/service.ts';
import { ChatClient, expectFramesFitProtocol } from './chat-client.ts';
import { createTestApp, json, PASSWORD, type TestApp } from './helpers.ts';

let t: TestApp;
let base: string;
let shopId: number;
const staff: Record<string, { id: number; role: Role; cookie: string }> = {};
const sockets: ChatClient[] = [];

async function login(username: string) {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
  return `kefu_session=${res.cookies.find((c) => c.name === 'kefu_session')!.value}`;
}

/** A conversation in the given state, with one shopper message and one internal note. */
async function conversation(status: 'active' | 'queued' | 'closed' | 'bot', agent: string | null) {
  const db = t.ctx.db;
  const visitor = await db
    .insertInto('visitors')
    .values({ shop_id: shopId, token_hash: randomUUID(), name: '访客' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const conv = await db
    .insertInto('conversations')
    .values({
      shop_id: shopId,
      visitor_id: visitor.id,
      status,
      agent_id: agent ? staff[agent]!.id : null,
      ...(status === 'closed' && { closed_at: new Date() }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await storeMessage(db, {
    conversationId: conv.id,
    sender: { kind: 'shopper', id: visitor.id, name: '访客' },
    kind: 'text',
    body: '我的地址是幸福路 8 号',
  });
  await storeMessage(db, { conversationId: conv.id, sender: { kind: 'agent', id: staff.a1!.id, name: 'a1' }, kind: 'note', body: '内部：老客户' });
  return conv.id;
}

async function socketOf(name: string) {
  const c = await ChatClient.connect(`${base}/ws/agent`, { cookie: staff[name]!.cookie, origin: base.replace('ws:', 'http:') });
  sockets.push(c);
  await c.type('welcome');
  return c;
}

/** Sends a frame and waits for the error it must cause. */
async function refused(c: ChatClient, frame: Record<string, unknown>) {
  const from = c.frames.length;
  c.send(frame);
  return (await c.next((f) => f.type === 'error', 3000, from)).code as string;
}

beforeAll(async () => {
  t = await createTestApp();
  shopId = (await t.ctx.db.insertInto('shops').values({ key: 'access', name: '店', identity_secret: 's' }).returning('id').executeTakeFirstOrThrow())
    .id;
  for (const name of ['a1', 'a2']) {
    const user = await createUser(t.ctx.db, null, { username: name, displayName: `客服${name}`, role: 'agent', password: PASSWORD });
    staff[name] = { id: user.id, role: 'agent', cookie: await login(name) };
    // Busy: connecting does not put them online, so no queued conversation of these tests is dispatched.
    await t.ctx.db.insertInto('agent_presence').values({ user_id: user.id, status: 'busy', max_chats: 5 }).execute();
  }
  staff.supervisor = { ...t.users.supervisor!, role: 'supervisor' };
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await Promise.all(sockets.map((c) => c.close()));
  await t.close();
});
afterEach(expectFramesFitProtocol);

describe("another agent's active conversation", () => {
  it('is closed to a colleague over REST: no reading, no ticket, no draft', async () => {
    const id = await conversation('active', 'a1');
    const as =
      (name: string) =>
      (url: string, method: 'GET' | 'POST' = 'GET', payload?: object) =>
        t.app.inject({ method, url, payload, headers: { cookie: staff[name]!.cookie } });
    for (const [url, method, payload] of [
      [`/api/conversations/${id}`, 'GET'],
      [`/api/conversations/${id}/messages`, 'GET'],
      [`/api/conversations/${id}/ticket`, 'POST', { type: 'consultation', subject: '越权' }],
      [`/api/conversations/${id}/draft`, 'POST'],
    ] as const) {
      const res = await as('a2')(url, method, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(json(res).message).toContain('another agent');
    }
    expect((await t.ctx.db.selectFrom('conversations').select('ticket_id').where('id', '=', id).executeTakeFirstOrThrow()).ticket_id).toBeNull();

    expect(json(await as('a1')(`/api/conversations/${id}/messages`)).messages.map((m: { body: string }) => m.body)).toContain('内部：老客户');
    expect((await as('supervisor')(`/api/conversations/${id}`)).statusCode).toBe(200);
  });

  it('is closed to a colleague on the socket (resume, read, typing, note, send, transfer, close change nothing) and open to a supervisor', async () => {
    const id = await conversation('active', 'a1');
    const a2 = await socketOf('a2');
    for (const frame of [
      { type: 'resume', conversationId: id, afterSeq: 0 },
      { type: 'read', conversationId: id, seq: 2 },
      { type: 'typing', conversationId: id },
      { type: 'send', conversationId: id, clientId: randomUUID(), kind: 'note', body: '偷偷写的备注' },
      { type: 'send', conversationId: id, clientId: randomUUID(), kind: 'text', body: '冒名回复' },
      { type: 'transfer', conversationId: id, toAgentId: staff.a2!.id },
      { type: 'close', conversationId: id, reason: 'resolved' },
    ])
      expect(await refused(a2, frame), frame.type).toBe('forbidden');
    expect(a2.messages(id)).toEqual([]);
    const row = await t.ctx.db
      .selectFrom('conversations')
      .select(['agent_read_seq', 'last_seq', 'agent_id', 'status'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ agent_read_seq: 0, last_seq: 2, agent_id: staff.a1!.id, status: 'active' });

    // A supervisor monitors it and whispers a note.
    const sup = await socketOf('supervisor');
    sup.send({ type: 'resume', conversationId: id, afterSeq: 0 });
    expect((await sup.type('resumed', (f) => f.conversationId === id)).lastSeq).toBe(2);
    expect(sup.messages(id).map((m) => m.body)).toEqual(['我的地址是幸福路 8 号', '内部：老客户']);
    sup.send({ type: 'send', conversationId: id, clientId: 'whisper-0001', kind: 'note', body: '注意语气' });
    expect((await sup.type('ack', (f) => f.clientId === 'whisper-0001')).seq).toBe(3);
  });
});

describe('queued and closed conversations', () => {
  it('lets an agent look at a queued conversation and accept it, but not write in it first', async () => {
    const id = await conversation('queued', null);
    const a2 = await socketOf('a2');
    a2.send({ type: 'resume', conversationId: id, afterSeq: 0 });
    await a2.type('resumed', (f) => f.conversationId === id);
    expect(await refused(a2, { type: 'send', conversationId: id, clientId: randomUUID(), kind: 'note', body: '还没接就写' })).toBe('forbidden');
    expect(await refused(a2, { type: 'typing', conversationId: id })).toBe('forbidden');
    a2.send({ type: 'accept', conversationId: id });
    await a2.type('conversation', (f) => f.conversation.id === id && f.conversation.agentId === staff.a2!.id);
    a2.send({ type: 'send', conversationId: id, clientId: 'after-accept-1', kind: 'note', body: '接了' });
    await a2.type('ack', (f) => f.clientId === 'after-accept-1');
  });

  it('keeps closed conversations as read-only history; their agent may still file them as a ticket', async () => {
    const id = await conversation('closed', 'a1');
    const get = (name: string, url: string) => t.app.inject({ url, headers: { cookie: staff[name]!.cookie } });
    expect((await get('a2', `/api/conversations/${id}/messages`)).statusCode).toBe(200);
    const ticket = (name: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/conversations/${id}/ticket`,
        headers: { cookie: staff[name]!.cookie },
        payload: { type: 'consultation', subject: '事后建单' },
      });
    expect((await ticket('a2')).statusCode).toBe(403);
    expect((await ticket('a1')).statusCode).toBe(201);
    const a1 = await socketOf('a1');
    expect(await refused(a1, { type: 'send', conversationId: id, clientId: randomUUID(), kind: 'note', body: '关了还写' })).toBe('conflict');
  });

  it('lists for each agent exactly the conversations the rule lets them read', async () => {
    const ids = {
      mine: await conversation('active', 'a1'),
      theirs: await conversation('active', 'a2'),
      queued: await conversation('queued', null),
      closedTheirs: await conversation('closed', 'a2'),
      bot: await conversation('bot', null),
    };
    for (const name of ['a1', 'a2', 'supervisor']) {
      const who = staff[name]!;
      const listed = new Set(
        json(await t.app.inject({ url: '/api/conversations?scope=all&limit=200', headers: { cookie: who.cookie } })).conversations.map(
          (c: { id: number }) => c.id,
        ),
      );
      for (const id of Object.values(ids)) {
        const conv = await t.ctx.db.selectFrom('conversations').select(['status', 'agent_id']).where('id', '=', id).executeTakeFirstOrThrow();
        expect(listed.has(id), `${name} ${conv.status} of ${conv.agent_id}`).toBe(
          conversationAccess(who, { status: conv.status, agentId: conv.agent_id }, 'read').allowed,
        );
      }
    }
  });
});
