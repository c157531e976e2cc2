import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROLES, type Role } from '@kefu/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listRoutes, type RegisteredRoute } from '../../src/http/guard.ts';
import { createUser } from '../../src/users/service.ts';
import { createTestApp, json, PASSWORD, type TestApp } from '../helpers.ts';
import { BUILT_ONLY, ROUTE_TABLE } from './route-table.ts';

let t: TestApp;
let routes: RegisteredRoute[];
let port: number;
const cookies = {} as Record<Role, string>;

beforeAll(async () => {
  t = await createTestApp();
  await createUser(t.ctx.db, null, { username: 'tech', displayName: '技术', role: 'tech', password: PASSWORD });
  for (const role of ROLES) {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: role, password: PASSWORD } });
    cookies[role] = `kefu_session=${res.cookies.find((c) => c.name === 'kefu_session')!.value}`;
  }
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
  routes = listRoutes(t.app).filter((r) => r.method !== 'HEAD');
});
afterAll(() => t.close());

const key = (r: RegisteredRoute) => `${r.method} ${r.url}`;
const guarded = () => routes.filter((r) => !r.config.public);
/** A concrete path for a route: ids that exist nowhere, so an allowed caller gets a 400 or 404 and nothing changes. */
const concrete = (url: string) =>
  url
    .replace(/:key\b/, 'approval_limit')
    .replace(/:\w+/g, '999999')
    .replace('*', 'x');

describe('the role × route table', () => {
  test('every registered route has a row, and every row a route', () => {
    const registered = new Set(routes.map(key));
    const missing = [...registered].filter((k) => !(k in ROUTE_TABLE));
    const stale = Object.keys(ROUTE_TABLE).filter((k) => !registered.has(k) && !BUILT_ONLY.has(k));
    expect(missing, 'routes without a row in test/security/route-table.ts').toEqual([]);
    expect(stale, 'rows for routes that no longer exist').toEqual([]);
    expect(guarded().length).toBeGreaterThan(70);
  });

  test('each route allows exactly the roles its row names', () => {
    const differing = routes
      .filter((r) => {
        const row = ROUTE_TABLE[key(r)];
        return row === 'public' ? !r.config.public : r.config.public || [...(r.config.roles ?? [])].sort().join() !== [...(row ?? [])].sort().join();
      })
      .map(key);
    expect(differing).toEqual([]);
  });

  test('anonymous callers get 401 and roles outside the row 403 on every guarded route; roles inside pass the guard', async () => {
    const wrong: string[] = [];
    for (const route of guarded()) {
      const allowed = (ROUTE_TABLE[key(route)] ?? []) as readonly Role[];
      const url = concrete(route.url);
      const anonymous = await t.app.inject({ method: route.method as 'GET', url });
      if (anonymous.statusCode !== 401) wrong.push(`${key(route)} anonymous → ${anonymous.statusCode}`);
      for (const role of ROLES) {
        const res = await t.app.inject({ method: route.method as 'GET', url, headers: { cookie: cookies[role] } });
        const refusedByGuard = res.statusCode === 401 || (res.statusCode === 403 && json(res).message === 'your role may not do this');
        if (allowed.includes(role) === refusedByGuard) wrong.push(`${key(route)} as ${role} → ${res.statusCode}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

/**
 * Sends one request exactly as written: the request target goes on the wire unnormalised (absolute form included).
 * A GET that matches no route gets the web app's shell (the browser routes it), reported as 404; the file server
 * refuses paths with dot segments or empty segments with 403 (an anonymous caller never gets 403 from the guard).
 */
function raw(method: string, target: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, agent: false, method, path: target, headers: body ? { 'content-type': 'application/json' } : {} },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        res.on('end', () => {
          const shell =
            res.statusCode === 200 &&
            String(res.headers['content-type']).startsWith('text/html') &&
            (method === 'HEAD' || text.includes('<div id="root">'));
          resolve(shell ? 404 : (res.statusCode ?? 0));
        });
      },
    );
    // The HTTP parser closing the connection on a request line it cannot read is a refusal too.
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? resolve(0) : reject(err)));
    req.end(body);
  });
}

const encodeAll = (path: string, hex: (c: string) => string) => path.replace(/[a-z]/g, (c) => `%${hex(c.charCodeAt(0).toString(16))}`);

/** The ways one path can be written so that a router might still match it. */
function variants(path: string): string[] {
  const rest = path.slice('/api/'.length);
  return [
    path,
    path.replace('/api/', '/%61pi/'),
    path.replace('/api/', '/a%70i/'),
    path.replace('/api/', '/%41PI/'),
    encodeAll(path, (h) => h.toUpperCase()),
    encodeAll(path, (h) => h),
    `/api/${encodeAll(rest, (h) => h)}`,
    `/api%2F${rest}`,
    `//${path.slice(1)}`,
    `${path}/`,
    `${path}?next=/healthz`,
    `${path}%3F`,
    path.replace('/api/', '/API/'),
    path.replace('/api/', '/api;x=1/'),
    `/x/..${path}`,
    `/.${path}`,
    path.replace('/api/', '/api\\'),
    `http://127.0.0.1:${port}${path}`,
    `http://127.0.0.1:${port}${path.replace('/api/', '/%61pi/')}`,
    `http://elsewhere.example${path}`,
    `HTTP://127.0.0.1:${port}${encodeAll(path, (h) => h)}`,
  ];
}

async function rowCounts(): Promise<Record<string, number>> {
  const { rows } = await sql<{ table_name: string }>`select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(t.ctx.db);
  const counts: Record<string, number> = {};
  for (const { table_name } of rows) {
    counts[table_name] = Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table_name)}`.execute(t.ctx.db)).rows[0]!.n);
  }
  return counts;
}

describe('no spelling of a path gets past the guard', () => {
  test('every guarded route, in every encoding and request form, answers anonymous callers without running and without writing', async () => {
    const before = await rowCounts();
    const leaks: string[] = [];
    let refusedAtRoute = 0;
    for (const route of guarded()) {
      for (const target of variants(concrete(route.url))) {
        for (const method of route.method === 'GET' ? ['GET', 'HEAD'] : [route.method]) {
          const status = await raw(method, target, method === 'GET' || method === 'HEAD' ? undefined : '{}');
          if (status === 401) refusedAtRoute++;
          else if (![0, 400, 403, 404].includes(status)) leaks.push(`${method} ${target} → ${status}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    // The encodings are not all refused for being unroutable: many reach their route and are refused there.
    expect(refusedAtRoute).toBeGreaterThan(guarded().length * 6);
    expect(await rowCounts()).toEqual(before);
  }, 120_000);

  test('a valid write sent anonymously under an encoded prefix changes nothing', async () => {
    const before = await rowCounts();
    const order = {
      platform: 'taobao',
      orderNo: 'SEC-1',
      status: 'paid',
      goodsFen: 100,
      discountFen: 0,
      shippingFen: 0,
      totalFen: 100,
      paidAt: new Date().toISOString(),
      receiver: { name: '张三', phone: '13800138000', address: '浙江省杭州市' },
      lines: [{ sku: 'X', name: 'x', quantity: 1, unitPriceFen: 100 }],
    };
    for (const target of ['/%61pi/orders', `http://127.0.0.1:${port}/%61pi/orders`, '/api/%6frders']) {
      expect(await raw('POST', target, JSON.stringify(order))).toBe(401);
    }
    expect(await rowCounts()).toEqual(before);
  });
});
