import { sql, type Kysely } from 'kysely';

/**
 * Outgoing webhooks (integrations/): other systems (an ERP, the warehouse, BI) subscribe a URL to kefu's domain
 * events. Each event a subscription wants becomes one `webhook_sends` row — unique per subscription and event, so a
 * listener that sees an event twice queues it once — delivered, signed, with back-off retries and a visible log.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table webhook_subscriptions (
      id serial primary key,
      url text not null check (length(url) <= 2000),
      description text not null default '' check (length(description) <= 200),
      event_types text[] not null,
      secret text not null,
      active boolean not null default true,
      consecutive_failures int not null default 0,
      last_success_at timestamptz,
      last_failure_at timestamptz,
      last_error text,
      created_by int references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version int not null default 1
    )`.execute(db);
  await sql`
    create table webhook_sends (
      id bigserial primary key,
      subscription_id int not null references webhook_subscriptions(id) on delete cascade,
      event_id bigint,
      event_type text not null,
      body text not null,
      status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
      attempts int not null default 0,
      next_attempt_at timestamptz not null default now(),
      response_status int,
      error text,
      duration_ms int,
      created_at timestamptz not null default now(),
      finished_at timestamptz
    )`.execute(db);
  await sql`create unique index webhook_sends_once on webhook_sends (subscription_id, event_id)`.execute(db);
  await sql`create index webhook_sends_due on webhook_sends (next_attempt_at) where status = 'pending'`.execute(db);
  await sql`create index webhook_sends_log on webhook_sends (subscription_id, id desc)`.execute(db);
}
