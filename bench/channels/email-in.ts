/**
 * E-mail in at a sustained rate, on PostgreSQL:
 *
 *   npx tsx bench/channels/email-in.ts [--per-minute 10000 --seconds 60 --connections 8]
 *
 * A mail server delivers the shop's service mailbox to kefu's SMTP endpoint over --connections pooled SMTP
 * connections, paced to --per-minute: mails from 3,000 customers (a third new, GBK or UTF-8, some with a PDF), and
 * every fourth one an answer to an earlier mail of the same customer (In-Reply-To), so both paths run — a new ticket
 * on a found or new customer file, and a message on an open ticket. Each mail is acknowledged only after it is
 * stored. Prints the rate accepted while offered, the SMTP round trip per mail, and checks the database: every
 * acknowledged mail stored once (no loss, no duplicate), the server's CPU per mail. A fresh schema is used and
 * dropped. Writes bench/channels/email-in-results.json. Profiling: BENCH_CPU_PROF=<dir> writes the server's CPU profile
 * there; BENCH_PRELOAD=<module> loads a module into it.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { openDatabase } from '../../apps/server/src/db/database.ts';
import { migrateToLatest } from '../../apps/server/src/db/migrate.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const { values: args } = parseArgs({
  options: {
    'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    'per-minute': { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '60' },
    connections: { type: 'string', default: '8' },
  },
});
const PER_SECOND = Number(args['per-minute']) / 60;
const SECONDS = Number(args.seconds);
const SHOP = 'kefu@shop.example';
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))] ?? 0;
};
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** CPU seconds the whole machine spent busy so far (every core, every process). */
const machineBusySeconds = () => os.cpus().reduce((sum, c) => sum + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0) / 1000;

const schema = `bench_email_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: args['pg-url'] });
await admin.connect();
await admin.query(`create schema ${schema}`);
const database = openDatabase({ url: args['pg-url'], schema, poolSize: 2 });
await migrateToLatest(database.db);
// 2,000 customers the shop already knows (their e-mail on file); 1,000 more write for the first time.
await sql`insert into customers (name, segment, tags) select '老顾客' || g, 'active', '{}' from generate_series(1, 2000) g`.execute(database.db);
await sql`insert into customer_identities (customer_id, kind, value) select id, 'email', 'buyer' || id || '@qq.com' from customers`.execute(
  database.db,
);

const child = fork(`${HERE}server.ts`, [], {
  execArgv: [
    '--import',
    'tsx',
    ...(process.env.BENCH_PRELOAD ? ['--import', process.env.BENCH_PRELOAD] : []),
    ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
  ],
  env: {
    ...process.env,
    BENCH_PG_URL: args['pg-url'],
    BENCH_SCHEMA: schema,
    EMAIL_IN_SMTP_PORT: '0',
    EMAIL_IN_SMTP_HOST: '127.0.0.1',
    EMAIL_IN_ADDRESSES: SHOP,
    EMAIL_IN_PER_SENDER_PER_MINUTE: '1000',
  },
});
const replies: ((m: { type: string; port?: number; smtpPort?: number; cpuSeconds?: number }) => void)[] = [];
child.on('message', (m) => replies.shift()?.(m as never));
const next = () => new Promise<{ type: string; port?: number; smtpPort?: number; cpuSeconds?: number }>((r) => replies.push(r));
const cpu = async () => (child.send({ cmd: 'cpu' }), (await next()).cpuSeconds!);

const PDF = Buffer.from('%PDF-1.4\n' + 'x'.repeat(20_000))
  .toString('base64')
  .replace(/.{76}/g, '$&\r\n');
const lastOf = new Map<number, string>();
let n = 0;
function nextMail(): { from: string; raw: string; messageId: string } {
  const i = n++;
  const customer = 1 + (i % 3000);
  const from = `buyer${customer}@qq.com`;
  const messageId = `bench-${i}-${randomBytes(4).toString('hex')}@qq.com`;
  const previous = i % 4 === 3 ? lastOf.get(customer) : undefined;
  lastOf.set(customer, messageId);
  const gbk = i % 2 === 0;
  const subject = gbk
    ? `=?GBK?B?${iconv.encode(`订单 ${100000 + i} 什么时候发货`, 'gbk').toString('base64')}?=`
    : `=?UTF-8?B?${Buffer.from(`退货申请 ${i}`).toString('base64')}?=`;
  const text = `你好，订单 ${100000 + i} 还没发货，麻烦看一下。\r\n谢谢！`;
  const body = gbk ? iconv.encode(text, 'gbk').toString('base64') : Buffer.from(text).toString('base64');
  const headers = [
    `From: =?UTF-8?B?${Buffer.from('顾客' + customer).toString('base64')}?= <${from}>`,
    `To: ${SHOP}`,
    `Subject: ${subject}`,
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
  ];
  if (previous) headers.push(`In-Reply-To: <${previous}>`, `References: <${previous}>`);
  const textPart = [`Content-Type: text/plain; charset=${gbk ? 'gbk' : 'utf-8'}`, 'Content-Transfer-Encoding: base64', '', body];
  const parts =
    i % 10 === 0
      ? [
          'Content-Type: multipart/mixed; boundary="b"',
          '',
          '--b',
          ...textPart,
          '--b',
          'Content-Type: application/pdf; name="invoice.pdf"',
          'Content-Disposition: attachment; filename="invoice.pdf"',
          'Content-Transfer-Encoding: base64',
          '',
          PDF,
          '--b--',
        ]
      : textPart;
  return { from, raw: [...headers, ...parts, ''].join('\r\n'), messageId };
}

try {
  const ready = await next();
  const smtp = nodemailer.createTransport({
    host: '127.0.0.1',
    port: ready.smtpPort!,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: Number(args.connections),
    maxMessages: Infinity,
  });
  const acked: string[] = [];
  const rtts: number[] = [];
  let failed = 0;
  const send = async () => {
    const m = nextMail();
    const t = performance.now();
    try {
      await smtp.sendMail({ envelope: { from: m.from, to: [SHOP] }, raw: m.raw });
      acked.push(m.messageId);
      rtts.push(performance.now() - t);
    } catch {
      failed++;
    }
  };
  // Warm-up.
  await Promise.all(Array.from({ length: 50 }, send));
  acked.length = 0;
  rtts.length = 0;

  const load0 = os.loadavg()[0]!;
  const cpu0 = await cpu();
  const [machine0, client0] = [machineBusySeconds(), process.cpuUsage()];
  const t0 = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let k = 0; performance.now() - t0 < SECONDS * 1000; k++) {
    inFlight.push(send());
    const wait = t0 + ((k + 1) / PER_SECOND) * 1000 - performance.now();
    if (wait > 0) await sleep(wait);
  }
  const offeredSeconds = (performance.now() - t0) / 1000;
  const offered = inFlight.length;
  await Promise.all(inFlight);
  const doneSeconds = (performance.now() - t0) / 1000;
  const cpu1 = await cpu();
  const [machine1, client1] = [machineBusySeconds(), process.cpuUsage(client0)];
  const load1 = os.loadavg()[0]!;
  smtp.close();

  const stored = await sql<{ outcome: string; n: number }>`select outcome, count(*)::int as n from email_inbound group by outcome`.execute(
    database.db,
  );
  const ids = await sql<{ n: number; distinct: number }>`
    select count(*)::int as n, count(distinct message_id)::int as distinct from email_threads where direction = 'in' and message_id = any(${acked.map((a) => a)}::text[])`.execute(
    database.db,
  );
  const results = {
    at: new Date().toISOString(),
    machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    loadAverage: [round(load0, 2), round(load1, 2)],
    offeredPerMinute: Math.round((offered / offeredSeconds) * 60),
    acceptedPerMinute: Math.round((acked.length / doneSeconds) * 60),
    allAcknowledgedAfterSeconds: round(doneSeconds, 2),
    offered,
    acknowledged: acked.length,
    refusedOrFailed: failed,
    storedOfAcknowledged: ids.rows[0]!.distinct,
    lost: acked.length - ids.rows[0]!.distinct,
    duplicated: ids.rows[0]!.n - ids.rows[0]!.distinct,
    outcomes: Object.fromEntries(stored.rows.map((r) => [r.outcome, r.n])),
    smtpRoundTripMs: { p50: round(pct(rtts, 50)), p99: round(pct(rtts, 99)), max: round(Math.max(0, ...rtts)) },
    serverCpuMsPerMail: round(((cpu1 - cpu0) * 1000) / acked.length, 2),
    // The bench's mail client, and the rest of the machine's busy time (PostgreSQL, mostly).
    clientCpuMsPerMail: round((client1.user + client1.system) / 1000 / acked.length, 2),
    restCpuMsPerMail: round(((machine1 - machine0 - (cpu1 - cpu0)) * 1000 - (client1.user + client1.system) / 1000) / acked.length, 2),
  };
  console.log(JSON.stringify(results, null, 2));
  writeFileSync(`${HERE}email-in-results.json`, JSON.stringify(results, null, 2) + '\n');
} finally {
  child.send({ cmd: 'stop' });
  await new Promise((r) => child.once('exit', r));
  await database.close();
  await admin.query(`drop schema ${schema} cascade`);
  await admin.end();
}
