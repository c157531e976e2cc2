import { sql, type Kysely } from 'kysely';

/**
 * Satisfaction surveys (surveys/): one per case — a chat's stars, a solved ticket, a closed after-sale — with the
 * channel it went out on, its link's token (hashed), its expiry and its answer. The chats rated before this
 * migration become answered surveys, so every CSAT figure comes from this table. The settings are one row.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table surveys (
      id integer generated always as identity primary key,
      kind text not null check (kind in ('conversation', 'ticket', 'after_sale')),
      case_id integer not null,
      ticket_id integer references tickets(id) on delete set null,
      customer_id integer references customers(id) on delete set null,
      agent_id integer references users(id) on delete set null,
      channel text check (channel in ('chat', 'email', 'sms')),
      token_hash text unique,
      state text not null default 'pending' check (state in ('pending', 'sent', 'skipped', 'answered', 'expired')),
      skip_reason text,
      due_at timestamptz,
      sent_at timestamptz,
      expires_at timestamptz,
      answered_at timestamptz,
      score smallint check (score between 1 and 5),
      comment text check (length(comment) <= 500),
      created_at timestamptz not null default now(),
      unique (kind, case_id)
    );
    create index surveys_due on surveys (due_at) where state = 'pending';
    create index surveys_open on surveys (expires_at) where state = 'sent';
    create index surveys_created on surveys (created_at);
    create index surveys_customer on surveys (customer_id);
    create table survey_settings (
      singleton boolean primary key default true check (singleton),
      ticket boolean not null default true,
      after_sale boolean not null default true,
      expiry_days integer not null default 7 check (expiry_days between 1 and 30),
      delay_minutes integer not null default 0 check (delay_minutes between 0 and 10080),
      link_base text not null default '',
      version integer not null default 1,
      updated_at timestamptz not null default now()
    );
    insert into survey_settings default values;
    insert into surveys (kind, case_id, ticket_id, customer_id, agent_id, channel, state, sent_at, answered_at, score, comment, created_at)
    select 'conversation', c.id, c.ticket_id, c.customer_id, c.agent_id, 'chat', 'answered',
      coalesce(c.closed_at, c.created_at), coalesce(c.closed_at, c.created_at), c.rating, left(c.rating_comment, 500),
      coalesce(c.closed_at, c.created_at)
    from conversations c where c.rating between 1 and 5
    order by c.id;
  `.execute(db);
}
