import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chinaTimestamp, signParams } from '../src/channels/marketplace/signing.ts';
import { deliverDueIm } from '../src/channels/marketplace/outbox.ts';
import { pollMarketplaces } from '../src/channels/marketplace/setup.ts';
import { TAOBAO_CHAT_TOPIC } from '../src/channels/marketplace/taobao.ts';
import { JD_CHAT_TOPIC } from '../src/channels/marketplace/jd.ts';
import { PDD_CHAT_TYPE } from '../src/channels/marketplace/pdd.ts';
import { connectAgent, resetChat, startChatApp, type ChatApp } from './chat-setup.ts';
import { jdSignedPush, startFakeJos, startFakePdd, startFakeTop, type FakePdd, type FakeTop } from './fixtures/marketplace-servers.ts';

// Marketplace IM end to end: buyers' messages from local servers speaking Taobao's, JD's and Pinduoduo's protocols
// become conversations on the buyer's customer file, reach an agent like the widget's, and the agent's answers go
// back through each platform's send call.
const TB = { appKey: '12345678', secret: 'tb-secret-0123456789abcdef', session: 'tb-session-6100a', group: 'kefu' };
const JD = { appKey: 'JDKEY0001', secret: 'jd-secret-0123456789abcdef', accessToken: 'jd-token-1' };
const PDD = { clientId: 'pdd-client-01', secret: 'pdd-secret-0123456789abcdef', accessToken: 'pdd-token-1' };

let top: FakeTop;
let jos: Awaited<ReturnType<typeof startFakeJos>>;
let pdd: FakePdd;
let chat: ChatApp;

beforeAll(async () => {
  [top, jos, pdd] = await Promise.all([startFakeTop(TB), startFakeJos(JD), startFakePdd(PDD)]);
  chat = await startChatApp({
    TAOBAO_APP_KEY: TB.appKey,
    TAOBAO_APP_SECRET: TB.secret,
    TAOBAO_SESSION: TB.session,
    TAOBAO_TMC_GROUP: TB.group,
    TAOBAO_API_URL: top.url,
    JD_APP_KEY: JD.appKey,
    JD_APP_SECRET: JD.secret,
    JD_ACCESS_TOKEN: JD.accessToken,
    JD_API_URL: jos.url,
    PDD_CLIENT_ID: PDD.clientId,
    PDD_CLIENT_SECRET: PDD.secret,
    PDD_ACCESS_TOKEN: PDD.accessToken,
    PDD_API_URL: pdd.url,
    PDD_MESSAGE_URL: pdd.messageUrl,
  });
});
afterAll(async () => {
  await chat.t.close();
  await Promise.all([top.close(), jos.close(), pdd.close()]);
});
beforeEach(async () => resetChat(chat.t));

const db = () => chat.t.ctx.db;
const poll = () => pollMarketplaces(chat.t.ctx, chat.t.app.chat);
const deliver = () => deliverDueIm(db(), chat.t.app.chat, chat.t.ctx.marketplaces!);
const agent = () => connectAgent(chat.base, chat.agents.a1!.cookie);
const conversationOf = (clientId: string) =>
  db()
    .selectFrom('messages as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .innerJoin('visitors as v', 'v.id', 'c.visitor_id')
    .select(['c.id', 'c.channel', 'c.customer_id', 'c.status', 'v.external_id', 'm.kind', 'm.body', 'm.seq'])
    .where('m.client_id', '=', clientId)
    .executeTakeFirst();
const until = async <T>(what: () => Promise<T | undefined | false>, ms = 5000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};
const tbChat = (over: Record<string, unknown> = {}) => ({
  msg_id: `tb${randomUUID().slice(0, 8)}`,
  direction: 'buyer',
  buyer_open_uid: 'AAHk5d-EAAeGwJedwSHpg8bT',
  msg_type: 'text',
  content: '这款羽绒服有黑色L码吗？',
  send_time: chinaTimestamp(new Date()),
  ...over,
});

describe('the platforms’ request signature', () => {
  it('is MD5 of secret + sorted name/value pairs + secret, or an HMAC, in upper-case hex', () => {
    const params = { method: 'taobao.tmc.messages.consume', app_key: '12345678', timestamp: '2026-12-02 09:00:00', v: '2.0', sign: 'ignored' };
    // Worked out apart from kefu (Python's hashlib) over "app_key12345678methodtaobao.tmc.messages.consumetimestamp2026-12-02 09:00:00v2.0".
    expect(signParams(params, 'secret')).toBe('00C6B9F16123776C06E614047DCAB73D');
    expect(signParams(params, 'secret', 'hmac')).toBe('D62617EA4CB51180DFD504D1977458F2');
    expect(signParams(params, 'secret', 'hmac-sha256')).toBe('63D4F0C44D7B6AEF40EAFD55D638AEADD3AB730113A4219CB6A1B412E2557CEE');
    expect(signParams({ ...params, extra: '' }, 'secret')).toBe(signParams(params, 'secret'));
    expect(signParams({ ...params, v: '2.1' }, 'secret')).not.toBe(signParams(params, 'secret'));
  });
});

describe('Taobao / Tmall (千牛): polled from the message service', () => {
  it("files the buyer by OpenUid, opens a taobao conversation an agent gets, confirms the batch, and sends the agent's answer back", async () => {
    const a1 = await agent();
    const message = tbChat();
    top.publish(TAOBAO_CHAT_TOPIC, message);
    await poll();
    const conv = await until(() => conversationOf(`taobao:${message.msg_id}`));
    expect(conv).toMatchObject({ channel: 'taobao', external_id: message.buyer_open_uid, kind: 'text', body: message.content });
    const identity = await db()
      .selectFrom('customer_identities')
      .select('customer_id')
      .where('kind', '=', 'taobao')
      .where('value', '=', message.buyer_open_uid)
      .executeTakeFirstOrThrow();
    expect(conv.customer_id).toBe(identity.customer_id);
    expect(top.unconfirmed()).toBe(0);
    expect(top.confirms.at(-1)).toHaveLength(1);

    // The agent sees it as a Taobao conversation and answers in the workspace, as to a widget shopper.
    const seen = await a1.c.type('conversation', (f) => f.conversation.id === conv.id);
    expect(seen.conversation.channel).toBe('taobao');
    a1.c.send({ type: 'send', conversationId: conv.id, clientId: 'tb-answer-01', kind: 'text', body: '亲，黑色L码有货的，您看可以吗？' });
    await a1.c.type('ack', (f) => f.clientId === 'tb-answer-01');
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(top.sends.at(-1)).toMatchObject({
      buyer_open_uid: message.buyer_open_uid,
      msg_type: 'text',
      content: '亲，黑色L码有货的，您看可以吗？',
      session: TB.session,
    });
    // Sent once: the cursor moved past it.
    expect(await deliver()).toMatchObject({ sent: 0 });
  });

  it('stores a message handed out twice (not confirmed in time) once, and keeps the buyer’s order', async () => {
    const buyer = `AAH${randomUUID().slice(0, 12)}`;
    const first = tbChat({ buyer_open_uid: buyer, content: '在吗' });
    const second = tbChat({ buyer_open_uid: buyer, msg_type: 'order', content: '3811223344556677' });
    top.publish(TAOBAO_CHAT_TOPIC, first);
    top.publish(TAOBAO_CHAT_TOPIC, second);
    // A copy of the first arrives again before the batch was confirmed (TMC redelivers what it did not hear back about).
    top.publish(TAOBAO_CHAT_TOPIC, first);
    await poll();
    const rows = await db()
      .selectFrom('messages as m')
      .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
      .innerJoin('visitors as v', 'v.id', 'c.visitor_id')
      .select(['m.seq', 'm.kind', 'm.body'])
      .where('v.external_id', '=', buyer)
      .where('m.sender_kind', '=', 'shopper')
      .orderBy('m.seq')
      .execute();
    expect(rows.map((r) => [r.kind, r.body])).toEqual([
      ['text', '在吗'],
      ['order', '3811223344556677'],
    ]);
    expect(top.unconfirmed()).toBe(0);
  });

  it('confirms and counts what it cannot read (wrong topic, broken content) without storing it', async () => {
    const before = await db()
      .selectFrom('im_inbound')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    top.publish('taobao_trade_TradeCreate', { tid: 1 });
    top.publish(TAOBAO_CHAT_TOPIC, '{not json');
    top.publish(TAOBAO_CHAT_TOPIC, tbChat({ buyer_open_uid: undefined }));
    await poll();
    const after = await db()
      .selectFrom('im_inbound')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(top.unconfirmed()).toBe(0);
    const res = await chat.t.as('admin')({ method: 'GET', url: '/api/channels' });
    const taobao = res.json().marketplaces.find((m: { platform: string }) => m.platform === 'taobao');
    expect(taobao).toMatchObject({ health: 'ok', delivery: 'poll', appKey: TB.appKey, connected: true });
    expect(taobao.sinceStart.refused).toBeGreaterThanOrEqual(3);
    expect(taobao.lastRefusal.reason).toMatch(/buyer_open_uid/);
  });

  it('tries a refused send again later, and tells the agent when the platform refuses for good', async () => {
    const a1 = await agent();
    const message = tbChat({ buyer_open_uid: `AAH${randomUUID().slice(0, 12)}` });
    top.publish(TAOBAO_CHAT_TOPIC, message);
    await poll();
    const conv = (await until(() => conversationOf(`taobao:${message.msg_id}`)))!;
    await a1.c.type('conversation', (f) => f.conversation.id === conv.id && f.conversation.agentId !== null);
    a1.c.send({ type: 'send', conversationId: conv.id, clientId: 'tb-retry-01', kind: 'text', body: '第一句' });
    await a1.c.type('ack', (f) => f.clientId === 'tb-retry-01');
    top.refuseNext('7'); // App Call Limited: transient
    expect(await deliver()).toMatchObject({ sent: 0, retrying: 1 });
    await db().updateTable('im_outbound').set({ next_attempt_at: new Date() }).where('conversation_id', '=', conv.id).execute();
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(top.sends.at(-1)!.content).toBe('第一句');

    a1.c.send({ type: 'send', conversationId: conv.id, clientId: 'tb-retry-02', kind: 'text', body: '第二句' });
    await a1.c.type('ack', (f) => f.clientId === 'tb-retry-02');
    top.refuseNext('15/isv.buyer-not-in-session');
    expect(await deliver()).toMatchObject({ failed: 1 });
    const note = await a1.c.type('message', (f) => f.kind === 'note' && f.conversationId === conv.id);
    expect(note.body).toMatch(/未能发送到淘宝\/天猫.*isv\.buyer-not-in-session.*第二句/);
    // Past the refused one: the next answer goes out.
    a1.c.send({ type: 'send', conversationId: conv.id, clientId: 'tb-retry-03', kind: 'text', body: '第三句' });
    await a1.c.type('ack', (f) => f.clientId === 'tb-retry-03');
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(top.sends.at(-1)!.content).toBe('第三句');
  });

  it("runs the Taobao rule (3 minutes) on the chat response clock, not the web widget's 30 seconds", async () => {
    const message = tbChat({ buyer_open_uid: `AAH${randomUUID().slice(0, 12)}` });
    top.publish(TAOBAO_CHAT_TOPIC, message);
    await poll();
    const conv = (await until(() => conversationOf(`taobao:${message.msg_id}`)))!;
    const clock = await db()
      .selectFrom('sla_clocks as k')
      .innerJoin('sla_policies as p', 'p.id', 'k.policy_id')
      .select(['p.name', 'k.started_at', 'k.due_at'])
      .where('k.subject_kind', '=', 'conversation')
      .where('k.subject_id', '=', conv.id)
      .where('k.metric', '=', 'chat_response')
      .executeTakeFirstOrThrow();
    expect(clock.name).toBe('淘宝/天猫 3分钟人工响应');
    expect(new Date(clock.due_at!).getTime() - new Date(clock.started_at).getTime()).toBe(180_000);
  });
});

describe('JD (京麦): signed pushes', () => {
  let jdSeq = 0;
  const jdContent = (over: Record<string, unknown> = {}) => ({
    msgId: `jd-${Date.now()}-${++jdSeq}`,
    buyerId: 'jd_7f3a9c0b1e',
    type: 'text',
    content: '请问什么时候发货？',
    time: Date.now(),
    ...over,
  });
  const push = (fields: Record<string, string>) =>
    chat.t.app.inject({
      method: 'POST',
      url: '/api/channels/im/jd/push',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(fields),
    });
  const signed = (content: unknown, over: Record<string, string> = {}) =>
    jdSignedPush(
      { app_key: JD.appKey, timestamp: chinaTimestamp(new Date()), topic: JD_CHAT_TOPIC, content: JSON.stringify(content), ...over },
      JD.secret,
    );

  it('stores a signed message once however often it is pushed, and answers through JOS', async () => {
    const a1 = await agent();
    const content = jdContent();
    const fields = signed(content);
    const first = await push(fields);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ success: true, stored: 1, duplicates: 0 });
    expect((await push(fields)).json()).toEqual({ success: true, stored: 0, duplicates: 1 });
    const conv = (await conversationOf(`jd:${content.msgId}`))!;
    expect(conv).toMatchObject({ channel: 'jd', external_id: 'jd_7f3a9c0b1e', body: '请问什么时候发货？' });
    await a1.c.type('conversation', (f) => f.conversation.id === conv.id && f.conversation.agentId !== null);
    a1.c.send({ type: 'send', conversationId: conv.id, clientId: 'jd-answer-01', kind: 'text', body: '亲，今天下午发出' });
    await a1.c.type('ack', (f) => f.clientId === 'jd-answer-01');
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(jos.sends.at(-1)).toMatchObject({ buyerId: 'jd_7f3a9c0b1e', type: 'text', content: '亲，今天下午发出', access_token: JD.accessToken });
  });

  it('stores a burst of pushes at once, repeats among them, each once; the outbox then passes over the buyers’ own messages', async () => {
    const a1 = await agent();
    const buyers = Array.from({ length: 12 }, (_, i) => `jd_burst_${i}_${jdSeq}`);
    const contents = buyers.flatMap((buyerId) => [jdContent({ buyerId, content: '在吗' }), jdContent({ buyerId, content: '这款有货吗？' })]);
    // Every push at once, and each of the first six twice at once: the look-ups and records are gathered into shared statements.
    const answers = await Promise.all([...contents, ...contents.slice(0, 6)].map((c) => push(signed(c))));
    expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 200));
    const stored = await db()
      .selectFrom('messages')
      .select(['client_id', 'conversation_id', 'seq'])
      .where(
        'client_id',
        'in',
        contents.map((c) => `jd:${c.msgId}`),
      )
      .execute();
    expect(stored.map((m) => m.client_id).sort()).toEqual(contents.map((c) => `jd:${c.msgId}`).sort());
    const received = await db()
      .selectFrom('im_inbound')
      .select(['message_id', 'conversation_id', 'seq'])
      .where('platform', '=', 'jd')
      .where(
        'message_id',
        'in',
        contents.map((c) => c.msgId),
      )
      .execute();
    expect(received).toHaveLength(contents.length);
    for (const r of received) expect(stored).toContainEqual({ client_id: `jd:${r.message_id}`, conversation_id: r.conversation_id, seq: r.seq });

    // One conversation per buyer; once what kefu said is through (the assignment's line), a buyer's message needs no sending.
    const conv = stored.find((m) => m.client_id === `jd:${contents[0]!.msgId}`)!.conversation_id;
    await a1.c.type('conversation', (f) => f.conversation.id === conv && f.conversation.agentId !== null);
    while ((await deliver()).claimed > 0);
    const later = jdContent({ buyerId: buyers[0]!, content: '还在吗' });
    expect((await push(signed(later))).json()).toMatchObject({ stored: 1 });
    const laterSeq = (await conversationOf(`jd:${later.msgId}`))!.seq;
    const outbox = await db().selectFrom('im_outbound').select('sent_seq').where('conversation_id', '=', conv).executeTakeFirstOrThrow();
    expect(outbox.sent_seq).toBe(laterSeq);
    expect(await deliver()).toMatchObject({ claimed: 0 });
    // An answer is still sent, and only it.
    a1.c.send({ type: 'send', conversationId: conv, clientId: 'jd-burst-answer', kind: 'text', body: '亲，在的' });
    await a1.c.type('ack', (f) => f.clientId === 'jd-burst-answer');
    expect(await deliver()).toEqual({ sent: 1, failed: 0, retrying: 0, claimed: 1 });
    expect(jos.sends.at(-1)).toMatchObject({ buyerId: buyers[0], content: '亲，在的' });
  });

  it('refuses forged, stale, foreign and malformed pushes with the reason, storing nothing', async () => {
    const before = await db()
      .selectFrom('im_inbound')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const good = signed(jdContent());
    const forged = await push({ ...good, content: JSON.stringify(jdContent({ content: '改过的' })) });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().message).toMatch(/sign/);
    const stale = await push(signed(jdContent(), { timestamp: chinaTimestamp(new Date(Date.now() - 10 * 60_000)) }));
    expect(stale.statusCode).toBe(401);
    expect(stale.json().message).toMatch(/timestamp/);
    const foreign = await push(jdSignedPush({ ...good, app_key: 'OTHER' }, JD.secret));
    expect(foreign.statusCode).toBe(401);
    const noBuyer = await push(signed(jdContent({ buyerId: undefined })));
    expect(noBuyer.statusCode).toBe(400);
    expect(noBuyer.json().message).toMatch(/content\.buyerId/);
    const empty = await push(signed(jdContent({ content: '   ' })));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toMatch(/content\.body/);
    const notJson = await chat.t.app.inject({
      method: 'POST',
      url: '/api/channels/im/jd/push',
      headers: { 'content-type': 'application/json' },
      payload: '{oops',
    });
    expect(notJson.statusCode).toBe(400);
    const after = await db()
      .selectFrom('im_inbound')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('is not found for a platform that does not push (Taobao is polled)', async () => {
    const res = await chat.t.app.inject({
      method: 'POST',
      url: '/api/channels/im/taobao/push',
      headers: { 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(res.statusCode).toBe(404);
  });
});

describe('Pinduoduo: the message service socket', () => {
  const pddChat = (over: Record<string, unknown> = {}) => ({
    msg_id: `pdd-${randomUUID().slice(0, 8)}`,
    buyer_id: 880011223,
    type: 'text',
    content: '能便宜点吗',
    ts: Math.floor(Date.now() / 1000),
    ...over,
  });

  it('connects with a signed URL, stores each message, acks it only then, and answers through the router', async () => {
    await until(async () => pdd.connections > 0);
    expect(pdd.refusedSockets).toBe(0);
    const a1 = await agent();
    const message = pddChat();
    const id = pdd.publish(PDD_CHAT_TYPE, message);
    await until(async () => pdd.acked.includes(id));
    const conv = (await conversationOf(`pdd:${message.msg_id}`))!;
    expect(conv).toMatchObject({ channel: 'pdd', external_id: '880011223', body: '能便宜点吗' });
    await a1.c.type('conversation', (f) => f.conversation.id === conv.id && f.conversation.agentId !== null);
    a1.c.send({ type: 'send', conversationId: conv.id, clientId: 'pdd-answer-01', kind: 'text', body: '亲，已经是活动价了哦' });
    await a1.c.type('ack', (f) => f.clientId === 'pdd-answer-01');
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(pdd.sends.at(-1)).toMatchObject({
      buyer_id: '880011223',
      msg_type: 'text',
      content: '亲，已经是活动价了哦',
      access_token: PDD.accessToken,
    });
  });

  it('after a dropped connection reconnects and stores a redelivered message once', async () => {
    await until(async () => pdd.connections > 0);
    const message = pddChat();
    const connectionsBefore = pdd.connections;
    pdd.drop();
    const id = pdd.publish(PDD_CHAT_TYPE, message); // sent on the next connection
    await until(async () => pdd.connections > connectionsBefore && pdd.acked.includes(id), 8000);
    // The service delivers it again (say its ack was lost): stored once.
    const again = pdd.publish(PDD_CHAT_TYPE, message);
    await until(async () => pdd.acked.includes(again));
    const stored = await db()
      .selectFrom('im_inbound')
      .select('message_id')
      .where('platform', '=', 'pdd')
      .where('message_id', '=', message.msg_id)
      .execute();
    expect(stored).toHaveLength(1);
    const copies = await db().selectFrom('messages').select('id').where('client_id', '=', `pdd:${message.msg_id}`).execute();
    expect(copies).toHaveLength(1);
  });
});
