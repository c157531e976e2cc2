import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DataFolderLockedError,
  describeThisProcess,
  FOREIGN_STALE_MS,
  LOCK_FILE,
  lockDataFolder,
  type LockHolder,
} from '../src/db/data-folder-lock.ts';
import { openDatabase } from '../src/db/database.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const folders: string[] = [];
afterAll(() => {
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'kefu-lock-'));
  folders.push(folder);
  return folder;
}

function writeLock(folder: string, holder: Partial<LockHolder>): string {
  const path = join(folder, LOCK_FILE);
  writeFileSync(path, JSON.stringify({ ...describeThisProcess(), ...holder }));
  return path;
}

function lockHolder(folder: string): LockHolder {
  return JSON.parse(readFileSync(join(folder, LOCK_FILE), 'utf8')) as LockHolder;
}

/** A pid that surely belongs to no process: one that has just exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}

describe('the data folder lock', () => {
  it('refuses a second lock on the same folder in the same process until the first is released', () => {
    const folder = tempFolder();
    const first = lockDataFolder(folder);
    expect(lockHolder(folder).pid).toBe(process.pid);
    expect(() => lockDataFolder(folder)).toThrow(DataFolderLockedError);
    first.release();
    expect(existsSync(join(folder, LOCK_FILE))).toBe(false);
    lockDataFolder(folder).release();
  });

  it('refuses while the holder process is alive, naming the folder and the pid', () => {
    const folder = tempFolder();
    const parent = process.ppid; // alive for as long as this test runs
    writeLock(folder, { pid: parent, processStart: null, startedAt: '2026-01-01T00:00:00.000Z' });
    expect(() => lockDataFolder(folder)).toThrow(`kefu is running on ${folder} (pid ${parent}, since 2026-01-01T00:00:00.000Z)`);
    expect(lockHolder(folder).pid).toBe(parent);
  });

  it('takes over a lock left by a dead process, by an earlier boot, by a reused pid, or one that is unreadable', () => {
    const here = describeThisProcess();
    const stale: Array<Partial<LockHolder> | 'garbage'> = [
      { pid: deadPid() },
      ...(here.bootId ? [{ pid: process.ppid, bootId: 'another-boot' }] : []),
      ...(here.processStart ? [{ pid: process.ppid, processStart: '1' }] : []),
      'garbage',
    ];
    for (const holder of stale) {
      const folder = tempFolder();
      if (holder === 'garbage') writeFileSync(join(folder, LOCK_FILE), '');
      else writeLock(folder, holder);
      const lock = lockDataFolder(folder);
      expect(lockHolder(folder).pid).toBe(process.pid);
      lock.release();
    }
  });

  it('trusts a lock from another machine while it is refreshed, and takes it over once it is not', () => {
    const folder = tempFolder();
    const path = writeLock(folder, { hostname: 'elsewhere', pid: 4242 });
    expect(() => lockDataFolder(folder)).toThrow(/pid 4242 on host elsewhere/);
    const old = new Date(Date.now() - FOREIGN_STALE_MS - 1000);
    utimesSync(path, old, old);
    lockDataFolder(folder).release();
  });

  it('does not remove on release a lock that another process has since taken', () => {
    const folder = tempFolder();
    const lock = lockDataFolder(folder);
    writeLock(folder, { pid: process.ppid, processStart: null, nonce: 'someone-else' });
    lock.release();
    expect(lockHolder(folder).nonce).toBe('someone-else');
  });

  it('is not taken for PostgreSQL, whatever DATA_DIR says', async () => {
    const folder = tempFolder();
    const postgres = openDatabase({ url: 'postgres://nobody@127.0.0.1:1/none', dataDir: folder });
    expect(existsSync(join(folder, LOCK_FILE))).toBe(false);
    await postgres.close();
  });
});

// ——— real processes

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Kefu {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function kefu(dataDir: string, args: string[], env: Record<string, string> = {}): Kefu {
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/cli.ts', ...args], {
    cwd: root,
    env: { ...rest, DATA_DIR: dataDir, LOG_LEVEL: 'warn', SWEEP_INTERVAL_MS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** The exit code, or a failure (and the process killed) if it is still running after the time limit. */
async function exitCode(run: Kefu, timeoutMs = 30_000): Promise<number | null> {
  const timer = setTimeout(() => run.child.kill('SIGKILL'), timeoutMs);
  const code = await run.exited;
  clearTimeout(timer);
  return code;
}

async function startServing(dataDir: string): Promise<Kefu & { port: number }> {
  const port = await freePort();
  const run = kefu(dataDir, ['start', '--no-demo'], { PORT: String(port), HOST: '127.0.0.1' });
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (run.child.exitCode !== null) throw new Error(`kefu start exited:\n${run.output()}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return { ...run, port };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  run.child.kill('SIGKILL');
  throw new Error(`kefu start did not get ready:\n${run.output()}`);
}

/** Every file in the folder with its size and modification time (but the lock, which its holder touches): any write shows. */
function snapshot(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name !== LOCK_FILE)
    .map((e) => {
      const s = statSync(join(e.parentPath, e.name));
      return `${join(e.parentPath, e.name)} ${s.size} ${s.mtimeMs}`;
    })
    .sort();
}

describe('one kefu process per PGlite folder', () => {
  const dataDir = tempFolder();
  const admin = ['create-admin', '--username', 'boss', '--password', 'secret-pass-1'];

  it('a second start, create-admin, seed and migrate refuse while a server runs, saying how, and touch nothing', async () => {
    const first = await startServing(dataDir);
    try {
      const before = snapshot(dataDir);
      const runs = {
        start: kefu(dataDir, ['start', '--no-demo'], { PORT: String(await freePort()) }),
        createAdmin: kefu(dataDir, admin),
        seed: kefu(dataDir, ['seed']),
        migrate: kefu(dataDir, ['migrate']),
      };
      for (const run of Object.values(runs)) {
        expect(await exitCode(run)).toBe(1);
        expect(run.output()).toContain(`kefu is running on ${dataDir} (pid ${first.child.pid}, since `);
      }
      expect(runs.start.output()).toMatch(/stop it first, or set DATA_DIR to another folder/);
      expect(runs.createAdmin.output()).toMatch(/stop it first, or create the user through the running server: POST \/api\/users/);
      expect(runs.seed.output()).toMatch(/stop it first/);
      expect(runs.migrate.output()).toMatch(/restart it instead/);
      expect(snapshot(dataDir)).toEqual(before);
      expect((await fetch(`http://127.0.0.1:${first.port}/readyz`)).status).toBe(200);
    } finally {
      first.child.kill('SIGKILL');
      await first.exited;
    }
  }, 120_000);

  it('after kill -9 of the server its lock does not block the next start; after a clean stop create-admin works', async () => {
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(true); // left behind by the killed server
    const second = await startServing(dataDir);
    expect(lockHolder(dataDir).pid).toBe(second.child.pid);
    second.child.kill('SIGTERM');
    expect(await exitCode(second)).toBe(0);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);

    const create = kefu(dataDir, admin);
    expect(await exitCode(create, 60_000)).toBe(0);
    expect(create.output()).toMatch(/admin boss created/);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  }, 120_000);

  it('is held by an open database in this process too, and released when it closes', async () => {
    const database = openDatabase({ dataDir });
    expect(lockHolder(dataDir).pid).toBe(process.pid);
    expect(() => openDatabase({ dataDir })).toThrow(DataFolderLockedError);
    await database.close();
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  }, 60_000);
});
