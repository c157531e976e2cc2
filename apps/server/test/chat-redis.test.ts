import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import type { AppContext } from '../src/http/context.ts';
import { ChatClient } from './chat-client.ts';
import { createTestApp, type TestApp } from './helpers.ts';

// Two servers on one database that know nothing of each other's sockets: only Redis pub/sub connects them.
let t: TestApp;
let second: FastifyInstance;
const url = (app: FastifyInstance, path: string) => `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}${path}`;

beforeAll(async () => {
  const redis = { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', REDIS_PREFIX: `kefu-test-${randomUUID().slice(0, 8)}` };
  t = await createTestApp(redis);
  await t.ctx.db.insertInto('shops').values({ key: 'shop1', name: '测试店', identity_secret: 's' }).execute();
  const ctx: AppContext = { ...t.ctx };
  second = await buildApp(ctx, { logger: false });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  await second.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await second.close();
  await t.close();
});

describe('two server processes through Redis', () => {
  it('delivers between a shopper on one server and an agent on the other', async () => {
    const agent = await ChatClient.connect(url(second, '/ws/agent'), { cookie: t.users.agent!.cookie });
    await agent.type('welcome');
    const shopper = await ChatClient.connect(url(t.app, '/ws/shopper?shop=shop1'));
    await shopper.type('welcome');

    shopper.send({ type: 'send', clientId: randomUUID(), kind: 'text', body: '跨进程的问候' });
    const { conversationId } = await shopper.type('ack');
    expect((await shopper.type('assigned')).agent.id).toBe(t.users.agent!.id);
    await agent.type('conversation', (f) => f.conversation.id === conversationId);

    shopper.send({ type: 'send', clientId: randomUUID(), kind: 'text', body: '第二条' });
    expect((await agent.type('message', (f) => f.body === '第二条')).conversationId).toBe(conversationId);

    agent.send({ type: 'typing', conversationId });
    expect((await shopper.type('typing')).from).toBe('agent');
    agent.send({ type: 'send', conversationId, clientId: randomUUID(), kind: 'text', body: '另一台服务器的回复' });
    expect((await shopper.type('message', (f) => f.body === '另一台服务器的回复')).sender.kind).toBe('agent');

    await shopper.close();
    await agent.close();
  });
  it('keeps an agent online while a tab on either server is open, offline when the last one closes', async () => {
    const agentId = t.users.agent!.id;
    const status = async () =>
      (await t.ctx.db.selectFrom('agent_presence').select('status').where('user_id', '=', agentId).executeTakeFirst())?.status;
    const settle = async (want: string | undefined) => {
      for (let i = 0; i < 100 && (await status()) !== want; i++) await new Promise((r) => setTimeout(r, 20));
      return status();
    };
    const onFirst = await ChatClient.connect(url(t.app, '/ws/agent'), { cookie: t.users.agent!.cookie });
    await onFirst.type('welcome');
    const onSecond = await ChatClient.connect(url(second, '/ws/agent'), { cookie: t.users.agent!.cookie });
    await onSecond.type('welcome');
    expect(await settle('online')).toBe('online');

    await onFirst.close();
    await new Promise((r) => setTimeout(r, 300)); // the close is handled; the other server's tab still counts
    expect(await status()).toBe('online');

    // A process that died holding a socket (never confirmed since) does not keep the agent online.
    await t.ctx.db
      .insertInto('agent_sockets')
      .values({ process_id: 'died-an-hour-ago', user_id: agentId, sockets: 1, seen_at: new Date(Date.now() - 3600_000) })
      .execute();
    await onSecond.close();
    expect(await settle('offline')).toBe('offline');
    expect(await t.ctx.db.selectFrom('agent_sockets').select('process_id').where('user_id', '=', agentId).execute()).toEqual([
      { process_id: 'died-an-hour-ago' },
    ]);
    await t.app.chat.presence.confirmSockets();
    expect(await t.ctx.db.selectFrom('agent_sockets').selectAll().where('user_id', '=', agentId).execute()).toEqual([]);
  });
});
