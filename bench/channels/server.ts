/**
 * The server under test for bench/channels, in its own process (forked with an IPC channel): the real Fastify app
 * on 127.0.0.1 over a fresh PostgreSQL schema, with its background work on (the event room delivers after each
 * commit, as in production), the order webhook on, webhooks allowed to the loopback receiver, e-mail in's SMTP
 * endpoint when EMAIL_IN_SMTP_PORT is given, JD's chat push when JD_APP_KEY is. Answers 'cpu' and 'stop'.
 */
import { buildApp } from '../../apps/server/src/app.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { openDatabase } from '../../apps/server/src/db/database.ts';

const config = loadConfig({
  LOG_LEVEL: 'warn',
  SWEEP_INTERVAL_MS: '2000',
  DATABASE_URL: process.env.BENCH_PG_URL,
  ORDER_WEBHOOK_SECRET: process.env.ORDER_WEBHOOK_SECRET,
  WEBHOOK_PRIVATE_TARGETS: 'allow',
  EMAIL_IN_SMTP_PORT: process.env.EMAIL_IN_SMTP_PORT,
  EMAIL_IN_SMTP_HOST: process.env.EMAIL_IN_SMTP_HOST,
  EMAIL_IN_ADDRESSES: process.env.EMAIL_IN_ADDRESSES,
  EMAIL_IN_PER_SENDER_PER_MINUTE: process.env.EMAIL_IN_PER_SENDER_PER_MINUTE,
  JD_APP_KEY: process.env.JD_APP_KEY,
  JD_APP_SECRET: process.env.JD_APP_SECRET,
  JD_ACCESS_TOKEN: process.env.JD_ACCESS_TOKEN,
  JD_API_URL: process.env.JD_API_URL,
  CHAT_MAX_CHATS: process.env.CHAT_MAX_CHATS,
});
const database = openDatabase({ url: config.DATABASE_URL, schema: process.env.BENCH_SCHEMA, poolSize: config.DB_POOL_SIZE });
const app = await buildApp({ db: database.db, engine: database.engine, config }, { logger: true });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (!address || typeof address === 'string') throw new Error('no TCP address');
process.on('message', async (message: { cmd: 'cpu' | 'stop' }) => {
  if (message.cmd === 'cpu') {
    const u = process.cpuUsage();
    process.send!({ type: 'cpu', cpuSeconds: (u.user + u.system) / 1e6 });
  } else {
    await app.close();
    await database.close();
    process.exit(0);
  }
});
process.send!({ type: 'ready', port: address.port, smtpPort: app.emailIn.port });
