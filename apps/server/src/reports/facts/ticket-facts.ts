import { sql, type RawBuilder } from 'kysely';
import { msBetween } from './span.ts';

/**
 * The statement that (re)writes the facts of the tickets `scope` selects (a condition on `t`, the ticket): one
 * INSERT … SELECT … ON CONFLICT over their timelines. First response is the first reply on the timeline (or the
 * ticket's answered_at when its timeline has none, as imported history may); resolution runs to the last solve.
 * csat is the score of the ticket's answered satisfaction survey (surveys/). `repeat_of` and `contacted_again` are second-contact.ts's.
 */
export function ticketFacts(scope: RawBuilder<boolean>): RawBuilder<{ n: number }> {
  return sql`
    with timeline as (
      select e.ticket_id,
        min(e.at) filter (where e.kind = 'reply') as first_reply_at,
        count(*) filter (where e.kind = 'reply') as replies,
        count(*) filter (where e.kind = 'reopened') as reopens,
        bool_or(e.kind = 'escalated') as escalated
      from ticket_events e
      where e.kind in ('reply', 'reopened', 'escalated') and e.ticket_id in (select t.id from tickets t where ${scope})
      group by e.ticket_id
    ), written as (
      insert into report_tickets (ticket_id, created_at, solved_at, closed_at, type, status, channel, category, priority, product_id,
        order_id, customer_id, agent_id, group_id, conversation_id, first_response_ms, resolution_ms, replies, reopens, escalated,
        root_cause, csat, updated_at)
      select t.id, t.created_at, t.solved_at, t.closed_at, t.type, t.status, t.channel, t.category, t.priority,
        coalesce(t.product_id, (select l.product_id from order_lines l where l.order_id = t.order_id and l.product_id is not null order by l.id limit 1)),
        t.order_id, t.customer_id, t.assignee_id, t.group_id, t.conversation_id,
        ${msBetween(sql`t.created_at`, sql`coalesce(e.first_reply_at, t.answered_at)`)},
        ${msBetween(sql`t.created_at`, sql`t.solved_at`)},
        coalesce(e.replies, 0), coalesce(e.reopens, 0),
        coalesce(e.escalated, false) or t.escalation_level is not null or exists (select 1 from ticket_escalations x where x.ticket_id = t.id),
        t.root_cause, (select s.score from surveys s where s.kind = 'ticket' and s.case_id = t.id and s.state = 'answered'), now()
      from tickets t left join timeline e on e.ticket_id = t.id
      where ${scope}
      on conflict (ticket_id) do update set
        created_at = excluded.created_at, solved_at = excluded.solved_at, closed_at = excluded.closed_at, type = excluded.type,
        status = excluded.status, channel = excluded.channel, category = excluded.category, priority = excluded.priority,
        product_id = excluded.product_id, order_id = excluded.order_id, customer_id = excluded.customer_id, agent_id = excluded.agent_id,
        group_id = excluded.group_id, conversation_id = excluded.conversation_id, first_response_ms = excluded.first_response_ms,
        resolution_ms = excluded.resolution_ms, replies = excluded.replies, reopens = excluded.reopens, escalated = excluded.escalated,
        root_cause = excluded.root_cause, csat = excluded.csat, updated_at = excluded.updated_at
      returning 1
    )
    select count(*)::int as n from written`;
}
