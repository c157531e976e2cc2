/** Live chat at the desk: routing to agents, queues and transfers, and the desk's HTTP side (tickets, scripts, images). */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTicket } from '../src/tickets/service.ts';
import { connectAgent, connectShopper, resetChat, signedIdentity, startChatApp, text, type ChatApp } from './chat-setup.ts';
import { json, type TestApp } from './helpers.ts';

let t: TestApp;
let base: string;
let groupId: number;
let agents: ChatApp['agents'];

beforeAll(async () => {
  ({ t, base, groupId, agents } = await startChatApp());
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  await resetChat(t);
});

const shopper = (visitor?: string) => connectShopper(base, visitor);
const agent = (name: string, status: 'online' | 'busy' = 'online') => connectAgent(base, agents[name]!.cookie, status);

describe('routing and queues', () => {
  it("goes to the customer's own agent, else the least loaded; queues when all are full", async () => {
    // The supervisor's setting: one chat each.
    for (const name of ['a1', 'a2']) {
      const res = await t.as('supervisor')({ method: 'PUT', url: `/api/users/${agents[name]!.id}/max-chats`, payload: { maxChats: 1 } });
      expect(res.statusCode, res.body).toBe(200);
    }
    const a1 = await agent('a1');
    const a2 = await agent('a2');
    // An agent cannot raise their own maximum through the socket.
    a1.c.send({ type: 'status', status: 'online', maxChats: 9 });
    expect((await a1.c.type('presence')).maxChats).toBe(1);
    const customer = await t.ctx.db
      .insertInto('customers')
      .values({ name: '专属客户', assigned_agent_id: agents.a2!.id })
      .returning('id')
      .executeTakeFirstOrThrow();
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
    const notes = await t.ctx.db
      .selectFrom('messages')
      .select(['kind', 'body'])
      .where('conversation_id', '=', conversationId)
      .where('kind', '=', 'note')
      .execute();
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
    const before = await t.ctx.db
      .selectFrom('conversations')
      .select(['agent_id', 'status', 'group_id', 'last_seq'])
      .where('id', '=', conversationId)
      .executeTakeFirstOrThrow();
    // The database refuses the note: a NUL byte (PostgreSQL text cannot hold it), or a rule the note breaks.
    await sql`alter table messages add constraint test_refused_note check (body <> '这条备注会被拒绝')`.execute(t.ctx.db);
    try {
      for (const note of ['带\u0000的备注', '这条备注会被拒绝']) {
        for (const to of [{ toAgentId: agents.a2!.id }, { toGroupId: groupId }]) {
          const from = a1.c.frames.length;
          a1.c.send({ type: 'transfer', conversationId, ...to, note });
          await a1.c.next((f) => f.type === 'error', 5000, from);
          expect(
            await t.ctx.db
              .selectFrom('conversations')
              .select(['agent_id', 'status', 'group_id', 'last_seq'])
              .where('id', '=', conversationId)
              .executeTakeFirstOrThrow(),
          ).toEqual(before);
        }
      }
    } finally {
      await sql`alter table messages drop constraint test_refused_note`.execute(t.ctx.db);
    }
    expect(s.c.frames.filter((f) => f.type === 'assigned' && f.agent.id === agents.a2!.id)).toEqual([]);
    const notes = await t.ctx.db
      .selectFrom('messages')
      .select('body')
      .where('conversation_id', '=', conversationId)
      .where('kind', 'in', ['note', 'system'])
      .execute();
    expect(notes.map((n) => n.body).filter((b) => b.includes('转接'))).toEqual([]);
  });
  // The response target (the chat_response clock, its breach and the `overdue` frame): sla-chat.test.ts.
});

describe('chat over HTTP', () => {
  it('turns a conversation into a ticket with the transcript', async () => {
    const a1 = await agent('a1');
    const s = await shopper();
    s.c.send(text('收到的杯子是坏的'));
    const { conversationId } = await s.c.type('ack');
    await a1.c.type('conversation', (f) => f.conversation.id === conversationId);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/conversations/${conversationId}/ticket`,
      headers: { cookie: agents.a1!.cookie },
      payload: { type: 'after_sale', subject: '杯子破损' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(json(res).ticket.description).toContain('收到的杯子是坏的');
    // Asking again answers the ticket it already has; linking another one is a conflict.
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/conversations/${conversationId}/ticket`,
      headers: { cookie: agents.a1!.cookie },
      payload: { ticketId: json(res).ticket.id },
    });
    expect(again.statusCode).toBe(200);
    expect(json(again)).toMatchObject({ ticket: { id: json(res).ticket.id }, alreadyLinked: true });
    const other = await createTicket(t.ctx.db, { id: agents.a1!.id }, { type: 'consultation', subject: '另一张' });
    const relink = await t.app.inject({
      method: 'POST',
      url: `/api/conversations/${conversationId}/ticket`,
      headers: { cookie: agents.a1!.cookie },
      payload: { ticketId: other.id },
    });
    expect(relink.statusCode).toBe(409);
    expect(json(relink)).toMatchObject({ error: 'conflict', ticketId: json(res).ticket.id });
    const badCategory = await t.app.inject({
      method: 'POST',
      url: `/api/conversations/${conversationId}/ticket`,
      headers: { cookie: agents.a1!.cookie },
      payload: { type: 'complaint', subject: '投诉', category: 'nonsense', severity: 'minor' },
    });
    expect(badCategory.statusCode).toBe(400);
  });

  it('files a conversation as one ticket when requests race', async () => {
    const a1 = await agent('a1');
    const conversationWith = async (body: string) => {
      const s = await shopper();
      s.c.send(text(body));
      const { conversationId } = await s.c.type('ack');
      await a1.c.type('conversation', (f) => f.conversation.id === conversationId);
      return conversationId as number;
    };
    const fileAs = (conversationId: number, payload: object) =>
      t.app.inject({ method: 'POST', url: `/api/conversations/${conversationId}/ticket`, headers: { cookie: agents.a1!.cookie }, payload });
    const ticketCount = async () =>
      Number(
        (
          await t.ctx.db
            .selectFrom('tickets')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const links = (conversationId: number) =>
      Promise.all([
        t.ctx.db.selectFrom('conversations').select('ticket_id').where('id', '=', conversationId).executeTakeFirstOrThrow(),
        t.ctx.db.selectFrom('tickets').select('id').where('conversation_id', '=', conversationId).execute(),
      ]);

    // Two "create" requests at once: one ticket, both answers name it.
    const first = await conversationWith('两个人同时建单');
    const before = await ticketCount();
    const created = await Promise.all(['甲', '乙', '丙', '丁'].map((subject) => fileAs(first, { type: 'consultation', subject })));
    expect(await ticketCount()).toBe(before + 1);
    expect(created.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 201]);
    const ticketId = json(created[0]!).ticket.id;
    expect(created.map((r) => json(r).ticket.id)).toEqual([ticketId, ticketId, ticketId, ticketId]);
    expect(await links(first)).toEqual([{ ticket_id: ticketId }, [{ id: ticketId }]]);

    // Two links to different tickets at once: the first wins, the second is told which one it lost to.
    const second = await conversationWith('两张单同时关联');
    const [x, y] = await Promise.all(['戊', '己'].map((subject) => createTicket(t.ctx.db, { id: agents.a1!.id }, { type: 'consultation', subject })));
    const linked = await Promise.all([fileAs(second, { ticketId: x!.id }), fileAs(second, { ticketId: y!.id })]);
    expect(linked.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const winner = json(linked.find((r) => r.statusCode === 201)!).ticket.id;
    expect(json(linked.find((r) => r.statusCode === 409)!).ticketId).toBe(winner);
    expect(await links(second)).toEqual([{ ticket_id: winner }, [{ id: winner }]]);
  });

  it('keeps shared quick replies for supervisors and personal ones per agent', async () => {
    const mine = await t.as('agent')({
      method: 'POST',
      url: '/api/quick-replies',
      payload: { scope: 'personal', title: '我的问候', body: '{customerName}您好' },
    });
    expect(mine.statusCode).toBe(201);
    expect((await t.as('agent')({ method: 'POST', url: '/api/quick-replies', payload: { scope: 'shared', title: 'x', body: 'y' } })).statusCode).toBe(
      403,
    );
    expect(
      (
        await t.as('supervisor')({
          method: 'POST',
          url: '/api/quick-replies',
          payload: { scope: 'shared', title: '结束语', body: '您有什么问题随时可以再来咨询！' },
        })
      ).statusCode,
    ).toBe(201);
    const list = json(await t.as('agent')({ url: '/api/quick-replies' })).quickReplies;
    expect(list.map((q: { title: string; scope: string }) => `${q.scope}:${q.title}`).sort()).toEqual(['personal:我的问候', 'shared:结束语']);
    const others = json(await t.as('supervisor')({ url: '/api/quick-replies' })).quickReplies;
    expect(others.map((q: { title: string }) => q.title)).toEqual(['结束语']);
    expect((await t.as('supervisor')({ method: 'DELETE', url: `/api/quick-replies/${json(mine).quickReply.id}` })).statusCode).toBe(404);
    const bad = await t.as('agent')({ method: 'POST', url: '/api/quick-replies', payload: { scope: 'team', title: '', body: 'x' } });
    expect(
      json(bad)
        .fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['body.scope', 'body.title']);
  });

  it('lets supervisors manage forbidden phrases that agents read', async () => {
    expect((await t.as('agent')({ method: 'POST', url: '/api/forbidden-phrases', payload: { phrase: '随便你' } })).statusCode).toBe(403);
    expect(
      (await t.as('supervisor')({ method: 'POST', url: '/api/forbidden-phrases', payload: { phrase: '随便你', suggestion: '您看可以吗？' } }))
        .statusCode,
    ).toBe(201);
    expect((await t.as('supervisor')({ method: 'POST', url: '/api/forbidden-phrases', payload: { phrase: '随便你' } })).statusCode).toBe(409);
    const phrases = json(await t.as('agent')({ url: '/api/forbidden-phrases' })).phrases;
    expect(phrases).toEqual([expect.objectContaining({ phrase: '随便你', suggestion: '您看可以吗？' })]);
  });

  it('accepts images from a shopper and serves them; refuses other types', async () => {
    const s = await shopper();
    const boundary = '----kefu';
    const body = (name: string, type: string, data: Buffer) =>
      Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
        data,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
    const headers = { 'content-type': `multipart/form-data; boundary=${boundary}` };
    const ok = await t.app.inject({
      method: 'POST',
      url: `/api/chat/files?shop=shop1&visitor=${s.token}`,
      headers,
      payload: body('a.png', 'image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])),
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const file = await t.app.inject({ url: json(ok).url });
    expect(file.headers['content-type']).toBe('image/png');
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/chat/files?shop=shop1&visitor=${s.token}`,
          headers,
          payload: body('a.pdf', 'application/pdf', Buffer.from('x')),
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/chat/files?shop=shop1&visitor=kv_wrong`,
          headers,
          payload: body('a.png', 'image/png', Buffer.from('x')),
        })
      ).statusCode,
    ).toBe(401);
    s.c.send({ type: 'send', clientId: randomUUID(), kind: 'image', body: json(ok).id });
    const ack = await s.c.type('ack');
    const msg = await s.c.type('message', (f) => f.seq === ack.seq);
    expect(msg.data.url).toBe(json(ok).url);
  });
});

describe('staff whose way in ends', () => {
  it('closes the chat socket of an agent who is deactivated or given a new password', async () => {
    const admin = t.as('admin');
    for (const change of [
      { url: `/api/users/${agents.a2!.id}/password`, payload: { password: 'Another-pass-2026' } },
      { url: `/api/users/${agents.a2!.id}/deactivate`, payload: {} },
    ]) {
      const a2 = await agent('a2');
      const closed = new Promise<number>((resolve) => a2.c.socket.once('close', (code) => resolve(code)));
      const res = await admin({ method: 'POST', ...change });
      expect(res.statusCode, res.body).toBe(200);
      expect(await closed).toBe(4401);
      if (change.url.endsWith('/password')) {
        // A new password ended the sessions: log in again for the next round.
        const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a2', password: 'Another-pass-2026' } });
        agents.a2!.cookie = `kefu_session=${login.cookies.find((c) => c.name === 'kefu_session')!.value}`;
      }
    }
    await admin({ method: 'POST', url: `/api/users/${agents.a2!.id}/reactivate` });
  });
});
