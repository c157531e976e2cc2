/**
 * The server under test for bench/orders, in its own process (forked by run.ts with an IPC channel): the real
 * Fastify app on 127.0.0.1 over a fresh PostgreSQL schema, with the order webhook on. Answers 'cpu' and 'stop'.
 */
import { buildApp } from '../../apps/server/src/app.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { openDatabase } from '../../apps/server/src/db/database.ts';

const config = loadConfig({
  LOG_LEVEL: 'silent',
  SWEEP_INTERVAL_MS: '0',
  DATABASE_URL: process.env.BENCH_PG_URL,
  ORDER_WEBHOOK_SECRET: process.env.ORDER_WEBHOOK_SECRET,
});
const database = openDatabase({ url: config.DATABASE_URL, schema: process.env.BENCH_SCHEMA, poolSize: config.DB_POOL_SIZE });
const app = await buildApp({ db: database.db, engine: database.engine, config }, { logger: false });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (!address || typeof address === 'string') throw new Error('no TCP address');
process.on('message', async (message: { cmd: 'cpu' | 'stop' }) => {
  if (message.cmd === 'cpu') {
    const u = process.cpuUsage();
    process.send!({ type: 'cpu', cpuSeconds: (u.user + u.system) / 1e6, rssMb: Math.round(process.memoryUsage().rss / 1048576) });
  } else {
    await app.close();
    await database.close();
    process.exit(0);
  }
});
process.send!({ type: 'ready', port: address.port });
