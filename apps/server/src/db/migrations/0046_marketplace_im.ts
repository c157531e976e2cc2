import { DEFAULT_SLA_POLICIES } from '@kefu/domain';
import { sql, type Kysely } from 'kysely';

/**
 * Marketplace IM (channels/marketplace): a buyer writing in 千牛 / 京麦 / 拼多多 is a visitor of the channel, known by
 * the platform's buyer id (Taobao's OpenUid, JD's and Pinduoduo's buyer ids), and chats through the same conversations
 * as the widget; each conversation carries its channel. `im_inbound` keeps every platform message id once (a replayed
 * push or poll stores nothing twice); `im_outbound` is, per marketplace conversation, how far kefu's replies have
 * been sent back on the platform (the outbox: everything after `sent_seq` from an agent or the bot is still to go).
 * The marketplaces' own response-time rules become service-level policies on the chat response clock.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table visitors add column channel text not null default 'web';
    alter table visitors add column external_id text;
    create unique index visitors_external on visitors (shop_id, channel, external_id) where external_id is not null;
    alter table conversations add column channel text not null default 'web';

    create table im_inbound (
      platform text not null,
      message_id text not null,
      conversation_id int not null,
      seq int not null,
      received_at timestamptz not null default now(),
      primary key (platform, message_id)
    );
    create index im_inbound_received on im_inbound (received_at);

    create table im_outbound (
      conversation_id int primary key,
      platform text not null,
      buyer_id text not null,
      sent_seq int not null default 0,
      attempts int not null default 0,
      next_attempt_at timestamptz not null default now(),
      last_error text,
      updated_at timestamptz not null default now()
    );
  `.execute(db);
  // Shops made before this migration get the marketplaces' rules too (a new shop has them from 0012).
  for (const p of DEFAULT_SLA_POLICIES.filter((p) => p.match.channels.some((c) => c === 'taobao' || c === 'jd' || c === 'pdd')))
    await sql`insert into sla_policies (name, enabled, position, match, hours, pause_on_customer, warn_at_percent, targets, on_breach)
      select ${p.name}, ${p.enabled}, ${p.position}, ${JSON.stringify(p.match)}, ${JSON.stringify(p.hours)}, ${p.pauseOnCustomer},
        ${p.warnAtPercent}, ${JSON.stringify(p.targets)}, ${JSON.stringify(p.onBreach)}
      where not exists (select 1 from sla_policies where name = ${p.name})`.execute(db);
}
