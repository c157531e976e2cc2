import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/** The file inside a PGlite data folder that says which process has the folder open. */
export const LOCK_FILE = 'kefu.lock';
/** A holder on another machine refreshes the file's mtime this often… */
export const HEARTBEAT_MS = 10_000;
/** …so a lock from another machine untouched for this long is left over from a crash. */
export const FOREIGN_STALE_MS = 60_000;

const Holder = z.object({
  pid: z.number().int().positive(),
  hostname: z.string(),
  bootId: z.string().nullable(),
  processStart: z.string().nullable(),
  startedAt: z.string(),
  nonce: z.string(),
});
export type LockHolder = z.infer<typeof Holder>;

export class DataFolderLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    const where = holder.hostname === hostname() ? '' : ` on host ${holder.hostname}`;
    super(`kefu is running on ${dataDir} (pid ${holder.pid}${where}, since ${holder.startedAt})`);
    this.name = 'DataFolderLockedError';
  }
}

export interface DataFolderLock {
  readonly lockPath: string;
  release(): void;
}

/** Folders this process holds, by real path: a second open in the same process is refused too. */
const held = new Map<string, { lockPath: string; nonce: string; heartbeat: NodeJS.Timeout }>();

process.on('exit', () => {
  for (const folder of [...held.keys()]) releaseFolder(folder);
});

/**
 * Takes the data folder for this process, or throws DataFolderLockedError naming the live holder.
 * A lock whose holder is gone (killed, machine rebooted) is taken over.
 */
export function lockDataFolder(dataDir: string): DataFolderLock {
  const folder = realpathSync(dataDir);
  const lockPath = join(folder, LOCK_FILE);
  const mine = describeThisProcess();
  const existing = held.get(folder);
  if (existing) throw new DataFolderLockedError(dataDir, readHolder(lockPath) ?? mine);

  // A round may find a stale lock and clear it; the next then finds the folder free, or taken by a process
  // that cleared it at the same moment.
  for (let round = 0; round < 3; round++) {
    if (tryCreate(lockPath, mine)) {
      const heartbeat = setInterval(() => touch(lockPath), HEARTBEAT_MS).unref();
      held.set(folder, { lockPath, nonce: mine.nonce, heartbeat });
      return { lockPath, release: () => releaseFolder(folder) };
    }
    const current = readLockFile(lockPath);
    if (current === 'gone') continue;
    if (current.holder && isHolderAlive(current.holder, current.mtimeMs)) throw new DataFolderLockedError(dataDir, current.holder);
    clearStaleLock(lockPath, current.raw);
  }
  const holder = readHolder(lockPath);
  if (holder) throw new DataFolderLockedError(dataDir, holder);
  throw new Error(`could not take ${lockPath}: other processes keep replacing it`);
}

function releaseFolder(folder: string): void {
  const entry = held.get(folder);
  if (!entry) return;
  held.delete(folder);
  clearInterval(entry.heartbeat);
  // Only remove the file if it is still ours: after a takeover by mistake it may belong to another process.
  if (readHolder(entry.lockPath)?.nonce === entry.nonce) unlinkQuietly(entry.lockPath);
}

/** Whether the process named in a lock file may still be using the folder. */
export function isHolderAlive(holder: LockHolder, lockMtimeMs: number, here: LockHolder = describeThisProcess()): boolean {
  if (holder.hostname !== here.hostname) return Date.now() - lockMtimeMs < FOREIGN_STALE_MS;
  if (holder.bootId && here.bootId && holder.bootId !== here.bootId) return false;
  // Our own pid in a lock we do not hold: left by an earlier life of this pid (a restarted container).
  if (holder.pid === here.pid) return false;
  if (!processExists(holder.pid)) return false;
  // The pid may have been reused by an unrelated process since; its start time tells.
  if (holder.processStart) {
    const start = processStartOf(holder.pid);
    if (start !== null && start !== holder.processStart) return false;
  }
  return true;
}

/** Writes the whole description to a temporary file, then links it into place: the lock never exists half-written. */
function tryCreate(lockPath: string, holder: LockHolder): boolean {
  const temporary = `${lockPath}.${holder.pid}.${holder.nonce}`;
  const fd = openSync(temporary, 'wx');
  try {
    writeSync(fd, `${JSON.stringify(holder)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, lockPath);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkQuietly(temporary);
  }
}

/**
 * Moves a stale lock aside atomically, so that of two processes clearing it at once only one succeeds.
 * If what got moved is not the stale lock that was judged (a new holder came in between), it goes back.
 */
function clearStaleLock(lockPath: string, judgedRaw: string): void {
  const aside = `${lockPath}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    renameSync(lockPath, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const moved = readFileOrNull(aside);
  if (moved !== null && moved !== judgedRaw) {
    try {
      linkSync(aside, lockPath);
    } catch {
      /* a third process took the folder; the next round reads it */
    }
  }
  unlinkQuietly(aside);
}

function readLockFile(lockPath: string): 'gone' | { raw: string; holder: LockHolder | null; mtimeMs: number } {
  try {
    const raw = readFileSync(lockPath, 'utf8');
    const { mtimeMs } = statSync(lockPath);
    return { raw, holder: parseHolder(raw), mtimeMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw err;
  }
}

function readHolder(lockPath: string): LockHolder | null {
  const raw = readFileOrNull(lockPath);
  return raw === null ? null : parseHolder(raw);
}

// A file that is not a holder's description cannot be a live lock (locks appear whole), e.g. one emptied by a power cut.
function parseHolder(raw: string): LockHolder | null {
  try {
    const parsed = Holder.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function describeThisProcess(): LockHolder {
  return {
    pid: process.pid,
    hostname: hostname(),
    bootId: readFileOrNull('/proc/sys/kernel/random/boot_id')?.trim() || null,
    processStart: processStartOf(process.pid),
    startedAt: new Date().toISOString(),
    nonce: randomBytes(8).toString('hex'),
  };
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Linux: the process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat); null elsewhere. */
function processStartOf(pid: number): string | null {
  const stat = readFileOrNull(`/proc/${pid}/stat`);
  if (!stat) return null;
  // The command name (field 2) is in parentheses and may contain spaces; count fields after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? null;
}

function touch(path: string): void {
  const now = new Date();
  try {
    utimesSync(path, now, now);
  } catch {
    /* the folder is gone or the file was removed by hand */
  }
}

function readFileOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}
