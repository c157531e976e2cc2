import { sql, type Kysely } from 'kysely';

/**
 * Domain events (docs/decisions/0011-domain-events.md): the outbox, written in the transaction of the change;
 * `position` is the commit order, set after commit by one sequencer at a time; a cursor and a lease per listener;
 * deliveries that failed, parked per listener until they succeed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table domain_events (
      id bigint generated always as identity primary key,
      subject text not null,
      type text not null,
      payload jsonb not null default '{}',
      occurred_at timestamptz not null default now(),
      position bigint unique
    );
    create index domain_events_unsequenced on domain_events (id) where position is null;

    create table event_listeners (
      name text primary key,
      position bigint not null,
      lease_owner text,
      lease_until timestamptz,
      delivered_count bigint not null default 0,
      seen_at timestamptz not null default now()
    );

    create table event_retries (
      listener text not null references event_listeners(name) on delete cascade,
      event_id bigint not null references domain_events(id),
      subject text not null,
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      last_error text,
      primary key (listener, event_id)
    );
    create index event_retries_event on event_retries (event_id);
  `.execute(db);
}
