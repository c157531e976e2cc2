/**
 * Ticket benchmark for kefu, over HTTP against the real Fastify app.
 *
 *   npx tsx bench/tickets/run.ts [--engine pglite|postgres] [--tickets 100000] [--creates 5000] [--concurrency 32] …
 *   npm run bench:tickets -- --engine postgres
 *
 * For each engine: starts the server in a child process (bench/tickets/server.ts) on 127.0.0.1 with a
 * fresh database (PGlite in a temp folder, or a fresh schema on PostgreSQL that is dropped at the end),
 * bulk-loads tickets by direct SQL, then measures from this process (the load generator):
 *   1. POST /api/tickets              creates/s, latency, non-201 count (N connections, fixed count)
 *   2. PATCH /api/tickets/:id         updates/s on distinct tickets with their current version, 409s apart
 *   3. GET /api/tickets?q=…           search latency on the loaded database, sequential and concurrent
 * and EXPLAIN ANALYZE of the search SQL. Prints a table and writes bench/tickets/last-results.json.
 * Every phase has a bounded request count and a time limit, and the whole run has a hard time limit.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createTicketBody, rng, SEARCH_QUERIES } from './corpus.ts';
import {
  Client,
  closedLoop,
  latency,
  machineBusySeconds,
  processCpu,
  statusCounts,
  writeSyscalls,
  type LatencySummary,
  type RunResult,
} from './http.ts';
import type { ExplainResult, LoadResult } from './load.ts';
import { summarizeProfile, type ProfileSummary } from './profile.ts';
import type { Command, Ready } from './server.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RESULTS_FILE = `${HERE}last-results.json`;

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string' },
    tickets: { type: 'string', default: '100000' },
    'pglite-tickets': { type: 'string' },
    creates: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '32' },
    updates: { type: 'string', default: '5000' },
    'search-rounds': { type: 'string', default: '20' },
    'search-requests': { type: 'string', default: '2000' },
    'search-concurrency': { type: 'string', default: '8' },
    warmup: { type: 'string', default: '300' },
    'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    'pool-size': { type: 'string' },
    'batch-size': { type: 'string', default: '1000' },
    'phase-limit': { type: 'string', default: '180' },
    'load-limit': { type: 'string', default: '600' },
    'time-limit': { type: 'string', default: '1800' },
    out: { type: 'string', default: RESULTS_FILE },
    'cpu-prof': { type: 'string' },
    'keep-schema': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(`usage: npx tsx bench/tickets/run.ts [options]
  --engine pglite|postgres   one engine (default: both, postgres first)
  --tickets N                tickets bulk-loaded before the HTTP phases (default 100000)
  --pglite-tickets N         the same for PGlite (default: --tickets)
  --creates N --concurrency C   POST /api/tickets count and connections (5000, 32)
  --updates N                PATCH count on distinct created tickets, same connections (5000)
  --search-rounds R          sequential rounds over the weighted query mix (20)
  --search-requests N --search-concurrency C   concurrent searches (2000, 8)
  --warmup N                 unmeasured creates and searches first (300)
  --pg-url URL               PostgreSQL (postgres://postgres@127.0.0.1:5432/test); must be on 127.0.0.1/localhost
  --pool-size N              server DB_POOL_SIZE (default: the server's default)
  --phase-limit S --load-limit S --time-limit S   time limits (180, 600, 1800 seconds)
  --out FILE                 results JSON (bench/tickets/last-results.json)
  --keep-schema              PostgreSQL: keep the bench schema (to explore with psql; drop it yourself)
  --cpu-prof DIR             profile the server process during each phase into DIR/<engine>-<phase>.cpuprofile
                             and add a summary to the results (the profiler slows the server: figures are lower)`);
  process.exit(0);
}

const int = (name: keyof typeof args) => {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer`);
  return n;
};
const opts = {
  tickets: int('tickets'),
  pgliteTickets: args['pglite-tickets'] !== undefined ? int('pglite-tickets') : int('tickets'),
  creates: int('creates'),
  concurrency: Math.max(1, int('concurrency')),
  updates: int('updates'),
  searchRounds: int('search-rounds'),
  searchRequests: int('search-requests'),
  searchConcurrency: Math.max(1, int('search-concurrency')),
  warmup: int('warmup'),
  batchSize: Math.max(1, int('batch-size')),
  phaseLimitS: int('phase-limit'),
  loadLimitS: int('load-limit'),
  timeLimitS: int('time-limit'),
  pgUrl: args['pg-url']!,
  poolSize: args['pool-size'] !== undefined ? int('pool-size') : undefined,
};
const engines: ('postgres' | 'pglite')[] =
  args.engine === undefined
    ? ['postgres', 'pglite']
    : args.engine === 'postgres' || args.engine === 'pglite'
      ? [args.engine]
      : (() => {
          throw new Error('--engine must be pglite or postgres');
        })();
{
  const host = new URL(opts.pgUrl).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) throw new Error(`--pg-url must point at this machine (127.0.0.1), not ${host}`);
}

// ---------------------------------------------------------------------------------------------
// The server child process

interface Server {
  child: ChildProcess;
  ready: Ready;
  call<T>(command: Command, timeoutMs?: number): Promise<T>;
}

const children = new Set<ChildProcess>();
/** Cleanup that must happen even when the run is cut short: schemas to drop, folders to remove. */
const pendingCleanup = { schemas: new Set<string>(), dirs: new Set<string>() };

let aborting = false;

async function emergencyCleanup(reason: string): Promise<never> {
  aborting = true;
  console.error(`${reason}: stopping without writing results`);
  for (const child of children) child.kill('SIGKILL');
  for (const dir of pendingCleanup.dirs) rmSync(dir, { recursive: true, force: true });
  if (pendingCleanup.schemas.size > 0) {
    const c = new pg.Client({ connectionString: opts.pgUrl, connectionTimeoutMillis: 5000 });
    await Promise.race([
      (async () => {
        await c.connect();
        for (const schema of pendingCleanup.schemas) await c.query(`drop schema if exists ${schema} cascade`);
        await c.end();
      })().catch((e: Error) => console.error(`could not drop ${[...pendingCleanup.schemas].join(', ')}: ${e.message}`)),
      new Promise((resolve) => setTimeout(resolve, 15_000)),
    ]);
  }
  process.exit(2);
}

function startServer(env: Record<string, string>): Promise<Server> {
  const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  child.on('error', (error) => console.error(`server process: ${error.message}`));
  let nextId = 1;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('server did not start within 120 s'));
    }, 120_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const error = new Error(`server process exited (code ${code}, signal ${signal})`);
      for (const w of waiting.values()) w.reject(error);
      waiting.clear();
      reject(error);
    });
    child.on('message', (message: { type?: string; id?: number; ok?: boolean; error?: string; result?: unknown } | null) => {
      if (message?.type === 'ready') {
        clearTimeout(timer);
        resolve({
          child,
          ready: message as Ready,
          call<T>(command: Command, timeoutMs = 120_000) {
            const id = nextId++;
            return new Promise<T>((res, rej) => {
              const t = setTimeout(() => {
                waiting.delete(id);
                rej(new Error(`server command ${command.cmd} took over ${timeoutMs / 1000} s`));
              }, timeoutMs);
              waiting.set(id, {
                resolve: (v) => {
                  clearTimeout(t);
                  res(v as T);
                },
                reject: (e) => {
                  clearTimeout(t);
                  rej(e);
                },
              });
              if (!child.connected) {
                waiting.delete(id);
                clearTimeout(t);
                rej(new Error('server process is gone'));
                return;
              }
              child.send({ id, ...command }, (error) => {
                if (error) waiting.get(id)?.reject(error);
              });
            });
          },
        });
      } else if (message?.type === 'error') {
        clearTimeout(timer);
        reject(new Error(`server failed to start: ${message.error}`));
      } else if (typeof message?.id === 'number') {
        const w = waiting.get(message.id);
        waiting.delete(message.id);
        if (message.ok) w?.resolve(message.result);
        else w?.reject(new Error(message.error));
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Measurements

interface CpuMark {
  at: number;
  machine: number;
  procs: ReturnType<typeof processCpu>;
  backends: Set<number>;
  serverWrites: number;
}
export interface CpuShare {
  /** the kefu server process */
  serverCores: number;
  /** this process, the HTTP load generator */
  loadGeneratorCores: number;
  /** the PostgreSQL backends of the server's connection pool (0 on PGlite, which runs inside the server) */
  postgresCores: number;
  /** everything else on the machine: other processes (also those that ended during the phase), PostgreSQL's background and autovacuum workers, the kernel */
  otherCores: number;
  /** the busiest other processes, to see if something else competed for the 2 cores */
  topOther: string[];
  /** write(v) system calls of the server process: one per SQL statement sent plus one per HTTP response */
  serverWriteSyscalls: number;
  /** share of the server's and the backends' CPU time spent in the kernel (system time) */
  serverSystemShare: number;
  postgresSystemShare: number;
}

/** The pids of PostgreSQL backends serving the benchmark's server (found by application_name). */
async function backendPids(admin: pg.Client | undefined, appName: string | undefined): Promise<Set<number>> {
  if (!admin || !appName) return new Set();
  const res = await admin.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [appName]);
  return new Set(res.rows.map((r) => r.pid));
}

/**
 * Samples what the server's PostgreSQL backends are doing every 50 ms during a phase
 * (pg_stat_activity): on CPU, waiting for the client (the server process), or for a lock, I/O, WAL…
 */
function waitSampler(admin: pg.Client | undefined, appName: string | undefined) {
  const counts: Record<string, number> = {};
  let samples = 0;
  let stopped = false;
  const loop = (async () => {
    if (!admin || !appName) return;
    while (!stopped) {
      const res = await admin.query<{ state: string; wait: string | null; query: string }>(
        `select state, wait_event_type || ':' || wait_event as wait, wait_event_type = 'Lock' as locked, left(query, 40) as query
         from pg_stat_activity where application_name = $1`,
        [appName],
      );
      samples++;
      for (const row of res.rows as { state: string; wait: string | null; locked: boolean | null; query: string }[]) {
        const key =
          row.state === 'idle'
            ? 'idle (no query: pool connection free)'
            : row.state === 'idle in transaction'
              ? 'idle in transaction (waiting for the server process)'
              : row.wait
                ? `active, waiting ${row.wait}${row.locked ? ` in: ${row.query.replace(/\s+/g, ' ')}` : ''}`
                : 'active, on CPU';
        counts[key] = (counts[key] ?? 0) + 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    // average number of backends in each state
    return Object.fromEntries(
      Object.entries(counts)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => [k, Math.round((v / Math.max(1, samples)) * 100) / 100]),
    );
  };
}

async function cpuMark(admin?: pg.Client, appName?: string): Promise<CpuMark> {
  const backends = await backendPids(admin, appName);
  return {
    at: performance.now(),
    machine: machineBusySeconds(),
    procs: processCpu(),
    backends,
    serverWrites: serverPidForIo ? writeSyscalls(serverPidForIo) : NaN,
  };
}

let serverPidForIo: number | undefined;

/** Average cores used between two marks, by who used them. */
function cpuShare(a: CpuMark, b: CpuMark, serverPid: number | undefined): CpuShare {
  const secs = (b.at - a.at) / 1000;
  const used = (pid: number) => Math.max(0, (b.procs.get(pid)?.seconds ?? 0) - (a.procs.get(pid)?.seconds ?? 0));
  const sys = (pid: number) => Math.max(0, (b.procs.get(pid)?.systemSeconds ?? 0) - (a.procs.get(pid)?.systemSeconds ?? 0));
  const server = serverPid ? used(serverPid) : 0;
  const self = used(process.pid);
  let backends = 0;
  let backendsSys = 0;
  for (const pid of new Set([...a.backends, ...b.backends])) {
    backends += used(pid);
    backendsSys += sys(pid);
  }
  const others = new Map<string, number>();
  for (const [pid, p] of b.procs) {
    if (pid === serverPid || pid === process.pid || a.backends.has(pid) || b.backends.has(pid)) continue;
    const u = used(pid);
    if (u > 0) others.set(p.comm, (others.get(p.comm) ?? 0) + u);
    // Processes that ended during the phase show up in their parent's children time (whole lifetime).
    const exited = Math.max(0, p.exitedChildrenSeconds - (a.procs.get(pid)?.exitedChildrenSeconds ?? p.exitedChildrenSeconds));
    if (exited > 0) others.set(`${p.comm}'s exited children`, (others.get(`${p.comm}'s exited children`) ?? 0) + exited);
  }
  const r = (x: number) => Math.round(x * 100) / 100;
  const otherSeconds = Math.max(0, b.machine - a.machine - server - self - backends);
  // An exited child counts with its whole lifetime: never show more than the machine's unattributed time.
  for (const [k, v] of others) if (k.endsWith('exited children')) others.set(k, Math.min(v, otherSeconds));
  return {
    serverCores: r(server / secs),
    loadGeneratorCores: r(self / secs),
    postgresCores: r(backends / secs),
    otherCores: r(otherSeconds / secs),
    topOther: [...others]
      .sort((x, y) => y[1] - x[1])
      .slice(0, 3)
      .filter(([, u]) => u / secs >= 0.02)
      .map(([comm, u]) => `${comm} ${r(u / secs)}`),
    serverWriteSyscalls: b.serverWrites - a.serverWrites,
    serverSystemShare: server > 0 && serverPid ? r(sys(serverPid) / server) : 0,
    postgresSystemShare: backends > 0 ? r(backendsSys / backends) : 0,
  };
}

interface PhaseResult {
  /** PostgreSQL only: average number of the server's backends in each state during the phase */
  backendStates?: Record<string, number>;
  /** server write syscalls per request ≈ SQL round trips per request + 1 (the HTTP response) */
  serverWritesPerRequest?: number;
  requests: number;
  seconds: number;
  reqPerSec: number;
  latencyMs: LatencySummary;
  statuses: Record<string, number>;
  truncated: boolean;
  cpu: CpuShare;
}

function phase(run: RunResult, cpu: CpuShare, backendStates?: Record<string, number>): PhaseResult {
  return {
    ...(backendStates && Object.keys(backendStates).length > 0 && { backendStates }),
    serverWritesPerRequest: Math.round((cpu.serverWriteSyscalls / Math.max(1, run.samples.length)) * 10) / 10,
    requests: run.samples.length,
    seconds: Math.round(run.seconds * 100) / 100,
    reqPerSec: Math.round(run.samples.length / run.seconds),
    latencyMs: latency(run.samples.map((s) => s.reply.ms)),
    statuses: statusCounts(run.samples),
    truncated: run.truncated,
    cpu,
  };
}

interface CreatedTicket {
  id: number;
  status: string;
  priority: string;
  version: number;
  number: string;
}

interface EngineResult {
  engine: string;
  error?: string;
  poolSize?: number | null;
  /** cores busy on the machine in the 3 s before this engine's run */
  background?: CpuShare;
  serverStartSeconds?: number;
  load?: LoadResult;
  database?: { ticketsAtSearch: number; table_mb?: number; search_index_mb?: number };
  warmup?: { creates: number; searches: number };
  creates?: PhaseResult & { concurrency: number; non201: number };
  updates?: PhaseResult & { concurrency: number; conflicts409: number; otherNon200: number };
  search?: {
    sequential: PhaseResult & { perQuery: Record<string, LatencySummary & { firstPageHits: number; hasMore: boolean }> };
    concurrent: PhaseResult & { concurrency: number; perQuery: Record<string, LatencySummary> };
    non200: number;
  };
  explain?: ExplainResult[];
  /** with --cpu-prof: where the server process spent its CPU time in each phase */
  profiles?: Record<string, ProfileSummary & { file: string }>;
  seconds?: number;
}

const priorities = ['low', 'normal', 'high', 'urgent'] as const;

async function benchEngine(engine: 'postgres' | 'pglite', deadlineAt: number): Promise<EngineResult> {
  const t0 = performance.now();
  const result: EngineResult = { engine };
  const phaseDeadline = () => Math.min(deadlineAt, performance.now() + opts.phaseLimitS * 1000);
  let admin: pg.Client | undefined;
  let schema: string | undefined;
  let dataDir: string | undefined;
  let server: Server | undefined;
  let client: Client | undefined;
  let appName: string | undefined;
  let pid: number | undefined;
  const mark = async (profilePhase?: string) => {
    const m = await cpuMark(admin, appName);
    if (profilePhase && args['cpu-prof'] && server) {
      if (profilePhase.startsWith('-')) {
        const file = `${args['cpu-prof']}/${engine}-${profilePhase.slice(1)}.cpuprofile`;
        await server.call({ cmd: 'profile-stop', path: file });
        (result.profiles ??= {})[profilePhase.slice(1)] = { file, ...summarizeProfile(file, 12) };
      } else {
        await server.call({ cmd: 'profile-start' });
      }
    }
    return m;
  };
  const log = (msg: string) => console.error(`[${engine} ${((performance.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
  try {
    const env: Record<string, string> = { BENCH_ENGINE: engine };
    if (opts.poolSize !== undefined) env.BENCH_POOL_SIZE = String(opts.poolSize);
    if (engine === 'postgres') {
      admin = new pg.Client({ connectionString: opts.pgUrl });
      await admin.connect();
      schema = `bench_tickets_${randomBytes(5).toString('hex')}`;
      await admin.query(`create schema ${schema}`);
      if (!args['keep-schema']) pendingCleanup.schemas.add(schema);
      appName = `kefu-bench-${schema.slice(-10)}`;
      const url = new URL(opts.pgUrl);
      url.searchParams.set('application_name', appName);
      Object.assign(env, { BENCH_PG_URL: url.toString(), BENCH_SCHEMA: schema });
      log(`schema ${schema}`);
    } else {
      dataDir = mkdtempSync(`${os.tmpdir()}/kefu-bench-pglite-`);
      env.BENCH_DATA_DIR = dataDir;
      pendingCleanup.dirs.add(dataDir);
      log(`data dir ${dataDir}`);
    }
    // What else is using the machine before we start (the 2 cores may be shared).
    const b0 = await cpuMark();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    result.background = cpuShare(b0, await cpuMark(), undefined);
    if (result.background.otherCores > 0.2)
      log(`warning: ${result.background.otherCores} cores busy before the run (${result.background.topOther.join(', ')})`);
    server = await startServer(env);
    pid = server.child.pid;
    serverPidForIo = pid;
    const { port, token, reference } = server.ready;
    result.poolSize = server.ready.poolSize;
    result.serverStartSeconds = Math.round(server.ready.startSeconds * 100) / 100;
    log(`server on 127.0.0.1:${port}`);

    // --- bulk load by direct SQL
    const count = engine === 'pglite' ? opts.pgliteTickets : opts.tickets;
    const loadTimeout = Math.min(opts.loadLimitS * 1000, deadlineAt - performance.now());
    log(`loading ${count} tickets by direct SQL`);
    result.load = await server.call<LoadResult>({ cmd: 'load', count, batchSize: opts.batchSize }, Math.max(1000, loadTimeout));
    log(`loaded in ${result.load.seconds.toFixed(1)} s`);
    const info0 = await server.call<{ sampleNumber: string | null }>({ cmd: 'info' });

    client = new Client(port, token, Math.max(opts.concurrency, opts.searchConcurrency));
    const c = client;
    const r = rng(4242);
    const createBody = () => createTicketBody(r, reference);
    const numberQuery = info0.sampleNumber ?? 'ZX20260101-0001';
    const queries = SEARCH_QUERIES.map((x) => (x.label === 'ticket number' ? { ...x, q: numberQuery } : x));
    const searchPath = (q: string) => `/api/tickets?q=${encodeURIComponent(q)}`;

    // --- warm-up (not measured): JIT, connection pool, caches
    if (opts.warmup > 0) {
      const w1 = await closedLoop(opts.warmup, 8, phaseDeadline(), () => c.request('POST', '/api/tickets', createBody()));
      const w2 = await closedLoop(Math.min(opts.warmup, 200), 4, phaseDeadline(), (i) =>
        c.request('GET', searchPath(queries[i % queries.length]!.q)),
      );
      const bad = [...w1.samples, ...w2.samples].filter((s) => s.reply.status >= 300);
      if (bad.length) log(`warm-up: ${bad.length} failed requests, e.g. ${bad[0]!.reply.status} ${bad[0]!.reply.body.slice(0, 300)}`);
      result.warmup = { creates: w1.samples.length, searches: w2.samples.length };
    }

    // --- 1. creates
    log(`creates: ${opts.creates} requests, ${opts.concurrency} connections`);
    const bodies = Array.from({ length: opts.creates }, createBody);
    const created: CreatedTicket[] = [];
    let m0 = await mark('creates');
    let waits = waitSampler(admin, appName);
    const createRun = await closedLoop(opts.creates, opts.concurrency, phaseDeadline(), async (i) => {
      const reply = await c.request('POST', '/api/tickets', bodies[i]);
      if (reply.status === 201) {
        const t = (JSON.parse(reply.body) as { ticket: CreatedTicket }).ticket;
        created.push({ id: t.id, status: t.status, priority: t.priority, version: t.version, number: t.number });
      }
      return reply;
    });
    let m1 = await mark('-creates');
    let states = await waits();
    const non201 = createRun.samples.filter((s) => s.reply.status !== 201);
    if (non201.length)
      log(`creates: ${non201.length} non-201, e.g. ${non201[0]!.reply.status} ${non201[0]!.reply.error ?? non201[0]!.reply.body.slice(0, 300)}`);
    result.creates = { ...phase(createRun, cpuShare(m0, m1, pid), states), concurrency: opts.concurrency, non201: non201.length };
    log(`creates: ${result.creates.reqPerSec} req/s, p99 ${result.creates.latencyMs.p99} ms`);

    // --- 2. updates on distinct created tickets, each with its current version
    const targets = [...created];
    for (let i = targets.length - 1; i > 0; i--) {
      const j = Math.floor(r.next() * (i + 1));
      [targets[i], targets[j]] = [targets[j]!, targets[i]!];
    }
    const updateCount = Math.min(opts.updates, targets.length);
    if (updateCount < opts.updates) log(`updates: only ${updateCount} created tickets to update`);
    log(`updates: ${updateCount} requests, ${opts.concurrency} connections`);
    m0 = await mark('updates');
    waits = waitSampler(admin, appName);
    const updateRun = await closedLoop(updateCount, opts.concurrency, phaseDeadline(), (i) => {
      const t = targets[i]!;
      const change =
        i % 2 === 0
          ? { priority: priorities[(priorities.indexOf(t.priority as (typeof priorities)[number]) + 1) % priorities.length] }
          : { status: t.status === 'new' ? 'open' : t.status === 'open' ? 'pending_customer' : 'open' };
      return c.request('PATCH', `/api/tickets/${t.id}`, { version: t.version, ...change });
    });
    m1 = await mark('-updates');
    states = await waits();
    const conflicts = updateRun.samples.filter((s) => s.reply.status === 409).length;
    const otherBad = updateRun.samples.filter((s) => s.reply.status !== 200 && s.reply.status !== 409);
    if (otherBad.length)
      log(
        `updates: ${otherBad.length} failed, e.g. ${otherBad[0]!.reply.status} ${otherBad[0]!.reply.error ?? otherBad[0]!.reply.body.slice(0, 300)}`,
      );
    result.updates = {
      ...phase(updateRun, cpuShare(m0, m1, pid), states),
      concurrency: opts.concurrency,
      conflicts409: conflicts,
      otherNon200: otherBad.length,
    };
    log(`updates: ${result.updates.reqPerSec} req/s, p99 ${result.updates.latencyMs.p99} ms`);

    // --- 3. search on the loaded database
    const info = await server.call<{ tickets: number; table_mb: number; search_index_mb: number }>({ cmd: 'info' });
    result.database = { ticketsAtSearch: info.tickets, table_mb: info.table_mb, search_index_mb: info.search_index_mb };
    const weighted = queries.flatMap((x) => Array.from({ length: x.weight }, () => x));
    const seqPlan = Array.from({ length: opts.searchRounds }, () => weighted).flat();
    log(`search: ${seqPlan.length} sequential requests on ${info.tickets} tickets`);
    m0 = await mark();
    const seqRun = await closedLoop(seqPlan.length, 1, phaseDeadline(), (i) => c.request('GET', searchPath(seqPlan[i]!.q)));
    m1 = await mark();
    const concPlan = Array.from({ length: opts.searchRequests }, () => r.pick(weighted));
    log(`search: ${concPlan.length} requests, ${opts.searchConcurrency} connections`);
    const m2 = await mark('search');
    waits = waitSampler(admin, appName);
    const concRun = await closedLoop(concPlan.length, opts.searchConcurrency, phaseDeadline(), (i) => c.request('GET', searchPath(concPlan[i]!.q)));
    const m3 = await mark('-search');
    states = await waits();
    const perQuery = <T>(run: RunResult, plan: typeof weighted, extra: (label: string) => T) =>
      Object.fromEntries(
        queries.map((x) => {
          const samples = run.samples.filter((s) => plan[s.i]!.label === x.label);
          return [x.label, { ...latency(samples.map((s) => s.reply.ms)), ...extra(x.label) }];
        }),
      );
    const firstPage = (label: string) => {
      const s = seqRun.samples.find((x) => seqPlan[x.i]!.label === label && x.reply.status === 200);
      const body = s ? (JSON.parse(s.reply.body) as { tickets: unknown[]; hasMore: boolean }) : undefined;
      return { firstPageHits: body?.tickets.length ?? -1, hasMore: body?.hasMore ?? false };
    };
    const badSearch = [...seqRun.samples, ...concRun.samples].filter((s) => s.reply.status !== 200);
    if (badSearch.length)
      log(
        `search: ${badSearch.length} non-200, e.g. ${badSearch[0]!.reply.status} ${badSearch[0]!.reply.error ?? badSearch[0]!.reply.body.slice(0, 300)}`,
      );
    result.search = {
      sequential: { ...phase(seqRun, cpuShare(m0, m1, pid)), perQuery: perQuery(seqRun, seqPlan, firstPage) },
      concurrent: {
        ...phase(concRun, cpuShare(m2, m3, pid), states),
        concurrency: opts.searchConcurrency,
        perQuery: perQuery(concRun, concPlan, () => ({})),
      },
      non200: badSearch.length,
    };
    log(`search: sequential p99 ${result.search.sequential.latencyMs.p99} ms, concurrent p99 ${result.search.concurrent.latencyMs.p99} ms`);

    // --- EXPLAIN ANALYZE of the search SQL (after the measurements)
    result.explain = await server.call<ExplainResult[]>({ cmd: 'explain', queries: queries.map(({ label, q }) => ({ label, q })) }, 300_000);
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    log(`FAILED: ${result.error}`);
  } finally {
    client?.close();
    if (server) {
      await server.call({ cmd: 'stop' }, 30_000).catch(() => {
        server!.child.kill('SIGKILL');
      });
    }
    if (admin) {
      if (schema && args['keep-schema'])
        log(`kept schema ${schema}: psql ${opts.pgUrl} -c 'set search_path=${schema}' …; drop schema ${schema} cascade when done`);
      else if (schema) {
        await admin.query(`drop schema if exists ${schema} cascade`).then(
          () => pendingCleanup.schemas.delete(schema!),
          (e: Error) => log(`could not drop schema ${schema}: ${e.message}`),
        );
      }
      await admin.end().catch(() => {});
    }
    if (dataDir) {
      rmSync(dataDir, { recursive: true, force: true });
      pendingCleanup.dirs.delete(dataDir);
    }
  }
  result.seconds = Math.round((performance.now() - t0) / 100) / 10;
  return result;
}

// ---------------------------------------------------------------------------------------------
// Calibration: what one HTTP request and one SQL round trip cost on this machine, without kefu

interface Calibration {
  /** a bare node:http server and keep-alive client in one process, sequential: CPU per request, both sides */
  rawHttpCpuUsPerRequest: number;
  rawHttpRequestsPerSec: number;
  /** `select $1::int` over one pg connection, sequential: wall time, and CPU of the client and of the backend */
  pgRoundTripUs?: number;
  pgClientCpuUsPerQuery?: number;
  pgBackendCpuUsPerQuery?: number;
}

async function calibrate(withPostgres: boolean): Promise<Calibration> {
  const http = await import('node:http');
  const cpuUs = () => {
    const u = process.cpuUsage();
    return u.user + u.system;
  };
  const n = 3000;
  const srv = http.createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = () =>
    new Promise<void>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
          res.resume();
          res.on('end', resolve);
        })
        .on('error', reject);
    });
  for (let i = 0; i < 200; i++) await get();
  let c0 = cpuUs();
  let t0 = performance.now();
  for (let i = 0; i < n; i++) await get();
  const cal: Calibration = {
    rawHttpCpuUsPerRequest: Math.round((cpuUs() - c0) / n),
    rawHttpRequestsPerSec: Math.round(n / ((performance.now() - t0) / 1000)),
  };
  agent.destroy();
  await new Promise((resolve) => srv.close(resolve));
  if (withPostgres) {
    const c = new pg.Client({ connectionString: opts.pgUrl });
    await c.connect();
    try {
      const backend = (await c.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
      for (let i = 0; i < 200; i++) await c.query('select $1::int', [i]);
      const b0 = processCpu().get(backend)?.seconds ?? NaN;
      c0 = cpuUs();
      t0 = performance.now();
      for (let i = 0; i < n; i++) await c.query('select $1::int', [i]);
      cal.pgRoundTripUs = Math.round(((performance.now() - t0) * 1000) / n);
      cal.pgClientCpuUsPerQuery = Math.round((cpuUs() - c0) / n);
      cal.pgBackendCpuUsPerQuery = Math.round((((processCpu().get(backend)?.seconds ?? NaN) - b0) * 1e6) / n);
    } finally {
      await c.end();
    }
  }
  return cal;
}

// ---------------------------------------------------------------------------------------------
// Report

const fmt = (n: number | undefined, digits = 0) =>
  n === undefined || Number.isNaN(n) ? '—' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (l?: LatencySummary) => (l ? `${fmt(l.p50, 1)} / ${fmt(l.p99, 1)}` : '—');
const cores = (c: CpuShare) => `${c.serverCores} / ${c.postgresCores} / ${c.loadGeneratorCores} / ${c.otherCores}`;
const cpu = (p?: { cpu: CpuShare }) => (p ? cores(p.cpu) : '—');
/** CPU milliseconds per request: the server process and its PostgreSQL backends. */
const perRequest = (p?: PhaseResult) =>
  p && p.reqPerSec > 0 ? `${fmt((p.cpu.serverCores / p.reqPerSec) * 1000, 2)} / ${fmt((p.cpu.postgresCores / p.reqPerSec) * 1000, 2)}` : '—';
/** Average backends running on CPU, waiting for a lock, and idle inside a transaction (waiting for the server process). */
const states = (p?: PhaseResult) => {
  if (!p?.backendStates) return '—';
  const sum = (f: (k: string) => boolean) =>
    Object.entries(p.backendStates!)
      .filter(([k]) => f(k))
      .reduce((a, [, v]) => a + v, 0);
  return `${fmt(
    sum((k) => k === 'active, on CPU'),
    1,
  )} / ${fmt(
    sum((k) => k.includes('Lock')),
    1,
  )} / ${fmt(
    sum((k) => k.startsWith('idle in transaction')),
    1,
  )}`;
};

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) =>
    Math.max(...rows.map((r) => [...(r[i] ?? '')].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0))),
  );
  const pad = (s: string, w: number) =>
    s + ' '.repeat(Math.max(0, w - [...s].reduce((x, ch) => x + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => pad(cell, widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function report(results: EngineResult[], totalSeconds: number, cal?: Calibration): string {
  const head = ['', ...results.map((r) => r.engine)];
  const row = (label: string, f: (r: EngineResult) => string) => [label, ...results.map((r) => (r.error && f(r) === '—' ? 'failed' : f(r)))];
  const lines: string[][] = [
    head,
    row('tickets bulk-loaded (direct SQL)', (r) => fmt(r.load?.tickets)),
    row('  load time s (tokenize / insert / events / vacuum)', (r) =>
      r.load
        ? `${fmt(r.load.seconds, 1)} (${fmt(r.load.tokenizeSeconds, 1)} / ${fmt(r.load.insertSeconds, 1)} / ${fmt(r.load.eventsSeconds, 1)} / ${fmt(r.load.vacuumAnalyzeSeconds, 1)})`
        : '—',
    ),
    row('  loaded tickets/s', (r) => (r.load ? fmt(r.load.tickets / r.load.seconds) : '—')),
    row('machine busy before run: other cores (top)', (r) =>
      r.background ? `${r.background.otherCores}${r.background.topOther.length ? ` (${r.background.topOther.join(', ')})` : ''}` : '—',
    ),
    row('server DB pool size', (r) => (r.poolSize === undefined ? '—' : r.poolSize === null ? '1 (PGlite)' : String(r.poolSize))),
    row('creates: requests × connections', (r) => (r.creates ? `${fmt(r.creates.requests)} × ${r.creates.concurrency}` : '—')),
    row('  req/s', (r) => fmt(r.creates?.reqPerSec)),
    row('  p50 / p99 ms', (r) => ms(r.creates?.latencyMs)),
    row('  non-201', (r) => fmt(r.creates?.non201)),
    row('  CPU cores: server / pg / loadgen / other', (r) => cpu(r.creates)),
    row('  CPU ms per request: server / pg', (r) => perRequest(r.creates)),
    row('  busiest other processes', (r) => r.creates?.cpu.topOther.join(', ') || '—'),
    row('  server writes/request (≈ SQL round trips + 1)', (r) => fmt(r.creates?.serverWritesPerRequest, 1)),
    row('  PG backends: active on CPU / lock wait / idle in txn', (r) => states(r.creates)),
    row('updates: requests × connections', (r) => (r.updates ? `${fmt(r.updates.requests)} × ${r.updates.concurrency}` : '—')),
    row('  req/s', (r) => fmt(r.updates?.reqPerSec)),
    row('  p50 / p99 ms', (r) => ms(r.updates?.latencyMs)),
    row('  409 conflicts / other non-200', (r) => (r.updates ? `${r.updates.conflicts409} / ${r.updates.otherNon200}` : '—')),
    row('  CPU cores: server / pg / loadgen / other', (r) => cpu(r.updates)),
    row('  CPU ms per request: server / pg', (r) => perRequest(r.updates)),
    row('  busiest other processes', (r) => r.updates?.cpu.topOther.join(', ') || '—'),
    row('  server writes/request (≈ SQL round trips + 1)', (r) => fmt(r.updates?.serverWritesPerRequest, 1)),
    row('  PG backends: active on CPU / lock wait / idle in txn', (r) => states(r.updates)),
    row('search: tickets in database', (r) => fmt(r.database?.ticketsAtSearch)),
    row('  tickets table / search index MB', (r) => (r.database ? `${fmt(r.database.table_mb, 1)} / ${fmt(r.database.search_index_mb, 1)}` : '—')),
    row('  sequential: requests, p50 / p99 ms', (r) => (r.search ? `${r.search.sequential.requests}, ${ms(r.search.sequential.latencyMs)}` : '—')),
    row('  concurrent: requests × conn, req/s', (r) =>
      r.search ? `${r.search.concurrent.requests} × ${r.search.concurrent.concurrency}, ${fmt(r.search.concurrent.reqPerSec)}` : '—',
    ),
    row('  concurrent: p50 / p99 ms', (r) => ms(r.search?.concurrent.latencyMs)),
    row('  non-200', (r) => fmt(r.search?.non200)),
    row('  CPU cores (concurrent): server / pg / loadgen / other', (r) => cpu(r.search?.concurrent)),
    row('  CPU ms per request: server / pg', (r) => perRequest(r.search?.concurrent)),
    row('  busiest other processes', (r) => r.search?.concurrent.cpu.topOther.join(', ') || '—'),
    row('  server writes/request (≈ SQL round trips + 1)', (r) => fmt(r.search?.concurrent.serverWritesPerRequest, 1)),
  ];
  for (const q of SEARCH_QUERIES) {
    lines.push(
      row(`  ${q.label}: seq p50 / p99 · conc p99 ms`, (r) => {
        const s = r.search?.sequential.perQuery[q.label];
        const cq = r.search?.concurrent.perQuery[q.label];
        return s ? `${ms(s)} · ${fmt(cq?.p99, 1)}` : '—';
      }),
    );
    lines.push(
      row(`    matches · SQL exec ms (EXPLAIN ANALYZE)`, (r) => {
        const e = r.explain?.find((x) => x.label === q.label);
        return e ? `${fmt(e.matches)} · ${fmt(e.executionMs, 1)}` : '—';
      }),
    );
  }
  lines.push(row('engine run time s', (r) => fmt(r.seconds, 1)));
  lines.push(row('errors', (r) => r.error ?? 'none'));
  let out = `\nkefu ticket benchmark — ${new Date().toISOString()} — ${os.cpus().length} cores, Node ${process.version}\n\n${table(lines)}\n`;
  const pgRes = results.find((r) => r.engine === 'postgres');
  if (pgRes && !pgRes.error) {
    const createsOk = (pgRes.creates?.reqPerSec ?? 0) >= 1000;
    const seqOk = (pgRes.search?.sequential.latencyMs.p99 ?? Infinity) <= 50;
    const concOk = (pgRes.search?.concurrent.latencyMs.p99 ?? Infinity) <= 50;
    out +=
      `\nTargets (PostgreSQL): creates ≥ 1,000/s: ${createsOk ? 'MET' : 'MISSED'} (${fmt(pgRes.creates?.reqPerSec)}/s); ` +
      `search p99 ≤ 50 ms: sequential ${seqOk ? 'MET' : 'MISSED'} (${fmt(pgRes.search?.sequential.latencyMs.p99, 1)} ms), ` +
      `concurrent ×${opts.searchConcurrency} ${concOk ? 'MET' : 'MISSED'} (${fmt(pgRes.search?.concurrent.latencyMs.p99, 1)} ms)\n`;
  }
  out += `CPU cores are averages over each phase (machine has ${os.cpus().length}): the server process, its PostgreSQL backends, this load generator, and everything else (other processes, also those that ended during the phase; PostgreSQL background and autovacuum workers; kernel).\n`;
  if (cal) {
    out +=
      `Machine calibration (no kefu code): bare node:http request ${cal.rawHttpCpuUsPerRequest} µs CPU (client + server, ${fmt(cal.rawHttpRequestsPerSec)} req/s sequential)` +
      (cal.pgRoundTripUs !== undefined
        ? `; pg \`select $1\` round trip ${cal.pgRoundTripUs} µs (client ${cal.pgClientCpuUsPerQuery} µs CPU, backend ${cal.pgBackendCpuUsPerQuery} µs CPU)`
        : '') +
      '\n';
  }
  out += `Total time: ${fmt(totalSeconds, 1)} s. Results: ${args.out}\n`;
  return out;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const t0 = performance.now();
  const deadlineAt = t0 + opts.timeLimitS * 1000;
  const hardStop = setTimeout(() => void emergencyCleanup(`time limit of ${opts.timeLimitS} s reached`), opts.timeLimitS * 1000 + 60_000);
  process.once('SIGINT', () => void emergencyCleanup('interrupted'));
  process.once('SIGTERM', () => void emergencyCleanup('terminated'));
  const calibration = await calibrate(engines.includes('postgres')).catch((e: Error) => {
    console.error(`calibration failed: ${e.message}`);
    return undefined;
  });
  const results: EngineResult[] = [];
  for (const engine of engines) {
    if (performance.now() > deadlineAt) {
      results.push({ engine, error: 'skipped: time limit reached' });
      continue;
    }
    results.push(await benchEngine(engine, deadlineAt));
  }
  if (aborting) return;
  const totalSeconds = (performance.now() - t0) / 1000;
  clearTimeout(hardStop);
  const text = report(results, totalSeconds, calibration);
  console.log(text);
  writeFileSync(
    args.out!,
    `${JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
        options: opts,
        totalSeconds: Math.round(totalSeconds * 10) / 10,
        calibration,
        results,
      },
      null,
      2,
    )}\n`,
  );
  process.exitCode = results.some((r) => r.error) ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  void emergencyCleanup('unexpected error');
});
