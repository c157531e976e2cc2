/** Shared set-up of the chat test files: one app listening on a port, a shop, two agents in one skill group. */
import { createHmac, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { createUser } from '../src/users/service.ts';
import { ChatClient, expectFramesFitProtocol } from './chat-client.ts';
import { createTestApp, PASSWORD, type TestApp } from './helpers.ts';

export interface ChatApp {
  t: TestApp;
  /** ws://127.0.0.1:<port> */
  base: string;
  groupId: number;
  agents: Record<string, { id: number; cookie: string }>;
}

// Every test of a file that uses this set-up checks what the server sent against the protocol.
afterEach(expectFramesFitProtocol);

/** Sockets a test opened; resetChat closes them before the next test. */
export const openClients: ChatClient[] = [];

async function loginCookie(t: TestApp, username: string) {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
  return `kefu_session=${res.cookies.find((c) => c.name === 'kefu_session')!.value}`;
}

export async function startChatApp(env: Record<string, string> = {}): Promise<ChatApp> {
  const t = await createTestApp(env);
  const group = await t.ctx.db.insertInto('skill_groups').values({ name: '售前' }).returning('id').executeTakeFirstOrThrow();
  await t.ctx.db.insertInto('shops').values({ key: 'shop1', name: '测试店', identity_secret: 'secret-1', default_group_id: group.id }).execute();
  const agents: Record<string, { id: number; cookie: string }> = {};
  for (const name of ['a1', 'a2']) {
    const user = await createUser(t.ctx.db, null, {
      username: name,
      displayName: `客服${name}`,
      role: 'agent',
      password: PASSWORD,
      groupIds: [group.id],
    });
    agents[name] = { id: user.id, cookie: await loginCookie(t, name) };
  }
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  return { t, base, groupId: group.id, agents };
}

/** Every test starts with no conversation going and every agent offline, at the default maximum. */
export async function resetChat(t: TestApp): Promise<void> {
  await Promise.all(openClients.splice(0).map((c) => c.close()));
  await t.ctx.db.updateTable('conversations').set({ status: 'closed', closed_at: new Date() }).where('status', '<>', 'closed').execute();
  await t.ctx.db.deleteFrom('agent_presence').execute();
}

export async function connectShopper(base: string, visitor?: string) {
  const c = await ChatClient.connect(`${base}/ws/shopper?shop=shop1${visitor ? `&visitor=${visitor}` : ''}`);
  openClients.push(c);
  const welcome = await c.type('welcome');
  return { c, welcome, token: welcome.visitor.token as string };
}

export async function connectAgent(base: string, cookie: string, status: 'online' | 'busy' = 'online') {
  const c = await ChatClient.connect(`${base}/ws/agent`, { cookie });
  openClients.push(c);
  const welcome = await c.type('welcome');
  if (status !== 'online') {
    c.send({ type: 'status', status });
    await c.type('presence', (f) => f.status === status);
  }
  return { c, welcome };
}

export const text = (body: string, clientId: string = randomUUID()) => ({ type: 'send', clientId, kind: 'text', body });

/** The shop vouches for its logged-in shopper (a typed phone proves nothing, see shopper-identity.test.ts). */
export function signedIdentity(ref: string, name: string, phone: string) {
  const ts = Math.floor(Date.now() / 1000);
  return {
    type: 'identify',
    identity: { ref, name, phone, ts, sig: createHmac('sha256', 'secret-1').update(`${ref}.${phone}.${ts}`).digest('hex') },
  };
}
