import { FINAL_AFTER_SALE_STATES } from '@kefu/domain';
import { sql, type RawBuilder } from 'kysely';

const finalStates = sql.join(FINAL_AFTER_SALE_STATES.map((s) => sql.lit(s)));

/**
 * The statement that (re)writes the facts of the after-sales `scope` selects (a condition on `a`, the request): one
 * INSERT … SELECT … ON CONFLICT over their moves on the ticket timeline. The money went back when the request
 * reached `refunded` (whatever came after); the case ended when it reached a state it never leaves.
 */
export function afterSaleFacts(scope: RawBuilder<boolean>): RawBuilder<{ n: number }> {
  return sql`
    with moves as (
      select a.id as after_sale_id,
        bool_or(e.data->>'to' = 'refunded') as refunded,
        max(e.at) filter (where e.data->>'to' in (${finalStates})) as ended_at
      from after_sales a join ticket_events e on e.ticket_id = a.ticket_id and e.kind = 'after_sale' and e.data->>'afterSaleId' = a.id::text
      where ${scope}
      group by a.id
    ), written as (
      insert into report_aftersales (after_sale_id, ticket_id, order_id, product_id, customer_id, agent_id, kind, state, reason,
        root_cause, amount_fen, refunded_fen, opened_at, closed_at, updated_at)
      select a.id, a.ticket_id, a.order_id,
        coalesce(
          (select l.product_id from order_lines l
            where l.id = case when a.lines->0->>'lineId' ~ '^[0-9]{1,9}$' then (a.lines->0->>'lineId')::int end),
          (select l.product_id from order_lines l where l.order_id = a.order_id and l.product_id is not null order by l.id limit 1)),
        coalesce(a.customer_id, t.customer_id), t.assignee_id, a.kind, a.state, a.reason, t.root_cause, a.amount_fen,
        case when a.state = 'refunded' or coalesce(m.refunded, false) then a.amount_fen else 0 end,
        a.created_at,
        case when a.state in (${finalStates}) then coalesce(m.ended_at, a.updated_at) end,
        now()
      from after_sales a
      join tickets t on t.id = a.ticket_id
      left join moves m on m.after_sale_id = a.id
      where ${scope}
      on conflict (after_sale_id) do update set
        ticket_id = excluded.ticket_id, order_id = excluded.order_id, product_id = excluded.product_id,
        customer_id = excluded.customer_id, agent_id = excluded.agent_id, kind = excluded.kind, state = excluded.state,
        reason = excluded.reason, root_cause = excluded.root_cause, amount_fen = excluded.amount_fen,
        refunded_fen = excluded.refunded_fen, opened_at = excluded.opened_at, closed_at = excluded.closed_at,
        updated_at = excluded.updated_at
      returning 1
    )
    select count(*)::int as n from written`;
}
