/** A small keep-alive HTTP/1.1 load generator for 127.0.0.1 only: closed loop, N connections, bounded count and time. */
import http from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';

export interface Reply {
  status: number;
  body: string;
  ms: number;
  error?: string;
}

export class Client {
  private readonly agent: http.Agent;

  constructor(
    private readonly port: number,
    private readonly token: string,
    connections: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  }

  request(method: string, path: string, body?: unknown): Promise<Reply> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string | number> = { authorization: `Bearer ${this.token}`, accept: 'application/json' };
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
    }
    return new Promise((resolve) => {
      const start = performance.now();
      let settled = false;
      const done = (reply: Omit<Reply, 'ms'>) => {
        if (settled) return;
        settled = true;
        resolve({ ...reply, ms: performance.now() - start });
      };
      const req = http.request({ host: '127.0.0.1', port: this.port, method, path, agent: this.agent, headers, timeout: 30_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (e) => done({ status: 0, body: '', error: e.message }));
      });
      req.on('timeout', () => req.destroy(new Error('timeout after 30 s')));
      req.on('error', (e) => done({ status: 0, body: '', error: e.message }));
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface Sample {
  i: number;
  reply: Reply;
}

export interface RunResult {
  samples: Sample[];
  seconds: number;
  truncated: boolean;
}

/**
 * `count` requests from `concurrency` workers, each sending its next request when the previous
 * answer arrives; no new request starts after `deadline` (performance.now() milliseconds).
 */
export async function closedLoop(count: number, concurrency: number, deadline: number, send: (i: number) => Promise<Reply>): Promise<RunResult> {
  const samples: Sample[] = [];
  let next = 0;
  let truncated = false;
  const start = performance.now();
  const worker = async () => {
    for (;;) {
      if (next >= count) return;
      if (performance.now() > deadline) {
        truncated = true;
        return;
      }
      const i = next++;
      samples.push({ i, reply: await send(i) });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { samples, seconds: (performance.now() - start) / 1000, truncated };
}

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

const round = (x: number) => Math.round(x * 100) / 100;

/** Nearest-rank percentiles in milliseconds. */
export function latency(ms: number[]): LatencySummary {
  if (ms.length === 0) return { count: 0, p50: NaN, p90: NaN, p99: NaN, max: NaN, mean: NaN };
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
  return {
    count: s.length,
    p50: round(at(0.5)),
    p90: round(at(0.9)),
    p99: round(at(0.99)),
    max: round(s[s.length - 1]!),
    mean: round(s.reduce((a, b) => a + b, 0) / s.length),
  };
}

export function statusCounts(samples: Sample[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { reply } of samples) {
    const key = reply.status === 0 ? `error: ${reply.error ?? 'unknown'}` : String(reply.status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

const TICK = 100; // USER_HZ on Linux

/** Busy CPU seconds of the whole machine since boot (all cores), from /proc/stat. */
export function machineBusySeconds(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
    return (user! + nice! + system! + irq! + softirq! + steal!) / TICK;
  } catch {
    return NaN;
  }
}

export interface ProcessCpu {
  comm: string;
  /** user + system CPU seconds of the process (all its threads) */
  seconds: number;
  systemSeconds: number;
  /** CPU seconds of its children that have exited (e.g. PostgreSQL's autovacuum workers, finished test runs) */
  exitedChildrenSeconds: number;
}

/** CPU seconds of every process, by pid, with its command name. */
export function processCpu(): Map<number, ProcessCpu> {
  const out = new Map<number, ProcessCpu>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      // fields[0] is state (field 3); utime, stime, cutime, cstime are fields 14–17.
      out.set(Number(pid), {
        comm,
        seconds: (Number(fields[11]) + Number(fields[12])) / TICK,
        systemSeconds: Number(fields[12]) / TICK,
        exitedChildrenSeconds: (Number(fields[13]) + Number(fields[14])) / TICK,
      });
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** write(v) system calls made so far by a process (Linux /proc/PID/io). */
export function writeSyscalls(pid: number): number {
  try {
    return Number(/syscw: (\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}
