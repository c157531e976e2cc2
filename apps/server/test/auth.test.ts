import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { createTestApp, json, PASSWORD, type TestApp } from './helpers.ts';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('configuration', () => {
  it('refuses bad values with a message naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres:\/\/ URL/);
    expect(loadConfig({}).PORT).toBe(3000);
  });
});

describe('health', () => {
  it('answers liveness and readiness with the engine', async () => {
    expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    const ready = await t.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(json(ready).engine).toBe(t.ctx.engine);
  });
});

describe('login and sessions', () => {
  it('sets an HttpOnly session cookie and /me tells who is logged in', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'agent', password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'kefu_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie: `kefu_session=${cookie.value}` } });
    expect(json(me).user).toEqual({ id: expect.any(Number), username: 'agent', displayName: expect.any(String), role: 'agent', via: 'session' });
  });

  it('stores passwords with argon2id, never in clear', async () => {
    const row = await t.ctx.db.selectFrom('users').select('password_hash').where('username', '=', 'agent').executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(PASSWORD);
  });

  it('refuses a wrong password with 401 and throttles repeated failures with 429', async () => {
    const attempt = () => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'supervisor', password: 'wrong-password' } });
    for (let i = 0; i < 5; i++) expect((await attempt()).statusCode).toBe(401);
    const blocked = await attempt();
    expect(blocked.statusCode).toBe(429);
    expect(json(blocked).error).toBe('too_many_attempts');
    // even the right password waits out the window
    const right = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'supervisor', password: PASSWORD } });
    expect(right.statusCode).toBe(429);
    await t.ctx.db.deleteFrom('login_failures').execute();
  });

  it('logs out: the old cookie no longer works', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'agent', password: PASSWORD } });
    const cookie = `kefu_session=${res.cookies.find((c) => c.name === 'kefu_session')!.value}`;
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('validates the login body', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: '' } });
    expect(res.statusCode).toBe(400);
    expect(json(res).fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['body.username', 'body.password']));
  });
});

describe('API tokens', () => {
  it('are shown once, work as Bearer tokens, and stop working when revoked', async () => {
    const created = await t.as('agent')({ method: 'POST', url: '/api/auth/tokens', payload: { name: 'ERP 同步' } });
    expect(created.statusCode).toBe(201);
    const { token, id } = json(created);
    expect(token).toMatch(/^kt_/);
    const stored = await t.ctx.db.selectFrom('api_tokens').select('token_hash').where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toBe(token);

    const auth = { authorization: `Bearer ${token}` };
    const list = await t.app.inject({ url: '/api/tickets', headers: auth });
    expect(list.statusCode).toBe(200);

    expect((await t.as('agent')({ method: 'DELETE', url: `/api/auth/tokens/${id}` })).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/tickets', headers: auth })).statusCode).toBe(401);
  });

  it('are listed without their secret, with when they were made and revoked', async () => {
    const { id } = json(await t.as('agent')({ method: 'POST', url: '/api/auth/tokens', payload: { name: '报表' } }));
    await t.as('agent')({ method: 'DELETE', url: `/api/auth/tokens/${id}` });
    const listed = json(await t.as('agent')({ url: '/api/auth/tokens' })).tokens.find((x: { id: number }) => x.id === id);
    expect(Object.keys(listed).sort()).toEqual(['createdAt', 'id', 'lastUsedAt', 'name', 'owner', 'revokedAt']);
    expect(listed.createdAt).toMatch(ISO);
    expect(listed.revokedAt).toMatch(ISO);
  });

  it("cannot revoke someone else's token", async () => {
    const { id } = json(await t.as('agent')({ method: 'POST', url: '/api/auth/tokens', payload: { name: 'x' } }));
    expect((await t.as('supervisor')({ method: 'DELETE', url: `/api/auth/tokens/${id}` })).statusCode).toBe(404);
  });

  it('refuses an unknown token', async () => {
    const res = await t.app.inject({ url: '/api/tickets', headers: { authorization: 'Bearer kt_nope' } });
    expect(res.statusCode).toBe(401);
  });
});

describe('roles on every route family', () => {
  const anonymous: [string, string][] = [
    ['GET', '/api/tickets'],
    ['POST', '/api/tickets'],
    ['GET', '/api/tickets/1'],
    ['GET', '/api/customers'],
    ['POST', '/api/customers'],
    ['GET', '/api/users'],
    ['POST', '/api/users'],
    ['GET', '/api/audit'],
    ['GET', '/api/groups'],
  ];
  it.each(anonymous)('%s %s needs a login (401)', async (method, url) => {
    const res = await t.app.inject({ method: method as 'GET', url, payload: method === 'POST' ? {} : undefined });
    expect(res.statusCode).toBe(401);
  });

  it('keeps department collaborators out of customer files and ticket edits (403)', async () => {
    const warehouse = t.as('warehouse');
    expect((await warehouse({ url: '/api/customers' })).statusCode).toBe(403);
    expect((await warehouse({ method: 'POST', url: '/api/tickets', payload: { type: 'consultation', subject: 'x' } })).statusCode).toBe(403);
    expect((await warehouse({ url: '/api/tickets' })).statusCode).toBe(200);
  });

  it('lets only admins manage users and only leads read the audit log', async () => {
    const body = { username: 'newagent', displayName: '新人', role: 'agent', password: 'long-enough-1' };
    expect((await t.as('supervisor')({ method: 'POST', url: '/api/users', payload: body })).statusCode).toBe(403);
    expect((await t.as('agent')({ url: '/api/audit' })).statusCode).toBe(403);
    const created = await t.as('admin')({ method: 'POST', url: '/api/users', payload: body });
    expect(created.statusCode).toBe(201);
    const audit = json(await t.as('supervisor')({ url: '/api/audit?entity=user' }));
    expect(audit.entries[0]).toMatchObject({ action: 'user.create', actor: 'admin用户', entityId: String(json(created).user.id) });
    expect(audit.entries[0].at).toMatch(ISO);
  });

  it('shows users in camelCase and never their password hash', async () => {
    const { users } = json(await t.as('agent')({ url: '/api/users' }));
    expect(Object.keys(users[0]).sort()).toEqual([
      'active',
      'createdAt',
      'displayName',
      'email',
      'groupIds',
      'id',
      'phoneExtension',
      'role',
      'username',
    ]);
    const payload = { username: 'camel', displayName: '驼峰', role: 'agent', password: 'long-enough-1' };
    const created = json(await t.as('admin')({ method: 'POST', url: '/api/users', payload }));
    expect(Object.keys(created.user).sort()).toEqual(['active', 'createdAt', 'displayName', 'email', 'id', 'phoneExtension', 'role', 'username']);
    expect(created.user).toMatchObject({ displayName: '驼峰', active: true, email: null });
  });

  it('validates user input and refuses duplicates with 409', async () => {
    const bad = await t.as('admin')({
      method: 'POST',
      url: '/api/users',
      payload: { username: 'a b', displayName: 'x', role: 'boss', password: 'short' },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      json(bad)
        .fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['body.password', 'body.role', 'body.username']);
    const dup = await t.as('admin')({
      method: 'POST',
      url: '/api/users',
      payload: { username: 'agent', displayName: 'x', role: 'agent', password: 'long-enough-1' },
    });
    expect(dup.statusCode).toBe(409);
  });

  it('deactivating a user ends their sessions', async () => {
    const created = json(
      await t.as('admin')({
        method: 'POST',
        url: '/api/users',
        payload: { username: 'leaver', displayName: '离职', role: 'agent', password: 'long-enough-1' },
      }),
    );
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'leaver', password: 'long-enough-1' } });
    const cookie = `kefu_session=${login.cookies.find((c) => c.name === 'kefu_session')!.value}`;
    expect((await t.as('admin')({ method: 'PATCH', url: `/api/users/${created.user.id}`, payload: { active: false } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const res = await t.as('agent')({ url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(json(res).error).toBe('not_found');
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.app.inject({ url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = json(res);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/tickets', '/api/tickets/{id}', '/api/customers/{id}/merge']));
  });
});
