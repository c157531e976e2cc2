import { sql, type Kysely } from 'kysely';

/** E-mails to customers are written in the same transaction as the reply, then sent and retried from here. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table email_outbox (
      id bigint generated always as identity primary key,
      ticket_id integer references tickets(id),
      recipient text not null,
      subject text not null,
      body text not null,
      status text not null default 'pending',
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      last_error text,
      sent_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index email_outbox_due on email_outbox(next_attempt_at) where status = 'pending';
  `.execute(db);
}
