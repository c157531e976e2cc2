import { sql, type Kysely } from 'kysely';

/**
 * Reissues and exchanges are weighed at what their goods are worth (`unitWorthFen`, docs/aftersales.md): a
 * replacement order's ¥0 lines at the price of the same goods on the root order of their replacement chain, else
 * the product's price. Requests opened before were stored at the replacement's ¥0 and would weigh nothing in
 * the chain's running total: value them again by the same rule.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    with recursive chain(id, root_id) as (
      select id, id from orders where original_order_id is null
      union
      select o.id, chain.root_id from orders o join chain on o.original_order_id = chain.id
    )
    update after_sales a set goods_fen = coalesce((
      select sum(x.quantity * greatest(0, case when l.unit_price_fen > 0 then l.unit_price_fen else coalesce(
        (select max(r.unit_price_fen) from order_lines r
          where r.order_id = chain.root_id and r.unit_price_fen > 0 and r.title = l.title
            and r.product_id is not distinct from l.product_id and r.sku is not distinct from l.sku),
        p.price_fen, 0) end))
      from (
        select (e->>'lineId')::int as line_id, (e->>'quantity')::bigint as quantity from jsonb_array_elements(a.lines) e
        union all
        select ol.id, ol.quantity::bigint from order_lines ol where ol.order_id = a.order_id and jsonb_array_length(a.lines) = 0
      ) x
      join order_lines l on l.id = x.line_id and l.order_id = a.order_id
      left join products p on p.id = l.product_id
    ), 0)
    from chain
    where chain.id = a.order_id and a.kind in ('reissue', 'exchange');
  `.execute(db);
}
