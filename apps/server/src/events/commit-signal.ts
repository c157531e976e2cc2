import { EventEmitter } from 'node:events';
import {
  Kysely,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { DB } from '../db/schema.ts';
import { RECORDS_EVENTS } from './record.ts';

const signals = new WeakMap<Kysely<DB>, EventEmitter>();

/**
 * A Kysely whose driver says when events became visible: after the commit of a transaction that recorded some,
 * or right after such a statement outside a transaction. That is the moment delivery can start (room.ts) — no
 * sooner (a listener would not see them yet) and without waiting for a poll.
 */
export function kyselyWithCommitSignal(dialect: Dialect): Kysely<DB> {
  const signal = new EventEmitter();
  const db = new Kysely<DB>({ dialect: signalling(dialect, () => signal.emit('committed')) });
  signals.set(db, signal);
  return db;
}

/** Calls `listener` after each commit that made events visible; returns how to stop. A plain Kysely never calls it. */
export function onEventsCommitted(db: Kysely<DB>, listener: () => void): () => void {
  const signal = signals.get(db);
  signal?.on('committed', listener);
  return () => void signal?.off('committed', listener);
}

function signalling(dialect: Dialect, committed: () => void): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver: () => new SignallingDriver(dialect.createDriver(), committed),
  };
}

/** A connection that remembers whether its open transaction recorded events. */
class WatchedConnection implements DatabaseConnection {
  inTransaction = false;
  recorded = false;

  constructor(
    readonly inner: DatabaseConnection,
    private readonly committed: () => void,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.inner.executeQuery<R>(query);
    if (query.sql.includes('domain_events') && RECORDS_EVENTS.test(query.sql)) {
      if (this.inTransaction) this.recorded = true;
      else this.committed();
    }
    return result;
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

class SignallingDriver implements Driver {
  private readonly watched = new WeakMap<DatabaseConnection, WatchedConnection>();

  constructor(
    private readonly inner: Driver,
    private readonly committed: () => void,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }
  destroy(): Promise<void> {
    return this.inner.destroy();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await this.inner.acquireConnection();
    let connection = this.watched.get(inner);
    if (!connection) this.watched.set(inner, (connection = new WatchedConnection(inner, this.committed)));
    return connection;
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection((connection as WatchedConnection).inner);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const watched = connection as WatchedConnection;
    await this.inner.beginTransaction(watched.inner, settings);
    watched.inTransaction = true;
    watched.recorded = false;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const watched = connection as WatchedConnection;
    try {
      await this.inner.commitTransaction(watched.inner);
    } finally {
      watched.inTransaction = false;
    }
    if (watched.recorded) {
      watched.recorded = false;
      this.committed();
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const watched = connection as WatchedConnection;
    watched.inTransaction = false;
    watched.recorded = false;
    await this.inner.rollbackTransaction(watched.inner);
  }

  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.savepointCommand('savepoint', connection, name, compile);
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.savepointCommand('rollbackToSavepoint', connection, name, compile);
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.savepointCommand('releaseSavepoint', connection, name, compile);
  }

  private async savepointCommand(
    command: 'savepoint' | 'rollbackToSavepoint' | 'releaseSavepoint',
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    const run = this.inner[command];
    if (!run) throw new Error(`the ${command} method is not supported by this driver`);
    await run.call(this.inner, (connection as WatchedConnection).inner, name, compile);
  }
}
