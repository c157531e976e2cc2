/**
 * The kefu server for the PostgreSQL measurements, in its own process (started by run.ts through bench/sla's
 * children.ts, with an IPC channel): the real app (`buildApp`, background jobs and event delivery on, as deployed)
 * on 127.0.0.1 over the bench's database, with API tokens for its supervisor and admin. Over IPC: the statements a
 * report sends, EXPLAIN (ANALYZE, BUFFERS)ed on the database — what is slow and why.
 */
import { weekOf } from '@kefu/domain';
import { CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { buildApp } from '../../apps/server/src/app.ts';
import { createApiToken } from '../../apps/server/src/auth/service.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { openDatabase, type Db } from '../../apps/server/src/db/database.ts';
import type { DB } from '../../apps/server/src/db/schema.ts';
import { buildWeeklyBrief } from '../../apps/server/src/reports/briefs/weekly.ts';
import { agentReport } from '../../apps/server/src/reports/dashboard/agents.ts';
import { kpiReport } from '../../apps/server/src/reports/dashboard/kpi-report.ts';
import { reportPeriod } from '../../apps/server/src/reports/dashboard/period.ts';
import { questionReport } from '../../apps/server/src/reports/dashboard/questions.ts';

export type ReportName = 'kpis' | 'agents' | 'questions' | 'weekly';

export interface ExplainedStatement {
  report: ReportName;
  sql: string;
  executionMs: number;
  planningMs: number;
  plan: string[];
}

export interface ServerReady {
  type: 'ready';
  port: number;
  supervisorToken: string;
  adminToken: string;
  pid: number;
  startSeconds: number;
}

type Query = { from: string; to: string; agentId?: number; groupId?: number; channel?: string };

/** The report's work without its HTTP wrapper, on `db`: the same functions the routes call. */
function runReportFunction(db: Db, report: ReportName, q: Query): Promise<unknown> {
  if (report === 'weekly') return buildWeeklyBrief(db, weekOf(q.from));
  const period = reportPeriod(q);
  if (report === 'kpis') return kpiReport(db, period);
  if (report === 'agents') return agentReport(db, period);
  return questionReport(db, period);
}

/** The statements `report` sends for `q` (recorded on a connection of its own), each EXPLAIN ANALYZEd twice; the second kept. */
async function explainReport(url: string, db: Db, report: ReportName, q: Query): Promise<ExplainedStatement[]> {
  const captured: CompiledQuery[] = [];
  const recording = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
    log: (event) => {
      if (event.level === 'query') captured.push(event.query);
    },
  });
  try {
    await runReportFunction(recording, report, q);
  } finally {
    await recording.destroy();
  }
  const out: ExplainedStatement[] = [];
  for (const statement of captured) {
    let plan: string[] = [];
    for (let run = 0; run < 2; run++) {
      const res = await db.executeQuery<Record<string, string>>(
        CompiledQuery.raw(`explain (analyze, buffers) ${statement.sql}`, [...statement.parameters]),
      );
      plan = res.rows.map((row) => Object.values(row)[0]!);
    }
    const num = (re: RegExp) => Number(re.exec(plan.join('\n'))?.[1] ?? NaN);
    out.push({ report, sql: statement.sql, executionMs: num(/Execution Time: ([\d.]+)/), planningMs: num(/Planning Time: ([\d.]+)/), plan });
  }
  return out;
}

const send = (message: unknown) => new Promise<void>((resolve) => process.send!(message, () => resolve()));

async function main() {
  const t0 = performance.now();
  const url = process.env.REPORTS_BENCH_URL!;
  const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url, DATA_DIR: 'memory://' });
  const database = openDatabase({ url, poolSize: config.DB_POOL_SIZE });
  const { db } = database;
  const token = async (username: string) => {
    const user = await db
      .selectFrom('users')
      .select(['id', 'username', 'display_name', 'role'])
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    const principal = {
      id: user.id,
      username: user.username,
      displayName: user.display_name,
      role: user.role as 'supervisor',
      via: 'token' as const,
    };
    return (await createApiToken(db, principal, 'reports bench')).token;
  };
  const supervisorToken = await token('rb-supervisor');
  const adminToken = await token('rb-admin');
  const app = await buildApp({ db, engine: database.engine, config }, { logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');

  let stopping = false;
  process.on('message', async (message: { id: number; cmd: 'explain' | 'stop'; report?: ReportName; query?: Query }) => {
    try {
      let result: unknown;
      if (message.cmd === 'explain') result = await explainReport(url, db, message.report!, message.query!);
      else {
        stopping = true;
        await app.close();
        await database.close();
        result = { stopped: true };
      }
      await send({ id: message.id, ok: true, result });
      if (stopping) process.exit(0);
    } catch (error) {
      await send({ id: message.id, ok: false, error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) });
    }
  });
  process.on('disconnect', () => {
    if (!stopping) process.exit(1);
  });
  await send({
    type: 'ready',
    port: address.port,
    supervisorToken,
    adminToken,
    pid: process.pid,
    startSeconds: (performance.now() - t0) / 1000,
  } satisfies ServerReady);
}

main().catch(async (error: unknown) => {
  await send({ type: 'error', error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) }).catch(() => {});
  process.exit(1);
});
