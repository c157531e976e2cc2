/**
 * Review webhook benchmark (issue 13, "Speed": 1,000 review deliveries/s through the webhook). The real app listens
 * on 127.0.0.1 in a child process (this file with --serve); the parent sends signed deliveries over loopback HTTP
 * with keep-alive, --connections at a time: first batches of --batch reviews until --reviews are in, then single-review
 * deliveries for --seconds. Every review is new (the duplicate path is cheaper). Prints reviews/s, deliveries/s,
 * p50/p99 per delivery and the load average beside each figure.
 *
 *   npx tsx bench/care/reviews.ts                      (PGlite, in memory)
 *   ENGINE=postgres npx tsx bench/care/reviews.ts      (a fresh schema on BENCH_PG_URL, dropped at the end)
 *   options: --reviews 20000 --batch 50 --connections 8 --seconds 10, --log (the server logs as in production)
 *   SERVE_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the server process
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync, readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { signWebhook } from '../../apps/server/src/orders/webhook.ts';

const SECRET = 'bench-review-webhook-secret-00000';
const { values: args } = parseArgs({
  options: {
    serve: { type: 'boolean', default: false },
    reviews: { type: 'string', default: '20000' },
    batch: { type: 'string', default: '50' },
    connections: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '10' },
    log: { type: 'boolean', default: false },
  },
});
const pgUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/** The server's connections are named, so the driver can find their backends' CPU time. */
const APPLICATION_NAME = `bench_reviews_${process.env.BENCH_SCHEMA ?? process.pid}`;
const serverUrl = (url: string) => `${url}${url.includes('?') ? '&' : '?'}application_name=${APPLICATION_NAME}`;

/** CPU ms (user + system) of the server's PostgreSQL backends, read from /proc: null where that is not readable. */
async function backendCpuMs(admin: pg.Client | null, schema: string): Promise<number | null> {
  if (!admin) return null;
  const { rows } = await admin.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [`bench_reviews_${schema}`]);
  let ticks = 0;
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      return null;
    }
  }
  return (ticks * 1000) / 100;
}

async function serve() {
  const { buildApp } = await import('../../apps/server/src/app.ts');
  const { loadConfig } = await import('../../apps/server/src/config.ts');
  const { openDatabase } = await import('../../apps/server/src/db/database.ts');
  const { migrateToLatest } = await import('../../apps/server/src/db/migrate.ts');
  const postgres = process.env.ENGINE === 'postgres';
  // --log: the production logger (level info, JSON lines to stdout, which the driver sends to /dev/null).
  const config = loadConfig({
    LOG_LEVEL: args.log ? 'info' : 'silent',
    SWEEP_INTERVAL_MS: '0',
    ORDER_WEBHOOK_SECRET: SECRET,
    ...(postgres && { DATABASE_URL: pgUrl }),
  });
  const database = postgres
    ? openDatabase({ url: serverUrl(pgUrl), schema: process.env.BENCH_SCHEMA, poolSize: 8 })
    : openDatabase({ dataDir: 'memory://' });
  await migrateToLatest(database.db);
  const app = await buildApp({ db: database.db, engine: database.engine, config }, args.log ? {} : { logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  process.on('message', async (message) => {
    if (message === 'cpu') return process.send!({ cpu: process.cpuUsage() });
    await app.close();
    await database.close();
    process.exit(0);
  });
  process.send!({ port: address.port });
}

const TEXTS = ['质量太差了，洗一次就起球', '快递很快，包装完好，好评', '一般般吧，有点色差', '客服态度很好，尺码合适', '用了两天就坏了，要求退货'];
let serial = 0;
function review() {
  serial++;
  return {
    platform: (['taobao', 'tmall', 'jd', 'pdd'] as const)[serial % 4],
    reviewId: `B${serial}`,
    productTitle: '纯棉长袖睡衣套装',
    buyerNick: `buyer${serial % 5000}`,
    stars: (serial % 5) + 1,
    content: TEXTS[serial % TEXTS.length],
    reviewedAt: new Date().toISOString(),
  };
}

async function drive() {
  const postgres = process.env.ENGINE === 'postgres';
  const schema = `bench_reviews_${randomBytes(4).toString('hex')}`;
  const admin = postgres ? new pg.Client({ connectionString: pgUrl }) : null;
  if (admin) {
    await admin.connect();
    await admin.query(`create schema ${schema}`);
  }
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve', ...(args.log ? ['--log'] : [])], {
    stdio: ['inherit', args.log ? openSync('/dev/null', 'w') : 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, BENCH_SCHEMA: schema },
    // e.g. SERVE_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the server alone.
    execArgv: ['--import', 'tsx', ...(process.env.SERVE_NODE_ARGS?.split(' ').filter(Boolean) ?? [])],
  });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  const serverCpuMs = () =>
    new Promise<number>((resolve) => {
      child.once('message', (m: { cpu: NodeJS.CpuUsage }) => resolve((m.cpu.user + m.cpu.system) / 1000));
      child.send('cpu');
    });
  const agent = new http.Agent({ keepAlive: true, maxSockets: Number(args.connections) });
  const post = (body: string) =>
    new Promise<number>((resolve, reject) => {
      const ts = Math.floor(Date.now() / 1000);
      const started = performance.now();
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/webhooks/reviews',
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'x-kefu-timestamp': ts, 'x-kefu-signature': signWebhook(SECRET, ts, body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`HTTP ${res.statusCode}`))));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? 0;
  async function phase(name: string, next: () => { body: string; reviews: number } | null) {
    const latencies: number[] = [];
    let reviews = 0;
    const cpuBefore = [await serverCpuMs(), await backendCpuMs(admin, schema)] as const;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: Number(args.connections) }, async () => {
        for (let job = next(); job; job = next()) {
          latencies.push(await post(job.body));
          reviews += job.reviews;
        }
      }),
    );
    const s = (performance.now() - started) / 1000;
    const node = (await serverCpuMs()) - cpuBefore[0];
    const backends = await backendCpuMs(admin, schema);
    const perDelivery = (ms: number) => `${((ms * 1000) / latencies.length).toFixed(0)} µs`;
    const cpu = `CPU per delivery: server ${perDelivery(node)}${backends === null || cpuBefore[1] === null ? '' : `, PostgreSQL ${perDelivery(backends - cpuBefore[1])}`}`;
    console.log(
      `${name.padEnd(28)} ${String(reviews).padStart(7)} reviews in ${s.toFixed(1)} s: ${Math.round(reviews / s)} reviews/s, ` +
        `${Math.round(latencies.length / s)} deliveries/s, p50 ${pct(latencies, 50).toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms   (load ${load()})\n${' '.repeat(29)}${cpu}`,
    );
  }
  console.log(`engine ${postgres ? 'PostgreSQL' : 'PGlite'}, ${os.cpus().length} cores, ${args.connections} connections   (load ${load()})`);
  try {
    // Warm-up: the model, the statements, the policies cache.
    for (let i = 0; i < 20; i++) await post(JSON.stringify({ review: review() }));
    const batch = Number(args.batch);
    let left = Number(args.reviews);
    await phase(`batches of ${batch}`, () => {
      if (left <= 0) return null;
      const n = Math.min(batch, left);
      left -= n;
      return { body: JSON.stringify({ reviews: Array.from({ length: n }, review) }), reviews: n };
    });
    const until = performance.now() + Number(args.seconds) * 1000;
    await phase('single-review deliveries', () => (performance.now() < until ? { body: JSON.stringify({ review: review() }), reviews: 1 } : null));
  } finally {
    child.send('stop');
    await new Promise((resolve) => child.once('exit', resolve));
    agent.destroy();
    if (admin) {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  }
}

if (args.serve) await serve();
else await drive();
