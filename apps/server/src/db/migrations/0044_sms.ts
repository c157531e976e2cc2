import { sql, type Kysely } from 'kysely';

/**
 * SMS (channels/sms): every text kefu sends and every reply a shopper texts back.
 * - `sms_messages`: the channel's log and its outbox. A verification code or a care message is sent at once by its
 *   own queue (outreach retries) and logged here; an agent's reply on an SMS ticket is queued here and sent by the
 *   `channels.sms-deliver` job with back-off. The provider's id (`provider_id`) and our id (sent as OutId) let a
 *   delivery receipt find its row; `status` follows queued → sent → delivered | undelivered, or failed.
 * - `sms_inbound`: replies (上行) as the provider pushed them, once per provider sequence id, with what became of
 *   each: a ticket created or continued, an opt-out (退订), or ignored with the reason.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table sms_messages (
      id bigserial primary key,
      phone text not null,
      kind text not null check (kind in ('verification', 'notice', 'reply')),
      params jsonb not null,
      text text not null,
      ticket_id int references tickets(id),
      customer_id int references customers(id),
      status text not null check (status in ('queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed')),
      attempts int not null default 0,
      next_attempt_at timestamptz not null default now(),
      provider_id text,
      error text,
      created_at timestamptz not null default now(),
      sent_at timestamptz,
      reported_at timestamptz
    )`.execute(db);
  await sql`create index sms_messages_due on sms_messages (next_attempt_at) where status = 'queued'`.execute(db);
  await sql`create index sms_messages_phone on sms_messages (phone, created_at desc)`.execute(db);
  await sql`create index sms_messages_created on sms_messages (created_at desc)`.execute(db);
  await sql`
    create table sms_inbound (
      id bigserial primary key,
      received_at timestamptz not null default now(),
      provider text not null,
      sequence_id text not null,
      phone text not null,
      content text not null,
      sent_at text,
      outcome text not null check (outcome in ('created', 'continued', 'opted_out', 'ignored')),
      reason text,
      ticket_id int references tickets(id),
      customer_id int references customers(id),
      unique (provider, sequence_id)
    )`.execute(db);
  await sql`create index sms_inbound_received on sms_inbound (received_at desc)`.execute(db);
}
