/**
 * The server under test as a real deployment runs it: `node --import tsx apps/server/src/cli.ts start --no-demo`
 * in a child process on 127.0.0.1, configured by environment variables; and its CPU and memory from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  startSeconds: number;
  /** warn/error lines the server logged (pino JSON at LOG_LEVEL=warn), the first 50 */
  logLines: string[];
  logCount: number;
  stop(): Promise<{ code: number | null; signal: string | null; killed: boolean }>;
}

export const children = new Set<ChildProcess>();

/** A port nothing listens on now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function get(port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

/** Starts the server with `env` (DATABASE_URL or DATA_DIR…) and waits for /readyz; `entry`: another program (bare.ts) on PORT. */
export async function startServer(
  env: Record<string, string>,
  cpuProfDir?: string,
  probeFile?: string,
  entry = ['apps/server/src/cli.ts', 'start', '--no-demo'],
): Promise<ServerProcess> {
  const t0 = performance.now();
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    KEFU_DEMO: 'false',
    ...(probeFile && { BENCH_PROBE_FILE: probeFile, BENCH_PROBE_ENGINE: env.DATABASE_URL ? 'postgres' : 'pglite' }),
    ...env,
  };
  for (const k of ['REDIS_URL', 'DATABASE_URL']) if (!(k in env)) delete childEnv[k];
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      ...(probeFile ? ['--import', './bench/chat/probe.ts'] : []),
      ...(cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir] : []),
      ...entry,
    ],
    { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.add(child);
  let exited: { code: number | null; signal: string | null } | undefined;
  const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      children.delete(child);
      exited = { code, signal };
      resolve(exited);
    }),
  );
  const logLines: string[] = [];
  let logCount = 0;
  const server = { logCount: 0 } as ServerProcess;
  for (const stream of [child.stdout!, child.stderr!]) {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        logCount++;
        server.logCount = logCount;
        if (logLines.length < 50) logLines.push(line.slice(0, 2000));
      }
    });
  }
  const deadline = performance.now() + 90_000;
  while ((await get(port, '/readyz')) !== 200) {
    if (exited) throw new Error(`server exited during start-up (code ${exited.code}, signal ${exited.signal}): ${logLines.join('\n')}`);
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready within 90 s: ${logLines.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return Object.assign(server, {
    child,
    pid: child.pid!,
    port,
    startSeconds: (performance.now() - t0) / 1000,
    logLines,
    async stop() {
      if (exited) return { ...exited, killed: false };
      child.kill('SIGTERM');
      const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 20_000));
      const r = await Promise.race([exit, timer]);
      if (r !== 'timeout') return { ...r, killed: false };
      child.kill('SIGKILL');
      return { ...(await exit), killed: true };
    },
  });
}

export interface ProbeLine {
  t: number;
  dtMs: number;
  loopMs: { p50: number; p99: number; max: number };
  queries: number;
  queryMs: { p50: number | null; p99: number | null; max: number | null; sum: number };
  maxInFlight: number;
  acquires: number;
  acquireMs: { p50: number | null; p99: number | null; max: number | null };
  maxWaiting: number;
  statements?: Record<string, [number, number]>;
}

export interface StatementStat {
  id: number;
  sql: string;
  count: number;
  totalMs: number;
  meanMs: number;
  params: unknown[];
}

/** The server-side probe's seconds (probe.ts) between two Date.now() times, summarised. */
export function probeSummary(file: string, from: number, to: number) {
  let lines: ProbeLine[] = [];
  try {
    lines = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as ProbeLine)
      .filter((l) => l.t - l.dtMs >= from - 100 && l.t <= to + 100);
  } catch {
    return undefined;
  }
  if (lines.length === 0) return undefined;
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length ? s[Math.floor(s.length / 2)]! : NaN;
  };
  const vals = (f: (l: ProbeLine) => number | null) => lines.map(f).filter((x): x is number => x !== null);
  const queries = lines.reduce((a, l) => a + l.queries, 0);
  const seconds = lines.reduce((a, l) => a + l.dtMs, 0) / 1000;
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    seconds: r2(seconds),
    /** the longest the probe's 1 s timer was late: the event loop was blocked at least that long */
    longestBlockMs: Math.max(0, ...lines.map((l) => l.dtMs - 1000)),
    eventLoopDelayMs: {
      medianP50: r2(median(vals((l) => l.loopMs.p50))),
      medianP99: r2(median(vals((l) => l.loopMs.p99))),
      worstMax: r2(Math.max(...vals((l) => l.loopMs.max), Math.max(0, ...lines.map((l) => l.dtMs - 1000)))),
    },
    sqlPerSec: r2(queries / seconds),
    sqlMs: {
      mean: r2(lines.reduce((a, l) => a + l.queryMs.sum, 0) / Math.max(1, queries)),
      medianP99: r2(median(vals((l) => l.queryMs.p99))),
      worstMax: r2(Math.max(0, ...vals((l) => l.queryMs.max))),
    },
    sqlInFlightMax: Math.max(...lines.map((l) => l.maxInFlight)),
    poolAcquirePerSec: r2(lines.reduce((a, l) => a + l.acquires, 0) / seconds),
    poolWaitMs: {
      medianP50: r2(median(vals((l) => l.acquireMs.p50))),
      medianP99: r2(median(vals((l) => l.acquireMs.p99))),
      worstMax: r2(Math.max(0, ...vals((l) => l.acquireMs.max))),
    },
    poolWaitingMax: Math.max(...lines.map((l) => l.maxWaiting)),
    /** every statement the server ran in the window, by total time (client side) */
    statements: statementStats(file, lines),
  };
}
function statementStats(file: string, lines: ProbeLine[]): StatementStat[] {
  const texts = new Map<number, { sql: string; params: unknown[] }>();
  try {
    for (const l of readFileSync(`${file}.sql.jsonl`, 'utf8').split('\n')) {
      if (!l) continue;
      const x = JSON.parse(l) as { id: number; sql: string; params: unknown[] };
      texts.set(x.id, x);
    }
  } catch {
    return [];
  }
  const sum = new Map<number, [number, number]>();
  for (const l of lines) {
    for (const [id, [n, us]] of Object.entries(l.statements ?? {})) {
      const e = sum.get(Number(id)) ?? [0, 0];
      e[0] += n;
      e[1] += us;
      sum.set(Number(id), e);
    }
  }
  return [...sum]
    .map(([id, [n, us]]) => ({
      id,
      sql: texts.get(id)?.sql ?? '?',
      params: texts.get(id)?.params ?? [],
      count: n,
      totalMs: Math.round(us / 1000),
      meanMs: Math.round(us / n) / 1000,
    }))
    .sort((a, b) => b.totalMs - a.totalMs);
}

export type ProbeSummary = NonNullable<ReturnType<typeof probeSummary>>;

export interface ProcSample {
  at: number;
  cpuSeconds: number;
  rssMb: number;
  hwmMb: number;
  threads: number;
}

/** CPU seconds (user + system) and memory of a process, from /proc/PID/stat and /proc/PID/status. */
export function procSample(pid: number): ProcSample | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
    return {
      at: performance.now(),
      cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100,
      rssMb: Math.round(kb('VmRSS') / 1024),
      hwmMb: Math.round(kb('VmHWM') / 1024),
      threads: Number(/Threads:\s+(\d+)/.exec(status)?.[1] ?? NaN),
    };
  } catch {
    return undefined;
  }
}

/** Samples a process every `everyMs` until stopped: average and peak cores, RSS at the end and peak. */
export function procSampler(pid: number, everyMs = 1000) {
  const samples: ProcSample[] = [];
  const take = () => {
    const s = procSample(pid);
    if (s) samples.push(s);
  };
  take();
  const timer = setInterval(take, everyMs);
  return () => {
    clearInterval(timer);
    take();
    const first = samples[0];
    const last = samples.at(-1);
    if (!first || !last || last === first) return undefined;
    let peak = 0;
    for (let i = 1; i < samples.length; i++) {
      const a = samples[i - 1]!;
      const b = samples[i]!;
      if (b.at - a.at > 200) peak = Math.max(peak, (b.cpuSeconds - a.cpuSeconds) / ((b.at - a.at) / 1000));
    }
    const r2 = (x: number) => Math.round(x * 100) / 100;
    return {
      seconds: r2((last.at - first.at) / 1000),
      cpuSeconds: r2(last.cpuSeconds - first.cpuSeconds),
      avgCores: r2((last.cpuSeconds - first.cpuSeconds) / ((last.at - first.at) / 1000)),
      peakCores1s: r2(peak),
      rssMbEnd: last.rssMb,
      rssMbMax: Math.max(...samples.map((s) => s.rssMb)),
      rssHwmMb: last.hwmMb,
      threads: last.threads,
    };
  };
}
export type ProcUsage = NonNullable<ReturnType<ReturnType<typeof procSampler>>>;
