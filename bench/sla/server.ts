/**
 * The kefu server for the list and CPU phases, in its own process (started by run.ts with `node --import tsx` and
 * an IPC channel): the real app (`buildApp`, background jobs and event delivery on, as deployed) on 127.0.0.1
 * over the benchmark's database, and an API token for one of its agents. Over IPC: this process's CPU time, and
 * switching the service-level policies on or off (in the database, and this process's 5 s policy cache).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../../apps/server/src/app.ts';
import { createApiToken } from '../../apps/server/src/auth/service.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { openDatabase } from '../../apps/server/src/db/database.ts';
import type { DB } from '../../apps/server/src/db/schema.ts';
import { forgetPolicies } from '../../apps/server/src/sla/policies.ts';
import { listTickets } from '../../apps/server/src/tickets/list.ts';

export type ServerCommand =
  | { cmd: 'cpu' }
  | { cmd: 'policies'; enabled: boolean }
  | { cmd: 'explain'; filter: object }
  | { cmd: 'profile-start' }
  | { cmd: 'profile-stop'; path: string }
  | { cmd: 'stop' };

export interface ExplainedStatement {
  sql: string;
  executionMs: number;
  planningMs: number;
  plan: string[];
}

export interface ServerReady {
  type: 'ready';
  port: number;
  token: string;
  pid: number;
  startSeconds: number;
}

/** The bench's own policy (fill.ts) stays disabled: "on" means the shop's default policies as migrated. */
const BENCH_POLICY = '压测·超时升级并转组';

/**
 * The statements listTickets sends for `filter` (recorded by a Kysely of its own on one connection), each
 * EXPLAIN (ANALYZE, BUFFERS)ed twice on the app's database; the second run is kept.
 */
async function explainList(url: string, db: Kysely<DB>, filter: object): Promise<ExplainedStatement[]> {
  const captured: CompiledQuery[] = [];
  const recording = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
    log: (event) => {
      if (event.level === 'query') captured.push(event.query);
    },
  });
  try {
    await listTickets(recording, { role: 'agent' }, filter as Parameters<typeof listTickets>[2]);
  } finally {
    await recording.destroy();
  }
  const out: ExplainedStatement[] = [];
  for (const q of captured) {
    let plan: string[] = [];
    for (let run = 0; run < 2; run++) {
      const res = await db.executeQuery<Record<string, string>>(CompiledQuery.raw(`explain (analyze, buffers) ${q.sql}`, [...q.parameters]));
      plan = res.rows.map((row) => Object.values(row)[0]!);
    }
    const num = (re: RegExp) => Number(re.exec(plan.join('\n'))?.[1] ?? NaN);
    out.push({ sql: q.sql, executionMs: num(/Execution Time: ([\d.]+)/), planningMs: num(/Planning Time: ([\d.]+)/), plan });
  }
  return out;
}

const send = (message: unknown) => new Promise<void>((resolve) => process.send!(message, () => resolve()));

async function main() {
  const t0 = performance.now();
  const url = process.env.SLA_BENCH_URL!;
  const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url, DATA_DIR: 'memory://' });
  const database = openDatabase({ url, poolSize: config.DB_POOL_SIZE });
  const { db } = database;
  const user = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name'])
    .where('username', '=', process.env.SLA_BENCH_USER ?? 'sla-agent-1')
    .executeTakeFirstOrThrow();
  const { token } = await createApiToken(
    db,
    { id: user.id, username: user.username, displayName: user.display_name, role: 'agent', via: 'token' },
    'sla bench',
  );
  const app = await buildApp({ db, engine: database.engine, config }, { logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');

  let stopping = false;
  let profiler: Session | undefined;
  process.on('message', async (message: { id: number } & ServerCommand) => {
    try {
      let result: unknown;
      switch (message.cmd) {
        case 'cpu': {
          const u = process.cpuUsage();
          result = { cpuSeconds: (u.user + u.system) / 1e6 };
          break;
        }
        case 'policies':
          await sql`update sla_policies set enabled = ${message.enabled} and name <> ${BENCH_POLICY}`.execute(db);
          forgetPolicies(db);
          result = { enabled: message.enabled };
          break;
        case 'explain':
          result = await explainList(url, db, message.filter);
          break;
        case 'profile-start':
          profiler = new Session();
          profiler.connect();
          await profiler.post('Profiler.enable');
          await profiler.post('Profiler.start');
          result = { profiling: true };
          break;
        case 'profile-stop': {
          if (!profiler) throw new Error('no profile running');
          const { profile } = await profiler.post('Profiler.stop');
          profiler.disconnect();
          profiler = undefined;
          writeFileSync(message.path, JSON.stringify(profile));
          result = { path: message.path };
          break;
        }
        case 'stop':
          stopping = true;
          await app.close();
          await database.close();
          result = { stopped: true };
          break;
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
  await send({ type: 'ready', port: address.port, token, pid: process.pid, startSeconds: (performance.now() - t0) / 1000 } satisfies ServerReady);
}

main().catch(async (error: unknown) => {
  await send({ type: 'error', error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) }).catch(() => {});
  process.exit(1);
});
