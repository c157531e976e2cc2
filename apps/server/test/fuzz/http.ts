import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Db } from '../../src/db/database.ts';
import { listRoutes } from '../../src/http/guard.ts';
import type { Random } from '../../src/seed/random.ts';
import { MULTIPART, multipartFile } from './multipart.ts';
import { changedTables, settled, snapshot } from './snapshot.ts';
import { mutate, nastyValue, plausibleValue, poisonLeaf, type Schema } from './values.ts';

/** A route with what the API docs say about its input. */
export interface FuzzRoute {
  method: string;
  url: string;
  multipart: boolean;
  params: Record<string, Schema>;
  query: Record<string, Schema>;
  body?: Schema;
}

/** A request that answered 5xx, or answered 4xx and still changed stored data. */
export interface Finding {
  request: string;
  status: number;
  answer: string;
  changed?: string[];
}
export interface HttpFuzzReport {
  requests: number;
  byStatusClass: Record<string, number>;
  perRoute: Record<string, number>;
  findings: Finding[];
}

/** Refusals that write by design: a failed login is counted against the account (login_failures). */
const WRITES_ON_REFUSAL: Record<string, readonly string[]> = { 'POST /api/auth/login': ['login_failures'] };

type OpenApiParameter = { in: string; name: string; schema: Schema };
type OpenApiOperation = { parameters?: OpenApiParameter[]; requestBody?: { content?: Record<string, { schema: Schema }> } };

/** Every route the app registered (HEAD aside), with its parameters' and body's schemas where the API docs have them. */
export function fuzzRoutes(app: FastifyInstance): FuzzRoute[] {
  const paths = (app.swagger() as { paths: Record<string, Record<string, OpenApiOperation>> }).paths;
  return listRoutes(app)
    .filter((r) => r.method !== 'HEAD')
    .map((r) => {
      const operation = paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()] ?? {};
      const pick = (where: string) => Object.fromEntries((operation.parameters ?? []).filter((p) => p.in === where).map((p) => [p.name, p.schema]));
      const content = operation.requestBody?.content ?? {};
      const params = pick('path');
      for (const name of r.url.match(/:(\w+)/g) ?? []) params[name.slice(1)] ??= { type: 'string' };
      return {
        method: r.method,
        url: r.url,
        params,
        query: pick('query'),
        body: content['application/json']?.schema,
        multipart: 'multipart/form-data' in content || (/import|attachments|chat\/files$/.test(r.url) && r.method === 'POST'),
      };
    });
}

const RAW_PATH_SEGMENTS = [
  '0',
  '-1',
  '2147483648',
  '99999999999999999999',
  '1e3',
  '0x10',
  '1.5',
  '%00',
  '%ED%A0%80',
  '%F0%9F%98%80',
  '%',
  '%zz',
  '..%2F..%2Fetc',
  'a'.repeat(3000),
  '%20',
];
const RAW_BODIES: [string, string][] = [
  ['application/json', '{"a":'],
  ['application/json', '{"a":1}garbage'],
  ['application/json', ''],
  ['application/json', 'null'],
  ['application/json', '[]'],
  ['application/json', '"\\u0000"'],
  ['application/json', '{"__proto__":{"admin":true}}'],
  ['application/json', '{"constructor":{"prototype":{"x":1}}}'],
  ['application/json', `${'['.repeat(5000)}${']'.repeat(5000)}`],
  ['application/json', '{"a":"\\ud800"}'],
  ['application/json', '\u00ff\u00fe{'],
  ['text/plain', 'hello'],
  ['application/x-www-form-urlencoded', 'a=1&b=%00'],
  ['application/xml', '<a/>'],
  ['application/json; charset=utf-16', '{}'],
];

function pathFor(route: FuzzRoute, rnd: Random, nasty: boolean): string {
  const nastyParam = nasty ? rnd.pick(Object.keys(route.params).concat('*')) : '';
  let path = route.url.replace(/:(\w+)/g, (_m, name: string) =>
    name === nastyParam ? rnd.pick(RAW_PATH_SEGMENTS) : encodeURIComponent(String(plausibleValue(route.params[name], rnd, name))),
  );
  path = path.replace('*', nasty || rnd.chance(0.5) ? rnd.pick(RAW_PATH_SEGMENTS) : 'index.html');
  return path;
}

function queryFor(route: FuzzRoute, rnd: Random, nasty: boolean): string {
  const search = new URLSearchParams();
  for (const [name, schema] of Object.entries(route.query)) if (rnd.chance(0.6)) search.set(name, String(plausibleValue(schema, rnd, name)));
  if (!nasty) return search.size ? `?${search}` : '';
  if (search.size && rnd.chance(0.4)) {
    const [name, value] = rnd.pick([...search.entries()]);
    search.set(name, String(poisonLeaf(value, rnd)));
    return `?${search}`;
  }
  const names = Object.keys(route.query).concat('unknown');
  const target = rnd.pick(names);
  const value = nastyValue(rnd);
  search.set(target, typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined'));
  if (rnd.chance(0.2)) search.append(target, 'second');
  // Some bytes URLSearchParams would escape: raw percent garbage and an invalid UTF-8 sequence.
  const raw = rnd.chance(0.3) ? `&${target}=${rnd.pick(['%00', '%ED%A0%80', '%', '%zz', '%C0%AF'])}` : '';
  return `?${search}${raw}`;
}

function multipartBody(rnd: Random): { payload: Buffer; headers: Record<string, string> } {
  const header = '订单编号,订单状态,订单创建时间,宝贝标题,宝贝数量,价格\n';
  const files: [string, Buffer | string, string?][] = [
    ['orders.csv', `${header}A1,已付款,2026-01-01 10:00,帽"子,1,10\n`],
    ['orders.csv', `${header}"A1,已付款\n`],
    ['faq.csv', '标准问题,答案\n问\u0000,答\n'],
    ['orders.xlsx', Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(300, 9)])],
    ['faq.xlsx', 'not a zip at all'],
    ['a.exe', 'MZ'],
    ['photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), 'image/png'],
    ['note.txt', '', 'text/plain'],
    ['x'.repeat(300) + '.txt', 'hi', 'text/plain'],
    ['faq.csv', `标准问题,答案\n${'w'.repeat(3000)},答\n`],
    ['orders.csv', Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x00, 0x0a])],
  ];
  const [name, content, type] = rnd.pick(files);
  const body = multipartFile(name, content, type ?? 'application/octet-stream');
  switch (rnd.int(0, 5)) {
    case 0:
      return { payload: body.subarray(0, rnd.int(10, body.length - 1)), headers: MULTIPART };
    case 1:
      return { payload: body, headers: { 'content-type': 'multipart/form-data' } };
    case 2:
      return {
        payload: multipartFile(
          '',
          content,
          'text/plain',
          rnd.pick(["filename*=UTF-8''a%00.csv", 'filename="a\u0000.csv"', 'name="other"', 'filename=""']),
        ),
        headers: MULTIPART,
      };
    case 3:
      return { payload: Buffer.from(`--${'-'.repeat(80)}\r\n\r\n`), headers: { 'content-type': `multipart/form-data; boundary=${'-'.repeat(78)}` } };
    default:
      return { payload: body, headers: MULTIPART };
  }
}

/** One malformed request for the route: a nasty path parameter, query value, body field or whole body. */
export function fuzzRequest(route: FuzzRoute, rnd: Random): InjectOptions {
  const hasBody = !['GET', 'HEAD', 'DELETE'].includes(route.method) || rnd.chance(0.1);
  const strategies = [
    'param',
    'query',
    ...(hasBody ? ['field', 'leaf', 'leaf', 'body'] : []),
    ...(route.multipart ? ['multipart', 'multipart'] : []),
  ];
  const strategy = rnd.pick(strategies);
  const url = pathFor(route, rnd, strategy === 'param') + queryFor(route, rnd, strategy === 'query');
  const options: InjectOptions = { method: route.method as InjectOptions['method'], url };
  if (strategy === 'multipart') return { ...options, ...multipartBody(rnd) };
  if (strategy === 'body') {
    const [type, text] = rnd.pick(RAW_BODIES);
    return { ...options, payload: text, headers: { 'content-type': type } };
  }
  if (!hasBody) return options;
  const plausible = route.body ? plausibleValue(route.body, rnd) : {};
  const value =
    strategy === 'field' ? mutate(plausible, rnd) : strategy === 'leaf' ? (poisonLeaf(plausible, rnd) ?? mutate(plausible, rnd)) : plausible;
  return { ...options, payload: JSON.stringify(value) ?? 'null', headers: { 'content-type': 'application/json' } };
}

export function describeRequest(options: InjectOptions): string {
  const payload = options.payload === undefined ? '' : Buffer.from(options.payload as string | Buffer).toString('utf8');
  const type = (options.headers as Record<string, string> | undefined)?.['content-type'];
  return `${options.method} ${String(options.url).slice(0, 300)}${type ? ` [${type}]` : ''}${payload ? ` ${JSON.stringify(payload.slice(0, 300))}` : ''}`;
}

function answerWithin<T>(answer: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  return Promise.race([answer, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Sends `perRoute` malformed requests to every route, as the caller `inject` logs in (an admin, so requests reach the
 * handlers). A 5xx is a finding; so is a 4xx after which any table differs (`checkWrites` says for which methods).
 * `relogin` is called after a 401 or 403, which a fuzzed logout, password or role change can cause.
 */
export async function fuzzHttp(options: {
  app: FastifyInstance;
  db: Db;
  rnd: Random;
  perRoute: number;
  inject: (o: InjectOptions) => Promise<{ statusCode: number; body: string }>;
  relogin: () => Promise<void>;
  checkWrites: (method: string) => boolean;
  routes?: FuzzRoute[];
}): Promise<HttpFuzzReport> {
  const report: HttpFuzzReport = { requests: 0, byStatusClass: {}, perRoute: {}, findings: [] };
  const routes = options.routes ?? fuzzRoutes(options.app);
  let before: Record<string, string> | undefined;
  for (const route of routes) {
    const key = `${route.method} ${route.url}`;
    for (let i = 0; i < options.perRoute; i++) {
      const request = fuzzRequest(route, options.rnd);
      const check = options.checkWrites(route.method);
      if (check) before ??= await snapshot(options.db);
      const res = await answerWithin(options.inject(request), 10_000);
      report.requests++;
      if (!res) {
        report.findings.push({ request: describeRequest(request), status: 0, answer: 'no answer within 10 s' });
        before = undefined;
        continue;
      }
      report.perRoute[key] = (report.perRoute[key] ?? 0) + 1;
      const statusClass = `${Math.floor(res.statusCode / 100)}xx`;
      report.byStatusClass[statusClass] = (report.byStatusClass[statusClass] ?? 0) + 1;
      if (res.statusCode >= 500) report.findings.push({ request: describeRequest(request), status: res.statusCode, answer: res.body.slice(0, 300) });
      if (check && res.statusCode >= 400 && res.statusCode < 500 && before) {
        const after = await snapshot(options.db);
        const changed = changedTables(before, after).filter((t) => !WRITES_ON_REFUSAL[key]?.includes(t));
        if (changed.length)
          report.findings.push({ request: describeRequest(request), status: res.statusCode, answer: res.body.slice(0, 300), changed });
        before = after;
      } else {
        before = check && res.statusCode < 400 ? await settled(options.db) : undefined;
      }
      if (res.statusCode === 401 || res.statusCode === 403) {
        await options.relogin();
        before = undefined;
      }
    }
  }
  return report;
}
