import { FINAL_AFTER_SALE_STATES } from '@kefu/domain';
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';

export type AfterSaleSource = 'facts' | 'cases';

/**
 * The after-sales opened in a span, one row each with the columns a brief reads (id, kind, reason, product_id,
 * root_cause, refunded_fen, opened_at): from the reporting facts, or — while the facts do not hold every after-sale of
 * the span yet (a listener behind, an old database) — from the after-sales themselves, worked out the way the facts are.
 */
export function afterSalesOpened(source: AfterSaleSource, from: Date, until: Date): RawBuilder<unknown> {
  if (source === 'facts') {
    return sql`(select f.after_sale_id as id, f.kind, f.reason, f.product_id, f.root_cause, f.refunded_fen, f.opened_at
      from report_aftersales f where f.opened_at >= ${from} and f.opened_at < ${until})`;
  }
  return sql`(select a.id, a.kind, a.reason,
      (select l.product_id from order_lines l
        where l.id = case when a.lines->0->>'lineId' ~ '^[0-9]{1,9}$' then (a.lines->0->>'lineId')::int end) as product_id,
      t.root_cause,
      case when a.kind in ('return', 'refund') and (a.state = 'refunded' or (a.state = 'closed' and a.rejected_at is null))
        then a.amount_fen else 0 end as refunded_fen,
      a.created_at as opened_at
    from after_sales a join tickets t on t.id = a.ticket_id
    where a.created_at >= ${from} and a.created_at < ${until})`;
}

/** Facts when they hold every after-sale opened in the span (both counts use an index on the opening time). */
export async function afterSaleSource(db: Db, from: Date, until: Date): Promise<AfterSaleSource> {
  const { rows } = await sql<{ cases: number; facts: number }>`
    select (select count(*) from after_sales where created_at >= ${from} and created_at < ${until})::int as cases,
      (select count(*) from report_aftersales where opened_at >= ${from} and opened_at < ${until})::int as facts`.execute(db);
  return rows[0]!.cases === rows[0]!.facts ? 'facts' : 'cases';
}

/** `state` is an after-sale's that has not ended. */
export const openAfterSale = (column: RawBuilder<unknown>) => sql`${column} not in (${sql.join(FINAL_AFTER_SALE_STATES.map((s) => sql.lit(s)))})`;
