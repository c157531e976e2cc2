import { sql, type Kysely } from 'kysely';

/**
 * The weekly after-sales brief and the monthly needs report (reports/briefs): one row per kind and period, its figures
 * as JSON; the PDF and Excel files are rendered from them on download and when e-mailed, so nothing large is stored.
 * An e-mail in the outbox names what it attaches (`attachments`: [{source, id}]) and the files are made at send time.
 * The indexes keep a brief's queries on the period's rows: complaints and suggestions by day, after-sales by day (read
 * directly while the reporting facts are not filled); met and breached clocks have theirs (0012, 0019).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table report_briefs (
      id integer generated always as identity primary key,
      kind text not null,
      period_start date not null,
      period_end date not null,
      covers_from timestamptz not null,
      covers_until timestamptz not null,
      data jsonb not null,
      emailed_to text[] not null default '{}',
      created_by integer references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index report_briefs_period on report_briefs (kind, period_start);
    create index report_briefs_recent on report_briefs (period_start desc, id desc);

    alter table email_outbox add column attachments jsonb not null default '[]';

    create index tickets_type_created on tickets (type, created_at);
    create index after_sales_created on after_sales (created_at);
  `.execute(db);
}
