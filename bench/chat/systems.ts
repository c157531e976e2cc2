/**
 * The two systems compare.ts alternates between, each started in its own child process on 127.0.0.1 against
 * its own fresh PostgreSQL schema: kefu as deployed (`cli.ts start --no-demo`, set up like run.ts does) and the
 * bare pipeline (bare.ts). Both are driven by one LoadGenerator each, with the same options.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../../apps/server/src/db/database.ts';
import { startServer, type ServerProcess } from './server.ts';
import { prepareDatabase, SHOP_KEY, type BenchAgent } from './setup.ts';

export type SystemName = 'kefu' | 'bare';

export interface RunningSystem {
  name: SystemName;
  server: ServerProcess;
  agents: BenchAgent[];
  shopKey: string;
  /** the application_name of its PostgreSQL connections, to find their backends */
  appName: string;
  /** stops the server and drops its schema */
  stop(): Promise<void>;
}

export interface SystemOptions {
  pgUrl: string;
  agents: number;
  maxChats: number;
  poolSize?: number;
}

async function withSchema(admin: pg.Client, name: SystemName) {
  const id = randomBytes(5).toString('hex');
  const schema = `bench_chat_${name}_${id}`;
  await admin.query(`create schema ${schema}`);
  return { schema, appName: `kefu-chat-${name}-${id}` };
}

export async function startKefu(admin: pg.Client, o: SystemOptions): Promise<RunningSystem> {
  const { schema, appName } = await withSchema(admin, 'kefu');
  const database = openDatabase({ url: o.pgUrl, schema, poolSize: 2 });
  const setup = await prepareDatabase(database.db, o.agents, o.maxChats).finally(() => database.close());
  const url = new URL(o.pgUrl);
  url.searchParams.set('application_name', appName);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const env: Record<string, string> = { DATABASE_URL: url.toString() };
  if (o.poolSize !== undefined) env.DB_POOL_SIZE = String(o.poolSize);
  const server = await startServer(env);
  return { name: 'kefu', server, agents: setup.agents, shopKey: setup.shopKey, appName, stop: stopper(admin, server, schema) };
}

export async function startBare(admin: pg.Client, o: SystemOptions): Promise<RunningSystem> {
  const { schema, appName } = await withSchema(admin, 'bare');
  const env = { BARE_DATABASE_URL: o.pgUrl, BARE_SCHEMA: schema, BARE_APP_NAME: appName, BARE_POOL_SIZE: String(o.poolSize ?? 10) };
  const server = await startServer(env, undefined, undefined, ['bench/chat/bare.ts']);
  const agents = Array.from({ length: o.agents }, (_, j) => ({ id: j + 1, name: `bare agent ${j + 1}`, token: `agent-${j + 1}` }));
  return { name: 'bare', server, agents, shopKey: SHOP_KEY, appName, stop: stopper(admin, server, schema) };
}

function stopper(admin: pg.Client, server: ServerProcess, schema: string) {
  return async () => {
    await server.stop();
    await admin.query(`drop schema if exists ${schema} cascade`);
  };
}
