/**
 * Service-level benchmark for kefu: the clock at scale, on PostgreSQL.
 *
 *   npx tsx bench/sla/run.ts [--open 1000000] [--burst 100000] …      (--help for every option)
 *
 * In a database of its own (created, and dropped at the end):
 *   1. breach latency — a million running clocks, `burst` of them due within one minute starting ~30 s after the
 *      fill; two kefu processes run the real `sla.sweep` job every second (worker.ts); per clock, due → marked
 *      (`breached_at`) and due → acted on (the batch's commit); exactly-once checks (burst.ts);
 *   2. the ticket list sorted by due time, on that database, through the real app (server.ts, list.ts);
 *   3. the clock's CPU per ticket create and per chat message, policies on vs off, alternating (cpu.ts).
 * Prints a table with the load average, and writes bench/sla/last-results.json.
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type Database } from '../../apps/server/src/db/database.ts';
import { Client } from '../tickets/http.ts';
import { runBurst, type BurstResult } from './burst.ts';
import { children, sleep, startChild, type Child } from './children.ts';
import { chatCpu, createCpu, type CpuResult } from './cpu.ts';
import { fillBulk, prepareReference, type FillResult } from './fill.ts';
import { runList, type ListQueryResult } from './list.ts';
import { report } from './report.ts';
import type { ExplainedStatement, ServerReady } from './server.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));

const { values: args } = parseArgs({
  options: {
    open: { type: 'string', default: '1000000' },
    burst: { type: 'string', default: '100000' },
    'open-tickets': { type: 'string', default: '150000' },
    'closed-tickets': { type: 'string', default: '50000' },
    agents: { type: 'string', default: '50' },
    customers: { type: 'string', default: '20000' },
    spread: { type: 'string', default: '60' },
    lead: { type: 'string', default: '30' },
    drain: { type: 'string', default: '120' },
    workers: { type: 'string', default: '2' },
    'worker-pool': { type: 'string', default: '10' },
    hub: { type: 'boolean', default: false },
    'no-events': { type: 'boolean', default: false },
    'reassign-percent': { type: 'string', default: '10' },
    'list-requests': { type: 'string', default: '300' },
    'list-warmup': { type: 'string', default: '50' },
    'list-concurrency': { type: 'string', default: '1' },
    creates: { type: 'string', default: '2000' },
    block: { type: 'string', default: '250' },
    'create-concurrency': { type: 'string', default: '4' },
    'create-warmup': { type: 'string', default: '200' },
    'cpu-prof': { type: 'string' },
    'profile-creates': { type: 'string', default: '1000' },
    'no-chat': { type: 'boolean', default: false },
    'chat-conversations': { type: 'string', default: '300' },
    'chat-agents': { type: 'string', default: '20' },
    'chat-rate': { type: 'string', default: '60' },
    'chat-seconds': { type: 'string', default: '15' },
    'chat-warmup': { type: 'string', default: '3' },
    'chat-reply-every': { type: 'string', default: '2' },
    'chat-pairs': { type: 'string', default: '2' },
    phases: { type: 'string', default: '1,2,3' },
    'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    db: { type: 'string', default: 'kefu_bench_sla' },
    'keep-db': { type: 'boolean', default: false },
    'time-limit': { type: 'string', default: '900' },
    out: { type: 'string', default: `${HERE}last-results.json` },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(`usage: npx tsx bench/sla/run.ts [options]          (defaults in brackets)
 data     --open N [1000000] running clocks in all   --burst N [100000] of them due within one minute
          --open-tickets N [150000] (≥ burst) --closed-tickets N [50000] --agents N [50] --customers N [20000]
 phase 1  --spread S [60] seconds the burst's due times span   --lead S [30] seconds from the fill's end to the first
          --drain S [120] wait after the last due time        --workers N [2] kefu processes sweeping
          --worker-pool N [10] their DB_POOL_SIZE   --hub: sweep with a Hub (describe + frames), as the app does
          --no-events: no event room in the workers   --reassign-percent P [10] burst clocks whose policy reassigns
 phase 2  --list-requests N [300] --list-warmup N [50] --list-concurrency C [1]
 phase 3  --creates N [2000] per arm --block N [250] --create-concurrency C [4] --create-warmup N [200]
          --cpu-prof DIR: afterwards profile --profile-creates N [1000] more creates per arm into DIR (where the CPU goes)
          --no-chat --chat-conversations N [300] --chat-agents N [20] --chat-rate R [60] shopper msg/s
          --chat-seconds S [15] per step --chat-warmup S [3] --chat-reply-every K [2] --chat-pairs N [2] on/off pairs
 general  --phases 1,2,3   --pg-url URL (127.0.0.1 only)   --db NAME [kefu_bench_sla] created and dropped
          --keep-db   --time-limit S [900]   --out FILE [bench/sla/last-results.json]`);
  process.exit(0);
}

const int = (name: keyof typeof args, min = 0) => {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
  return n;
};
const sizes = {
  clocks: int('open', 1),
  burst: int('burst', 1),
  openTickets: int('open-tickets', 1),
  closedTickets: int('closed-tickets'),
  agents: int('agents', 1),
  customers: int('customers', 1),
};
if (sizes.openTickets < sizes.burst) throw new Error('--open-tickets must be at least --burst (each burst clock is on its own ticket)');
const phases = new Set(args.phases!.split(',').map(Number));
const dbName = args.db!;
if (!/^[a-z_][a-z0-9_]*$/.test(dbName) || dbName === 'test' || dbName === 'postgres') throw new Error('--db: a new database name of your own');
const baseUrl = new URL(args['pg-url']!);
if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(baseUrl.hostname)) throw new Error('--pg-url must point at this machine');
const urlOf = (database: string, appName?: string) => {
  const u = new URL(baseUrl);
  u.pathname = `/${database}`;
  if (appName) u.searchParams.set('application_name', appName);
  return u.toString();
};
const SERVER_APP = 'kefu-sla-server';

const t0 = performance.now();
const log = (m: string) => console.error(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${m}`);
const load = () => os.loadavg().map((x) => Math.round(x * 100) / 100);

async function admin<T>(run: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: urlOf('postgres'), connectionTimeoutMillis: 10_000 });
  await c.connect();
  try {
    return await run(c);
  } finally {
    await c.end();
  }
}
const dropDatabase = () => admin((c) => c.query(`drop database if exists ${dbName} with (force)`));

let cleaningUp = false;
async function emergency(reason: string): Promise<never> {
  if (cleaningUp) process.exit(2);
  cleaningUp = true;
  console.error(`${reason}: stopping without results`);
  for (const child of children) child.kill('SIGKILL');
  if (!args['keep-db'])
    await Promise.race([dropDatabase().catch((e: Error) => console.error(`could not drop ${dbName}: ${e.message}`)), sleep(15_000)]);
  process.exit(2);
}

export interface Results {
  generatedAt: string;
  machine: { cores: number; cpu?: string; node: string; postgres: string };
  options: Record<string, unknown>;
  loadAverage: Record<string, number[]>;
  fill?: FillResult;
  burst?: BurstResult;
  list?: ListQueryResult[];
  cpu?: CpuResult[];
  errors: string[];
  totalSeconds: number;
}

async function main() {
  const limit = int('time-limit', 60);
  const deadline = performance.now() + limit * 1000;
  const hardStop = setTimeout(() => void emergency(`time limit of ${limit} s reached`), (limit + 60) * 1000);
  process.once('SIGINT', () => void emergency('interrupted'));
  process.once('SIGTERM', () => void emergency('terminated'));

  const results: Results = {
    generatedAt: new Date().toISOString(),
    machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, postgres: '' },
    options: { ...sizes, ...args },
    loadAverage: { start: load() },
    errors: [],
    totalSeconds: 0,
  };
  await dropDatabase();
  await admin((c) => c.query(`create database ${dbName}`));
  log(`database ${dbName} created; load average ${results.loadAverage.start!.join(' ')}`);
  let database: Database | undefined;
  let server: Child<ServerReady> | undefined;
  let client: Client | undefined;
  try {
    if (args['cpu-prof']) mkdirSync(args['cpu-prof'], { recursive: true });
    database = openDatabase({ url: urlOf(dbName, 'kefu-sla-bench'), poolSize: 4 });
    const { db } = database;
    results.machine.postgres = (await sql<{ server_version: string }>`show server_version`.execute(db)).rows[0]!.server_version;
    const ref = await prepareReference(db, sizes);
    log('filling…');
    results.fill = await fillBulk(db, ref, sizes, log);
    results.loadAverage.afterFill = load();
    log(
      `filled: ${results.fill.counts.clocks.toLocaleString()} running clocks, ${results.fill.counts.openTickets.toLocaleString()} open tickets (${results.fill.counts.ticketsWithDue.toLocaleString()} with a due time)`,
    );

    if (phases.has(1)) {
      results.burst = await runBurst(
        db,
        ref,
        {
          url: urlOf(dbName),
          burst: sizes.burst,
          spreadSeconds: int('spread', 1),
          leadSeconds: int('lead'),
          drainSeconds: int('drain'),
          workers: int('workers', 1),
          workerPool: int('worker-pool', 1),
          hub: args.hub!,
          events: !args['no-events'],
          reassignPercent: int('reassign-percent'),
          clockRowsPerSecond: results.fill.clockRowsPerSecond,
        },
        log,
      );
      results.loadAverage.afterBurst = load();
    }

    if (phases.has(2) || phases.has(3)) {
      // Other work in this checkout may leave the server briefly unable to start (a half-made edit): try again.
      for (let attempt = 1; !server; attempt++) {
        try {
          server = await startChild<ServerReady>('./server.ts', { SLA_BENCH_URL: urlOf(dbName, SERVER_APP), SLA_BENCH_USER: 'sla-agent-1' });
        } catch (error) {
          if (attempt >= 4) throw error;
          log(`server did not start (${(error as Error).message}); trying again in 20 s`);
          await sleep(20_000);
        }
      }
      client = new Client(server.ready.port, server.ready.token, Math.max(int('list-concurrency', 1), int('create-concurrency', 1)));
      log(`server up on 127.0.0.1:${server.ready.port} in ${server.ready.startSeconds.toFixed(1)} s`);
      // The burst's events are sequenced by the kefu processes before anything else is measured.
      for (let i = 0; i < 120; i++) {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from domain_events where position is null`.execute(db);
        if (rows[0]!.n === 0) break;
        await sleep(1000);
      }
    }
    if (phases.has(2)) {
      log('ticket list…');
      results.list = await runList(
        client!,
        {
          requests: int('list-requests', 1),
          warmup: int('list-warmup'),
          concurrency: int('list-concurrency', 1),
          agentIds: ref.agentIds,
          explain: (filter) => server!.call<ExplainedStatement[]>({ cmd: 'explain', filter }),
        },
        deadline,
        log,
      );
      results.loadAverage.afterList = load();
    }
    if (phases.has(3)) {
      log('CPU per create, policies on/off…');
      results.cpu = [
        await createCpu(
          server!,
          client!,
          db,
          ref,
          SERVER_APP,
          {
            creates: int('creates', 1),
            block: int('block', 1),
            concurrency: int('create-concurrency', 1),
            warmup: int('create-warmup'),
            profileDir: args['cpu-prof'],
            profileCreates: int('profile-creates', 1),
          },
          deadline,
          log,
        ),
      ];
      results.loadAverage.afterCreates = load();
      if (!args['no-chat']) {
        log('CPU per chat message, policies on/off…');
        results.cpu.push(
          await chatCpu(
            server!,
            db,
            SERVER_APP,
            {
              conversations: int('chat-conversations', 1),
              agents: int('chat-agents', 1),
              rate: int('chat-rate', 1),
              seconds: int('chat-seconds', 1),
              warmup: int('chat-warmup'),
              replyEvery: int('chat-reply-every'),
              pairs: int('chat-pairs', 1),
            },
            deadline,
            log,
          ),
        );
        results.loadAverage.afterChat = load();
      }
    }
  } catch (error) {
    results.errors.push(error instanceof Error ? `${error.message}\n${error.stack}` : String(error));
    log(`error: ${results.errors.at(-1)}`);
  } finally {
    client?.close();
    await server?.call({ cmd: 'stop' }, 30_000).catch(() => server?.child.kill('SIGKILL'));
    await database?.close();
    if (!args['keep-db']) await dropDatabase();
    else log(`kept database ${dbName}: drop it yourself`);
  }
  clearTimeout(hardStop);
  results.totalSeconds = Math.round((performance.now() - t0) / 100) / 10;
  results.loadAverage.end = load();
  console.log(report(results));
  writeFileSync(args.out!, `${JSON.stringify(results, null, 2)}\n`);
  process.exitCode = results.errors.length ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  void emergency('unexpected error');
});
