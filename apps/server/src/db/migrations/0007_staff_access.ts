import { sql, type Kysely } from 'kysely';

/**
 * Approval limits weigh an order's running total (docs/aftersales.md). A reissue or an exchange keeps the value of
 * the goods it sends out unpaid; every request keeps when it was rejected (a rejected request may later be closed,
 * and then holds no part of the total).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table after_sales
      add column goods_fen bigint not null default 0 check (goods_fen >= 0),
      add column rejected_at timestamptz;

    update after_sales a set goods_fen = case
      when jsonb_array_length(a.lines) = 0 then
        (select coalesce(sum(l.quantity::bigint * l.unit_price_fen), 0) from order_lines l where l.order_id = a.order_id)
      else
        (select coalesce(sum((x->>'quantity')::bigint * l.unit_price_fen), 0)
           from jsonb_array_elements(a.lines) x join order_lines l on l.id = (x->>'lineId')::int and l.order_id = a.order_id)
    end
    where a.kind in ('reissue', 'exchange');

    update after_sales a set rejected_at = (
      select min(e.at) from ticket_events e
      where e.ticket_id = a.ticket_id and e.kind = 'after_sale' and e.data->>'afterSaleId' = a.id::text and e.data->>'to' = 'rejected');
  `.execute(db);
}
