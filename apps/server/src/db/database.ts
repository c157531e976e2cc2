import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PostgresDialect, type Kysely, type Transaction } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import { kyselyWithCommitSignal } from '../events/commit-signal.ts';
import { lockDataFolder } from './data-folder-lock.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { PreparingClient } from './prepared.ts';
import { withCurrentSchemaIntrospection } from './schema-introspector.ts';
import type { DB } from './schema.ts';

export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;
export type Engine = 'pglite' | 'postgres';

/**
 * What identifies a database for a per-database cache, the same for its transactions: a Kysely transaction is a new
 * object, but it keeps its database's adapter.
 */
export const databaseKey = (db: Db | Tx): object => db.getExecutor().adapter;

export interface DatabaseOptions {
  /** postgres://… for PostgreSQL; otherwise PGlite. */
  url?: string;
  /** PGlite's data folder; 'memory://' keeps it in memory. */
  dataDir?: string;
  poolSize?: number;
  /** PostgreSQL only: a schema to work in (tests give each file its own). */
  schema?: string;
  /** PGlite only: start from this tarball of a data folder (`snapshot()`), instead of an empty one. */
  loadDataDir?: Blob;
}

// int8 (counts, fen amounts) as JS numbers: amounts in fen stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
// date stays a plain YYYY-MM-DD string, as PGlite is told below.
pg.types.setTypeParser(1082, (v) => v);

export interface Database {
  db: Db;
  engine: Engine;
  close(): Promise<void>;
  /** PGlite only: the data folder as a tarball, to open another database from (tests start from a migrated one). */
  snapshot?: () => Promise<Blob>;
}

export function openDatabase(options: DatabaseOptions): Database {
  if (options.url) {
    const pool = new pg.Pool({
      Client: PreparingClient,
      connectionString: options.url,
      max: options.poolSize ?? 10,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    const db = kyselyWithCommitSignal(withCurrentSchemaIntrospection(new PostgresDialect({ pool })));
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  const dataDir = options.dataDir ?? 'memory://';
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  // PGlite is a single-user database: a second process on the same folder would corrupt it (issue 9).
  const lock = inMemory ? null : lockDataFolder(dataDir);
  try {
    const client = new PGlite(dataDir, {
      parsers: { 20: (v: string) => Number(v), 1082: (v: string) => v },
      ...(options.loadDataDir && { loadDataDir: options.loadDataDir }),
    });
    const db = kyselyWithCommitSignal(withCurrentSchemaIntrospection(new PGliteDialect(client)));
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        try {
          await db.destroy();
          // Kysely closes the client only if a query ran; otherwise PGlite may still be initialising the folder.
          if (!client.closed) await client.close();
        } finally {
          lock?.release();
        }
      })());
    return { db, engine: 'pglite', close, snapshot: () => client.dumpDataDir('none') };
  } catch (err) {
    lock?.release();
    throw err;
  }
}

export function openConfiguredDatabase(config: Config): Database {
  return openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: config.DB_POOL_SIZE });
}
