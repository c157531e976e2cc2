/**
 * The servers ratio.ts compares, each in its own child process (`node --import tsx`, IPC): kefu (server.ts, the real
 * app on PostgreSQL or PGlite) and the bare baseline (bare.ts, PostgreSQL only). Each gets its own schema or data
 * folder, removed by `stop()`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Reference } from './load.ts';
import type { Command, Ready } from './server.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Contender {
  label: string;
  port: number;
  token: string;
  pid: number;
  /** PostgreSQL application_name of its pool's connections, to find their backends (none on PGlite) */
  appName?: string;
  reference?: Reference;
  profile(start: boolean, path?: string): Promise<void>;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();

/** Kills every child still running: for an interrupted run. */
export function killChildren(): void {
  for (const child of children) child.kill('SIGKILL');
}

interface Channel {
  child: ChildProcess;
  ready: Record<string, unknown>;
  call<T>(message: Record<string, unknown>, timeoutMs?: number): Promise<T>;
}

function start(script: string, env: Record<string, string>): Promise<Channel> {
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let nextId = 1;
  const waiting = new Map<number, (reply: { ok: boolean; result?: unknown; error?: string }) => void>();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not start within 120 s`));
    }, 120_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      for (const w of waiting.values()) w({ ok: false, error: `${script} exited (code ${code}, signal ${signal})` });
      reject(new Error(`${script} exited (code ${code}, signal ${signal})`));
    });
    child.on('message', (message: { type?: string; id?: number; ok?: boolean; error?: string; result?: unknown }) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve({
          child,
          ready: message,
          call: <T>(command: Record<string, unknown>, timeoutMs = 60_000) =>
            new Promise<T>((res, rej) => {
              const id = nextId++;
              const t = setTimeout(() => rej(new Error(`${script}: ${String(command.cmd)} took over ${timeoutMs / 1000} s`)), timeoutMs);
              waiting.set(id, (reply) => {
                clearTimeout(t);
                waiting.delete(id);
                if (reply.ok) res(reply.result as T);
                else rej(new Error(reply.error));
              });
              child.send({ id, ...command });
            }),
        });
      } else if (message.type === 'error') {
        clearTimeout(timer);
        reject(new Error(`${script} failed to start: ${message.error}`));
      } else if (typeof message.id === 'number') {
        waiting.get(message.id)?.({ ok: Boolean(message.ok), result: message.result, error: message.error });
      }
    });
  });
}

async function dropSchema(pgUrl: string, schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  try {
    await admin.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await admin.end();
  }
}

function withAppName(pgUrl: string, appName: string): string {
  const url = new URL(pgUrl);
  url.searchParams.set('application_name', appName);
  return url.toString();
}

/** kefu's real app (server.ts) on a fresh schema or PGlite folder, with its reference data. */
export async function startKefu(engine: 'postgres' | 'pglite', pgUrl: string, poolSize?: number, background = true): Promise<Contender> {
  const env: Record<string, string> = { BENCH_ENGINE: engine, BENCH_CUSTOMERS: '2000' };
  if (!background) env.BENCH_NO_BACKGROUND = '1';
  if (poolSize) env.BENCH_POOL_SIZE = String(poolSize);
  let schema: string | undefined;
  let dataDir: string | undefined;
  let appName: string | undefined;
  if (engine === 'postgres') {
    schema = `bench_ratio_kefu_${randomBytes(4).toString('hex')}`;
    appName = `kefu-ratio-${schema.slice(-8)}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    Object.assign(env, { BENCH_PG_URL: withAppName(pgUrl, appName), BENCH_SCHEMA: schema });
  } else {
    dataDir = mkdtempSync(`${os.tmpdir()}/kefu-ratio-pglite-`);
    env.BENCH_DATA_DIR = dataDir;
  }
  const cleanup = async () => {
    if (schema) await dropSchema(pgUrl, schema);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  let channel: Channel;
  try {
    channel = await start('./server.ts', env);
  } catch (error) {
    await cleanup();
    throw error;
  }
  const ready = channel.ready as unknown as Ready;
  return {
    label: `kefu ${engine}`,
    port: ready.port,
    token: ready.token,
    pid: channel.child.pid!,
    appName,
    reference: ready.reference,
    async profile(startIt, path) {
      const command: Command = startIt ? { cmd: 'profile-start' } : { cmd: 'profile-stop', path: path! };
      await channel.call(command);
    },
    async stop() {
      await channel.call({ cmd: 'stop' }, 30_000).catch(() => channel.child.kill('SIGKILL'));
      await cleanup();
    },
  };
}

/** The bare baseline (bare.ts) on a schema of its own in the same database. */
export async function startBare(pgUrl: string, poolSize?: number): Promise<Contender> {
  const schema = `bench_ratio_bare_${randomBytes(4).toString('hex')}`;
  const appName = `bare-ratio-${schema.slice(-8)}`;
  const token = randomBytes(24).toString('hex');
  const env: Record<string, string> = { BARE_PG_URL: withAppName(pgUrl, appName), BARE_SCHEMA: schema, BARE_TOKEN: token };
  if (poolSize) env.BARE_POOL_SIZE = String(poolSize);
  let channel: Channel;
  try {
    channel = await start('./bare.ts', env);
  } catch (error) {
    await dropSchema(pgUrl, schema);
    throw error;
  }
  return {
    label: 'bare',
    port: channel.ready.port as number,
    token,
    pid: channel.child.pid!,
    appName,
    async profile() {},
    async stop() {
      const exited = new Promise((resolve) => channel.child.once('exit', resolve));
      channel.child.send({ cmd: 'stop' });
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (channel.child.exitCode === null) channel.child.kill('SIGKILL');
      await dropSchema(pgUrl, schema);
    },
  };
}
