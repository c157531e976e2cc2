import { sql, type Kysely } from 'kysely';

/**
 * After-sales, collaboration tasks and orders move onto the one clock (0012): each deadline still open becomes a
 * clock with the due time it had (missed ones that were already flagged count as breached, so nothing is flagged
 * twice), then the columns that held the deadlines go. A repair remembers the last progress told to the shopper.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    with backfill (subject_kind, subject_id, ticket_id, metric, started_at, due_at, breached) as (
      select 'after_sale', a.id, a.ticket_id, m.metric, least(m.started_at, m.due_at), m.due_at, m.name = any(a.overdue)
      from after_sales a cross join lateral (values
          ('aftersale_review', 'review', a.created_at, a.review_due_at),
          ('aftersale_plan', 'plan', a.created_at, a.plan_due_at),
          ('repair_progress', 'progress', a.updated_at, a.progress_due_at)) as m (metric, name, started_at, due_at)
      where m.due_at is not null
      union all
      select 'task', t.id, t.ticket_id, 'task_due', least(t.created_at, t.due_at), t.due_at, false
      from collab_tasks t where t.state <> 'done'
      union all
      -- The promises the orders were given when they came in: 30 minutes to confirm, 48 hours to ship.
      select 'order', o.id, null, 'order_confirm', o.created_at, o.created_at + interval '30 minutes',
        exists (select 1 from order_flags f where f.order_id = o.id and f.kind = 'unconfirmed')
      from orders o where o.confirmed_at is null and o.status in ('unpaid', 'paid')
      union all
      select 'order', o.id, null, 'order_ship', o.paid_at, o.paid_at + interval '48 hours',
        exists (select 1 from order_flags f where f.order_id = o.id and f.kind = 'unshipped')
      from orders o where o.paid_at is not null and o.shipped_at is null and o.status = 'paid'
    )
    insert into sla_clocks (subject_kind, subject_id, ticket_id, metric, policy_id, started_at, due_at, warn_at, total_ms,
      warned_at, breached_at)
    select b.subject_kind, b.subject_id, b.ticket_id, b.metric,
      (select p.id from sla_policies p where p.enabled and p.targets -> b.metric is not null order by p.position, p.id limit 1),
      b.started_at, b.due_at, b.started_at + (b.due_at - b.started_at) * 0.8,
      (extract(epoch from b.due_at - b.started_at) * 1000)::bigint,
      case when b.breached then now() end, case when b.breached then now() end
    from backfill b
    on conflict do nothing;

    update tickets set sla_due_at = (
      select min(c.due_at) from sla_clocks c where c.ticket_id = tickets.id and c.state = 'running')
    where id in (select ticket_id from sla_clocks where subject_kind in ('after_sale', 'task'));

    alter table after_sales drop column review_due_at;
    alter table after_sales drop column plan_due_at;
    alter table after_sales drop column progress_due_at;
    alter table after_sales drop column overdue;
    alter table after_sales add column progress_told_id bigint;
    alter table orders drop column next_check_at;
  `.execute(db);
}
