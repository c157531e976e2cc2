/**
 * Scale-out (issue 17): kefu as three processes behind a real load balancer against one process behind the same
 * balancer, in the same run, alternating — the sustained shopper msg/s of each and their ratio (target ≥ 2×).
 *
 *   npx tsx bench/chat/scale.ts [--rounds 2] [--conversations 1000] [--processes 3]   (~10 min)
 *
 * Needs HAProxy (`apt-get install haproxy`), PostgreSQL and Redis on this machine. Each side gets its own fresh
 * schema and Redis prefix; its processes share them (the chat bus and the events wake over Redis, jobs leased in
 * the database), and HAProxy spreads connections over them (leastconn, WebSockets tunnelled, X-Forwarded-For with
 * TRUST_PROXY so per-address limits see the shoppers' addresses). A shopper and their agent are usually on
 * different processes, so every message crosses the bus. Searching the sustained rate is sustained.ts, as in
 * compare.ts; CPU per message counts every kefu process and HAProxy, and the PostgreSQL backends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase } from '../../apps/server/src/db/database.ts';
import { LoadGenerator } from './load.ts';
import { children, freePort, startServer, type ServerProcess } from './server.ts';
import { prepareDatabase } from './setup.ts';
import { loadAverage, median, search, type Measured, type Search } from './sustained.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const HAPROXY = '/usr/sbin/haproxy';
const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '2' },
    processes: { type: 'string', default: '3' },
    conversations: { type: 'string', default: '1000' },
    agents: { type: 'string', default: '40' },
    'step-seconds': { type: 'string', default: '8' },
    'max-steps': { type: 'string', default: '5' },
    'max-per-shopper': { type: 'string', default: '6' },
    start: { type: 'string', default: '800' },
    'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    'redis-url': { type: 'string', default: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
    out: { type: 'string', default: `${HERE}scale-results.json` },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(`usage: npx tsx bench/chat/scale.ts [options]
  --rounds N            rounds, each measuring one process and N processes once (2)
  --processes N         kefu processes on the scaled side (3)
  --conversations N     open conversations per side (1000); --agents A (40)
  --step-seconds S      measured seconds of each offered rate (8); --max-steps K (5); --max-per-shopper P (6)
  --start R             the first offered rate (800); later rounds start from the last result
  --pg-url URL --redis-url URL   on this machine
  --out FILE            results JSON (bench/chat/scale-results.json)`);
  process.exit(0);
}
const int = (name: keyof typeof args) => {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
};
const opts = {
  rounds: int('rounds'),
  processes: int('processes'),
  conversations: int('conversations'),
  agents: int('agents'),
  stepSeconds: int('step-seconds'),
  maxSteps: int('max-steps'),
  maxPerShopper: int('max-per-shopper'),
  start: int('start'),
  pgUrl: args['pg-url']!,
  redisUrl: args['redis-url']!,
};
for (const url of [opts.pgUrl, opts.redisUrl]) {
  if (!['127.0.0.1', 'localhost'].includes(new URL(url).hostname)) throw new Error(`${url} must point at this machine`);
}
if (!existsSync(HAPROXY)) throw new Error(`${HAPROXY} not found: apt-get install haproxy`);

const t0 = performance.now();
const log = (m: string) => console.error(`[scale ${((performance.now() - t0) / 1000).toFixed(0)}s] ${m}`);

interface Side extends Measured {
  servers: ServerProcess[];
  balancer: ChildProcess;
  port: number;
  agents: Awaited<ReturnType<typeof prepareDatabase>>['agents'];
  shopKey: string;
  stop(): Promise<void>;
}

/** HAProxy in front of `ports`, in the foreground, until it answers on its port. */
async function startBalancer(ports: number[], dir: string): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const config = `global
  maxconn 8000
defaults
  mode http
  option forwardfor
  timeout connect 5s
  timeout client 120s
  timeout server 120s
  timeout tunnel 1h
frontend kefu
  bind 127.0.0.1:${port}
  default_backend processes
backend processes
  balance leastconn
${ports.map((p, i) => `  server kefu${i + 1} 127.0.0.1:${p} check inter 2s`).join('\n')}
`;
  writeFileSync(`${dir}/haproxy.cfg`, config);
  const child = spawn(HAPROXY, ['-db', '-f', `${dir}/haproxy.cfg`], { stdio: ['ignore', 'ignore', 'inherit'] });
  children.add(child);
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { child, port };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('HAProxy did not answer');
}

async function startSide(admin: pg.Client, name: string, processes: number): Promise<Side> {
  const id = randomBytes(4).toString('hex');
  const schema = `bench_scale_${id}`;
  const appName = `kefu-scale-${id}`;
  await admin.query(`create schema ${schema}`);
  const database = openDatabase({ url: opts.pgUrl, schema, poolSize: 2 });
  const setup = await prepareDatabase(database.db, opts.agents, 50).finally(() => database.close());
  const url = new URL(opts.pgUrl);
  url.searchParams.set('application_name', appName);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const env = { DATABASE_URL: url.toString(), REDIS_URL: opts.redisUrl, REDIS_PREFIX: `kefu-scale-${id}`, TRUST_PROXY: 'true' };
  const servers: ServerProcess[] = [];
  for (let i = 0; i < processes; i++) servers.push(await startServer(env));
  const dir = mkdtempSync(`${os.tmpdir()}/kefu-scale-`);
  const balancer = await startBalancer(
    servers.map((s) => s.port),
    dir,
  );
  log(`${name}: ${processes} process(es) ${servers.map((s) => s.pid).join(', ')} behind HAProxy on ${balancer.port}`);
  return {
    name,
    appName,
    servers,
    balancer: balancer.child,
    port: balancer.port,
    agents: setup.agents,
    shopKey: setup.shopKey,
    pids: () => [...servers.map((s) => s.pid), balancer.child.pid!],
    async stop() {
      balancer.child.kill('SIGTERM');
      for (const s of servers) await s.stop();
      rmSync(dir, { recursive: true, force: true });
      await admin.query(`drop schema if exists ${schema} cascade`);
    },
  };
}

async function main() {
  const admin = new pg.Client({ connectionString: opts.pgUrl, application_name: 'kefu-scale-admin' });
  await admin.connect();
  const sides: Side[] = [];
  const generators: LoadGenerator[] = [];
  const searches: Search[] = [];
  try {
    log(`load average before: ${loadAverage()}`);
    for (const [name, processes] of [
      ['one process', 1],
      [`${opts.processes} processes`, opts.processes],
    ] as const) {
      const side = await startSide(admin, name, processes);
      sides.push(side);
      const generator = new LoadGenerator({
        port: side.port,
        shopKey: side.shopKey,
        agents: side.agents,
        conversations: opts.conversations,
        seconds: opts.stepSeconds,
        warmupSeconds: 2,
        replyEvery: 0,
        connectRate: 200,
        connectConcurrency: 100,
        perAddress: 30,
        assignTimeoutS: 120,
        drainSeconds: 10,
        maxPerShopperPerSec: opts.maxPerShopper,
        deadlineAt: Infinity,
        log: (m) => log(`${name}: ${m}`),
      });
      generators.push(generator);
      await generator.connectAgents();
      const open = await generator.openShoppers();
      log(`${name}: ${open.assigned}/${open.shoppers} conversations open and assigned in ${open.allAssignedSeconds} s`);
      if (open.assigned < opts.conversations * 0.95) throw new Error(`${name}: only ${open.assigned} conversations assigned`);
    }
    const next = [opts.start, opts.start];
    for (let round = 1; round <= opts.rounds; round++) {
      for (const x of round % 2 === 1 ? [0, 1] : [1, 0]) {
        log(`round ${round}: ${sides[x]!.name}, from ${next[x]}/s (load ${loadAverage()})`);
        const s = await search(admin, sides[x]!, generators[x]!, next[x]!, round, { maxSteps: opts.maxSteps, log });
        searches.push(s);
        next[x] = s.sustainedPerSec > 0 ? s.sustainedPerSec : Math.round(next[x]! / 2);
      }
      const of = (x: number) => searches.find((s) => s.round === round && s.system === sides[x]!.name)!;
      console.log(
        `round ${round}: one process ${of(0).sustainedPerSec} msg/s, ${opts.processes} processes ${of(1).sustainedPerSec} msg/s, ` +
          `ratio ${(of(1).sustainedPerSec / of(0).sustainedPerSec).toFixed(2)}; CPU/msg ${of(0).cpuMsPerMsg} vs ${of(1).cpuMsPerMsg} ms (load ${loadAverage()})`,
      );
    }
  } finally {
    for (const g of generators) g.markStopping();
    for (const s of sides) await s.stop().catch((e: Error) => log(`stopping ${s.name}: ${e.message}`));
    for (const g of generators) await g.close();
    await admin.end().catch(() => {});
    for (const c of children) c.kill('SIGKILL');
  }
  const rates = (x: number) => searches.filter((s) => s.system === sides[x]!.name).map((s) => s.sustainedPerSec);
  const summary = {
    oneProcessMedianPerSec: median(rates(0)),
    scaledMedianPerSec: median(rates(1)),
    ratio: Math.round((median(rates(1)) / median(rates(0))) * 100) / 100,
    cores: os.cpus().length,
    loadAverage: loadAverage(),
  };
  console.log(
    `median: one process ${summary.oneProcessMedianPerSec} msg/s, ${opts.processes} processes ${summary.scaledMedianPerSec} msg/s, ` +
      `ratio ${summary.ratio} on ${summary.cores} cores (load average ${summary.loadAverage}; target ≥ 2)`,
  );
  writeFileSync(args.out!, `${JSON.stringify({ options: opts, summary, searches, at: new Date().toISOString() }, null, 2)}\n`);
}

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  for (const c of children) c.kill('SIGKILL');
  process.exit(1);
});
