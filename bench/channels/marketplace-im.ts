/**
 * Marketplace IM at a sustained rate, on PostgreSQL:
 *
 *   npx tsx bench/channels/marketplace-im.ts [--rate 500 --seconds 30 --buyers 2000 --agents 8 --new-share 0.05]
 *
 * First each of --buyers buyers writes once (their customer file, visitor and conversation are made: timed apart, as
 * "firstContacts"). Then JD pushes buyers' chat messages to kefu (one signed push per message, as JOS does, paced to
 * --rate for --seconds, from the --buyers buyers in turn and one in 1/--new-share from a buyer never seen before,
 * 5 % by default); kefu stores each through the widget's pipeline — the buyer's conversation, the queue or an
 * agent, the response clock — and answers the push once stored. --agents agents are online on /ws/agent and answer
 * every buyer message they are shown; the answers go back through kefu's outbox to a local JOS router that counts
 * them. Prints the rate stored while offered, the push's ack time, lost and duplicated messages (every acked
 * message is looked for in the database), the answers' round trip, the server's CPU per message and the load
 * average. The server runs in its own process over a fresh schema, dropped after. Writes marketplace-im-results.json.
 * Profiling: BENCH_CPU_PROF=<dir> writes the server's CPU profile there; BENCH_PRELOAD=<module> loads a module into it.
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
import WebSocket from 'ws';
import { JD_CHAT_TOPIC } from '../../apps/server/src/channels/marketplace/jd.ts';
import { chinaTimestamp, signParams } from '../../apps/server/src/channels/marketplace/signing.ts';
import { openDatabase } from '../../apps/server/src/db/database.ts';
import { prepareDatabase } from '../chat/setup.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const { values: args } = parseArgs({
  options: {
    'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '30' },
    buyers: { type: 'string', default: '2000' },
    agents: { type: 'string', default: '8' },
    'new-share': { type: 'string', default: '0.05' },
  },
});
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const BUYERS = Number(args.buyers);
const AGENTS = Number(args.agents);
const NEW_SHARE = Number(args['new-share']);
const JD = { appKey: 'BENCHJD', secret: 'bench-jd-secret-0123456789', accessToken: 'bench-jd-token' };
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))] ?? 0;
};
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// JD's router: takes kefu's answers, remembers when each arrived.
const answered = new Map<string, number>();
let answerDuplicates = 0;
const jos = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const p = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()));
    const body = JSON.parse(p['360buy_param_json'] ?? '{}') as { content: string };
    if (answered.has(body.content)) answerDuplicates++;
    else answered.set(body.content, performance.now());
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ jingdong_dd_message_send_responce: { code: '0', returnType: { success: true } } }));
  });
});
await new Promise<void>((r) => jos.listen(0, '127.0.0.1', r));

const schema = `bench_im_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: args['pg-url'] });
await admin.connect();
await admin.query(`create schema ${schema}`);
const database = openDatabase({ url: args['pg-url'], schema, poolSize: 2 });
const setup = await prepareDatabase(database.db, AGENTS, 50);

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
    JD_APP_KEY: JD.appKey,
    JD_APP_SECRET: JD.secret,
    JD_ACCESS_TOKEN: JD.accessToken,
    JD_API_URL: `http://127.0.0.1:${(jos.address() as AddressInfo).port}/routerjson`,
    CHAT_MAX_CHATS: '50',
  },
});
const replies: ((m: { type: string; port?: number; cpuSeconds?: number }) => void)[] = [];
child.on('message', (m) => replies.shift()?.(m as never));
const next = () => new Promise<{ type: string; port?: number; cpuSeconds?: number }>((r) => replies.push(r));
const cpu = async () => (child.send({ cmd: 'cpu' }), (await next()).cpuSeconds!);

try {
  const { port } = await next();
  // Agents online, answering every buyer message of theirs (the answer names the message it answers).
  const asked = new Map<string, number>();
  // kefu's answer to each agent send: stored (ack) or refused (error: an agent socket may send 10 a second).
  const answerAcked = new Set<string>();
  let answersRefused = 0;
  const sockets = await Promise.all(
    setup.agents.map(
      (a) =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(`ws://127.0.0.1:${port}/ws/agent?token=${encodeURIComponent(a.token)}`);
          ws.on('error', reject);
          ws.on('message', (data) => {
            const f = JSON.parse(data.toString()) as {
              type: string;
              sender?: { kind: string };
              body?: string;
              conversationId?: number;
              clientId?: string;
            };
            if (f.type === 'welcome') resolve(ws);
            if (f.type === 'ack' && f.clientId?.startsWith('ans-')) answerAcked.add(`A${f.clientId.slice(4)}`);
            if (f.type === 'error' && f.clientId?.startsWith('ans-')) answersRefused++;
            if (f.type === 'message' && f.sender?.kind === 'shopper' && f.body?.startsWith('Q')) {
              const answer = `A${f.body.slice(1)}`;
              asked.set(answer, performance.now());
              ws.send(
                JSON.stringify({ type: 'send', conversationId: f.conversationId, clientId: `ans-${f.body.slice(1)}`, kind: 'text', body: answer }),
              );
            }
          });
        }),
    ),
  );

  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const acked = new Set<string>();
  const ackMs: number[] = [];
  const ackedAt: number[] = [];
  let refused = 0;
  let sentMessages = 0;
  const push = (i: number, buyer: number) =>
    new Promise<void>((resolve) => {
      const id = `m${String(i).padStart(7, '0')}`;
      const fields: Record<string, string> = {
        app_key: JD.appKey,
        timestamp: chinaTimestamp(new Date()),
        topic: JD_CHAT_TOPIC,
        content: JSON.stringify({
          msgId: id,
          buyerId: `jd_buyer_${buyer}`,
          type: 'text',
          content: `Q${id} 请问什么时候发货？`,
          time: Date.now(),
        }),
      };
      fields.sign = signParams(fields, JD.secret);
      const body = JSON.stringify(fields);
      const t = performance.now();
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/channels/im/jd/push',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) {
              acked.add(id);
              ackMs.push(performance.now() - t);
              ackedAt.push(performance.now());
            } else refused++;
            resolve();
          });
        },
      );
      req.on('error', () => (refused++, resolve()));
      req.end(body);
      sentMessages++;
    });

  // First contacts: each buyer's first message makes their customer file, their visitor and a conversation (the
  // dispatcher gives agents what they can take, the rest wait in the queue). Timed on its own, as fast as kefu takes them.
  const firstT0 = performance.now();
  await Promise.all(Array.from({ length: BUYERS }, (_, b) => push(2_000_000 + b, b)));
  const firstContactsPerSecond = (acked.size * 1000) / (performance.now() - firstT0);
  const firstContactsRefused = refused;
  acked.clear();
  ackMs.length = 0;
  ackedAt.length = 0;
  sentMessages = 0;
  refused = 0;
  await sleep(1000);
  answered.clear();
  asked.clear();
  answerAcked.clear();
  answersRefused = 0;

  // The run: messages from the buyers in turn, and every 1/NEW_SHARE-th from a buyer never seen (a first contact).
  const newEvery = NEW_SHARE > 0 ? Math.round(1 / NEW_SHARE) : Infinity;
  let newBuyers = 0;
  const buyerOf = (i: number) => (i % newEvery === newEvery - 1 ? BUYERS + newBuyers++ : i % BUYERS);
  const load0 = os.loadavg()[0]!;
  const cpu0 = await cpu();
  const t0 = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; performance.now() - t0 < SECONDS * 1000; i++) {
    inFlight.push(push(i, buyerOf(i)));
    const wait = t0 + ((i + 1) * 1000) / RATE - performance.now();
    if (wait > 0) await sleep(wait);
  }
  const offeredSeconds = (performance.now() - t0) / 1000;
  const offered = sentMessages;
  await Promise.all(inFlight);
  const ackedWhileOffered = ackedAt.filter((at) => at <= t0 + offeredSeconds * 1000).length;
  const allAckedAfterSeconds = (Math.max(0, ...ackedAt) - t0) / 1000;
  const cpu1 = await cpu();
  const load1 = os.loadavg()[0]!;
  // Let the outbox send the last answers.
  const deadline = performance.now() + 30_000;
  while ([...answerAcked].some((a) => !answered.has(a)) && performance.now() < deadline) await sleep(100);

  // Every acked message stored, once.
  const stored = await database.db
    .selectFrom('messages')
    .select(['client_id'])
    .where('sender_kind', '=', 'shopper')
    .where('client_id', 'like', 'jd:m0%')
    .execute();
  const storedIds = new Set(stored.map((r) => r.client_id!.slice(3)));
  const lost = [...acked].filter((id) => !storedIds.has(id)).length;
  const roundTrips = [...asked].flatMap(([answer, at]) => (answered.has(answer) ? [answered.get(answer)! - at] : []));

  const results = {
    at: new Date().toISOString(),
    machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    loadAverage: [round(load0, 2), round(load1, 2)],
    buyers: BUYERS,
    agents: AGENTS,
    firstContacts: { perSecond: Math.round(firstContactsPerSecond), refused: firstContactsRefused },
    newBuyersInRun: newBuyers,
    offeredPerSecond: Math.round(offered / offeredSeconds),
    storedPerSecondWhileOffered: Math.round(ackedWhileOffered / offeredSeconds),
    // Per second of the run: the first seconds are buyers' first messages (a customer file, a visitor, a conversation each).
    storedEachSecond: Array.from(
      { length: Math.ceil(allAckedAfterSeconds) },
      (_, s) => ackedAt.filter((at) => at - t0 >= s * 1000 && at - t0 < (s + 1) * 1000).length,
    ),
    offered,
    allAckedAfterSeconds: round(allAckedAfterSeconds, 2),
    acked: acked.size,
    refused,
    lost,
    duplicated: stored.length - storedIds.size,
    pushAckMs: { p50: round(pct(ackMs, 50)), p99: round(pct(ackMs, 99)), max: round(Math.max(0, ...ackMs)) },
    serverCpuMsPerMessage: round(((cpu1 - cpu0) * 1000) / offered, 3),
    agentAnswers: {
      sent: asked.size,
      refusedByKefu: answersRefused,
      stored: answerAcked.size,
      reachedJd: [...asked.keys()].filter((a) => answered.has(a)).length,
      lost: [...answerAcked].filter((a) => !answered.has(a)).length,
      duplicated: answerDuplicates,
      roundTripMs: { p50: round(pct(roundTrips, 50)), p99: round(pct(roundTrips, 99)) },
    },
  };
  console.log(JSON.stringify(results, null, 2));
  writeFileSync(`${HERE}marketplace-im-results.json`, JSON.stringify(results, null, 2) + '\n');
  for (const ws of sockets) ws.close();
} finally {
  child.send({ cmd: 'stop' });
  await new Promise((r) => child.once('exit', r));
  jos.close();
  await database.close();
  await admin.query(`drop schema ${schema} cascade`);
  await admin.end();
}
