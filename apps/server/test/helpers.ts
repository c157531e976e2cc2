import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Role } from '@kefu/domain';
import type { InjectOptions } from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { AppContext } from '../src/http/context.ts';
import { createUser } from '../src/users/service.ts';

const MIGRATIONS = fileURLToPath(new URL('../src/db/migrations/', import.meta.url));
const SNAPSHOTS = fileURLToPath(new URL('../../../node_modules/.cache/kefu-tests/', import.meta.url));
const PGLITE_PACKAGE = fileURLToPath(new URL('../../../node_modules/@electric-sql/pglite/package.json', import.meta.url));

/**
 * A migrated PGlite data folder as a tarball, made once per set of migrations and kept on disk for every test file
 * (each runs in its own process): starting PGlite from it takes a third of a second, where an empty folder's initdb
 * and the migrations take nearly two. Written under a temporary name and renamed, so two workers never read half a file.
 */
async function migratedPglite(): Promise<Blob> {
  const hash = createHash('sha256').update(readFileSync(PGLITE_PACKAGE));
  for (const name of readdirSync(MIGRATIONS).sort()) hash.update(name).update(readFileSync(join(MIGRATIONS, name)));
  const file = join(SNAPSHOTS, `migrated-${hash.digest('hex').slice(0, 16)}.tar`);
  if (existsSync(file)) return new Blob([readFileSync(file)]);
  const fresh = openDatabase({ dataDir: 'memory://' });
  try {
    await migrateToLatest(fresh.db);
    const tarball = await fresh.snapshot!();
    mkdirSync(SNAPSHOTS, { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await tarball.arrayBuffer()));
    renameSync(partial, file);
    return tarball;
  } finally {
    await fresh.close();
  }
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or — when DATABASE_URL is set —
 * a schema of its own on that PostgreSQL, dropped at the end.
 */
export async function createTestContext(env: Record<string, string> = {}): Promise<{ ctx: AppContext; close(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  // Tests drive deadlines and deliveries themselves: no background sweep unless a test asks for one.
  const config = loadConfig({ LOG_LEVEL: 'silent', SWEEP_INTERVAL_MS: '0', ...env });
  if (!url) {
    const database = openDatabase({ dataDir: 'memory://', loadDataDir: await migratedPglite() });
    await migrateToLatest(database.db);
    return { ctx: { db: database.db, engine: database.engine, config }, close: () => database.close() };
  }
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const database = openDatabase({ url, schema, poolSize: 5 });
  await migrateToLatest(database.db);
  return {
    ctx: { db: database.db, engine: database.engine, config: { ...config, DATABASE_URL: url } },
    close: async () => {
      await database.close();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
}

export const PASSWORD = 'correct-horse-1';

/** An app on a fresh database with one user per role, and a logged-in client for each. */
export async function createTestApp(env: Record<string, string> = {}) {
  const { ctx, close } = await createTestContext(env);
  const app = await buildApp(ctx, { logger: false });
  const roles: Role[] = ['admin', 'supervisor', 'agent', 'warehouse', 'finance', 'product'];
  const users: Record<string, { id: number; cookie: string }> = {};
  for (const role of roles) {
    const user = await createUser(ctx.db, null, { username: role, displayName: `${role}用户`, role, password: PASSWORD });
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: role, password: PASSWORD } });
    const cookie = res.cookies.find((c) => c.name === 'kefu_session');
    if (!cookie) throw new Error(`login failed for ${role}: ${res.body}`);
    users[role] = { id: user.id, cookie: `kefu_session=${cookie.value}` };
  }
  const as = (role: string) => {
    const user = users[role];
    if (!user) throw new Error(`no test user ${role}`);
    return (options: InjectOptions) => app.inject({ ...options, headers: { ...options.headers, cookie: user.cookie } });
  };
  return {
    app,
    ctx,
    users,
    as,
    async close() {
      await app.close();
      await close();
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;
export type Client = ReturnType<TestApp['as']>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers loosely unless they name a type
export function json<T = any>(res: { body: string }): T {
  return JSON.parse(res.body) as T;
}
