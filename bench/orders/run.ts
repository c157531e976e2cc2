/**
 * Orders benchmark for kefu, on PostgreSQL (the production engine):
 *
 *   npm run bench:orders [-- --webhook-orders 100000 --batch 100 --connections 8 --import-rows 100000 --only webhook,import]
 *
 *   1. Webhook ingest: signed deliveries of --batch orders (2 lines each) over HTTP to a server in its own
 *      process, --connections at a time, until --webhook-orders are in; then single-order deliveries for 10 s.
 *   2. Import: a 100,000-row Taobao-format CSV export (GBK, as the back office writes it), parsed, validated
 *      and written all-or-nothing by the same code as POST /api/orders/import, in this process, with its
 *      peak RSS sampled every 20 ms.
 *   (The order time rules are service-level clocks now: their sweep at a million clocks is bench/sla.)
 * Prints a table and writes bench/orders/last-results.json. A fresh schema is used and dropped.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../../apps/server/src/db/database.ts';
import { migrateToLatest } from '../../apps/server/src/db/migrate.ts';
import { importOrders } from '../../apps/server/src/orders/import.ts';
import { signWebhook } from '../../apps/server/src/orders/webhook.ts';
import { createUser } from '../../apps/server/src/users/service.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const { values: args } = parseArgs({
  options: {
    'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    'webhook-orders': { type: 'string', default: '100000' },
    batch: { type: 'string', default: '100' },
    connections: { type: 'string', default: '8' },
    'import-rows': { type: 'string', default: '100000' },
    only: { type: 'string' },
  },
});
const num = (k: keyof typeof args) => Number(args[k]);
const SECRET = 'bench-order-webhook-secret-000000';
const schema = `bench_orders_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: args['pg-url'] });
await admin.connect();
await admin.query(`create schema ${schema}`);
const database = openDatabase({ url: args['pg-url'], schema, poolSize: 4 });
await migrateToLatest(database.db);
const db = database.db;
const results: Record<string, unknown> = {
  at: new Date().toISOString(),
  machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
};
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))] ?? 0;
};
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

try {
  await db
    .insertInto('products')
    .values([
      { sku: 'PJ-001', name: '纯棉长袖睡衣套装', category: '睡衣', price_fen: 12_900 },
      { sku: 'PJ-002', name: '莫代尔短袖睡衣', category: '睡衣', price_fen: 9_900 },
    ])
    .execute();
  const run = (phase: string) => !args.only || args.only.split(',').includes(phase);
  if (run('webhook')) results.webhook = await webhookPhase();
  if (run('import')) results.import = await importPhase();
  writeFileSync(`${HERE}last-results.json`, JSON.stringify(results, null, 2) + '\n');
  console.log(JSON.stringify(results, null, 2));
} finally {
  await database.close();
  await admin.query(`drop schema ${schema} cascade`);
  await admin.end();
}

function webhookOrder(i: number) {
  const at = new Date(Date.now() - (i % 1000) * 60_000).toISOString();
  return {
    platform: 'taobao',
    orderNo: `WH${String(i).padStart(9, '0')}`,
    status: 'paid',
    buyerNick: `wh_buyer_${i % 50_000}`,
    receiver: {
      name: '林小姐',
      phone: `139${String(i % 100_000_000).padStart(8, '0')}`,
      province: '浙江省',
      city: '杭州市',
      district: '西湖区',
      address: `文三路 ${i % 999} 号`,
    },
    lines: [
      { sku: 'PJ-001', title: '纯棉长袖睡衣套装 粉色 M', quantity: 1, unitPriceFen: 12_900 },
      { sku: 'PJ-002', title: '莫代尔短袖睡衣', quantity: 2, unitPriceFen: 9_900 },
    ],
    createdAt: at,
    paidAt: at,
    remark: i % 5 === 0 ? '周末送货' : undefined,
  };
}

async function webhookPhase() {
  const child = fork(`${HERE}server.ts`, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_PG_URL: args['pg-url'], BENCH_SCHEMA: schema, ORDER_WEBHOOK_SECRET: SECRET },
  });
  const messages: ((m: { type: string; port?: number; cpuSeconds?: number }) => void)[] = [];
  child.on('message', (m: { type: string }) => messages.shift()?.(m as never));
  const next = () => new Promise<{ type: string; port?: number; cpuSeconds?: number }>((r) => messages.push(r));
  const ready = await next();
  const agent = new http.Agent({ keepAlive: true, maxSockets: num('connections') });
  const post = (body: string) =>
    new Promise<{ status: number; ms: number }>((resolve) => {
      const ts = Math.floor(Date.now() / 1000);
      const start = performance.now();
      const req = http.request(
        {
          host: '127.0.0.1',
          port: ready.port,
          method: 'POST',
          path: '/api/webhooks/orders',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'x-kefu-timestamp': ts,
            'x-kefu-signature': signWebhook(SECRET, ts, body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - start }));
        },
      );
      req.on('error', () => resolve({ status: 0, ms: performance.now() - start }));
      req.end(body);
    });
  const run = async (total: number, batch: number, seconds: number, offset: number) => {
    let nextOrder = offset;
    const latencies: number[] = [];
    let failed = 0;
    const deadline = performance.now() + seconds * 1000;
    const cpu0 = (child.send({ cmd: 'cpu' }), await next()).cpuSeconds!;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: num('connections') }, async () => {
        while (nextOrder < offset + total && performance.now() < deadline) {
          const from = nextOrder;
          nextOrder += batch;
          const orders = Array.from({ length: batch }, (_, k) => webhookOrder(from + k));
          const r = await post(JSON.stringify(batch === 1 ? { order: orders[0] } : { orders }));
          if (r.status !== 200) failed++;
          latencies.push(r.ms);
        }
      }),
    );
    const seconds_ = (performance.now() - t0) / 1000;
    const cpu1 = (child.send({ cmd: 'cpu' }), await next()).cpuSeconds!;
    const sent = nextOrder - offset;
    return {
      batch,
      orders: sent,
      deliveries: latencies.length,
      failed,
      seconds: round(seconds_),
      ordersPerSecond: Math.round(sent / seconds_),
      deliveryP50ms: round(pct(latencies, 50)),
      deliveryP99ms: round(pct(latencies, 99)),
      serverCpuMsPerOrder: round(((cpu1 - cpu0) * 1000) / sent, 3),
    };
  };
  await run(2000, num('batch'), 30, 900_000_000); // warm-up
  const batched = await run(num('webhook-orders'), num('batch'), 300, 0);
  const single = await run(1_000_000, 1, 10, 500_000_000);
  child.send({ cmd: 'stop' });
  const stored = Number(
    (
      await db
        .selectFrom('orders')
        .select(sql<string>`count(*)`.as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  console.log('webhook', { batched, single, stored });
  return { batched, single, storedOrders: stored };
}

async function importPhase() {
  const rows = num('import-rows');
  const dir = mkdtempSync(`${os.tmpdir()}/kefu-orders-`);
  const file = `${dir}/taobao-export.csv`;
  const header =
    '订单编号,买家会员名,订单状态,订单创建时间,订单付款时间,宝贝标题,商家编码,宝贝数量,价格,买家应付邮费,买家实际支付金额,收货人姓名,收货地址,联系手机,买家留言,物流单号';
  const lines = [header];
  for (let i = 0; i < rows; i++) {
    const no = `IM${String(i).padStart(9, '0')}`;
    lines.push(
      [
        no,
        `im_buyer_${i % 30_000}`,
        i % 7 === 0 ? '交易成功' : '买家已付款，等待卖家发货',
        '2026-11-20 10:23:45',
        '2026-11-20 10:24:01',
        '纯棉长袖睡衣套装 粉色 M',
        'PJ-001',
        '1',
        '129.00',
        '0.00',
        '119.00',
        '李女士',
        `江苏省 南京市 鼓楼区 中山路 ${i % 500} 号`,
        `138${String(i).padStart(8, '0')}`,
        i % 9 === 0 ? '请用礼盒包装' : '',
        '',
      ].join(','),
    );
  }
  writeFileSync(file, iconv.encode(lines.join('\r\n'), 'gbk'));
  const bytes = (await import('node:fs')).statSync(file).size;
  const user = await createUser(db, null, { username: 'importer', displayName: '导入', role: 'supervisor', password: 'bench-password-1' });
  let peak = process.memoryUsage().rss;
  const base = peak;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const t0 = performance.now();
  const report = await importOrders(db, user.id, createReadStream(file), 'taobao-export.csv', { platform: 'taobao', dryRun: false, maxMb: 500 });
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  rmSync(dir, { recursive: true, force: true });
  const out = {
    rows,
    fileMb: round(bytes / 1048576),
    seconds: round(seconds),
    rowsPerSecond: Math.round(rows / seconds),
    peakRssMb: Math.round(peak / 1048576),
    rssGrowthMb: Math.round((peak - base) / 1048576),
    inserted: report.inserted,
    errors: report.errorCount,
  };
  console.log('import', out);
  return out;
}
