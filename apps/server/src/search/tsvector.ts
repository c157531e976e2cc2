import { indexTokens, queryTokens } from '@kefu/text';
import { sql, type RawBuilder } from 'kysely';

/**
 * Chinese text is segmented by jieba in the app and stored as exact lexemes with the `simple`
 * configuration's types, so both engines search it the same way.
 */
export function tokensVector(texts: readonly (string | null | undefined)[], exact: readonly string[] = []): RawBuilder<string> {
  const tokens = new Set<string>(exact.map((t) => t.toLowerCase()).filter(Boolean));
  for (const text of texts) if (text) for (const t of indexTokens(text)) tokens.add(t);
  return sql<string>`array_to_tsvector(${[...tokens]}::text[])`;
}

/** A tsquery that needs every word of the query; null when the query has no words. */
export function wordsQuery(query: string): RawBuilder<string> | null {
  const tokens = queryTokens(query);
  if (tokens.length === 0) return null;
  const text = tokens.map((t) => `'${t.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`).join(' & ');
  return sql<string>`${text}::tsquery`;
}
