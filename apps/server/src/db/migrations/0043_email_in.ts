import { sql, type Kysely } from 'kysely';

/**
 * E-mail in (channels/email-in): mail to the shop's service address becomes a ticket or continues one.
 * - `email_threads`: every Message-ID kefu knows — of mail it sent (a reply's e-mail) and mail it received — with
 *   its ticket, so a reply's In-Reply-To / References find the ticket, and a message received twice is stored once.
 * - `email_inbound`: the channel's log, one row per message received and what became of it; a refused or ignored
 *   message keeps its raw bytes for 14 days (quarantine), so an admin can see what was not taken and why.
 * - `email_outbox.message_id`: the Message-ID a queued e-mail is sent with (a retry sends the same one).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table email_threads (
      message_id text primary key check (length(message_id) <= 998),
      ticket_id int not null references tickets(id),
      direction text not null check (direction in ('in', 'out')),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index email_threads_ticket on email_threads (ticket_id, created_at desc)`.execute(db);
  await sql`
    create table email_inbound (
      id bigserial primary key,
      received_at timestamptz not null default now(),
      envelope_from text not null,
      remote_address text not null,
      from_address text,
      subject text,
      message_id text,
      outcome text not null check (outcome in ('created', 'continued', 'duplicate', 'refused', 'ignored')),
      reason text,
      ticket_id int references tickets(id),
      size int not null,
      raw bytea
    )`.execute(db);
  await sql`create index email_inbound_received on email_inbound (received_at desc)`.execute(db);
  await sql`alter table email_outbox add column message_id text`.execute(db);
}
