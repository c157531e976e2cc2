/**
 * Outgoing webhooks at a sustained rate, on PostgreSQL:
 *
 *   npx tsx bench/channels/webhooks.ts [--rate 1000 --seconds 30 --batch 50]
 *
 * An ERP pushes new orders to kefu's order webhook (signed, --batch per delivery, paced to --rate orders/s for
 * --seconds); each order records an `order.ingested` event, which an admin's subscription sends on to a BI
 * receiver on the loopback — the whole path a shop runs: ingest, event room, webhook listener, deliverer, HTTP.
 * The receiver checks every signature and counts each event id once. Prints the rate delivered while offered, the
 * time from the event's commit to its receipt, lost and duplicated events, and the server's CPU per event.
 * The server runs in its own process; a fresh schema is used and dropped. Writes bench/channels/webhooks-results.json.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase } from '../../apps/server/src/db/database.ts';
import { migrateToLatest } from '../../apps/server/src/db/migrate.ts';
import { verifySignature } from '../../apps/server/src/integrations/signing.ts';
import { signWebhook } from '../../apps/server/src/orders/webhook.ts';
import { createUser } from '../../apps/server/src/users/service.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const { values: args } = parseArgs({
  options: {
    'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '30' },
    batch: { type: 'string', default: '50' },
  },
});
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const BATCH = Number(args.batch);
const ORDER_SECRET = 'bench-order-webhook-secret-000000';
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))] ?? 0;
};
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The BI system: checks the signature, remembers each event's first arrival.
let secret = '';
const firstSeen = new Map<string, number>();
let duplicates = 0;
let badSignatures = 0;
const latencies: number[] = [];
const receiver = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString();
    if (!verifySignature(secret, req.headers, body)) badSignatures++;
    const event = JSON.parse(body) as { id: string; type: string; occurredAt: string };
    if (event.type === 'order.ingested') {
      if (firstSeen.has(event.id)) duplicates++;
      else {
        firstSeen.set(event.id, performance.now());
        latencies.push(Date.now() - Date.parse(event.occurredAt));
      }
    }
    res.writeHead(204).end();
  });
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/bi/kefu-events`;

const schema = `bench_channels_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: args['pg-url'] });
await admin.connect();
await admin.query(`create schema ${schema}`);
const database = openDatabase({ url: args['pg-url'], schema, poolSize: 2 });
await migrateToLatest(database.db);
await createUser(database.db, null, { username: 'bench-admin', displayName: '压测管理员', role: 'admin', password: 'bench-password-1' });
await database.db.insertInto('products').values({ sku: 'PJ-001', name: '纯棉长袖睡衣套装', category: '睡衣', price_fen: 12_900 }).execute();

const child = fork(`${HERE}server.ts`, [], {
  execArgv: ['--import', 'tsx'],
  env: { ...process.env, BENCH_PG_URL: args['pg-url'], BENCH_SCHEMA: schema, ORDER_WEBHOOK_SECRET: ORDER_SECRET },
});
const replies: ((m: { type: string; port?: number; cpuSeconds?: number }) => void)[] = [];
child.on('message', (m) => replies.shift()?.(m as never));
const next = () => new Promise<{ type: string; port?: number; cpuSeconds?: number }>((r) => replies.push(r));
const cpu = async () => (child.send({ cmd: 'cpu' }), (await next()).cpuSeconds!);

try {
  const { port } = await next();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const call = (method: string, path: string, body: string, headers: Record<string, string | number> = {}) =>
    new Promise<{ status: number; body: string; cookie?: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
        },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (c: Buffer) => parts.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString(), cookie: res.headers['set-cookie']?.[0]?.split(';')[0] }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  const login = await call('POST', '/api/auth/login', JSON.stringify({ username: 'bench-admin', password: 'bench-password-1' }));
  const made = await call(
    'POST',
    '/api/integrations/webhooks',
    JSON.stringify({ url: receiverUrl, description: 'BI', eventTypes: ['order.ingested'] }),
    { cookie: login.cookie! },
  );
  if (made.status !== 201) throw new Error(`subscribing failed: ${made.status} ${made.body}`);
  secret = (JSON.parse(made.body) as { secret: string }).secret;

  let orderNo = 0;
  const order = () => {
    const i = orderNo++;
    const at = new Date().toISOString();
    return {
      platform: 'taobao',
      orderNo: `WB${String(i).padStart(9, '0')}`,
      status: 'paid',
      buyerNick: `buyer_${i % 20_000}`,
      lines: [{ sku: 'PJ-001', title: '纯棉长袖睡衣套装 粉色 M', quantity: 1, unitPriceFen: 12_900 }],
      createdAt: at,
      paidAt: at,
    };
  };
  let refused = 0;
  const push = async (n: number) => {
    const body = JSON.stringify({ orders: Array.from({ length: n }, order) });
    const ts = Math.floor(Date.now() / 1000);
    const r = await call('POST', '/api/webhooks/orders', body, { 'x-kefu-timestamp': ts, 'x-kefu-signature': signWebhook(ORDER_SECRET, ts, body) });
    if (r.status !== 200) refused += n;
  };

  // Warm-up: the statements prepared, the connections open.
  await push(BATCH);
  while (firstSeen.size < BATCH) await sleep(20);
  firstSeen.clear();
  latencies.length = 0;
  const warmOrders = orderNo;

  const load0 = os.loadavg()[0]!;
  const cpu0 = await cpu();
  const t0 = performance.now();
  const every = (BATCH / RATE) * 1000;
  const inFlight: Promise<void>[] = [];
  for (let k = 0; performance.now() - t0 < SECONDS * 1000; k++) {
    inFlight.push(push(BATCH));
    const wait = t0 + (k + 1) * every - performance.now();
    if (wait > 0) await sleep(wait);
  }
  const offeredSeconds = (performance.now() - t0) / 1000;
  await Promise.all(inFlight);
  const offered = orderNo - warmOrders;
  const deliveredWhileOffered = [...firstSeen.values()].filter((at) => at <= t0 + offeredSeconds * 1000).length;
  const deadline = performance.now() + 60_000;
  while (firstSeen.size < offered - refused && performance.now() < deadline) await sleep(50);
  const drainedSeconds = (performance.now() - t0) / 1000;
  const cpu1 = await cpu();
  const load1 = os.loadavg()[0]!;

  const results = {
    at: new Date().toISOString(),
    machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    loadAverage: [round(load0, 2), round(load1, 2)],
    offeredEventsPerSecond: Math.round(offered / offeredSeconds),
    deliveredEventsPerSecondWhileOffered: Math.round(deliveredWhileOffered / offeredSeconds),
    allDeliveredAfterSeconds: round(drainedSeconds, 2),
    offered,
    ordersRefused: refused,
    delivered: firstSeen.size,
    lost: offered - refused - firstSeen.size,
    duplicated: duplicates,
    badSignatures,
    eventToReceiptMs: { p50: pct(latencies, 50), p99: pct(latencies, 99), max: Math.max(0, ...latencies) },
    serverCpuMsPerEvent: round(((cpu1 - cpu0) * 1000) / offered, 3),
  };
  console.log(JSON.stringify(results, null, 2));
  writeFileSync(`${HERE}webhooks-results.json`, JSON.stringify(results, null, 2) + '\n');
} finally {
  child.send({ cmd: 'stop' });
  await new Promise((r) => child.once('exit', r));
  receiver.closeAllConnections();
  receiver.close();
  await database.close();
  await admin.query(`drop schema ${schema} cascade`);
  await admin.end();
}
