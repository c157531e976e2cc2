/**
 * Phase 3, the clock's CPU cost: the server's CPU time per ticket create (POST /api/tickets) and per chat
 * message (bench/chat's WebSocket load generator), with the shop's default policies ("on") and with every policy
 * disabled ("off": no clock starts), in alternating blocks of the same run (ABBA…, so a drift of the machine
 * falls on both). CPU is the server process's own (`process.cpuUsage`, over IPC) and its PostgreSQL backends'
 * (/proc). Clocks started per create or message are counted, to show that "on" did start clocks.
 */
import { sql } from 'kysely';
import type { Db } from '../../apps/server/src/db/database.ts';
import { LoadGenerator, summarize, type LatencySummary } from '../chat/load.ts';
import { prepareDatabase } from '../chat/setup.ts';
import { createTicketBody, rng } from '../tickets/corpus.ts';
import { closedLoop, processCpu, type Client } from '../tickets/http.ts';
import type { Child } from './children.ts';
import type { Reference } from './fill.ts';
import { clockProfile, type ClockProfile } from './profile.ts';
import type { ServerReady } from './server.ts';

export type Arm = 'on' | 'off';

export interface ArmResult {
  units: number;
  /** server process CPU ms per create / per message */
  serverMs: number;
  postgresMs: number;
  clocksPerUnit: number;
  latencyMs: LatencySummary;
  failed: number;
}

export interface CpuResult {
  what: string;
  on: ArmResult;
  off: ArmResult;
  /** on − off, server CPU ms per unit, and the spread of that difference over the block pairs */
  addedServerMs: number;
  addedPostgresMs: number;
  pairStdDevMs: number;
  blocks: number;
  /** --cpu-prof: where the server's CPU per create goes (extra profiled blocks, not in the figures above) */
  profile?: ClockProfile & { creates: number };
}

interface Mark {
  server: number;
  procs: ReturnType<typeof processCpu>;
  pg: Set<number>;
}

/** ABBA…: block i of `blocks` pairs runs these arms in this order. */
const order = (i: number): Arm[] => (i % 2 === 0 ? ['on', 'off'] : ['off', 'on']);

class Meter {
  private readonly totals = { on: blank(), off: blank() };
  private readonly perBlock: { on: number[]; off: number[] } = { on: [], off: [] };

  constructor(
    private readonly server: Child<ServerReady>,
    private readonly db: Db,
    private readonly appName: string,
  ) {}

  async mark(): Promise<Mark> {
    const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where application_name = ${this.appName}`.execute(this.db);
    const { cpuSeconds } = await this.server.call<{ cpuSeconds: number }>({ cmd: 'cpu' });
    return { server: cpuSeconds, procs: processCpu(), pg: new Set(rows.map((r) => r.pid)) };
  }

  add(arm: Arm, a: Mark, b: Mark, units: number, clocks: number, latencies: number[], failed: number) {
    // A backend that ended meanwhile is left out (its CPU since the mark is unknown); one that started counts whole.
    const pg = [...new Set([...a.pg, ...b.pg])].reduce(
      (s, pid) => s + (b.procs.has(pid) ? b.procs.get(pid)!.seconds - (a.procs.get(pid)?.seconds ?? 0) : 0),
      0,
    );
    const t = this.totals[arm];
    t.server += b.server - a.server;
    t.pg += pg;
    t.units += units;
    t.clocks += clocks;
    t.latencies.push(...latencies);
    t.failed += failed;
    this.perBlock[arm].push(units ? ((b.server - a.server) * 1000) / units : NaN);
  }

  result(what: string): CpuResult {
    const arm = (x: Arm): ArmResult => {
      const t = this.totals[x];
      return {
        units: t.units,
        serverMs: r3((t.server * 1000) / t.units),
        postgresMs: r3((t.pg * 1000) / t.units),
        clocksPerUnit: r3(t.clocks / t.units),
        latencyMs: summarize(t.latencies),
        failed: t.failed,
      };
    };
    const on = arm('on');
    const off = arm('off');
    const diffs = this.perBlock.on.map((v, i) => v - (this.perBlock.off[i] ?? NaN)).filter(Number.isFinite);
    const mean = diffs.reduce((s, d) => s + d, 0) / diffs.length;
    const sd = Math.sqrt(diffs.reduce((s, d) => s + (d - mean) ** 2, 0) / Math.max(1, diffs.length - 1));
    return {
      what,
      on,
      off,
      addedServerMs: r3(on.serverMs - off.serverMs),
      addedPostgresMs: r3(on.postgresMs - off.postgresMs),
      pairStdDevMs: r3(sd),
      blocks: diffs.length,
    };
  }
}

const blank = () => ({ server: 0, pg: 0, units: 0, clocks: 0, latencies: [] as number[], failed: 0 });
const r3 = (x: number) => Math.round(x * 1000) / 1000;

async function clockMark(db: Db): Promise<number> {
  const { rows } = await sql<{ id: number }>`select coalesce(max(id), 0)::bigint as id from sla_clocks`.execute(db);
  return Number(rows[0]!.id);
}

async function clocksSince(db: Db, id: number, kind: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from sla_clocks where id > ${id} and subject_kind = ${kind}`.execute(db);
  return rows[0]!.n;
}

export interface CreateOptions {
  creates: number;
  block: number;
  concurrency: number;
  warmup: number;
  /** a folder: profile one extra run of `profileCreates` per arm there */
  profileDir?: string;
  profileCreates: number;
}

export async function createCpu(
  server: Child<ServerReady>,
  client: Client,
  db: Db,
  ref: Reference,
  appName: string,
  o: CreateOptions,
  deadline: number,
  log: (m: string) => void,
): Promise<CpuResult> {
  const r = rng(11);
  const body = () => createTicketBody(r, ref);
  const post = () => client.request('POST', '/api/tickets', body());
  for (const arm of ['on', 'off'] as Arm[]) {
    await server.call({ cmd: 'policies', enabled: arm === 'on' });
    await closedLoop(o.warmup, o.concurrency, deadline, post);
  }
  const meter = new Meter(server, db, appName);
  const pairs = Math.ceil(o.creates / o.block);
  for (let i = 0; i < pairs; i++) {
    for (const arm of order(i)) {
      await server.call({ cmd: 'policies', enabled: arm === 'on' });
      const c0 = await clockMark(db);
      const a = await meter.mark();
      const run = await closedLoop(o.block, o.concurrency, deadline, post);
      const b = await meter.mark();
      const ok = run.samples.filter((s) => s.reply.status === 201);
      meter.add(
        arm,
        a,
        b,
        run.samples.length,
        await clocksSince(db, c0, 'ticket'),
        ok.map((s) => s.reply.ms),
        run.samples.length - ok.length,
      );
    }
  }
  const result = meter.result('ticket create (POST /api/tickets)');
  if (o.profileDir) {
    const file = (arm: Arm) => `${o.profileDir}/create-${arm}.cpuprofile`;
    for (const arm of ['on', 'off'] as Arm[]) {
      await server.call({ cmd: 'policies', enabled: arm === 'on' });
      await server.call({ cmd: 'profile-start' });
      await closedLoop(o.profileCreates, o.concurrency, deadline, post);
      await server.call({ cmd: 'profile-stop', path: file(arm) });
    }
    result.profile = { ...clockProfile(file('on'), file('off'), o.profileCreates), creates: o.profileCreates };
  }
  await server.call({ cmd: 'policies', enabled: true });
  log(`  creates: on ${result.on.serverMs} ms, off ${result.off.serverMs} ms server CPU each; clocks per create on ${result.on.clocksPerUnit}`);
  return result;
}

export interface ChatOptions {
  conversations: number;
  agents: number;
  rate: number;
  seconds: number;
  warmup: number;
  replyEvery: number;
  /** block pairs */
  pairs: number;
}

/**
 * Shoppers and agents over WebSockets (bench/chat/load.ts) on the same server: `pairs` × (on, off) steps of
 * `seconds` at `rate` shopper messages/s, an agent answering one in `replyEvery`. Per unit = per message stored
 * during the measured window (shoppers' and agents'), counted in the database.
 */
export async function chatCpu(
  server: Child<ServerReady>,
  db: Db,
  appName: string,
  o: ChatOptions,
  deadline: number,
  log: (m: string) => void,
): Promise<CpuResult> {
  const setup = await prepareDatabase(db, o.agents, 50);
  const meter = new Meter(server, db, appName);
  let edge: ((e: 'start' | 'end') => Promise<void>) | undefined;
  const load = new LoadGenerator({
    port: server.ready.port,
    shopKey: setup.shopKey,
    agents: setup.agents,
    conversations: o.conversations,
    seconds: o.seconds,
    warmupSeconds: o.warmup,
    replyEvery: o.replyEvery,
    connectRate: 200,
    connectConcurrency: 100,
    perAddress: 30,
    assignTimeoutS: 60,
    drainSeconds: 10,
    deadlineAt: deadline,
    log: (m) => log(`  chat: ${m}`),
    onWindow: (e) => edge?.(e) ?? Promise.resolve(),
  });
  try {
    await server.call({ cmd: 'policies', enabled: true });
    await load.connectAgents();
    const open = await load.openShoppers();
    log(`  chat: ${open.assigned} of ${open.shoppers} conversations assigned`);
    for (let i = 0; i < o.pairs; i++) {
      for (const arm of order(i)) {
        await server.call({ cmd: 'policies', enabled: arm === 'on' });
        let a: Mark | undefined;
        let from = new Date();
        let c0 = 0;
        let to = new Date();
        let b: Mark | undefined;
        edge = async (e) => {
          if (e === 'start') {
            c0 = await clockMark(db);
            from = new Date();
            a = await meter.mark();
          } else {
            b = await meter.mark();
            to = new Date();
          }
        };
        const step = await load.steady(o.rate);
        edge = undefined;
        if (!a || !b) throw new Error('the chat step had no measured window');
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from messages where at >= ${from} and at <= ${to}`.execute(db);
        // shopper → agent latency of this step's measured messages (those sent after its warm-up)
        const t = load.result().trackings!.at(-1)!;
        const latencies: number[] = [];
        for (let x = Math.floor(step.rateTarget * o.warmup); x < t.total; x++)
          if (t.deliveredCount[x]! > 0) latencies.push(t.deliveredAt[x]! - t.sentAt[x]!);
        meter.add(arm, a, b, rows[0]!.n, await clocksSince(db, c0, 'conversation'), latencies, step.totals.lost);
      }
    }
  } finally {
    load.markStopping();
    await load.close();
    await server.call({ cmd: 'policies', enabled: true }).catch(() => {});
  }
  const result = meter.result('chat message (WebSocket, shopper + agent)');
  log(`  chat: on ${result.on.serverMs} ms, off ${result.off.serverMs} ms server CPU per message; clocks per message on ${result.on.clocksPerUnit}`);
  return result;
}
