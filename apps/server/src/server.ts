import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { openConfiguredDatabase, type Database } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { ensureShop } from './conversations/visitors.ts';

export interface RunningServer {
  app: FastifyInstance;
  database: Database;
  stop(): Promise<void>;
}

/**
 * Opens the database (or takes one the caller opened, so a PGlite folder stays locked from seeding to serving),
 * applies migrations, listens; stop() finishes in-flight requests before closing the database.
 */
export async function startServer(config: Config, opened?: Database): Promise<RunningServer> {
  const database = opened ?? openConfiguredDatabase(config);
  let app: FastifyInstance | undefined;
  try {
    const applied = await migrateToLatest(database.db);
    await ensureShop(database.db);
    app = await buildApp({ db: database.db, engine: database.engine, config });
    if (applied.length) app.log.info({ applied }, 'migrations applied');
    await app.listen({ port: config.PORT, host: config.HOST });
  } catch (err) {
    await app?.close().catch(() => {});
    await database.close().catch(() => {});
    throw err;
  }
  app.log.info({ engine: database.engine }, 'kefu is ready');
  let stopping: Promise<void> | undefined;
  const listening = app;
  const stop = () => {
    stopping ??= (async () => {
      await listening.close();
      await database.close();
    })();
    return stopping;
  };
  return { app: listening, database, stop };
}
