import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { ensureShop } from './conversations/visitors.ts';

export interface RunningServer { app: FastifyInstance; database: Database; stop(): Promise<void> }

export function openConfiguredDatabase(config: Config): Database {
  return openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: config.DB_POOL_SIZE });
}

/** Opens the database, applies migrations, listens; stop() finishes in-flight requests before closing. */
export async function startServer(config: Config): Promise<RunningServer> {
  const database = openConfiguredDatabase(config);
  const applied = await migrateToLatest(database.db);
  await ensureShop(database.db);
  const app = await buildApp({ db: database.db, engine: database.engine, config });
  if (applied.length) app.log.info({ applied }, 'migrations applied');
  await app.listen({ port: config.PORT, host: config.HOST });
  app.log.info({ engine: database.engine }, 'kefu is ready');
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await app.close();
      await database.close();
    })();
    return stopping;
  };
  return { app, database, stop };
}
