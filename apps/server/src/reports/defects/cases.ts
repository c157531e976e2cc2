import { DEFECT_AFTER_SALE_REASONS, DEFECT_ROOT_CAUSE, type DefectCaseKind } from '@kefu/domain';
import { sql, type RawBuilder } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';

/**
 * The cases an alarm counts (docs/reports.md "Defect alarms"): after-sale requests for a reason that may be a defect
 * (quality, damaged, other), and product-quality tickets that have no after-sale (a ticket with one is counted once,
 * as its after-sale); any of them whose root cause says the product (product_defect) too. A case stops counting once
 * its root cause is recorded as something else (logistics, service, …), and a rejected or cancelled request never counts.
 *
 * A case concerns a product when its ticket names it (the complaint's root-cause step), else the after-sale's chosen
 * order lines, else its order when that holds only this product.
 */
export interface DefectCaseRow {
  kind: DefectCaseKind;
  id: number;
  ticketId: number;
  at: Date;
  text: string;
}

const REASONS = sql.join(DEFECT_AFTER_SALE_REASONS.map((r) => sql.lit(r)));
const DEFECT = sql.lit(DEFECT_ROOT_CAUSE);

/** The order holds product `productId` and no other. */
const onlyProduct = (orderId: RawBuilder<unknown>, productId: number) => sql`(
  exists (select 1 from order_lines l where l.order_id = ${orderId} and l.product_id = ${productId})
  and not exists (select 1 from order_lines l where l.order_id = ${orderId} and l.product_id <> ${productId}))`;

const afterSaleConcerns = (productId: number) => sql`(t.product_id = ${productId} or (t.product_id is null and (
  exists (select 1 from jsonb_array_elements(a.lines) e join order_lines l on l.id = (e ->> 'lineId')::int where l.product_id = ${productId})
  or (jsonb_array_length(a.lines) = 0 and ${onlyProduct(sql`a.order_id`, productId)}))))`;

const ticketConcerns = (productId: number) =>
  sql`(t.product_id = ${productId} or (t.product_id is null and t.order_id is not null and ${onlyProduct(sql`t.order_id`, productId)}))`;

const notLinked = (kind: DefectCaseKind, id: RawBuilder<unknown>, productId: number) => sql`not exists (
  select 1 from defect_alarm_cases c join defect_alarms d on d.id = c.alarm_id
  where c.case_kind = ${kind} and c.case_id = ${id} and d.product_id = ${productId})`;

/** A product's cases opened in [from, to] that are in none of its alarms yet (open or closed), oldest first. */
export async function unlinkedCases(db: Db | Tx, productId: number, from: Date, to: Date, limit = 500): Promise<DefectCaseRow[]> {
  const { rows } = await sql<DefectCaseRow>`
    select * from (
      select 'after_sale' as kind, a.id, a.ticket_id as "ticketId", a.created_at as at,
        concat_ws(' ', a.description, case when t.type <> 'after_sale' then t.subject end,
          case when t.description <> a.description then t.description end) as text
      from after_sales a join tickets t on t.id = a.ticket_id
      where a.created_at >= ${from} and a.created_at <= ${to}
        and a.state not in ('rejected', 'cancelled')
        and (a.reason in (${REASONS}) or t.root_cause = ${DEFECT})
        and (t.root_cause is null or t.root_cause = ${DEFECT})
        and ${afterSaleConcerns(productId)}
        and ${notLinked('after_sale', sql`a.id`, productId)}
      union all
      select 'ticket', t.id, t.id, t.created_at, concat_ws(' ', t.subject, t.description)
      from tickets t
      where t.created_at >= ${from} and t.created_at <= ${to}
        and (t.category = 'product_quality' or t.root_cause = ${DEFECT})
        and (t.root_cause is null or t.root_cause = ${DEFECT})
        and not exists (select 1 from after_sales a where a.ticket_id = t.id)
        and ${ticketConcerns(productId)}
        and ${notLinked('ticket', sql`t.id`, productId)}
    ) cases
    order by at desc, kind, id
    limit ${limit}`.execute(db);
  return rows.reverse();
}

/**
 * The products cases of one kind may be a defect of, as (case, product) pairs (none for one that is not a case).
 * Used when cases are opened or their tickets change: those products' recent cases are looked at again.
 */
export async function productsOfCases(db: Db | Tx, kind: DefectCaseKind, ids: number[]): Promise<{ id: number; productId: number }[]> {
  if (!ids.length) return [];
  const { rows } =
    kind === 'after_sale'
      ? await sql<{ id: number; productId: number }>`
          select distinct a.id, coalesce(t.product_id, l.product_id) as "productId"
          from after_sales a join tickets t on t.id = a.ticket_id
          left join lateral (
            select l.product_id from jsonb_array_elements(a.lines) e join order_lines l on l.id = (e ->> 'lineId')::int
            union
            select l.product_id from order_lines l where jsonb_array_length(a.lines) = 0 and l.order_id = a.order_id
              and (select count(distinct product_id) from order_lines o where o.order_id = a.order_id) = 1
          ) l on t.product_id is null
          where a.id = any(${ids}::bigint[]) and a.state not in ('rejected', 'cancelled')
            and (a.reason in (${REASONS}) or t.root_cause = ${DEFECT}) and (t.root_cause is null or t.root_cause = ${DEFECT})`.execute(db)
      : await sql<{ id: number; productId: number }>`
          select t.id, coalesce(t.product_id, (select min(l.product_id) from order_lines l where l.order_id = t.order_id
            having count(distinct l.product_id) = 1)) as "productId"
          from tickets t
          where t.id = any(${ids}::bigint[]) and (t.category = 'product_quality' or t.root_cause = ${DEFECT})
            and (t.root_cause is null or t.root_cause = ${DEFECT})
            and not exists (select 1 from after_sales a where a.ticket_id = t.id)`.execute(db);
  return rows.filter((r) => r.productId !== null);
}

/**
 * The products the cases opened in [from, to] may concern (a superset: each is then evaluated by the exact rule), for
 * the catch-up job: cases from before the listener ran (an upgrade, the demo shop's history) or whose event it missed.
 */
export async function productsWithCases(db: Db | Tx, from: Date, to: Date): Promise<number[]> {
  const { rows } = await sql<{ productId: number }>`
    with a as (
      select a.id, a.lines, a.order_id, t.product_id as named
      from after_sales a join tickets t on t.id = a.ticket_id
      where a.created_at >= ${from} and a.created_at <= ${to} and a.state not in ('rejected', 'cancelled')
        and (a.reason in (${REASONS}) or t.root_cause = ${DEFECT}) and (t.root_cause is null or t.root_cause = ${DEFECT})
    ), t as (
      select t.product_id as named, t.order_id
      from tickets t
      where t.created_at >= ${from} and t.created_at <= ${to}
        and (t.category = 'product_quality' or t.root_cause = ${DEFECT}) and (t.root_cause is null or t.root_cause = ${DEFECT})
    )
    select distinct "productId" from (
      select named as "productId" from a where named is not null
      union all
      select l.product_id from a cross join lateral jsonb_array_elements(a.lines) e join order_lines l on l.id = (e ->> 'lineId')::int where a.named is null
      union all
      select l.product_id from a join order_lines l on l.order_id = a.order_id where a.named is null and jsonb_array_length(a.lines) = 0
      union all
      select coalesce(t.named, l.product_id) from t left join order_lines l on t.named is null and l.order_id = t.order_id
    ) p
    where "productId" is not null
    order by "productId"`.execute(db);
  return rows.map((r) => r.productId);
}

/** The cases tickets stand for: each ticket's after-sales, or the ticket itself when it has none. */
export async function casesOfTickets(db: Db | Tx, ticketIds: number[]): Promise<{ ticketId: number; kind: DefectCaseKind; id: number }[]> {
  if (!ticketIds.length) return [];
  const afterSales = await db.selectFrom('after_sales').select(['id', 'ticket_id']).where('ticket_id', 'in', ticketIds).execute();
  const withAfterSale = new Set(afterSales.map((a) => a.ticket_id));
  return [
    ...afterSales.map((a) => ({ ticketId: a.ticket_id, kind: 'after_sale' as const, id: a.id })),
    ...ticketIds.filter((t) => !withAfterSale.has(t)).map((t) => ({ ticketId: t, kind: 'ticket' as const, id: t })),
  ];
}
