/**
 * Phase 1, breach latency at scale: two (`workers`) kefu processes sweep every second (worker.ts) while the
 * burst's clocks fall due; per clock, the time from its due time to the sweep's mark (`breached_at`) and to the
 * commit of the batch that acted on it; then exactly-once: every clock breached once, one `sla.breached` event
 * and one `sla_breached` timeline entry per clock.
 */
import os from 'node:os';
import { sql } from 'kysely';
import type { Db } from '../../apps/server/src/db/database.ts';
import { summarize, type LatencySummary } from '../chat/load.ts';
import { machineBusySeconds, processCpu } from '../tickets/http.ts';
import { startChild, sleep, type Child } from './children.ts';
import { burstTicketsDue, checkBurst, insertBurst, type BurstCheck, type Reference } from './fill.ts';
import type { WorkerReady, WorkerStats } from './worker.ts';

export interface BurstOptions {
  url: string;
  burst: number;
  spreadSeconds: number;
  leadSeconds: number;
  drainSeconds: number;
  workers: number;
  workerPool: number;
  hub: boolean;
  events: boolean;
  reassignPercent: number;
  /** how fast the fill inserted clocks from tickets: the burst's insert takes about burst / this */
  clockRowsPerSecond: number;
}

export interface BurstResult {
  insertSeconds: number;
  /** from the end of the fill (burst inserted, analyzed) to the first due time */
  leadSeconds: number;
  /** from the first due time until every burst clock was breached, or the phase gave up */
  seconds: number;
  allBreached: boolean;
  /** due time → the commit of the sweep batch that breached it, ms */
  actedMs: LatencySummary;
  check: BurstCheck;
  /** clocks that two workers both reported breaching (must be 0) */
  breachedByTwoWorkers: number;
  perWorker: { clocks: number; sweepRuns: number; busyRuns: number; meanBusyRunMs: number; longestRunMs: number; errors: string[] }[];
  cores: { workers: number; postgres: number; other: number };
  loadAverage: { atStart: number[]; peak1m: number; atEnd: number[] };
}

const appName = (i: number) => `kefu-sla-worker-${i + 1}`;

function withAppName(url: string, name: string): string {
  const u = new URL(url);
  u.searchParams.set('application_name', name);
  return u.toString();
}

async function backendPids(db: Db, like: string): Promise<Set<number>> {
  const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where application_name like ${like}`.execute(db);
  return new Set(rows.map((r) => r.pid));
}

export async function runBurst(db: Db, ref: Reference, o: BurstOptions, log: (m: string) => void): Promise<BurstResult> {
  const workers: Child<WorkerReady>[] = [];
  try {
    for (let i = 0; i < o.workers; i++) {
      workers.push(
        await startChild<WorkerReady>('./worker.ts', {
          SLA_BENCH_URL: withAppName(o.url, appName(i)),
          SLA_BENCH_POOL: String(o.workerPool),
          SLA_BENCH_HUB: o.hub ? '1' : '0',
          SLA_BENCH_EVENTS: o.events ? '1' : '0',
        }),
      );
    }
    log(`${o.workers} sweep workers up (pids ${workers.map((w) => w.ready.pid).join(', ')}), sweeping every 1 s`);

    // The burst's minute starts `leadSeconds` after the fill ends; the insert itself takes a few seconds.
    const t0 = Date.now();
    const insertGuess = 2 + (1.5 * o.burst) / o.clockRowsPerSecond;
    const startAt = new Date(t0 + (o.leadSeconds + insertGuess) * 1000);
    const endAt = new Date(startAt.getTime() + o.spreadSeconds * 1000);
    await insertBurst(db, ref, o.burst, startAt, o.spreadSeconds * 1000, o.reassignPercent);
    const filledAt = Date.now();
    const lead = (startAt.getTime() - filledAt) / 1000;
    log(
      `burst of ${o.burst.toLocaleString()} clocks inserted in ${((filledAt - t0) / 1000).toFixed(1)} s; due from ${startAt.toISOString()} over ${o.spreadSeconds} s (${lead.toFixed(1)} s after the fill)`,
    );

    await sleep(Math.max(0, startAt.getTime() - Date.now()));
    const pidsSet = new Set(workers.map((w) => w.ready.pid));
    const pg0 = await backendPids(db, 'kefu-sla-worker-%');
    const cpu0 = processCpu();
    const m0 = machineBusySeconds();
    const w0 = performance.now();
    const loadAtStart = os.loadavg().map((x) => Math.round(x * 100) / 100);
    let peak = loadAtStart[0]!;
    let breached = 0;
    const giveUpAt = endAt.getTime() + o.drainSeconds * 1000;
    for (;;) {
      await sleep(1000);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from sla_clocks
        where breached_at is not null and due_at >= ${startAt} and due_at <= ${endAt}`.execute(db);
      breached = rows[0]!.n;
      peak = Math.max(peak, os.loadavg()[0]!);
      const now = Date.now();
      if (now > endAt.getTime() && breached >= o.burst) break;
      if (now > giveUpAt) break;
      if ((now - startAt.getTime()) % 10_000 < 1000)
        log(`  ${Math.round((now - startAt.getTime()) / 1000)} s: ${breached.toLocaleString()} breached`);
    }
    const seconds = (Date.now() - startAt.getTime()) / 1000;
    const cpu1 = processCpu();
    const wall = (performance.now() - w0) / 1000;
    const machine = machineBusySeconds() - m0;
    const pgPids = new Set([...pg0, ...(await backendPids(db, 'kefu-sla-worker-%'))]);
    // A backend that ended meanwhile is left out (its CPU since the start is unknown); one that started counts whole.
    const used = (pids: Set<number>) =>
      [...pids].reduce((s, pid) => s + (cpu1.has(pid) ? cpu1.get(pid)!.seconds - (cpu0.get(pid)?.seconds ?? 0) : 0), 0);
    const workerCpu = used(pidsSet);
    const pgCpu = used(pgPids);
    const loadAtEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
    log(
      `${breached.toLocaleString()} of ${o.burst.toLocaleString()} breached ${seconds.toFixed(1)} s after the first due time; stopping the workers`,
    );

    const stats: WorkerStats[] = [];
    for (const w of workers) {
      const next = w.next<WorkerStats>('stats', 60_000);
      w.child.send({ cmd: 'stop' });
      stats.push(await next);
    }
    const all = stats.flatMap((s) => s.clockIds);
    const check = await checkBurst(db, startAt, endAt);
    await burstTicketsDue(db, o.burst);
    return {
      insertSeconds: (filledAt - t0) / 1000,
      leadSeconds: lead,
      seconds,
      allBreached: breached >= o.burst,
      actedMs: summarize(stats.flatMap((s) => s.actedMs)),
      check,
      breachedByTwoWorkers: all.length - new Set(all).size,
      perWorker: stats.map((s) => ({
        clocks: s.clockIds.length,
        sweepRuns: s.runs.length,
        busyRuns: s.runs.filter((r) => r.breached > 0).length,
        meanBusyRunMs: Math.round(mean(s.runs.filter((r) => r.breached > 0).map((r) => r.ms))),
        longestRunMs: Math.round(Math.max(0, ...s.runs.map((r) => r.ms))),
        errors: s.errors,
      })),
      cores: {
        workers: round2(workerCpu / wall),
        postgres: round2(pgCpu / wall),
        other: round2(Math.max(0, machine - workerCpu - pgCpu) / wall),
      },
      loadAverage: { atStart: loadAtStart, peak1m: Math.round(peak * 100) / 100, atEnd: loadAtEnd },
    };
  } finally {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
