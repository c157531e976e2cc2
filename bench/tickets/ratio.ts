/**
 * kefu's ticket creates against the bare baseline, in the same run, alternating:
 *
 *   npx tsx bench/tickets/ratio.ts [--rounds 3] [--seconds 10] [--concurrency 32] [--pglite] [--cpu-prof DIR]
 *
 * Starts kefu (server.ts, PostgreSQL; with --pglite also on PGlite) and the bare create server (bare.ts: Fastify +
 * pg, no kefu code) side by side, then for each round gives each of them a window of closed-loop POST /api/tickets
 * with the same bodies and connections, one after the other (the order turns each round, so neither always runs
 * first). Prints each window's creates/s, latency, CPU per create and the 1-minute load average, and the median
 * ratio kefu / bare; writes bench/tickets/ratio-results.json. The absolute figures move with other load on the
 * machine; the ratio of windows minutes apart holds much better.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { killChildren, startBare, startKefu, type Contender } from './contenders.ts';
import { createTicketBody, rng } from './corpus.ts';
import { Client, closedLoop, latency, processCpu, statusCounts, writeSyscalls, type LatencySummary } from './http.ts';
import type { Reference } from './load.ts';
import { summarizeProfile } from './profile.ts';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '32' },
    'pool-size': { type: 'string', default: '10' },
    pglite: { type: 'boolean', default: false },
    'no-background': { type: 'boolean', default: false },
    'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    'cpu-prof': { type: 'string' },
    out: { type: 'string', default: fileURLToPath(new URL('./ratio-results.json', import.meta.url)) },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(`usage: npx tsx bench/tickets/ratio.ts [options]
  --rounds N         rounds; each gives every server one window (3)
  --seconds S        length of a window (10)
  --warmup S         unmeasured creates on each server first (3)
  --concurrency C    keep-alive connections (32)
  --pool-size N      database pool of kefu and of the bare server (10, kefu's default)
  --pglite           also kefu on PGlite, in the same rounds
  --no-background    kefu without event delivery and jobs (SWEEP_INTERVAL_MS=0): the request path alone, to
                     diagnose; not the figure to report
  --pg-url URL       PostgreSQL on this machine (postgres://postgres@127.0.0.1:5432/test)
  --cpu-prof DIR     profile kefu during its windows (DIR/ratio-<engine>-<round>.cpuprofile; slows kefu)
  --out FILE         results JSON (bench/tickets/ratio-results.json)`);
  process.exit(0);
}

const positive = (name: 'rounds' | 'seconds' | 'warmup' | 'concurrency' | 'pool-size') => {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer`);
  return n;
};
const opts = {
  rounds: Math.max(1, positive('rounds')),
  seconds: Math.max(1, positive('seconds')),
  warmup: positive('warmup'),
  concurrency: Math.max(1, positive('concurrency')),
  poolSize: Math.max(1, positive('pool-size')),
  pgUrl: args['pg-url']!,
};
if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(new URL(opts.pgUrl).hostname)) throw new Error('--pg-url must point at this machine');

interface Window {
  round: number;
  label: string;
  creates: number;
  seconds: number;
  perSec: number;
  latencyMs: LatencySummary;
  statuses: Record<string, number>;
  /** CPU milliseconds per create: the server process, and its PostgreSQL backends */
  serverCpuMs: number;
  pgCpuMs: number;
  /** write syscalls of the server process per create: SQL round trips + 1 (the HTTP answer) on PostgreSQL */
  writesPerCreate: number;
  /** 1-minute load average at the end of the window */
  load1: number;
}

function createBodies(reference: Reference, count: number) {
  const r = rng(4242);
  return Array.from({ length: count }, () => createTicketBody(r, reference));
}

async function backendPids(admin: pg.Client, appName: string | undefined): Promise<number[]> {
  if (!appName) return [];
  const { rows } = await admin.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [appName]);
  return rows.map((r) => r.pid);
}

async function cpuSeconds(admin: pg.Client, contender: Contender) {
  const procs = processCpu();
  const backends = await backendPids(admin, contender.appName);
  return {
    server: procs.get(contender.pid)?.seconds ?? NaN,
    backends: new Map(backends.map((pid) => [pid, procs.get(pid)?.seconds ?? 0])),
  };
}

async function measure(
  admin: pg.Client,
  contender: Contender,
  bodies: object[],
  seconds: number,
  round: number,
  profileDir?: string,
): Promise<Window> {
  const client = new Client(contender.port, contender.token, opts.concurrency);
  if (profileDir) await contender.profile(true);
  const before = await cpuSeconds(admin, contender);
  const writesBefore = writeSyscalls(contender.pid);
  let next = 0;
  const run = await closedLoop(Number.MAX_SAFE_INTEGER, opts.concurrency, performance.now() + seconds * 1000, () =>
    client.request('POST', '/api/tickets', bodies[next++ % bodies.length]),
  );
  const after = await cpuSeconds(admin, contender);
  const writes = writeSyscalls(contender.pid) - writesBefore;
  client.close();
  if (profileDir) {
    const file = `${profileDir}/ratio-${contender.label.replace(/\s+/g, '-')}-${round}.cpuprofile`;
    await contender.profile(false, file);
    const summary = summarizeProfile(file, 15);
    console.error(`  profile ${file}: busy ${summary.busyMs} ms; by package ${summary.byPackage.map(([k, v]) => `${k} ${v}%`).join(', ')}`);
  }
  const created = run.samples.filter((s) => s.reply.status === 201).length;
  let pgSeconds = 0;
  // A backend that started during the window (the pool reconnects after 10 s idle) counts from its start.
  for (const [pid, end] of after.backends) pgSeconds += end - (before.backends.get(pid) ?? 0);
  const failed = run.samples.find((s) => s.reply.status !== 201);
  if (failed) console.error(`  ${contender.label}: e.g. ${failed.reply.status} ${failed.reply.error ?? failed.reply.body.slice(0, 300)}`);
  return {
    round,
    label: contender.label,
    creates: created,
    seconds: Math.round(run.seconds * 100) / 100,
    perSec: Math.round(created / run.seconds),
    latencyMs: latency(run.samples.map((s) => s.reply.ms)),
    statuses: statusCounts(run.samples),
    serverCpuMs: Math.round(((after.server - before.server) / Math.max(1, created)) * 1e5) / 100,
    pgCpuMs: Math.round((pgSeconds / Math.max(1, created)) * 1e5) / 100,
    writesPerCreate: Math.round((writes / Math.max(1, created)) * 10) / 10,
    load1: Math.round(os.loadavg()[0]! * 100) / 100,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return Math.round(m * 100) / 100;
};

async function main() {
  const admin = new pg.Client({ connectionString: opts.pgUrl });
  await admin.connect();
  const contenders: Contender[] = [];
  const stopAll = async () => {
    for (const c of contenders.splice(0)) await c.stop().catch((e: Error) => console.error(`stopping ${c.label}: ${e.message}`));
    await admin.end().catch(() => {});
  };
  const interrupted = (why: string) => {
    console.error(`${why}: stopping`);
    void stopAll().finally(() => {
      killChildren();
      process.exit(2);
    });
  };
  process.once('SIGINT', () => interrupted('interrupted'));
  process.once('SIGTERM', () => interrupted('terminated'));
  const windows: Window[] = [];
  try {
    const background = !args['no-background'];
    const kefu = await startKefu('postgres', opts.pgUrl, opts.poolSize, background);
    contenders.push(kefu);
    if (args.pglite) contenders.push(await startKefu('pglite', opts.pgUrl, undefined, background));
    contenders.push(await startBare(opts.pgUrl, opts.poolSize));
    const bodies = createBodies(kefu.reference!, 20_000);
    for (const c of contenders) {
      // PGlite's customers and groups were made the same way, so they have the same ids.
      if (opts.warmup > 0) await measure(admin, c, bodies, opts.warmup, 0);
    }
    for (let round = 1; round <= opts.rounds; round++) {
      const order = round % 2 ? contenders : [...contenders].reverse();
      for (const c of order) {
        const w = await measure(admin, c, bodies, opts.seconds, round, args['cpu-prof'] && c.label.startsWith('kefu') ? args['cpu-prof'] : undefined);
        windows.push(w);
        console.error(
          `round ${round} ${w.label.padEnd(12)} ${String(w.perSec).padStart(6)} creates/s  p50 ${w.latencyMs.p50} ms  p99 ${w.latencyMs.p99} ms  ` +
            `CPU ms/create server ${w.serverCpuMs} pg ${w.pgCpuMs}  writes/create ${w.writesPerCreate}  load ${w.load1}`,
        );
      }
    }
  } finally {
    await stopAll();
  }
  report(windows);
}

function report(windows: Window[]) {
  const labels = [...new Set(windows.map((w) => w.label))];
  const perRound = (label: string) => windows.filter((w) => w.label === label);
  const bare = perRound('bare');
  const ratios = (label: string) => perRound(label).map((w) => w.perSec / bare.find((b) => b.round === w.round)!.perSec);
  const lines = [`\nticket creates, kefu vs bare — ${new Date().toISOString()} — ${os.cpus().length} cores, ${opts.concurrency} connections`];
  for (const label of labels) {
    const ws = perRound(label);
    lines.push(
      `${label.padEnd(12)} creates/s by round: ${ws.map((w) => w.perSec).join(', ')} (median ${median(ws.map((w) => w.perSec))}); ` +
        `CPU ms/create server ${median(ws.map((w) => w.serverCpuMs))} pg ${median(ws.map((w) => w.pgCpuMs))}; ` +
        `writes/create ${median(ws.map((w) => w.writesPerCreate))}; ` +
        `p99 ${median(ws.map((w) => w.latencyMs.p99))} ms; load ${ws.map((w) => w.load1).join(', ')}`,
    );
  }
  const summary: Record<string, number> = {};
  for (const label of labels.filter((l) => l !== 'bare')) {
    const rs = ratios(label);
    summary[`${label} / bare`] = Math.round(median(rs) * 100) / 100;
    lines.push(`${label} / bare: ${rs.map((r) => r.toFixed(2)).join(', ')} → median ${summary[`${label} / bare`]}`);
  }
  if (labels.includes('kefu pglite')) {
    const rs = perRound('kefu pglite').map((w) => w.perSec / perRound('kefu postgres').find((p) => p.round === w.round)!.perSec);
    summary['kefu pglite / kefu postgres'] = Math.round(median(rs) * 100) / 100;
    lines.push(`kefu pglite / kefu postgres: median ${summary['kefu pglite / kefu postgres']}`);
  }
  lines.push(
    `load average (1, 5, 15 min) at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`,
  );
  console.log(lines.join('\n'));
  writeFileSync(args.out!, `${JSON.stringify({ generatedAt: new Date().toISOString(), options: opts, summary, windows }, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  killChildren();
  process.exit(1);
});
