import { sql, type Kysely } from 'kysely';

/**
 * Phone (channels/phone): every call kefu knows of — reported by the shop's telephony system (CTI) as it rings, is
 * answered and ends, or logged by hand by the agent who made or took it (a phone order, a call-back). A CTI call is
 * stored once per its id however often its events arrive; each moment is kept once (a replayed event changes nothing).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table calls (
      id bigserial primary key,
      source text not null check (source in ('cti', 'manual')),
      call_id text unique,
      direction text not null check (direction in ('in', 'out')),
      phone text not null,
      customer_id int references customers(id),
      ticket_id int references tickets(id),
      agent_id int references users(id),
      agent_extension text,
      state text not null check (state in ('ringing', 'answered', 'ended', 'missed')),
      started_at timestamptz not null,
      answered_at timestamptz,
      ended_at timestamptz,
      duration_seconds int check (duration_seconds >= 0),
      recording_url text,
      note text,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index calls_customer on calls (customer_id, started_at desc)`.execute(db);
  await sql`create index calls_ticket on calls (ticket_id)`.execute(db);
}
