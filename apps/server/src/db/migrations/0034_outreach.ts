import { sql, type Kysely } from 'kysely';

/**
 * Outreach (outreach/): everything kefu sends to a shopper first — order news, care greetings, surveys,
 * follow-ups, review invitations — goes through one queue that is also the send log. A (customer, dedupe key)
 * is sent at most once. Opt-outs are per customer: all marketing, or one channel. The settings are one row:
 * quiet hours (China time, minutes after midnight), the marketing frequency cap, and the secret the
 * unsubscribe links are signed with.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table outreach_sends (
      id integer generated always as identity primary key,
      customer_id integer not null references customers(id) on delete cascade,
      purpose text not null check (purpose in ('notification', 'care', 'survey', 'follow_up', 'review_invite')),
      channel text check (channel in ('chat', 'email', 'sms')),
      state text not null check (state in ('queued', 'sent', 'skipped', 'failed', 'cancelled')),
      template_key text not null,
      title text not null,
      body text not null,
      link text,
      dedupe_key text not null,
      case_kind text,
      case_id integer,
      send_at timestamptz not null,
      next_attempt_at timestamptz not null,
      sent_at timestamptz,
      reason text,
      attempts integer not null default 0,
      created_at timestamptz not null default now()
    );
    create unique index outreach_sends_dedupe on outreach_sends (customer_id, dedupe_key);
    create index outreach_sends_due on outreach_sends (next_attempt_at) where state = 'queued';

    create table outreach_opt_outs (
      customer_id integer not null references customers(id) on delete cascade,
      scope text not null check (scope in ('marketing', 'chat', 'email', 'sms')),
      source text not null check (source in ('staff', 'shopper')),
      created_by integer references users(id) on delete set null,
      created_at timestamptz not null default now(),
      primary key (customer_id, scope)
    );

    create table outreach_settings (
      id integer primary key check (id = 1),
      quiet_start integer not null default 1260 check (quiet_start between 0 and 1439),
      quiet_end integer not null default 540 check (quiet_end between 0 and 1439),
      cap_count integer not null default 2 check (cap_count between 0 and 100),
      cap_days integer not null default 7 check (cap_days between 1 and 365),
      link_secret text not null,
      -- Where the shop's kefu is reached from outside (https://kefu.shop.example): the start of the unsubscribe links.
      link_base text not null default '' check (link_base = '' or link_base ~ '^https?://'),
      version integer not null default 1,
      updated_at timestamptz not null default now()
    );
    -- Choosing the channel asks each customer's latest chat: without this, a greeting to every customer scans all chats per customer.
    create index conversations_customer on conversations (customer_id, created_at desc) where customer_id is not null;
    insert into outreach_settings (id, link_secret) values (1, md5(random()::text || clock_timestamp()::text) || md5(random()::text));

    -- Shopper notifications (notifications/): one template per event, each on or off; sent through outreach.
    create table notification_templates (
      id integer generated always as identity primary key,
      key text not null unique,
      enabled boolean not null default true,
      title text not null check (length(title) between 1 and 100),
      body text not null check (length(body) between 1 and 1000),
      version integer not null default 1,
      updated_at timestamptz not null default now()
    );
    insert into notification_templates (key, title, body) values
      ('order.confirmed', '您的订单已确认', '亲，您的订单 {{orderNo}} 已确认，我们会尽快为您安排发货。'),
      ('order.shipped', '您的订单已发货', '亲，您的订单 {{orderNo}} 已由{{courier}}发出，运单号 {{trackingNo}}，请留意查收。'),
      ('order.delayed', '您的订单发货延迟', '亲，非常抱歉，您的订单 {{orderNo}} 暂未发出：{{reason}}。我们会尽快为您发货。'),
      ('aftersale.moved', '您的售后进度有更新', '亲，您订单 {{orderNo}} 的售后申请{{afterSaleStatus}}。');
  `.execute(db);
}
