import { randomUUID } from 'node:crypto';
import { parse, protocol, type PGlite, type Results } from '@electric-sql/pglite';

const { serialize } = protocol;
const { parseResults, parseDescribeStatementResults } = parse;

/** Texts kept prepared at once; the least recently used is closed past this (in-lists of many lengths). */
const CAPACITY = 400;
/** "cached plan must not change result type": the statement's tables changed shape since it was prepared. */
const PLAN_CHANGED = '0A000';
/**
 * An ON CONFLICT whose arbiter is a partial index (`on conflict (…) where state <> $1`): a generic plan cannot tell
 * that a parameter matches the index's predicate and fails, so such texts are planned with their values every time.
 */
const PARTIAL_ARBITER = /on\s+conflict\s*\([^)]*\)\s*where\b/i;

interface Named {
  name: string;
  types: number[];
}

/**
 * Named prepared statements on PGlite (docs/decisions/0017-pglite-prepared-statements.md). PGlite's `query` parses,
 * describes and plans every text anew, in five calls into the WASM backend; here a text is parsed and described once
 * per database, and each run is one call: bind, describe, execute, sync. A small insert takes a quarter of the time,
 * the ticket create about a millisecond less. PostgreSQL decides per statement between a generic plan and one made for
 * the run's values (plan_cache_mode auto), as it does for any prepared statement. PostgreSQL gets the same for its hot statements from `db/prepared.ts`.
 */
export class PGliteStatements {
  private readonly named = new Map<string, Named>();
  private readonly prefix = `kefu_${randomUUID().slice(0, 8)}_`;
  private counter = 0;

  constructor(
    private readonly db: PGlite,
    private readonly capacity = CAPACITY,
  ) {}

  /** How many texts are prepared now. */
  get size(): number {
    return this.named.size;
  }

  async query<R>(text: string, params: readonly unknown[]): Promise<Results<R>> {
    if (PARTIAL_ARBITER.test(text)) return this.db.query<R>(text, params as unknown[]);
    try {
      return await this.run<R>(await this.statement(text), params);
    } catch (err) {
      if ((err as { code?: string }).code !== PLAN_CHANGED) throw err;
      await this.forget(text);
      return this.run<R>(await this.statement(text), params);
    }
  }

  private async run<R>(statement: Named, params: readonly unknown[]): Promise<Results<R>> {
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = this.db.serializers[statement.types[i]!];
      return serializer ? serializer(value) : String(value);
    });
    const { messages } = await this.db.execProtocol(
      frames(serialize.bind({ statement: statement.name, values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()),
    );
    return parseResults(messages, this.db.parsers)[0] as Results<R>;
  }

  /** The text's statement, prepared on first use; the most recently used go last, so the first is the one to close. */
  private async statement(text: string): Promise<Named> {
    const known = this.named.get(text);
    if (known) {
      this.named.delete(text);
      this.named.set(text, known);
      return known;
    }
    if (this.named.size >= this.capacity) await this.forget(this.named.keys().next().value!);
    const name = `${this.prefix}${++this.counter}`;
    const { messages } = await this.db.execProtocol(
      frames(serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()),
    );
    const statement = { name, types: parseDescribeStatementResults(messages) };
    this.named.set(text, statement);
    return statement;
  }

  private async forget(text: string): Promise<void> {
    const statement = this.named.get(text);
    if (!statement) return;
    this.named.delete(text);
    await this.db.execProtocol(frames(serialize.close({ type: 'S', name: statement.name }), serialize.sync()));
  }
}

/** Protocol messages sent as one buffer: the backend handles them in one call. */
function frames(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
