/**
 * The highest offered rate a chat system sustains, found by stepping (compare.ts: kefu against the bare pipeline;
 * scale.ts: one kefu process against three behind a load balancer). A system is measured by its processes' CPU and
 * that of its PostgreSQL backends (by application_name).
 */
import os from 'node:os';
import pg from 'pg';
import { processCpu } from '../tickets/http.ts';
import type { LoadGenerator, StepResult } from './load.ts';

/** What a search measures: a name, the processes that serve it, and its PostgreSQL connections' application_name. */
export interface Measured {
  name: string;
  pids(): number[];
  appName: string;
}

export const loadAverage = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/** The PostgreSQL backends serving one system now (their CPU is part of what a message costs). */
export async function backendPids(admin: pg.Client, appName: string): Promise<Set<number>> {
  const res = await admin.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [appName]);
  return new Set(res.rows.map((r) => r.pid));
}

/**
 * Sustained = no backlog: every message acked and delivered with none lost, the load generator sent what was
 * offered, the median shopper→agent latency of the window ≤ 50 ms and of its last second ≤ 100 ms. A queue
 * that grows (offered > capacity) raises the median within seconds; a short stall raises only the tail.
 */
export function sustains(step: StepResult, rate: number): boolean {
  const lastSecondP50 = step.timeline.at(-1)?.[0] ?? Infinity;
  return (
    step.drained &&
    step.totals.lost === 0 &&
    step.totals.duplicatedSameSeq + step.totals.deliveredTwiceDifferentSeq === 0 &&
    step.sentPerSec >= 0.97 * rate &&
    step.shopperToAgentMs.p50 <= 50 &&
    lastSecondP50 <= 100
  );
}

export interface Tried {
  rate: number;
  sustained: boolean;
  sentPerSec: number;
  deliveredPerSec: number;
  p50: number;
  p99: number;
  max: number;
  lost: number;
  /** CPU milliseconds per delivered message: the server process, and its PostgreSQL backends */
  serverCpuMsPerMsg: number;
  postgresCpuMsPerMsg: number;
  loadAverage: string;
}

export interface Search {
  system: string;
  round: number;
  sustainedPerSec: number;
  /** CPU milliseconds per message (server + its PostgreSQL backends), median over the rates tried: less sensitive to outside load */
  cpuMsPerMsg: number;
  tried: Tried[];
  loadAverage: string;
}

export async function measure(admin: pg.Client, system: Measured, generator: LoadGenerator, rate: number): Promise<Tried> {
  const pids = await backendPids(admin, system.appName);
  const before = processCpu();
  const step = await generator.steady(rate);
  const after = processCpu();
  for (const pid of await backendPids(admin, system.appName)) pids.add(pid);
  const used = (pid: number) => Math.max(0, (after.get(pid)?.seconds ?? 0) - (before.get(pid)?.seconds ?? 0));
  const server = system.pids().reduce((sum, pid) => sum + used(pid), 0);
  let postgres = 0;
  for (const pid of pids) postgres += used(pid);
  const delivered = Math.max(1, step.totals.deliveredUnique);
  const ms = (seconds: number) => Math.round(((seconds * 1000) / delivered) * 1000) / 1000;
  const lat = step.shopperToAgentMs;
  return {
    rate: step.rateTarget,
    sustained: sustains(step, step.rateTarget),
    sentPerSec: step.sentPerSec,
    deliveredPerSec: step.deliveredPerSec,
    p50: lat.p50,
    p99: lat.p99,
    max: lat.max,
    lost: step.totals.lost,
    serverCpuMsPerMsg: ms(server),
    postgresCpuMsPerMsg: ms(postgres),
    loadAverage: loadAverage(),
  };
}

/** Up from the start while sustained, down while not, halving the bracket; stops when it is within 10 %. */
export interface SearchOptions {
  /** offered rates tried at most */
  maxSteps: number;
  log(message: string): void;
}

export async function search(
  admin: pg.Client,
  system: Measured,
  generator: LoadGenerator,
  start: number,
  round: number,
  { maxSteps, log }: SearchOptions,
): Promise<Search> {
  const tried: Tried[] = [];
  let best = 0;
  let failedAt = Infinity;
  let rate = start;
  for (let n = 0; n < maxSteps; n++) {
    const t = await measure(admin, system, generator, rate);
    tried.push(t);
    log(
      `  ${system.name} ${t.rate}/s: ${t.sustained ? 'sustained' : 'NOT sustained'} — sent ${t.sentPerSec}/s, delivered ${t.deliveredPerSec}/s, ` +
        `p50 ${t.p50} p99 ${t.p99} max ${t.max} ms, lost ${t.lost}, CPU/msg server ${t.serverCpuMsPerMsg} + pg ${t.postgresCpuMsPerMsg} ms (load ${t.loadAverage})`,
    );
    if (t.sustained) best = Math.max(best, t.rate);
    else failedAt = Math.min(failedAt, t.rate);
    if (t.rate < rate) break; // capped by the shoppers' per-second limit: cannot offer more
    if (best > 0 && failedAt < Infinity && failedAt / best <= 1.1) break;
    // Over capacity, what got through in the window is near the capacity: start below it rather than step down blindly.
    const below = Math.min(failedAt * 0.75, t.deliveredPerSec * 0.9);
    const next = failedAt === Infinity ? best * 1.25 : best > 0 ? (best + failedAt) / 2 : below;
    rate = Math.max(10, Math.round(next / 10) * 10);
    if (!t.sustained) await settle(generator, log);
  }
  const cpuMsPerMsg = median(tried.map((x) => x.serverCpuMsPerMsg + x.postgresCpuMsPerMsg));
  return { system: system.name, round, sustainedPerSec: best, cpuMsPerMsg: Math.round(cpuMsPerMsg * 1000) / 1000, tried, loadAverage: loadAverage() };
}

/**
 * After a step that left a backlog: waits until every message sent so far is acked and delivered (up to 90 s,
 * then 2 s more), so that the next step starts on an idle server instead of inheriting the queue.
 */
async function settle(generator: LoadGenerator, log: (message: string) => void) {
  const last = generator.result().trackings?.at(-1);
  const done = () => {
    if (!last) return true;
    for (let i = 0; i < last.total; i++) if (last.sentAt[i]! > 0 && (last.ackAt[i] === 0 || last.deliveredCount[i] === 0)) return false;
    return true;
  };
  const until = performance.now() + 90_000;
  while (!done() && performance.now() < until) await new Promise((r) => setTimeout(r, 200));
  if (!done()) log('  a backlog is still not cleared after 90 s');
  await new Promise((r) => setTimeout(r, 2000));
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
