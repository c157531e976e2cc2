import { sql, type Kysely } from 'kysely';

/**
 * Quality alarms (reports/defects): when the same defect of one product is complained about repeatedly, an alarm with
 * the cases linked. One live alarm per product and defect (the partial unique index), so two evaluations at once
 * cannot both raise it; a case is linked to an alarm once (the primary key), so a redelivered event adds nothing.
 * `task_id` is the product department's collaboration task the alarm raised. The two ticket indexes find a window's
 * product-quality and product-defect tickets without reading every ticket of the window.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table defect_alarms (
      id integer generated always as identity primary key,
      product_id integer not null references products(id),
      defect text not null,
      key_words text[] not null default '{}',
      first_at timestamptz not null,
      last_at timestamptz not null,
      case_count integer not null default 0,
      state text not null default 'open' check (state in ('open', 'acknowledged', 'closed')),
      acknowledged_by integer references users(id),
      acknowledged_at timestamptz,
      closed_by integer references users(id),
      closed_at timestamptz,
      note text,
      task_id integer references collab_tasks(id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index defect_alarms_live on defect_alarms (product_id, defect) where state <> 'closed';
    create index defect_alarms_recent on defect_alarms (state, last_at desc);

    create table defect_alarm_cases (
      alarm_id integer not null references defect_alarms(id) on delete cascade,
      case_kind text not null check (case_kind in ('ticket', 'after_sale')),
      case_id integer not null,
      case_at timestamptz not null,
      added_at timestamptz not null default now(),
      primary key (alarm_id, case_kind, case_id)
    );
    create index defect_alarm_cases_case on defect_alarm_cases (case_kind, case_id);

    create index tickets_quality_created on tickets (created_at) where category = 'product_quality';
    create index tickets_defect_created on tickets (created_at) where root_cause = 'product_defect';
  `.execute(db);
}
