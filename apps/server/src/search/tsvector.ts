import { indexTokens, queryTokens } from '@kefu/text';
import { sql, type RawBuilder } from 'kysely';

/** The limits on a tsvector: one lexeme at most 2046 bytes (PGlite; PostgreSQL allows 2047), all lexemes under 1 MiB. */
export const MAX_WORD_BYTES = 2046;
export const MAX_VECTOR_BYTES = 1_000_000;

/**
 * A word cut to what the index can hold, at a character boundary. A long URL is then indexed (and found) by its first
 * 2046 bytes instead of making the database refuse the whole text.
 */
export function indexableWord(word: string): string {
  if (Buffer.byteLength(word) <= MAX_WORD_BYTES) return word;
  let bytes = 0;
  let end = 0;
  for (const ch of word) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > MAX_WORD_BYTES) break;
    bytes += size;
    end += ch.length;
  }
  return word.slice(0, end);
}

/** The distinct lexemes of the texts, each cut to the word limit, stopping before the vector's size limit. */
export function indexableTokens(texts: readonly (string | null | undefined)[], exact: readonly string[] = []): string[] {
  const tokens = new Set<string>();
  let bytes = 0;
  const add = (token: string) => {
    const word = indexableWord(token);
    if (!word || tokens.has(word)) return true;
    const size = Buffer.byteLength(word);
    if (bytes + size > MAX_VECTOR_BYTES) return false; // the text is still saved; only words past the limit are not searchable
    bytes += size;
    tokens.add(word);
    return true;
  };
  for (const t of exact) if (!add(t.toLowerCase())) return [...tokens];
  for (const text of texts) if (text) for (const t of indexTokens(text)) if (!add(t)) return [...tokens];
  return [...tokens];
}

/**
 * Chinese text is segmented by jieba in the app and stored as exact lexemes with the `simple`
 * configuration's types, so both engines search it the same way.
 */
export function tokensVector(texts: readonly (string | null | undefined)[], exact: readonly string[] = []): RawBuilder<string> {
  return sql<string>`array_to_tsvector(${indexableTokens(texts, exact)}::text[])`;
}

/**
 * `search` with the texts' words added, for a document that grows (a ticket's messages). Once the vector is near its
 * size limit the new words are left out rather than refusing the write. Its text form is never shorter than its
 * stored lexemes, so comparing that length is a safe bound.
 */
export function appendTokens(texts: readonly (string | null | undefined)[]): RawBuilder<string> {
  const tokens = indexableTokens(texts);
  const bytes = tokens.reduce((sum, t) => sum + Buffer.byteLength(t), 0);
  return sql<string>`case when octet_length(search::text) + ${bytes} <= ${MAX_VECTOR_BYTES}
    then search || array_to_tsvector(${tokens}::text[]) else search end`;
}

/** A tsquery that needs every word of the query; null when the query has no words. */
export function wordsQuery(query: string): RawBuilder<string> | null {
  const tokens = queryTokens(query).map(indexableWord);
  if (tokens.length === 0) return null;
  const text = tokens.map((t) => `'${t.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`).join(' & ');
  return sql<string>`${text}::tsquery`;
}
