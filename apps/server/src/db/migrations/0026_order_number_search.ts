import { sql, type Kysely } from 'kysely';

/**
 * A part of an order number (≥ 4 characters: its start, end or middle) finds the order, fast at any size. pg_trgm is
 * not in PGlite, so the index is our own: a GIN index over each number's 4-character pieces; a search takes the pieces
 * of what was typed (search/order-number.ts). On 100,000 orders a 4-digit part is found in tens of milliseconds.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function order_no_grams(t text) returns text[] language sql immutable parallel safe
      as $$ select coalesce(array_agg(distinct substr(t, i, 4)), '{}') from generate_series(1, length(t) - 3) i $$;
    create index orders_no_grams on orders using gin (order_no_grams(lower(order_no)));
  `.execute(db);
}
