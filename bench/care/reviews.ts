/**
 * Review webhook benchmark (issue 13, "Speed": 1,000 review deliveries/s through the webhook). The real app listens
 * on 127.0.0.1 in a child process (this file with --serve); the parent sends signed deliveries over loopback HTTP
 * with keep-alive, --connections at a time: first batches of --batch reviews until --reviews are in, then single-review
 * deliveries for --seconds. Every review is new (the duplicate path is cheaper). Prints reviews/s, deliveries/s,
 * p50/p99 per delivery and the load average beside each figure.
 *
 *   npx tsx bench/care/reviews.ts                      (PGlite, in memory)
 *   ENGINE=postgres npx tsx bench/care/reviews.ts      (a fresh schema on BENCH_PG_URL, dropped at the end)
 *   options: --reviews 20000 --batch 50 --connections 8 --seconds 10
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
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
  },
});
const pgUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

async function serve() {
  const { buildApp } = await import('../../apps/server/src/app.ts');
  const { loadConfig } = await import('../../apps/server/src/config.ts');
  const { openDatabase } = await import('../../apps/server/src/db/database.ts');
  const { migrateToLatest } = await import('../../apps/server/src/db/migrate.ts');
  const postgres = process.env.ENGINE === 'postgres';
  const config = loadConfig({ LOG_LEVEL: 'silent', SWEEP_INTERVAL_MS: '0', ORDER_WEBHOOK_SECRET: SECRET, ...(postgres && { DATABASE_URL: pgUrl }) });
  const database = postgres ? openDatabase({ url: pgUrl, schema: process.env.BENCH_SCHEMA, poolSize: 8 }) : openDatabase({ dataDir: 'memory://' });
  await migrateToLatest(database.db);
  const app = await buildApp({ db: database.db, engine: database.engine, config }, { logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  process.on('message', async () => {
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
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve'], {
    env: { ...process.env, BENCH_SCHEMA: schema },
    execArgv: ['--import', 'tsx'],
  });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
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
    console.log(
      `${name.padEnd(28)} ${String(reviews).padStart(7)} reviews in ${s.toFixed(1)} s: ${Math.round(reviews / s)} reviews/s, ` +
        `${Math.round(latencies.length / s)} deliveries/s, p50 ${pct(latencies, 50).toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms   (load ${load()})`,
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
