import { CompiledQuery, type QueryResult } from 'kysely';
import pg from 'pg';

/**
 * Hot statements that PostgreSQL parses and plans once per connection instead of on every call: a text registered
 * with `prepared()` runs as a named prepared statement on the pool's clients (`PreparingClient`). For parse and
 * plan cost more than executing a many-CTE insert (issue 17). Only constant texts belong here: each registered
 * text stays prepared on every connection for its lifetime. PGlite runs the same text unprepared.
 */
const names = new Map<string, string>();

/** Registers `text` as a prepared statement; returns it, to run like any other query. */
export function prepared(text: string): string {
  if (!names.has(text)) names.set(text, `kefu_prepared_${names.size + 1}`);
  return text;
}

/** Runs a compiled query as a registered prepared statement: for a hot statement whose text never changes. */
export function executePrepared<R>(
  db: { executeQuery<T>(query: CompiledQuery<T>): Promise<QueryResult<T>> },
  query: CompiledQuery<R>,
): Promise<QueryResult<R>> {
  return db.executeQuery<R>(CompiledQuery.raw(prepared(query.sql), [...query.parameters]));
}

/** A pg client that runs registered texts as named statements (pg prepares each name once per connection). */
export class PreparingClient extends pg.Client {
  override query(config: unknown, values?: unknown, callback?: unknown): never {
    const name = typeof config === 'string' && Array.isArray(values) ? names.get(config) : undefined;
    const query = super.query as (...args: unknown[]) => never;
    return name ? query.call(this, { name, text: config, values }, callback) : query.call(this, config, values, callback);
  }
}
