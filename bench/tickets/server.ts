/**
 * The server under test, in its own process (started by run.ts with `node --import tsx` and an
 * IPC channel): the real Fastify app from apps/server on 127.0.0.1, a fresh migrated database, a
 * benchmark agent with an API token. run.ts sends it commands over IPC for the work that must
 * happen inside this process (PGlite has a single connection): bulk loading, EXPLAIN, CPU time.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../apps/server/src/app.ts';
import { createApiToken } from '../../apps/server/src/auth/tokens.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { openDatabase, type Database } from '../../apps/server/src/db/database.ts';
import { migrateToLatest } from '../../apps/server/src/db/migrate.ts';
import { createUser } from '../../apps/server/src/users/service.ts';
import { bulkLoad, createReferenceData, databaseInfo, explainSearches, type Reference } from './load.ts';

export type Command =
  | { cmd: 'load'; count: number; batchSize: number }
  | { cmd: 'info' }
  | { cmd: 'explain'; queries: { label: string; q: string }[] }
  | { cmd: 'cpu' }
  | { cmd: 'profile-start' }
  | { cmd: 'profile-stop'; path: string }
  | { cmd: 'stop' };

export interface Ready {
  type: 'ready';
  port: number;
  token: string;
  engine: string;
  poolSize: number | null;
  reference: Reference;
  startSeconds: number;
}

const send = (message: unknown) => new Promise<void>((resolve) => process.send!(message, () => resolve()));

async function main() {
  const t0 = performance.now();
  const engine = process.env.BENCH_ENGINE;
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: process.env.BENCH_DATA_DIR ?? 'memory://',
    ...(engine === 'postgres' ? { DATABASE_URL: process.env.BENCH_PG_URL } : {}),
    ...(process.env.BENCH_POOL_SIZE ? { DB_POOL_SIZE: process.env.BENCH_POOL_SIZE } : {}),
    // Diagnosis only: without event delivery and jobs, what the request path alone costs.
    ...(process.env.BENCH_NO_BACKGROUND ? { SWEEP_INTERVAL_MS: '0' } : {}),
  });
  const database: Database =
    engine === 'postgres'
      ? openDatabase({ url: config.DATABASE_URL, schema: process.env.BENCH_SCHEMA, poolSize: config.DB_POOL_SIZE })
      : openDatabase({ dataDir: config.DATA_DIR });
  const { db } = database;
  await migrateToLatest(db);
  const user = await createUser(db, null, { username: 'bench', displayName: '压测客服', role: 'agent', password: 'bench-password-1' });
  const { token } = await createApiToken(
    db,
    { id: user.id, username: user.username, displayName: user.display_name, role: 'agent', via: 'token' },
    'ticket bench',
  );
  const reference = await createReferenceData(db, Number(process.env.BENCH_CUSTOMERS ?? 2000));
  const app: FastifyInstance = await buildApp({ db, engine: database.engine, config }, { logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');

  let stopping = false;
  let profiler: Session | undefined;
  process.on('message', async (message: { id: number } & Command) => {
    try {
      let result: unknown;
      switch (message.cmd) {
        case 'load':
          result = await bulkLoad(db, reference, message.count, message.batchSize, user.id);
          break;
        case 'info':
          result = await databaseInfo(db);
          break;
        case 'explain':
          result = await explainSearches(db, message.queries);
          break;
        case 'cpu': {
          const u = process.cpuUsage();
          result = { cpuSeconds: (u.user + u.system) / 1e6, rssMb: Math.round(process.memoryUsage().rss / 1048576) };
          break;
        }
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
  // Never outlive the benchmark: if run.ts goes away, so does this process.
  process.on('disconnect', () => {
    if (!stopping) process.exit(1);
  });
  await send({
    type: 'ready',
    port: address.port,
    token,
    engine: database.engine,
    poolSize: database.engine === 'postgres' ? config.DB_POOL_SIZE : null,
    reference,
    startSeconds: (performance.now() - t0) / 1000,
  } satisfies Ready);
}

main().catch(async (error: unknown) => {
  await send({ type: 'error', error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) }).catch(() => {});
  process.exit(1);
});
