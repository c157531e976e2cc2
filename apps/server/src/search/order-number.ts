import { sql, type RawBuilder } from 'kysely';

/** What may be part of an order number: letters, digits and dashes, at least 4 of them (one indexed piece). */
const ORDER_NUMBER_PART = /^[A-Za-z0-9-]{4,64}$/;

export function looksLikeOrderNumberPart(text: string): boolean {
  return ORDER_NUMBER_PART.test(text.trim());
}

/**
 * `orders.order_no` holds `part` anywhere (start, end, middle), found through the index of 4-character pieces
 * (migration 0026) and checked exactly; null when `part` cannot be one.
 */
export function orderNumberHas(part: string, column: RawBuilder<string> = sql`orders.order_no`): RawBuilder<boolean> | null {
  const text = part.trim();
  if (!looksLikeOrderNumberPart(text)) return null;
  const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`(order_no_grams(lower(${column})) @> order_no_grams(lower(${text})) and ${column} ilike ${like})`;
}
