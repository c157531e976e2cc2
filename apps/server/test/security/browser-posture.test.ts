import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { ChatClient } from '../chat-client.ts';
import { isCrossOrigin } from '../../src/http/origin.ts';
import { createUser } from '../../src/users/service.ts';
import { createTestApp, createTestContext, json, type TestApp } from '../helpers.ts';

let t: TestApp;
let base: string;
const OTHER_SITE = 'http://127.0.0.1:9';

beforeAll(async () => {
  t = await createTestApp({ ALLOWED_ORIGINS: 'https://kefu.shop.example' });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => t.close());

const faq = { question: '跨站测试问题', answer: '不该被保存' };
const faqCount = async () =>
  (
    await t.ctx.db
      .selectFrom('faq_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;

describe('requests from another site never act as the logged-in user', () => {
  test('a write with a foreign Origin is refused before anything is stored, whatever the route', async () => {
    const before = await faqCount();
    for (const url of ['/api/knowledge/faqs', '/api/knowledge/faqs/import', '/api/auth/logout', '/api/auth/login']) {
      const res = await t.as('supervisor')({ method: 'POST', url, payload: faq, headers: { origin: OTHER_SITE, host: base } });
      expect(res.statusCode, url).toBe(403);
      expect(json(res).error).toBe('cross_origin');
    }
    expect(await faqCount()).toBe(before);
  });

  test('a browser that only says Sec-Fetch-Site: same-site (another port of this host) is refused too', async () => {
    const res = await t.as('supervisor')({
      method: 'POST',
      url: '/api/knowledge/faqs',
      payload: faq,
      headers: { 'sec-fetch-site': 'same-site', host: base },
    });
    expect(res.statusCode).toBe(403);
  });

  test('a read from another site does not carry the session', async () => {
    const res = await t.as('supervisor')({ method: 'GET', url: '/api/customers', headers: { origin: OTHER_SITE, host: base } });
    expect(res.statusCode).toBe(401);
  });

  test("kefu's own pages, configured origins and programs without an Origin are served", async () => {
    const own = await t.as('supervisor')({
      method: 'POST',
      url: '/api/knowledge/faqs',
      payload: faq,
      headers: { origin: `http://${base}`, host: base, 'sec-fetch-site': 'same-origin' },
    });
    expect(own.statusCode).toBe(201);
    const configured = await t.as('supervisor')({
      method: 'GET',
      url: '/api/customers',
      headers: { origin: 'https://kefu.shop.example', host: base },
    });
    expect(configured.statusCode).toBe(200);
    const program = await t.as('supervisor')({ method: 'GET', url: '/api/customers' });
    expect(program.statusCode).toBe(200);
  });

  test("the widget may upload from the shop's own domain, but never with a staff cookie", async () => {
    const res = await t.as('agent')({
      method: 'POST',
      url: '/api/chat/files',
      headers: { origin: 'https://www.some-shop.example', host: base, 'content-type': 'multipart/form-data; boundary=x' },
      payload: '--x--',
    });
    expect(res.statusCode).toBe(401);
  });

  test("the agent socket refuses a session cookie sent from another site's page", async () => {
    const foreign = await ChatClient.connect(`ws://${base}/ws/agent`, { cookie: t.users.agent!.cookie, origin: OTHER_SITE });
    expect((await foreign.type('error')).code).toBe('unauthorized');
    await foreign.close();
    const own = await ChatClient.connect(`ws://${base}/ws/agent`, { cookie: t.users.agent!.cookie, origin: `http://${base}` });
    expect((await own.type('welcome')).agent.role).toBe('agent');
    await own.close();
  });
});

describe('what counts as another site', () => {
  const request = (headers: Record<string, string>, protocol = 'http') =>
    ({ headers, host: 'kefu.shop.example', protocol }) as unknown as Parameters<typeof isCrossOrigin>[0];
  test('scheme, host and port all count; a plain-http page is another site once kefu is served over HTTPS', () => {
    expect(isCrossOrigin(request({ origin: 'https://kefu.shop.example' }), [], true)).toBe(false);
    expect(isCrossOrigin(request({ origin: 'http://kefu.shop.example' }), [], true)).toBe(true);
    expect(isCrossOrigin(request({ origin: 'http://kefu.shop.example' }, 'https'), [], false)).toBe(true);
    expect(isCrossOrigin(request({ origin: 'https://KEFU.shop.example' }), [], true)).toBe(false);
    expect(isCrossOrigin(request({ origin: 'https://kefu.shop.example:8443' }), [], true)).toBe(true);
    expect(isCrossOrigin(request({ origin: 'null' }), [], false)).toBe(true);
    expect(isCrossOrigin(request({ origin: 'file://kefu.shop.example' }), [], false)).toBe(true);
    expect(isCrossOrigin(request({ origin: 'https://kefu.shop.example', 'sec-fetch-site': 'same-site' }), [], true)).toBe(true);
    expect(isCrossOrigin(request({ 'sec-fetch-site': 'same-origin' }), [], true)).toBe(false);
    expect(isCrossOrigin(request({}), [], true)).toBe(false);
    expect(
      isCrossOrigin(request({ origin: 'https://admin.shop.example', 'sec-fetch-site': 'same-site' }), ['https://admin.shop.example'], true),
    ).toBe(false);
  });
});

describe('headers', () => {
  test('every answer forbids framing and sniffing and sets a content security policy', async () => {
    for (const url of ['/healthz', '/api/customers', '/api/no-such-route']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.headers['content-security-policy'], url).toContain("frame-ancestors 'none'");
      expect(res.headers['content-security-policy'], url).toContain("script-src 'self'");
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['referrer-policy'], url).toBe('same-origin');
    }
  });
});

describe('sessions and secrets', () => {
  test("a password change revokes the user's API tokens as well as their sessions", async () => {
    const created = json(await t.as('finance')({ method: 'POST', url: '/api/auth/tokens', payload: { name: 'erp' } }));
    const bearer = { authorization: `Bearer ${created.token}` };
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer })).statusCode).toBe(200);
    const changed = await t.as('admin')({ method: 'PATCH', url: `/api/users/${t.users.finance!.id}`, payload: { password: 'a-new-password-2' } });
    expect(changed.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer })).statusCode).toBe(401);
    expect((await t.as('finance')({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
  });

  test("the agent socket's ?token= never reaches the log", async () => {
    const { ctx, close } = await createTestContext({ LOG_LEVEL: 'info' });
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = await buildApp(ctx, { logStream });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as AddressInfo).port;
    const secret = 'kt_thisIsASecretTokenValue123';
    const socket = await ChatClient.connect(`ws://127.0.0.1:${port}/ws/agent?token=${secret}`);
    await socket.type('error');
    // However the key is spelled: the server decodes %74oken to token, so the log must too.
    for (const query of [`token=${secret}&x=1`, `%74oken=${secret}`, `x=1;TOKEN=${secret}`, `visitor=${secret}`]) {
      await app.inject({ method: 'GET', url: `/api/auth/me?${query}` });
    }
    await app.close();
    await close();
    expect(lines.join('')).toContain('/ws/agent?token=[redacted]');
    expect(lines.join('')).not.toContain(secret);
  });

  test("an error the database raises is logged without the statement's values, and answered without its words", async () => {
    const { ctx, close } = await createTestContext({ LOG_LEVEL: 'info' });
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = await buildApp(ctx, { logStream });
    await createUser(ctx.db, null, { username: 'boss', displayName: '店长', role: 'admin', password: 'correct-horse-1' });
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'boss', password: 'correct-horse-1' } });
    const cookie = `kefu_session=${login.cookies.find((c) => c.name === 'kefu_session')!.value}`;
    const user = { username: 'twin', displayName: '双胞胎', role: 'agent', password: 'SuperSecret-Pass-123' };
    expect((await app.inject({ method: 'POST', url: '/api/users', payload: user, headers: { cookie } })).statusCode).toBe(201);
    const dup = await app.inject({ method: 'POST', url: '/api/users', payload: user, headers: { cookie } });
    await app.close();
    await close();
    expect(dup.statusCode).toBe(409);
    expect(json(dup)).toMatchObject({ error: 'conflict', message: 'body.username: already exists' });
    expect(dup.body).not.toContain('constraint');
    expect(lines.join('')).not.toContain('$argon2id');
  });
});
