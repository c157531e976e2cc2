/**
 * Live-chat benchmark for kefu: shoppers and agents over real WebSockets against the real server.
 *
 *   npx tsx bench/chat/run.ts [--engine postgres|pglite] [--conversations 2000] [--rate 500] [--seconds 60] …
 *   npx tsx bench/chat/run.ts --rate 100,200,300,400,500     (steps on the same connections)
 *   npx tsx bench/chat/run.ts --help
 *
 * For one engine: a fresh database (a new schema on PostgreSQL, dropped at the end; a temporary PGlite folder,
 * removed), migrated and given a shop, a skill group and agents with API tokens (setup.ts); the server started
 * as deployed, `node --import tsx apps/server/src/cli.ts start --no-demo`, in a child process on 127.0.0.1
 * (server.ts); then from this process (load.ts): agents connect, shoppers connect and open conversations, and
 * once all are assigned, shoppers send at an aggregate rate while agents answer a fraction. Afterwards the
 * database is checked against what was acked and delivered. Prints a table, writes bench/chat/last-results.json.
 * Only loopback addresses are used; every phase is bounded, and the whole run has a hard time limit.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase, type Database } from '../../apps/server/src/db/database.ts';
import { machineBusySeconds, processCpu, writeSyscalls } from '../tickets/http.ts';
import { summarizeProfile, type ProfileSummary } from '../tickets/profile.ts';
import { LoadGenerator, type LatencySummary, type LoadResult, type StepResult, type Tracking } from './load.ts';
import {
  children,
  probeSummary,
  procSampler,
  startServer,
  type ProbeSummary,
  type ProcUsage,
  type ServerProcess,
  type StatementStat,
} from './server.ts';
import { databaseCounts, explainStatements, prepareDatabase, type ExplainResult } from './setup.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'postgres' },
    conversations: { type: 'string', default: '2000' },
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '5' },
    agents: { type: 'string', default: '40' },
    'max-chats': { type: 'string', default: '50' },
    'reply-every': { type: 'string', default: '10' },
    'connect-rate': { type: 'string', default: '200' },
    'connect-concurrency': { type: 'string', default: '100' },
    'per-address': { type: 'string', default: '30' },
    'assign-timeout': { type: 'string', default: '120' },
    drain: { type: 'string', default: '15' },
    'pool-size': { type: 'string' },
    'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    'time-limit': { type: 'string', default: '600' },
    out: { type: 'string', default: `${HERE}last-results.json` },
    'cpu-prof': { type: 'string' },
    'no-explain': { type: 'boolean', default: false },
    'no-probe': { type: 'boolean', default: false },
    'keep-schema': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(`usage: npx tsx bench/chat/run.ts [options]
  --engine postgres|pglite      (postgres)
  --conversations N             shoppers, each with one open conversation (2000)
  --rate R[,R2,…]               shopper messages per second, all shoppers together, ≤ 1/s each (500); several
                                rates run as steps on the same conversations, stopping after a step that
                                leaves a backlog
  --seconds S --warmup W        measured seconds per step (60), after W unmeasured seconds at the same rate (5)
  --agents A --max-chats M      agents, all online in one skill group, each taking up to M conversations (40, 50)
  --reply-every K               an agent answers every K-th shopper message (10 = 10 %; 0 = never)
  --connect-rate C --connect-concurrency X   new shopper sockets per second (200), at most X opening at once (100)
  --per-address P               client sockets per loopback source address; the server allows 30 per IP (30)
  --assign-timeout S --drain S  wait for assignments (120) and for late acks/deliveries after sending (15)
  --pool-size N                 the server's DB_POOL_SIZE (default: the server's default)
  --pg-url URL                  PostgreSQL on this machine (postgres://postgres@127.0.0.1:5432/test)
  --time-limit S                hard limit for the whole run (600)
  --cpu-prof DIR                CPU-profile the server process during each measured window (SIGUSR2 to probe.ts) into
                                DIR/<engine>-<rate>.cpuprofile, summarised in the results (the profiler slows the server)
  --no-probe                    don't load bench/chat/probe.ts into the server (event-loop delay, SQL and pool-wait timings)
  --no-explain                  skip EXPLAIN ANALYZE of the hot chat queries (PostgreSQL)
  --keep-schema                 PostgreSQL: keep the schema for psql (drop it yourself)
  --out FILE                    results JSON (bench/chat/last-results.json)`);
  process.exit(0);
}

const int = (name: keyof typeof args, min = 0) => {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
  return n;
};
const engine = args.engine as 'postgres' | 'pglite';
if (engine !== 'postgres' && engine !== 'pglite') throw new Error('--engine must be postgres or pglite');
const opts = {
  engine,
  conversations: int('conversations', 1),
  rates: args.rate!.split(',').map((x) => {
    const n = Number(x);
    if (!Number.isInteger(n) || n < 1) throw new Error('--rate: positive integers, comma-separated');
    return n;
  }),
  seconds: int('seconds', 1),
  warmupSeconds: int('warmup'),
  agents: int('agents', 1),
  maxChats: int('max-chats', 1),
  replyEvery: int('reply-every'),
  connectRate: int('connect-rate', 1),
  connectConcurrency: int('connect-concurrency', 1),
  perAddress: int('per-address', 1),
  assignTimeoutS: int('assign-timeout', 1),
  drainSeconds: int('drain'),
  poolSize: args['pool-size'] !== undefined ? int('pool-size', 1) : undefined,
  timeLimitS: int('time-limit', 30),
  pgUrl: args['pg-url']!,
};
if (opts.maxChats > 50) throw new Error('--max-chats: the server allows at most 50');
if (opts.perAddress > 30) throw new Error('--per-address: the server admits at most 30 connections per IP address');
if (opts.agents * opts.maxChats < opts.conversations) {
  console.error(`warning: ${opts.agents} agents × ${opts.maxChats} chats < ${opts.conversations} conversations: some will stay queued`);
}
{
  const host = new URL(opts.pgUrl).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) throw new Error(`--pg-url must point at this machine, not ${host}`);
}

// ---------------------------------------------------------------------------------------------

interface CpuMark {
  at: number;
  machine: number;
  procs: ReturnType<typeof processCpu>;
}
const cpuMark = (): CpuMark => ({ at: performance.now(), machine: machineBusySeconds(), procs: processCpu() });

/** Average cores between two marks: the server, its PostgreSQL backends, this load generator, the rest. */
function cores(a: CpuMark, b: CpuMark, serverPid: number | undefined, backends: Set<number>) {
  const secs = (b.at - a.at) / 1000;
  const used = (pid: number) => Math.max(0, (b.procs.get(pid)?.seconds ?? 0) - (a.procs.get(pid)?.seconds ?? 0));
  const server = serverPid ? used(serverPid) : 0;
  const self = used(process.pid);
  let pgCpu = 0;
  for (const pid of backends) pgCpu += used(pid);
  const others = new Map<string, number>();
  for (const [pid, p] of b.procs) {
    if (pid === serverPid || pid === process.pid || backends.has(pid)) continue;
    const u = used(pid);
    if (u > 0) others.set(p.comm, (others.get(p.comm) ?? 0) + u);
  }
  const r = (x: number) => Math.round(x * 100) / 100;
  return {
    server: r(server / secs),
    postgres: r(pgCpu / secs),
    loadgen: r(self / secs),
    other: r(Math.max(0, (b.machine - a.machine - server - self - pgCpu) / secs)),
    topOther: [...others]
      .sort((x, y) => y[1] - x[1])
      .slice(0, 4)
      .filter(([, u]) => u / secs >= 0.02)
      .map(([c, u]) => `${c} ${r(u / secs)}`),
  };
}
type Cores = ReturnType<typeof cores>;

/** What the server's PostgreSQL backends do, sampled every 100 ms from pg_stat_activity: states and the busiest statements. */
function activitySampler(admin: pg.Client, appName: string) {
  const states: Record<string, number> = {};
  const queries: Record<string, number> = {};
  const pids = new Set<number>();
  let samples = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const res = await admin.query<{ pid: number; state: string; wait: string | null; query: string }>(
        `select pid, state, wait_event_type || ':' || wait_event as wait, query from pg_stat_activity where application_name = $1`,
        [appName],
      );
      samples++;
      for (const row of res.rows) {
        pids.add(row.pid);
        const key =
          row.state === 'idle'
            ? 'idle'
            : row.state === 'idle in transaction'
              ? 'idle in transaction'
              : row.wait
                ? `active, waiting ${row.wait}`
                : 'active, on CPU';
        states[key] = (states[key] ?? 0) + 1;
        if (row.state === 'active' || row.state === 'idle in transaction') {
          const q = `${row.state === 'active' ? '' : '[idle in txn after] '}${row.query.replace(/\s+/g, ' ').slice(0, 110)}`;
          queries[q] = (queries[q] ?? 0) + 1;
        }
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    pids,
    async stop() {
      stopped = true;
      await loop;
      const avg = (m: Record<string, number>, top = 100) =>
        Object.fromEntries(
          Object.entries(m)
            .sort((a, b) => b[1] - a[1])
            .slice(0, top)
            .map(([k, v]) => [k, Math.round((v / Math.max(1, samples)) * 100) / 100]),
        );
      return { samples, backends: pids.size, avgBackendsByState: avg(states), avgBackendsByStatement: avg(queries, 12) };
    },
  };
}

interface Verification {
  db: {
    conversations: Record<string, number>;
    messagesBySender: Record<string, number>;
    duplicateClientIds: number;
    tables?: Awaited<ReturnType<typeof databaseCounts>>['tables'];
  };
  storedShopperMessages: number;
  acked: number;
  deliveredUnique: number;
  storedNotAcked: number;
  ackedNotStored: number;
  storedNotDelivered: number;
  ackDiffersFromStored: number;
  deliveryDiffersFromStored: number;
  storedReplies: number;
  /** at the very end (after the drain, until the server stopped): sent but never acked or never delivered to the agent, plus not sent */
  lost: number;
  /** acked and delivered only after the drain had ended (late, not lost) */
  lateAfterDrain: number;
  /** extra deliveries of a message to the agent */
  duplicated: number;
  /** stored = acked = delivered (unique) = sent, every seq matching, nothing lost or duplicated */
  consistent: boolean;
}

function verify(counts: Awaited<ReturnType<typeof databaseCounts>>, trackings: Tracking[], steps: StepResult[]): Verification {
  const stored = new Map<number, { conv: number; seq: number }>();
  for (const r of counts.measured) stored.set(Number(r.client_id.slice(2)), { conv: r.conversation_id, seq: r.seq });
  let acked = 0;
  let delivered = 0;
  let storedNotAcked = 0;
  let ackedNotStored = 0;
  let storedNotDelivered = 0;
  let ackDiff = 0;
  let delDiff = 0;
  let lost = steps.reduce((n, x) => n + x.totals.notSentSocketClosed, 0);
  let dups = 0;
  for (const t of trackings) {
    for (let i = 0; i < t.total; i++) {
      const s = stored.get(t.base + i);
      const a = t.ackAt[i]! > 0;
      const d = t.deliveredCount[i]! > 0;
      if (t.sentAt[i]! > 0 && (!a || !d)) lost++;
      if (t.deliveredCount[i]! > 1) dups += t.deliveredCount[i]! - 1;
      if (a) acked++;
      if (d) delivered++;
      if (s && !a) storedNotAcked++;
      if (!s && a) ackedNotStored++;
      if (s && !d) storedNotDelivered++;
      if (s && a && (t.ackSeq[i] !== s.seq || t.ackConv[i] !== s.conv)) ackDiff++;
      if (s && d && t.deliveredSeq[i] !== s.seq) delDiff++;
    }
  }
  const sent = steps.reduce((n, x) => n + x.totals.sent, 0);
  const lostAtDrain = steps.reduce((n, x) => n + x.totals.lost, 0);
  return {
    db: {
      conversations: counts.conversations,
      messagesBySender: counts.messagesBySender,
      duplicateClientIds: counts.duplicateClientIds,
      tables: counts.tables,
    },
    storedShopperMessages: stored.size,
    acked,
    deliveredUnique: delivered,
    storedNotAcked,
    ackedNotStored,
    storedNotDelivered,
    ackDiffersFromStored: ackDiff,
    deliveryDiffersFromStored: delDiff,
    storedReplies: counts.replies,
    lost,
    lateAfterDrain: Math.max(0, lostAtDrain - lost),
    duplicated: dups,
    consistent:
      stored.size === acked &&
      acked === delivered &&
      stored.size === sent &&
      storedNotAcked + ackedNotStored + storedNotDelivered + ackDiff + delDiff === 0 &&
      lost === 0 &&
      dups === 0 &&
      counts.duplicateClientIds === 0,
  };
}

type Step = StepResult & {
  profile?: ProfileSummary & { file: string };
  serverWriteSyscalls?: number;
  cores?: Cores;
  server?: ProcUsage;
  probe?: ProbeSummary;
  postgresActivity?: Awaited<ReturnType<ReturnType<typeof activitySampler>['stop']>>;
};

interface Result {
  engine: string;
  code: string;
  error?: string;
  options: typeof opts;
  setupSeconds?: number;
  serverStartSeconds?: number;
  serverPoolSize?: number | string;
  backgroundCores?: Cores;
  agents?: LoadResult['agents'];
  open?: LoadResult['open'] & { cores?: Cores; server?: ProcUsage; probe?: ProbeSummary };
  steps?: Step[];
  /** rates not run because an earlier step left a backlog, or the time ran out */
  skippedRates?: number[];
  errors?: LoadResult['errors'];
  errorSamples?: string[];
  unexpectedCloses?: number;
  framesReceived?: LoadResult['framesReceived'];
  serverRun?: ProcUsage;
  serverLog?: { lines: number; first: string[] };
  serverExit?: { code: number | null; signal: string | null; killed: boolean };
  verification?: Verification;
  explain?: ExplainResult[];
  /** the targets, judged on the step at the highest rate that ran */
  targets?: Record<string, { target: string; actual: string; met: boolean }>;
  seconds?: number;
}

let cleanup: (() => Promise<void>) | undefined;

/** Which server code ran: the commit, and files changed since (others may be editing the tree). */
function codeVersion(): string {
  try {
    const git = (...a: string[]) => execFileSync('git', a, { cwd: HERE, encoding: 'utf8' }).trim();
    const dirty = git('status', '--porcelain', '--', '../../apps/server', '../../packages').split('\n').filter(Boolean).length;
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ` + ${dirty} changed file(s) in apps/server, packages` : ''}`;
  } catch {
    return 'unknown';
  }
}

async function bench(deadlineAt: number): Promise<Result> {
  const t0 = performance.now();
  const result: Result = { engine, code: codeVersion(), options: opts };
  const log = (m: string) => console.error(`[${engine} ${((performance.now() - t0) / 1000).toFixed(1)}s] ${m}`);
  let admin: pg.Client | undefined;
  let schema: string | undefined;
  let dataDir: string | undefined;
  let database: Database | undefined;
  let server: ServerProcess | undefined;
  let load: LoadGenerator | undefined;
  let appName: string | undefined;
  let cleaned = false;
  let cpuProfDir: string | undefined;
  const probeFile = args['no-probe'] ? undefined : `${os.tmpdir()}/kefu-chat-probe-${process.pid}.jsonl`;
  const teardown = async () => {
    if (cleaned) return;
    cleaned = true;
    load?.markStopping();
    if (server) result.serverExit = await server.stop();
    await load?.close();
    if (database) await database.close().catch(() => {});
    if (admin) {
      if (schema && args['keep-schema'])
        log(`kept schema ${schema}: psql ${opts.pgUrl} -c 'set search_path=${schema}'; drop schema ${schema} cascade when done`);
      else if (schema)
        await admin.query(`drop schema if exists ${schema} cascade`).catch((e: Error) => log(`could not drop schema ${schema}: ${e.message}`));
      await admin.end().catch(() => {});
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (probeFile) for (const f of [probeFile, `${probeFile}.sql.jsonl`]) rmSync(f, { force: true });
  };
  cleanup = teardown;
  try {
    // ——— database
    const serverEnv: Record<string, string> = {};
    if (opts.poolSize !== undefined) serverEnv.DB_POOL_SIZE = String(opts.poolSize);
    if (engine === 'postgres') {
      admin = new pg.Client({ connectionString: opts.pgUrl, application_name: 'kefu-chat-bench-admin' });
      await admin.connect();
      const id = randomBytes(5).toString('hex');
      schema = `bench_chat_${id}`;
      appName = `kefu-chat-bench-${id}`;
      await admin.query(`create schema ${schema}`);
      database = openDatabase({ url: opts.pgUrl, schema, poolSize: 2 });
      const url = new URL(opts.pgUrl);
      url.searchParams.set('application_name', appName);
      url.searchParams.set('options', `-c search_path=${schema}`);
      serverEnv.DATABASE_URL = url.toString();
      result.serverPoolSize = opts.poolSize ?? 'default (DB_POOL_SIZE)';
      log(`schema ${schema}`);
    } else {
      dataDir = mkdtempSync(`${os.tmpdir()}/kefu-chat-bench-`);
      database = openDatabase({ dataDir });
      serverEnv.DATA_DIR = dataDir;
      result.serverPoolSize = '1 (PGlite)';
      log(`PGlite data dir ${dataDir}`);
    }
    const setup = await prepareDatabase(database.db, opts.agents, opts.maxChats);
    result.setupSeconds = Math.round(setup.seconds * 10) / 10;
    if (engine === 'pglite') {
      await database.close(); // the server process opens the folder; PGlite has one user
      database = undefined;
    }
    log(`database ready: shop ${setup.shopKey}, ${setup.agents.length} agents × ${opts.maxChats} chats (${result.setupSeconds} s)`);

    // ——— what else is using the machine
    const b0 = cpuMark();
    await new Promise((r) => setTimeout(r, 2000));
    result.backgroundCores = cores(b0, cpuMark(), undefined, new Set());
    if (result.backgroundCores.other > 0.2)
      log(`warning: ${result.backgroundCores.other} cores busy before the run (${result.backgroundCores.topOther.join(', ')})`);

    // ——— server
    if (args['cpu-prof']) {
      if (!probeFile) throw new Error('--cpu-prof needs the probe (drop --no-probe)');
      cpuProfDir = args['cpu-prof'];
      mkdirSync(cpuProfDir, { recursive: true });
    }
    server = await startServer(serverEnv, undefined, probeFile);
    result.serverStartSeconds = Math.round(server.startSeconds * 10) / 10;
    const runUsage = procSampler(server.pid);
    log(`server pid ${server.pid} on 127.0.0.1:${server.port} (ready in ${result.serverStartSeconds} s)`);
    const backendPids = async () => {
      if (!admin || !appName) return new Set<number>();
      const res = await admin.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [appName]);
      return new Set(res.rows.map((r) => r.pid));
    };

    // ——— load
    let windowMark: CpuMark | undefined;
    let windowFrom = 0;
    let windowTo = 0;
    let writes0 = 0;
    let windowWrites = 0;
    let windowUsage: ReturnType<typeof procSampler> | undefined;
    let activity: ReturnType<typeof activitySampler> | undefined;
    let windowCores: Cores | undefined;
    let windowServer: ProcUsage | undefined;
    let activityResult: Awaited<ReturnType<ReturnType<typeof activitySampler>['stop']>> | undefined;
    load = new LoadGenerator({
      port: server.port,
      shopKey: setup.shopKey,
      agents: setup.agents,
      conversations: opts.conversations,
      seconds: opts.seconds,
      warmupSeconds: opts.warmupSeconds,
      replyEvery: opts.replyEvery,
      connectRate: opts.connectRate,
      connectConcurrency: opts.connectConcurrency,
      perAddress: opts.perAddress,
      assignTimeoutS: opts.assignTimeoutS,
      drainSeconds: opts.drainSeconds,
      deadlineAt: deadlineAt - 60_000,
      log,
      onWindow: async (edge) => {
        if (edge === 'start') {
          windowMark = cpuMark();
          windowFrom = Date.now();
          writes0 = writeSyscalls(server!.pid);
          if (cpuProfDir) process.kill(server!.pid, 'SIGUSR2');
          windowUsage = procSampler(server!.pid);
          if (admin && appName) activity = activitySampler(admin, appName);
        } else {
          windowTo = Date.now();
          windowWrites = writeSyscalls(server!.pid) - writes0;
          windowServer = windowUsage?.();
          if (cpuProfDir) process.kill(server!.pid, 'SIGUSR2');
          const pids = new Set([...(activity?.pids ?? []), ...(await backendPids())]);
          activityResult = await activity?.stop();
          if (windowMark) windowCores = cores(windowMark, cpuMark(), server!.pid, pids);
        }
      },
    });
    result.agents = await load.connectAgents();
    log(`${result.agents.connected} agents connected, ${result.agents.online} online`);
    const o0 = cpuMark();
    const openFrom = Date.now();
    const openUsage = procSampler(server.pid);
    const open = await load.openShoppers();
    result.open = {
      ...open,
      server: openUsage(),
      cores: cores(o0, cpuMark(), server.pid, await backendPids()),
      ...(probeFile && { probe: probeSummary(probeFile, openFrom, Date.now()) }),
    };
    log(
      `${open.connected}/${open.shoppers} shoppers connected, ${open.assigned} assigned (last after ${open.allAssignedSeconds} s); first-message ack p99 ${open.openerAckMs.p99} ms, assignment p99 ${open.assignMs.p99} ms`,
    );
    if (open.assigned < open.shoppers) log(`warning: only ${open.assigned} of ${open.shoppers} conversations assigned`);

    result.steps = [];
    for (const [n, rate] of opts.rates.entries()) {
      if (performance.now() + (opts.warmupSeconds + opts.seconds + opts.drainSeconds + 60) * 1000 > deadlineAt) {
        result.skippedRates = opts.rates.slice(n);
        log(`not enough time left for rates ${result.skippedRates.join(', ')}`);
        break;
      }
      const step = await load.steady(rate);
      let profile: Step['profile'];
      if (cpuProfDir) {
        const from = `${probeFile}.${n + 1}.cpuprofile`;
        const file = `${cpuProfDir}/${engine}-${rate}.cpuprofile`;
        for (let w = 0; w < 100 && !existsSync(from); w++) await new Promise((r) => setTimeout(r, 100));
        if (existsSync(from)) {
          renameSync(from, file);
          profile = { file, ...summarizeProfile(file, 25) };
        }
      }
      result.steps.push({
        ...step,
        profile,
        serverWriteSyscalls: windowWrites,
        cores: windowCores,
        server: windowServer,
        postgresActivity: activityResult,
        ...(probeFile && { probe: probeSummary(probeFile, windowFrom, windowTo) }),
      });
      log(
        `${rate} msg/s: sent ${step.totals.sent}, acked ${step.totals.acked}, delivered ${step.totals.deliveredUnique}; p99 ${step.shopperToAgentMs.p99} ms${step.drained ? '' : '; BACKLOG left after the drain'}`,
      );
      if (!step.drained && n < opts.rates.length - 1) {
        result.skippedRates = opts.rates.slice(n + 1);
        log(`stopping the steps: the server did not catch up (rates ${result.skippedRates.join(', ')} not run)`);
        break;
      }
    }
    for (const p of [result.open?.probe, ...result.steps.map((x) => x.probe)]) if (p) p.statements = p.statements.slice(0, 15);
    const { trackings: _t, ...clientSide } = load.result();
    Object.assign(result, clientSide);
    result.serverRun = runUsage();
    result.serverLog = { lines: server.logCount, first: server.logLines.slice(0, 20) };

    // ——— stop, then check the database against the acks and deliveries
    load.markStopping();
    result.serverExit = await server.stop();
    server = undefined;
    await load.close();
    if (engine === 'pglite') database = openDatabase({ dataDir: dataDir! });
    const counts = await databaseCounts(database!.db);
    result.verification = verify(counts, load.result().trackings ?? [], result.steps);
    if (!args['no-explain']) {
      // The statements that took the server the most time, opening conversations and at the highest rate.
      const hot = (list: StatementStat[] | undefined, phase: string) =>
        (list ?? [])
          .filter((x) => !/^\s*(begin|commit|rollback|select pg_advisory)/i.test(x.sql))
          .slice(0, 6)
          .map((x) => ({ label: `${phase}: ${fmt(x.totalMs)} ms total, ${fmt(x.count)}×, ${x.meanMs} ms mean`, sql: x.sql, params: x.params }));
      const steps = result.steps ?? [];
      const top = steps.length ? steps.reduce((a, b) => (b.rateTarget > a.rateTarget ? b : a)) : undefined;
      const picked = [...hot(top?.probe?.statements, `${top?.rateTarget} msg/s`), ...hot(result.open?.probe?.statements, 'open')];
      const seen = new Set<string>();
      result.explain = await explainStatements(
        database!.db,
        picked.filter((x) => !seen.has(x.sql) && seen.add(x.sql)),
      );
    }
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    log(`FAILED: ${result.error}`);
    if (server) result.serverLog = { lines: server.logCount, first: server.logLines.slice(0, 20) };
  } finally {
    await teardown();
  }
  result.seconds = Math.round((performance.now() - t0) / 100) / 10;
  return result;
}

// ---------------------------------------------------------------------------------------------
// Report

const fmt = (n: number | undefined, digits = 0) =>
  n === undefined || Number.isNaN(n) ? '—' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const lat = (l?: LatencySummary) => (l && l.count ? `${fmt(l.p50, 1)} / ${fmt(l.p95, 1)} / ${fmt(l.p99, 1)} / ${fmt(l.max, 1)}` : '—');
const coreText = (c?: Cores) => (c ? `${c.server} / ${c.postgres} / ${c.loadgen} / ${c.other}` : '—');

function table(rows: string[][]): string {
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => width(r[i] ?? ''))));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell + ' '.repeat(Math.max(0, widths[i]! - width(cell))))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const lostOf = (x: Step) => x.totals.lost;
const dupsOf = (x: Step) => x.totals.duplicatedSameSeq + x.totals.deliveredTwiceDifferentSeq;

function targets(r: Result): Result['targets'] {
  const s = r.steps?.reduce<Step | undefined>((best, x) => (!best || x.rateTarget >= best.rateTarget ? x : best), undefined);
  if (!s) return undefined;
  const v = r.verification;
  const want = Math.max(...opts.rates);
  return {
    conversations: { target: `${fmt(opts.conversations)} open`, actual: fmt(s.conversations), met: s.conversations >= opts.conversations },
    rate: { target: `${fmt(want)} msg/s`, actual: `${fmt(s.deliveredPerSec, 1)} delivered/s`, met: s.deliveredPerSec >= want * 0.98 },
    p99: { target: '≤ 100 ms', actual: `${fmt(s.shopperToAgentMs.p99, 1)} ms`, met: s.shopperToAgentMs.p99 <= 100 },
    lost: v
      ? {
          target: '0',
          actual: `${fmt(v.lost)} at the end${v.lateAfterDrain ? ` (${fmt(v.lateAfterDrain)} more were late: after the drain)` : ''}`,
          met: v.lost === 0,
        }
      : { target: '0', actual: fmt(lostOf(s)), met: lostOf(s) === 0 },
    duplicated: { target: '0', actual: fmt(v ? v.duplicated : dupsOf(s)), met: (v ? v.duplicated : dupsOf(s)) === 0 },
    database: {
      target: 'stored = acked = delivered',
      actual: v ? `${fmt(v.storedShopperMessages)} / ${fmt(v.acked)} / ${fmt(v.deliveredUnique)}` : '—',
      met: v?.consistent ?? false,
    },
  };
}

function report(r: Result, totalSeconds: number): string {
  const o = r.open;
  const v = r.verification;
  const head: string[][] = [
    ['', r.engine],
    ['server', `node --import tsx apps/server/src/cli.ts start --no-demo (pool ${r.serverPoolSize ?? '—'})`],
    ['code', r.code],
    [
      'machine busy before run: other cores',
      r.backgroundCores ? `${r.backgroundCores.other}${r.backgroundCores.topOther.length ? ` (${r.backgroundCores.topOther.join(', ')})` : ''}` : '—',
    ],
    ['setup / server start s', `${fmt(r.setupSeconds, 1)} / ${fmt(r.serverStartSeconds, 1)}`],
    ['agents connected / online', r.agents ? `${r.agents.connected} / ${r.agents.online} (max ${opts.maxChats} chats each)` : '—'],
    [
      'OPEN: shoppers connected / failed',
      o ? `${fmt(o.connected)} / ${fmt(o.failed)} in ${fmt(o.seconds, 1)} s (${opts.connectRate}/s, ≤ ${opts.perAddress} per source address)` : '—',
    ],
    ['  connect ms p50/p95/p99/max', lat(o?.connectMs)],
    ['  first message ack ms', lat(o?.openerAckMs)],
    ['  first message → assigned ms', lat(o?.assignMs)],
    [
      '  assigned / seen by agents',
      o ? `${fmt(o.assigned)} / ${fmt(o.conversationsSeenByAgents)}, all after ${fmt(o.allAssignedSeconds, 1)} s` : '—',
    ],
    ['  CPU cores: server / pg / loadgen / other', coreText(o?.cores)],
    [
      '  server: event-loop p99 ms · SQL/s · pool wait p99 ms',
      o?.probe
        ? `${fmt(o.probe.eventLoopDelayMs.medianP99, 1)} · ${fmt(o.probe.sqlPerSec)} · ${r.engine === 'postgres' ? fmt(o.probe.poolWaitMs.medianP99, 1) : '—'}`
        : '—',
    ],
    [
      'DB: stored shopper msgs / acked / delivered',
      v ? `${fmt(v.storedShopperMessages)} / ${fmt(v.acked)} / ${fmt(v.deliveredUnique)} → ${v.consistent ? 'consistent' : 'INCONSISTENT'}` : '—',
    ],
    ['  LOST at the end · late after the drain · DUPLICATED', v ? `${fmt(v.lost)} · ${fmt(v.lateAfterDrain)} · ${fmt(v.duplicated)}` : '—'],
    [
      '  stored¬acked / acked¬stored / stored¬delivered / seq≠',
      v ? `${v.storedNotAcked} / ${v.ackedNotStored} / ${v.storedNotDelivered} / ${v.ackDiffersFromStored + v.deliveryDiffersFromStored}` : '—',
    ],
    ['  conversations · messages by sender', v ? `${JSON.stringify(v.db.conversations)} · ${JSON.stringify(v.db.messagesBySender)}` : '—'],
    [
      '  autovacuum runs: conversations / messages',
      v?.db.tables
        ? `${v.db.tables.conversations?.autovacuum ?? '—'} / ${v.db.tables.messages?.autovacuum ?? '—'} (dead rows ${fmt(v.db.tables.conversations?.deadRows)} / ${fmt(v.db.tables.messages?.deadRows)})`
        : '—',
    ],
    [
      'server process, whole run: CPU s · RSS MB end / peak',
      r.serverRun ? `${fmt(r.serverRun.cpuSeconds, 1)} · ${r.serverRun.rssMbEnd} / ${r.serverRun.rssHwmMb}` : '—',
    ],
    [
      'error frames · unexpected closes',
      `${r.errors && Object.keys(r.errors).length ? JSON.stringify(r.errors) : 'none'} · ${r.unexpectedCloses ?? '—'}`,
    ],
    ['server warn/error log lines', fmt(r.serverLog?.lines)],
    ['run time s', fmt(r.seconds, 1)],
    ['error', r.error ?? 'none'],
  ];
  const steps = r.steps ?? [];
  const row = (label: string, f: (x: Step) => string) => [label, ...steps.map(f)];
  const states = (x: Step) => {
    if (!x.postgresActivity) return '—';
    const st = x.postgresActivity.avgBackendsByState;
    const sum = (f: (k: string) => boolean) =>
      Object.entries(st)
        .filter(([k]) => f(k))
        .reduce((a, [, n]) => a + n, 0);
    return `${fmt(
      sum((k) => k === 'active, on CPU'),
      2,
    )} / ${fmt(
      sum((k) => k.startsWith('active, waiting')),
      2,
    )} / ${fmt(
      sum((k) => k === 'idle in transaction'),
      2,
    )} (of ${x.postgresActivity.backends})`;
  };
  const stepRows: string[][] = [
    row('STEADY: target msg/s', (x) => `${fmt(x.rateTarget)} msg/s`),
    row('  shoppers × one message every', (x) => `${fmt(x.conversations)} × ${x.perShopperIntervalS} s`),
    row('  window (after warm-up)', (x) => `${fmt(x.windowSeconds, 1)} s (+${x.warmupSeconds} s)`),
    row('  sent / acked / delivered per s', (x) => `${fmt(x.sentPerSec, 1)} / ${fmt(x.ackedPerSec, 1)} / ${fmt(x.deliveredPerSec, 1)}`),
    row('  shopper→agent ms p50/p95/p99/max', (x) => lat(x.shopperToAgentMs)),
    row('  shopper send→ack ms', (x) => lat(x.ackMs)),
    row('  agent→shopper ms (replies)', (x) => lat(x.agentToShopperMs)),
    row('  agent send→ack ms', (x) => lat(x.replyAckMs)),
    row('  sent / acked / delivered (with warm-up)', (x) => `${fmt(x.totals.sent)} / ${fmt(x.totals.acked)} / ${fmt(x.totals.deliveredUnique)}`),
    row(
      '  not done at drain end (never acked / ¬delivered / not sent)',
      (x) => `${fmt(x.totals.lost)} (${fmt(x.totals.neverAcked)} / ${fmt(x.totals.ackedNotDelivered)} / ${fmt(x.totals.notSentSocketClosed)})`,
    ),
    row(
      '  DUPLICATED (same seq / other seq) · dup acks',
      (x) => `${fmt(x.totals.duplicatedSameSeq)} / ${fmt(x.totals.deliveredTwiceDifferentSeq)} · ${fmt(x.totals.duplicateAcks)}`,
    ),
    row('  out of order · ack seq ≠ delivered seq', (x) => `${fmt(x.totals.outOfOrder)} · ${fmt(x.totals.ackSeqDiffersFromDelivered)}`),
    row(
      '  replies sent / acked / delivered / lost / dup',
      (x) =>
        `${fmt(x.replies.sent)} / ${fmt(x.replies.acked)} / ${fmt(x.replies.delivered)} / ${fmt(x.replies.lost)} / ${fmt(x.replies.duplicated)}${x.replies.heldByPacing ? ` (${fmt(x.replies.heldByPacing)} held by pacing)` : ''}`,
    ),
    row('  drain after sending', (x) => `${fmt(x.drainSeconds, 1)} s${x.drained ? '' : ' — BACKLOG left'}`),
    row('  CPU cores: server / pg / loadgen / other', (x) => coreText(x.cores)),
    row('  busiest other processes', (x) => x.cores?.topOther.join(', ') || '—'),
    row('  server process: avg / peak 1 s cores', (x) => (x.server ? `${x.server.avgCores} / ${x.server.peakCores1s}` : '—')),
    row('  server CPU ms per message', (x) => (x.server && x.sentPerSec ? fmt((x.server.avgCores / x.sentPerSec) * 1000, 2) : '—')),
    row('  server write syscalls per message', (x) =>
      x.serverWriteSyscalls && x.sentPerSec ? fmt(x.serverWriteSyscalls / (x.sentPerSec * x.windowSeconds), 1) : '—',
    ),
    row('  server RSS MB end / max', (x) => (x.server ? `${x.server.rssMbEnd} / ${x.server.rssMbMax}` : '—')),
    row('  PG backends: on CPU / waiting / idle in txn', states),
    row('  server event-loop delay ms p50 / p99 / max', (x) =>
      x.probe
        ? `${fmt(x.probe.eventLoopDelayMs.medianP50, 1)} / ${fmt(x.probe.eventLoopDelayMs.medianP99, 1)} / ${fmt(x.probe.eventLoopDelayMs.worstMax, 1)}`
        : '—',
    ),
    row('  server SQL/s (per msg) · ms mean / p99', (x) =>
      x.probe
        ? `${fmt(x.probe.sqlPerSec)} (${fmt(x.probe.sqlPerSec / Math.max(1, x.sentPerSec), 1)}) · ${fmt(x.probe.sqlMs.mean, 2)} / ${fmt(x.probe.sqlMs.medianP99, 1)}`
        : '—',
    ),
    row('  pool wait ms p50 / p99 / max · most waiting', (x) =>
      x.probe && r.engine === 'postgres'
        ? `${fmt(x.probe.poolWaitMs.medianP50, 2)} / ${fmt(x.probe.poolWaitMs.medianP99, 1)} / ${fmt(x.probe.poolWaitMs.worstMax, 1)} · ${x.probe.poolWaitingMax}`
        : '—',
    ),
    row(
      '  loadgen: lag p99 · event-loop p99 / max ms',
      (x) => `${fmt(x.scheduleLagMs.p99, 1)} · ${fmt(x.loadgenEventLoopDelayMs.p99, 1)} / ${fmt(x.loadgenEventLoopDelayMs.max, 1)}`,
    ),
    row('  worst seconds of the window: p99 ms (at s)', (x) =>
      x.worstSeconds
        .slice(0, 3)
        .map((w) => `${fmt(w.p99)} (${w.second})`)
        .join(', '),
    ),
    row('  p99 ≤ 100 ms, 0 lost, 0 duplicated', (x) =>
      x.shopperToAgentMs.p99 <= 100 && lostOf(x) === 0 && dupsOf(x) === 0 && x.deliveredPerSec >= x.rateTarget * 0.98 ? 'yes' : 'NO',
    ),
  ];
  let out = `\nkefu live-chat benchmark — ${new Date().toISOString()} — ${os.cpus().length} cores, Node ${process.version}\n\n${table(head)}\n`;
  if (steps.length) out += `\n${table(stepRows)}\n`;
  if (r.skippedRates?.length) out += `not run: ${r.skippedRates.join(', ')} msg/s\n`;
  if (r.targets) {
    out += `\nTargets (${fmt(Math.max(...steps.map((x) => x.rateTarget)))} msg/s step): ${Object.entries(r.targets)
      .map(([k, t]) => `${k} ${t.target}: ${t.met ? 'MET' : 'MISSED'} (${t.actual})`)
      .join('; ')}\n`;
  }
  const last = steps.at(-1);
  if (last?.probe?.statements.length) {
    const total = last.probe.statements.reduce((a, x) => a + x.totalMs, 0);
    const msgs = last.sentPerSec * last.probe.seconds; // the probe covers whole seconds inside the window
    out += `\nSQL the server ran at ${last.rateTarget} msg/s (probe, client side): per message, mean ms, share of SQL time\n`;
    for (const x of last.probe.statements.slice(0, 8)) {
      out += `  ${fmt(x.count / msgs, 2).padStart(5)}  ${fmt(x.meanMs, 2).padStart(7)} ms  ${fmt((x.totalMs / Math.max(1, total)) * 100, 0).padStart(3)}%  ${x.sql.replace(/\s+/g, ' ').slice(0, 120)}\n`;
    }
  }
  if (o?.probe?.statements.length) {
    const total = o.probe.statements.reduce((a, x) => a + x.totalMs, 0);
    out += `\nSQL the server ran while opening ${fmt(o.connected)} conversations: per conversation, mean ms, share of SQL time\n`;
    for (const x of o.probe.statements.slice(0, 8)) {
      out += `  ${fmt(x.count / Math.max(1, o.connected), 2).padStart(5)}  ${fmt(x.meanMs, 2).padStart(7)} ms  ${fmt((x.totalMs / Math.max(1, total)) * 100, 0).padStart(3)}%  ${x.sql.replace(/\s+/g, ' ').slice(0, 120)}\n`;
    }
  }
  if (last?.postgresActivity) {
    out += `\nBusiest statements at ${last.rateTarget} msg/s (average backends running them, or idle in a transaction just after them; pg_stat_activity every 100 ms):\n`;
    for (const [q, n] of Object.entries(last.postgresActivity.avgBackendsByStatement).slice(0, 8)) out += `  ${fmt(n, 2).padStart(5)}  ${q}\n`;
  }
  if (r.explain?.length) {
    out += `\nEXPLAIN ANALYZE of the hot statements (after the run):\n`;
    for (const e of r.explain) {
      const node =
        e.plan
          .find((l) => /Scan|Insert|Update|Result|Aggregate|failed/.test(l))
          ?.trim()
          .slice(0, 100) ?? '';
      out += `  ${e.analyzed ? `${fmt(e.executionMs, 3).padStart(7)} ms` : ' (plan only)'}  [${e.label}] ${e.sql.replace(/\s+/g, ' ').slice(0, 90)}\n      ${node}\n`;
    }
  }
  for (const x of steps) {
    if (!x.profile) continue;
    out += `\nServer CPU profile at ${x.rateTarget} msg/s (${x.profile.file}; busy ${fmt(x.profile.busyMs)} ms of ${fmt(x.windowSeconds * 1000)}), self time by package:\n  ${x.profile.byPackage
      .slice(0, 12)
      .map(([k, v]) => `${k} ${v}%`)
      .join(', ')}\n  top functions: ${x.profile.byFunction
      .slice(0, 8)
      .map(([k, v]) => `${k} ${v}%`)
      .join('; ')}\n`;
  }
  if (r.errorSamples?.length)
    out += `\nerror samples:\n${r.errorSamples
      .slice(0, 5)
      .map((e) => `  ${e}`)
      .join('\n')}\n`;
  if (r.serverLog?.first.length)
    out += `\nserver log (first lines):\n${r.serverLog.first
      .slice(0, 5)
      .map((e) => `  ${e.slice(0, 300)}`)
      .join('\n')}\n`;
  if (steps.some((x) => !x.drained))
    out += `BACKLOG: the server had not acked everything when the drain ended; unacked messages were still queued in it (a client would resend them with the same clientId), counted as lost here.\n`;
  out += `CPU cores are averages over each window on this ${os.cpus().length}-core machine: the server process, its PostgreSQL backends (by application_name), this load generator, everything else.\n`;
  out += `Total time: ${fmt(totalSeconds, 1)} s. Results: ${args.out}\n`;
  return out;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const t0 = performance.now();
  const deadlineAt = t0 + opts.timeLimitS * 1000;
  const hardStop = setTimeout(() => {
    console.error(`time limit of ${opts.timeLimitS} s reached: stopping`);
    for (const child of children) child.kill('SIGKILL');
    void (cleanup?.() ?? Promise.resolve()).finally(() => process.exit(2));
    setTimeout(() => process.exit(2), 15_000).unref();
  }, opts.timeLimitS * 1000);
  hardStop.unref();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      console.error(`${sig}: cleaning up`);
      void (cleanup?.() ?? Promise.resolve()).finally(() => process.exit(130));
      setTimeout(() => {
        for (const child of children) child.kill('SIGKILL');
        process.exit(130);
      }, 15_000).unref();
    });
  }
  const result = await bench(deadlineAt);
  result.targets = targets(result);
  clearTimeout(hardStop);
  const totalSeconds = (performance.now() - t0) / 1000;
  console.log(report(result, totalSeconds));
  // One entry per engine: a PGlite run keeps the last PostgreSQL figures in the file, and the other way round.
  let previous: Record<string, unknown> = {};
  try {
    previous = JSON.parse(readFileSync(args.out!, 'utf8')) as Record<string, unknown>;
  } catch {
    /* a new file */
  }
  writeFileSync(
    args.out!,
    `${JSON.stringify(
      {
        ...(typeof previous.postgres === 'object' && { postgres: previous.postgres }),
        ...(typeof previous.pglite === 'object' && { pglite: previous.pglite }),
        [engine]: {
          generatedAt: new Date().toISOString(),
          command: `npx tsx bench/chat/run.ts ${process.argv.slice(2).join(' ')}`.trim(),
          machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
          totalSeconds: Math.round(totalSeconds * 10) / 10,
          result,
        },
      },
      null,
      2,
    )}\n`,
  );
  process.exitCode = result.error ? 1 : 0;
  // Nothing should be left, but never hang: the run is over.
  setTimeout(() => process.exit(process.exitCode), 2000).unref();
}

main().catch((error: unknown) => {
  console.error(error);
  for (const child of children) child.kill('SIGKILL');
  void (cleanup?.() ?? Promise.resolve()).finally(() => process.exit(1));
});
