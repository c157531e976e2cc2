import { CONTACT_TICKET_TYPES, SECOND_CONTACT_DAYS } from '@kefu/domain';
import { sql, type RawBuilder } from 'kysely';

const contactTypes = sql.join(CONTACT_TICKET_TYPES.map((t) => sql.lit(t)));

/**
 * The statement that marks second contacts among the cases of the customers `customers` selects (a condition on
 * `customer_id`), from the facts: the domain rule (packages/domain reports/second-contact.ts isSecondContact and
 * repeatOf) for every pair at once. Each case repeats the latest earlier case that ended no more than 7 days before
 * it opened, on the same order — or, when either names no order, the same category or intent —, not counting a
 * chat and the ticket filed from it; that earlier case was contacted again. Writes only rows that change.
 */
export function markSecondContacts(customers: RawBuilder<boolean>): RawBuilder<unknown> {
  return sql`
    with cases as (
      select 'conversation:' || r.conversation_id as ref, r.customer_id, r.opened_at, r.closed_at as ended_at, r.order_id,
        r.category, r.intent, 'ticket:' || r.ticket_id as linked_to
      from report_conversations r where r.customer_id is not null and ${customers}
      union all
      select 'ticket:' || r.ticket_id, r.customer_id, r.created_at, coalesce(r.solved_at, r.closed_at), r.order_id,
        r.category, null, 'conversation:' || r.conversation_id
      from report_tickets r where r.customer_id is not null and r.type in (${contactTypes}) and ${customers}
    ), links as (
      select distinct on (l.ref) l.ref, e.ref as repeat_of
      from cases l join cases e on e.customer_id = l.customer_id
        and l.opened_at > e.ended_at and l.opened_at <= e.ended_at + ${sql.lit(`${SECOND_CONTACT_DAYS} days`)}::interval
        and l.ref <> e.ref and l.linked_to is distinct from e.ref and e.linked_to is distinct from l.ref
        and case when l.order_id is not null and e.order_id is not null then l.order_id = e.order_id
          else coalesce(l.category = e.category, false) or coalesce(l.intent = e.intent, false) end
      where e.opened_at < l.opened_at
      order by l.ref, e.opened_at desc
    ), marked as (
      select c.ref, k.repeat_of, exists (select 1 from links x where x.repeat_of = c.ref) as contacted_again
      from cases c left join links k on k.ref = c.ref
    ), conversations as (
      update report_conversations r set repeat_of = m.repeat_of, contacted_again = m.contacted_again
      from marked m
      where m.ref = 'conversation:' || r.conversation_id
        and (r.repeat_of is distinct from m.repeat_of or r.contacted_again <> m.contacted_again)
      returning 1
    ), tickets as (
      update report_tickets r set repeat_of = m.repeat_of, contacted_again = m.contacted_again
      from marked m
      where m.ref = 'ticket:' || r.ticket_id
        and (r.repeat_of is distinct from m.repeat_of or r.contacted_again <> m.contacted_again)
      returning 1
    )
    select (select count(*) from conversations) + (select count(*) from tickets) as changed`;
}
