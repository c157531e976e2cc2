/**
 * Does a running report stall chat on PGlite? A PGlite data folder with a shop's history (history.ts) and bench/chat's
 * shop and agents; the server as deployed (`cli.ts start --no-demo`, bench/chat/server.ts); bench/chat's load
 * generator sends shopper messages at a fixed rate for a window without reports, then for a window while the heaviest
 * reports run in a loop (the month dashboard, the month agent table, the weekly brief made and downloaded as PDF and
 * Excel), one request at a time, as a supervisor at their desk would.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { createApiToken } from '../../apps/server/src/auth/service.ts';
import { openDatabase, type Database } from '../../apps/server/src/db/database.ts';
import { summarize, LoadGenerator, type LatencySummary, type StepResult } from '../chat/load.ts';
import { startServer, type ServerProcess } from '../chat/server.ts';
import { prepareDatabase } from '../chat/setup.ts';
import { Client } from '../tickets/http.ts';
import type { FillSizes } from './fill.ts';
import { fillHistory, type HistoryResult } from './history.ts';
import { briefDays, monthRanges, PAGES, weeklyBrief, type Range } from './measure.ts';

export interface PgliteOptions {
  sizes: FillSizes;
  months: number;
  chatAgents: number;
  chatConversations: number;
  rate: number;
  seconds: number;
  warmupSeconds: number;
  replyEvery: number;
  deadlineAt: number;
}

/** One window of chat load: what the shopper and the agent saw. */
export interface ChatWindow {
  sentPerSec: number;
  shopperToAgentMs: LatencySummary;
  ackMs: LatencySummary;
  agentToShopperMs: LatencySummary;
  lost: number;
  drained: boolean;
  worstSeconds: StepResult['worstSeconds'];
  /** the server's event loop (bench/chat/probe.ts), per second of the window: how long it was blocked, ms */
  serverEventLoop: { p99Median: number; max: number; secondsOver100ms: number };
  /** shopper→agent per second of the window: [p50, p99, max] ms */
  timeline: StepResult['timeline'];
}

export interface PgliteResult {
  history: HistoryResult;
  serverStartSeconds: number;
  chat: { conversations: number; agents: number; rate: number; assigned: number };
  withoutReports: ChatWindow;
  withReports: ChatWindow;
  /** the report requests that ran during the second window, ms, by what they were */
  reports: Record<string, LatencySummary>;
  reportLoops: number;
  reportFailures: string[];
  serverLog: string[];
}

/** The probe's lines (one a second) between two wall times: the event loop's worst delay in each. */
function eventLoop(probeFile: string, from: number, to: number): ChatWindow['serverEventLoop'] {
  const seconds = readFileSync(probeFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { t: number; loopMs: { p99: number; max: number } })
    .filter((l) => l.t >= from && l.t <= to);
  const p99 = seconds.map((l) => l.loopMs.p99).sort((a, b) => a - b);
  return {
    p99Median: p99[Math.floor(p99.length / 2)] ?? NaN,
    max: Math.max(0, ...seconds.map((l) => l.loopMs.max)),
    secondsOver100ms: seconds.filter((l) => l.loopMs.max > 100).length,
  };
}

const window = (s: StepResult, serverEventLoop: ChatWindow['serverEventLoop']): ChatWindow => ({
  sentPerSec: s.sentPerSec,
  shopperToAgentMs: s.shopperToAgentMs,
  ackMs: s.ackMs,
  agentToShopperMs: s.agentToShopperMs,
  lost: s.totals.lost,
  drained: s.drained,
  worstSeconds: s.worstSeconds,
  serverEventLoop,
  timeline: s.timeline,
});

/** The heaviest reports one after the other until `stop()`: dashboard and agent table of a month, then a weekly brief. */
function reportLoop(supervisor: Client, admin: Client, months: Range[], weeks: string[]) {
  const times: Record<string, number[]> = {};
  const failures: string[] = [];
  let stopped = false;
  let loops = 0;
  const note = (what: string, ms: number, status: number | string, body = '') => {
    (times[what] ??= []).push(ms);
    if (status !== 200 && status !== 'ok' && failures.length < 10) failures.push(`${what}: ${status} ${body.slice(0, 200)}`);
  };
  const running = (async () => {
    for (let i = 0; !stopped; i++) {
      const month = months[i % months.length]!;
      const kpis = await supervisor.request('GET', PAGES.dashboard(month)[0]!);
      note('dashboard month (GET /api/reports/kpis)', kpis.ms, kpis.status, kpis.body);
      if (stopped) break;
      const agents = await supervisor.request('GET', PAGES.agents(month)[0]!);
      note('agent table month (GET /api/reports/agents)', agents.ms, agents.status, agents.body);
      if (stopped) break;
      const brief = await weeklyBrief(admin, weeks[i % weeks.length]!);
      note('weekly brief: build (POST)', brief.buildMs, brief.status === 'ok' ? 200 : brief.status);
      note('weekly brief: PDF', brief.pdfMs, 200);
      note('weekly brief: Excel', brief.xlsxMs, 200);
      loops++;
    }
  })();
  return {
    async stop() {
      stopped = true;
      await Promise.race([running, new Promise((r) => setTimeout(r, 120_000))]);
      return { times: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, summarize(v)])), failures, loops };
    },
  };
}

export async function pgliteChatPhase(o: PgliteOptions, log: (m: string) => void): Promise<PgliteResult> {
  const dataDir = mkdtempSync(`${os.tmpdir()}/kefu-reports-bench-`);
  const probeFile = `${dataDir}.probe.jsonl`;
  let database: Database | undefined = openDatabase({ dataDir });
  let server: ServerProcess | undefined;
  let load: LoadGenerator | undefined;
  const clients: Client[] = [];
  try {
    log(`PGlite data dir ${dataDir}`);
    const setup = await prepareDatabase(database.db, o.chatAgents, 50);
    const { ref, span, result: history } = await fillHistory(database.db, 'pglite', o.sizes, o.months, log);
    const token = async (id: number, username: string, role: 'supervisor' | 'admin') =>
      (await createApiToken(database!.db, { id, username, displayName: username, role, via: 'token' }, 'reports bench')).token;
    const supervisorToken = await token(ref.supervisorId, 'rb-supervisor', 'supervisor');
    const adminToken = await token(ref.adminId, 'rb-admin', 'admin');
    await database.close(); // the server opens the folder: PGlite has one user
    database = undefined;

    server = await startServer({ DATA_DIR: dataDir }, undefined, probeFile);
    log(`server pid ${server.pid} on 127.0.0.1:${server.port} (ready in ${server.startSeconds.toFixed(1)} s)`);
    load = new LoadGenerator({
      port: server.port,
      shopKey: setup.shopKey,
      agents: setup.agents,
      conversations: o.chatConversations,
      seconds: o.seconds,
      warmupSeconds: o.warmupSeconds,
      replyEvery: o.replyEvery,
      connectRate: 100,
      connectConcurrency: 50,
      perAddress: 25,
      assignTimeoutS: 120,
      drainSeconds: 20,
      deadlineAt: o.deadlineAt,
      log,
    });
    const agents = await load.connectAgents();
    const open = await load.openShoppers();
    log(`${agents.online} agents online, ${open.assigned}/${open.shoppers} chats assigned`);

    log(`chat at ${o.rate} msg/s without reports…`);
    const quietFrom = Date.now();
    const quiet = await load.steady(o.rate);
    const quietLoop = eventLoop(probeFile, quietFrom, Date.now());
    log(`  shopper→agent p50 ${quiet.shopperToAgentMs.p50} / p99 ${quiet.shopperToAgentMs.p99} / max ${quiet.shopperToAgentMs.max} ms`);

    const supervisor = new Client(server.port, supervisorToken, 1);
    const admin = new Client(server.port, adminToken, 1);
    clients.push(supervisor, admin);
    const loop = reportLoop(supervisor, admin, monthRanges(span, ref, 3), briefDays(span, 3));
    log(`chat at ${o.rate} msg/s while the reports run…`);
    const busyFrom = Date.now();
    const busy = await load.steady(o.rate);
    const busyLoop = eventLoop(probeFile, busyFrom, Date.now());
    const reports = await loop.stop();
    log(
      `  shopper→agent p50 ${busy.shopperToAgentMs.p50} / p99 ${busy.shopperToAgentMs.p99} / max ${busy.shopperToAgentMs.max} ms; ${reports.loops} report loops`,
    );
    return {
      history,
      serverStartSeconds: Math.round(server.startSeconds * 10) / 10,
      chat: { conversations: o.chatConversations, agents: o.chatAgents, rate: o.rate, assigned: open.assigned },
      withoutReports: window(quiet, quietLoop),
      withReports: window(busy, busyLoop),
      reports: reports.times,
      reportLoops: reports.loops,
      reportFailures: reports.failures,
      serverLog: server.logLines.slice(0, 10),
    };
  } finally {
    for (const c of clients) c.close();
    load?.markStopping();
    await server?.stop().catch(() => server?.child.kill('SIGKILL'));
    await load?.close();
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
    for (const f of [probeFile, `${probeFile}.sql.jsonl`]) rmSync(f, { force: true });
  }
}
