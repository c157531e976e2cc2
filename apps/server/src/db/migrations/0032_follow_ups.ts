import { sql, type Kysely } from 'kysely';

/**
 * Follow-ups (回访, follow-ups/): a call or message to a customer after a delivery, a solved case, a large or VIP
 * order or a low survey score, on the SLA clock (metric `follow_up`). `dedupe_key` makes every rule idempotent: an
 * event delivered twice or a job run twice opens one follow-up. The rules and the scripts are the admin's.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table follow_ups (
      id integer generated always as identity primary key,
      customer_id integer not null references customers(id) on delete cascade,
      reason text not null,
      owner_id integer references users(id) on delete set null,
      due_at timestamptz not null,
      subject_kind text,
      subject_id integer,
      note text not null default '' check (length(note) <= 500),
      dedupe_key text not null unique,
      state text not null default 'open' check (state in ('open', 'done', 'unreachable')),
      attempts integer not null default 0,
      outcome text check (outcome in ('fine', 'problem', 'unreachable')),
      outcome_note text not null default '' check (length(outcome_note) <= 200),
      ticket_id integer references tickets(id) on delete set null,
      done_at timestamptz,
      done_by integer references users(id) on delete set null,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index follow_ups_owner_state on follow_ups (owner_id, state, due_at);
    create index follow_ups_state_due on follow_ups (state, due_at);
    create index follow_ups_customer on follow_ups (customer_id);
    create index follow_ups_created on follow_ups (created_at);

    create table follow_up_rules (
      rule text primary key,
      enabled boolean not null default true,
      delay_minutes integer not null check (delay_minutes between 0 and 43200),
      threshold integer,
      version integer not null default 1,
      updated_at timestamptz not null default now()
    );
    insert into follow_up_rules (rule, enabled, delay_minutes, threshold) values
      ('delivered', true, 4320, null),
      ('case_solved', true, 1440, null),
      ('large_order', true, 1440, 200000),
      ('vip_order', true, 1440, null),
      ('low_score', true, 240, 3);

    create table follow_up_scripts (
      reason text primary key,
      body text not null check (length(body) between 1 and 2000),
      version integer not null default 1,
      updated_at timestamptz not null default now()
    );
    insert into follow_up_scripts (reason, body) values
      ('delivered', '您好，我是{店铺}的客服{客服}。您的订单{订单号}已签收，想了解一下商品是否满意、使用中有没有问题？'),
      ('case_solved', '您好，我是{店铺}的客服{客服}。之前您反馈的问题已处理完毕，想确认一下现在是否一切正常？'),
      ('large_order', '您好，我是{店铺}的客服{客服}。感谢您选购，订单{订单号}已收到，请问收货地址和发票信息是否需要确认？'),
      ('vip_order', '您好，我是您的专属客服{客服}。感谢您一直以来的支持，订单{订单号}有任何需要请随时联系我。'),
      ('low_score', '您好，我是{店铺}的客服{客服}。看到您对这次服务不太满意，非常抱歉，想听听哪里做得不好，我们马上改进。'),
      ('new_owner', '您好，我是您的专属客服{客服}，以后有任何问题都可以直接找我。'),
      ('review', '您好，我是{店铺}的客服{客服}。看到您的评价，非常抱歉给您带来不好的体验，想了解具体情况帮您解决。'),
      ('holiday', '您好，我是{店铺}的客服{客服}，节日快乐！感谢您的支持。'),
      ('manual', '您好，我是{店铺}的客服{客服}，想跟您确认一下近况。');
  `.execute(db);
}
