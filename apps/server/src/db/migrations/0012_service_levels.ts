import { DEFAULT_SLA_POLICIES } from '@kefu/domain';
import { sql, type Kysely } from 'kysely';

/**
 * Service levels (docs/decisions/0014-service-levels.md): the shop's policies, one clock table for every promise
 * (a running clock is due, may be warned about and breached once; paused clocks keep their service time left),
 * tickets' earliest due time for the lists, escalations, the complaint loop's facts, and conversation priority.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table sla_policies (
      id serial primary key,
      name text not null,
      enabled boolean not null default true,
      position integer not null,
      match jsonb not null,
      hours jsonb not null,
      pause_on_customer boolean not null default true,
      warn_at_percent integer not null default 80,
      targets jsonb not null,
      on_breach jsonb not null,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table sla_clocks (
      id bigint generated always as identity primary key,
      subject_kind text not null,
      subject_id integer not null,
      ticket_id integer references tickets(id) on delete cascade,
      metric text not null,
      policy_id integer references sla_policies(id) on delete set null,
      state text not null default 'running',
      started_at timestamptz not null,
      due_at timestamptz not null,
      warn_at timestamptz,
      total_ms bigint not null,
      paused_at timestamptz,
      remaining_ms bigint,
      warned_at timestamptz,
      breached_at timestamptz,
      stopped_at timestamptz
    );
    create unique index sla_clocks_open on sla_clocks (subject_kind, subject_id, metric) where state in ('running', 'paused');
    create index sla_clocks_due on sla_clocks (due_at) where state = 'running' and breached_at is null;
    create index sla_clocks_warn on sla_clocks (warn_at) where state = 'running' and warned_at is null and breached_at is null;
    create index sla_clocks_subject on sla_clocks (subject_kind, subject_id);
    create index sla_clocks_ticket on sla_clocks (ticket_id) where ticket_id is not null;
    create index sla_clocks_breached on sla_clocks (breached_at) where breached_at is not null;

    alter table tickets add column sla_due_at timestamptz;
    alter table tickets add column channel text not null default 'web';
    create index tickets_sla_due on tickets (sla_due_at, id) where sla_due_at is not null and status not in ('solved', 'closed');

    create table ticket_escalations (
      id serial primary key,
      ticket_id integer not null references tickets(id) on delete cascade,
      level text not null,
      external boolean not null,
      reason text not null,
      actor_id integer references users(id),
      created_at timestamptz not null default now()
    );
    create index ticket_escalations_ticket on ticket_escalations (ticket_id);
    create index ticket_escalations_created on ticket_escalations (created_at);
    alter table tickets add column escalation_level text;

    alter table tickets add column root_cause text;
    alter table tickets add column product_id integer references products(id);
    alter table tickets add column solution text;
    alter table tickets add column solution_at timestamptz;
    alter table tickets add column confirmed_at timestamptz;
    alter table tickets add column closed_unconfirmed_reason text;

    alter table conversations add column priority text not null default 'normal';
  `.execute(db);
  // The shop starts with DOMAIN.md's numbers (as they were when this migration was written).
  for (const p of DEFAULT_SLA_POLICIES)
    await sql`insert into sla_policies (name, enabled, position, match, hours, pause_on_customer, warn_at_percent, targets, on_breach)
      values (${p.name}, ${p.enabled}, ${p.position}, ${JSON.stringify(p.match)}, ${JSON.stringify(p.hours)}, ${p.pauseOnCustomer},
        ${p.warnAtPercent}, ${JSON.stringify(p.targets)}, ${JSON.stringify(p.onBreach)})`.execute(db);
}
