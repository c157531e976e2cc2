/**
 * Reports benchmark for kefu (issue 12, "Speed"): the reports at scale, and chat while a report runs.
 *
 *   npm run bench:reports                         (small: 100k tickets / 1M messages on PostgreSQL; --help for all)
 *   npm run bench:reports -- --full               (1M tickets / 10M messages on PostgreSQL, 100k / 1M on PGlite)
 *
 *   1. PostgreSQL, in a database of its own (created, migrated, dropped at the end): a year of a shop's history filled
 *      set-based, the facts by the app's rebuildFacts, then through the real app over HTTP as a supervisor: the
 *      dashboard, the agents' table and the question statistics for months and filters (per page view and per
 *      request), the weekly after-sales brief made and downloaded (PDF, Excel); the reports' statements EXPLAINed.
 *   2. PGlite: a smaller history in a data folder, the server as deployed, bench/chat's load at a fixed rate for a
 *      window without reports and one while the heaviest reports run in a loop: chat latency side by side.
 * Prints the figures and writes bench/reports/last-results.json.
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type Database } from '../../apps/server/src/db/database.ts';
import { children, sleep, startChild, type Child } from '../sla/children.ts';
import { Client } from '../tickets/http.ts';
import type { FillSizes } from './fill.ts';
import { fillHistory } from './history.ts';
import { briefDays, measurePage, monthRanges, weeklyBrief, type PageName } from './measure.ts';
import { pgliteChatPhase } from './pglite.ts';
import { report, type Results } from './report.ts';
import type { ExplainedStatement, ReportName, ServerReady } from './server.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));

const { values: args } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    tickets: { type: 'string' },
    messages: { type: 'string' },
    'messages-per-conversation': { type: 'string', default: '10' },
    'after-sales': { type: 'string' },
    customers: { type: 'string' },
    agents: { type: 'string', default: '50' },
    products: { type: 'string', default: '200' },
    months: { type: 'string', default: '12' },
    ranges: { type: 'string', default: '20' },
    'brief-weeks': { type: 'string', default: '3' },
    'no-explain': { type: 'boolean', default: false },
    'pglite-tickets': { type: 'string' },
    'pglite-messages': { type: 'string' },
    'chat-rate': { type: 'string', default: '50' },
    'chat-seconds': { type: 'string', default: '60' },
    'chat-warmup': { type: 'string', default: '5' },
    'chat-conversations': { type: 'string', default: '500' },
    'chat-agents': { type: 'string', default: '20' },
    'chat-reply-every': { type: 'string', default: '2' },
    phases: { type: 'string', default: '1,2' },
    'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' },
    db: { type: 'string', default: 'kefu_bench_reports' },
    'keep-db': { type: 'boolean', default: false },
    'time-limit': { type: 'string', default: '3600' },
    out: { type: 'string', default: `${HERE}last-results.json` },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(`usage: npx tsx bench/reports/run.ts [options]          (defaults in brackets; --full: the sizes of the issue)
 phase 1  --tickets N [100000; --full 1000000]  --messages N [1000000; --full 10000000]  --messages-per-conversation N [10]
          --after-sales N [tickets/10] --customers N [tickets/5] --agents N [50] --products N [200] --months N [12]
          --ranges N [20] months/filters per page   --brief-weeks N [3]   --no-explain
 phase 2  --pglite-tickets N [20000; --full 100000]  --pglite-messages N [200000; --full 1000000]
          --chat-rate R [50] shopper msg/s   --chat-seconds S [60] per window   --chat-warmup S [5]
          --chat-conversations N [500] --chat-agents N [20] --chat-reply-every K [2]
 general  --phases 1,2   --pg-url URL (127.0.0.1 only)   --db NAME [kefu_bench_reports] created and dropped
          --keep-db   --time-limit S [3600]   --out FILE [bench/reports/last-results.json]`);
  process.exit(0);
}

const int = (name: keyof typeof args, fallback?: number, min = 0) => {
  const raw = args[name];
  const n = raw === undefined ? fallback : Number(raw);
  if (n === undefined || !Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
  return n;
};
function sizesOf(tickets: number, messages: number): FillSizes {
  const perConversation = int('messages-per-conversation', undefined, 4);
  return {
    tickets,
    conversations: Math.max(1, Math.round(messages / perConversation)),
    messagesPerConversation: perConversation,
    afterSales: int('after-sales', Math.round(tickets / 10), 1),
    customers: int('customers', Math.max(100, Math.round(tickets / 5)), 1),
    agents: int('agents', undefined, 4),
    products: int('products', undefined, 1),
    orders: Math.max(100, Math.round(tickets * 0.3)),
  };
}
const sizes = sizesOf(int('tickets', args.full ? 1_000_000 : 100_000, 1), int('messages', args.full ? 10_000_000 : 1_000_000, 1));
const pgliteSizes = sizesOf(int('pglite-tickets', args.full ? 100_000 : 20_000, 1), int('pglite-messages', args.full ? 1_000_000 : 200_000, 1));
const months = int('months', undefined, 2);
const phases = new Set(args.phases!.split(',').map(Number));
const dbName = args.db!;
if (!/^[a-z_][a-z0-9_]*$/.test(dbName) || ['test', 'postgres'].includes(dbName)) throw new Error('--db: a new database name of your own');
const baseUrl = new URL(args['pg-url']!);
if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(baseUrl.hostname)) throw new Error('--pg-url must point at this machine');
const urlOf = (database: string, appName?: string) => {
  const u = new URL(baseUrl);
  u.pathname = `/${database}`;
  if (appName) u.searchParams.set('application_name', appName);
  return u.toString();
};

const t0 = performance.now();
const log = (m: string) => console.error(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(7)} s] ${m}`);
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
  if (!args['keep-db'] && phases.has(1))
    await Promise.race([dropDatabase().catch((e: Error) => console.error(`could not drop ${dbName}: ${e.message}`)), sleep(15_000)]);
  process.exit(2);
}

/**
 * The server runs the `reports.backfill-facts` job as it starts (interval jobs run at once): over the whole history,
 * with nothing stale. Measuring starts after it, and its time is a figure of its own.
 */
async function backfillRunAtStart(): Promise<{ ms: number | null; error: string | null }> {
  const c = new pg.Client({ connectionString: urlOf(dbName, 'kefu-reports-bench-watch') });
  await c.connect();
  try {
    for (let i = 0; i < 600; i++) {
      const { rows } = await c.query<{ run_count: number; last_duration_ms: number | null; last_error: string | null }>(
        `select run_count, last_duration_ms, last_error from scheduled_jobs where name = 'reports.backfill-facts'`,
      );
      if (rows[0] && rows[0].run_count > 0) return { ms: rows[0].last_duration_ms, error: rows[0].last_error };
      await sleep(1000);
    }
    return { ms: null, error: 'did not finish within 10 minutes' };
  } finally {
    await c.end();
  }
}

/** Phase 1: fill, then the reports through the real app, then EXPLAIN of their statements. */
async function postgresPhase(results: Results, deadlineAt: number) {
  await dropDatabase();
  await admin((c) => c.query(`create database ${dbName}`));
  log(
    `database ${dbName} created; filling ${sizes.tickets.toLocaleString()} tickets, ${(sizes.conversations * sizes.messagesPerConversation).toLocaleString()} messages…`,
  );
  let database: Database | undefined;
  let server: Child<ServerReady> | undefined;
  const clients: Client[] = [];
  try {
    database = openDatabase({ url: urlOf(dbName, 'kefu-reports-bench-fill'), poolSize: 2 });
    results.machine.postgres = (await sql<{ server_version: string }>`show server_version`.execute(database.db)).rows[0]!.server_version;
    const { ref, span, result: history } = await fillHistory(database.db, 'postgres', sizes, months, log);
    const pgResult: NonNullable<Results['postgres']> = { history, serverStartSeconds: 0, pages: [], briefs: [], explain: [] };
    results.postgres = pgResult;
    results.loadAverage.afterFill = load();
    await database.close();
    database = undefined;

    server = await startChild<ServerReady>('../reports/server.ts', { REPORTS_BENCH_URL: urlOf(dbName, 'kefu-reports-bench-server') });
    pgResult.serverStartSeconds = Math.round(server.ready.startSeconds * 10) / 10;
    log(`server up on 127.0.0.1:${server.ready.port} in ${pgResult.serverStartSeconds} s`);
    pgResult.backfillJobAtStart = await backfillRunAtStart();
    log(`reports.backfill-facts at start (nothing stale): ${JSON.stringify(pgResult.backfillJobAtStart)}`);
    const supervisor = new Client(server.ready.port, server.ready.supervisorToken, 4);
    const adminClient = new Client(server.ready.port, server.ready.adminToken, 1);
    clients.push(supervisor, adminClient);

    const ranges = monthRanges(span, ref, int('ranges', undefined, 1));
    const days = briefDays(span, int('brief-weeks', undefined, 1));
    const warmup = { label: 'warm-up week', from: days[0]!, to: days[0]! };
    for (const page of ['dashboard', 'agents', 'questions'] as PageName[]) {
      if (performance.now() > deadlineAt) throw new Error('time limit reached');
      pgResult.pages.push(await measurePage(supervisor, page, ranges, warmup, log));
    }
    for (const day of days) {
      const run = await weeklyBrief(adminClient, day);
      pgResult.briefs.push(run);
      log(`  weekly brief (week of ${day}): ${run.totalMs} ms (build ${run.buildMs}, PDF ${run.pdfMs}, Excel ${run.xlsxMs}) ${run.status}`);
    }
    results.loadAverage.afterReports = load();
    if (!args['no-explain']) {
      const month = ranges.find((r) => !r.agentId && !r.groupId && !r.channel && r.from.endsWith('-01')) ?? ranges[0]!;
      const reportsToExplain: [ReportName, object][] = [
        ['kpis', { from: month.from, to: month.to }],
        ['agents', { from: month.from, to: month.to }],
        ['questions', { from: month.from, to: month.to }],
        ['weekly', { from: days[0]!, to: days[0]! }],
      ];
      for (const [reportName, query] of reportsToExplain) {
        log(`EXPLAIN ANALYZE ${reportName}…`);
        const explained = await server.call<ExplainedStatement[]>({ cmd: 'explain', report: reportName, query }, 600_000);
        pgResult.explain.push(...explained);
      }
    }
  } finally {
    for (const c of clients) c.close();
    await server?.call({ cmd: 'stop' }, 30_000).catch(() => server?.child.kill('SIGKILL'));
    await database?.close();
    if (!args['keep-db']) await dropDatabase();
    else log(`kept database ${dbName}: drop it yourself`);
  }
}

async function main() {
  const limit = int('time-limit', undefined, 60);
  const deadlineAt = performance.now() + limit * 1000;
  const hardStop = setTimeout(() => void emergency(`time limit of ${limit} s reached`), (limit + 60) * 1000);
  process.once('SIGINT', () => void emergency('interrupted'));
  process.once('SIGTERM', () => void emergency('terminated'));
  const results: Results = {
    generatedAt: new Date().toISOString(),
    command: `npx tsx bench/reports/run.ts ${process.argv.slice(2).join(' ')}`.trim(),
    machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, postgres: '' },
    options: { postgres: sizes, pglite: pgliteSizes, ...args },
    loadAverage: { start: load() },
    errors: [],
    totalSeconds: 0,
  };
  const attempt = async (what: string, run: () => Promise<void>) => {
    try {
      await run();
    } catch (error) {
      results.errors.push(`${what}: ${error instanceof Error ? `${error.message}\n${error.stack}` : String(error)}`);
      log(`error: ${results.errors.at(-1)}`);
    }
  };
  const save = () => writeFileSync(args.out!, `${JSON.stringify(results, null, 2)}\n`);
  if (phases.has(1)) await attempt('postgres', () => postgresPhase(results, deadlineAt));
  save(); // a later phase that fails or runs out of time leaves these figures
  if (phases.has(2))
    await attempt('pglite', async () => {
      log(
        `PGlite: filling ${pgliteSizes.tickets.toLocaleString()} tickets, ${(pgliteSizes.conversations * pgliteSizes.messagesPerConversation).toLocaleString()} messages…`,
      );
      results.pglite = await pgliteChatPhase(
        {
          sizes: pgliteSizes,
          months,
          chatAgents: int('chat-agents', undefined, 1),
          chatConversations: int('chat-conversations', undefined, 1),
          rate: int('chat-rate', undefined, 1),
          seconds: int('chat-seconds', undefined, 5),
          warmupSeconds: int('chat-warmup'),
          replyEvery: int('chat-reply-every'),
          deadlineAt: deadlineAt - 60_000,
        },
        log,
      );
      results.loadAverage.afterPglite = load();
    });
  clearTimeout(hardStop);
  results.totalSeconds = Math.round((performance.now() - t0) / 100) / 10;
  results.loadAverage.end = load();
  console.log(report(results));
  save();
  process.exitCode = results.errors.length ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  void emergency('unexpected error');
});
