import { sql, type Kysely } from 'kysely';

/**
 * Orders as the marketplaces report them (receiver, money, invoice, logistics), the checks they raise,
 * order changes, out-of-stock substitutions; after-sale requests; collaboration tasks to other departments;
 * shop settings (order-check thresholds, after-sale policy); webhook replay protection.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table products add column restricted_provinces text[] not null default '{}';
    alter table products add column stock integer not null default 0;

    alter table orders
      add column buyer_nick text,
      add column receiver_name text,
      add column receiver_phone text,
      add column province text,
      add column city text,
      add column district text,
      add column address text,
      add column goods_fen bigint not null default 0 check (goods_fen >= 0),
      add column discount_fen bigint not null default 0 check (discount_fen >= 0),
      add column shipping_fen bigint not null default 0 check (shipping_fen >= 0),
      add column coupon text,
      add column invoice jsonb,
      add column courier text,
      add column kind text not null default 'normal',
      add column original_order_id integer references orders(id),
      add column collect_payment boolean not null default true,
      add column cancel_reason text,
      add column confirmed_at timestamptz,
      add column confirmed_by integer references users(id),
      add column delivered_at timestamptz,
      add column cancelled_at timestamptz,
      add column next_check_at timestamptz,
      add column source text not null default 'api',
      add column version integer not null default 1,
      add column updated_at timestamptz not null default now();
    create index orders_next_check on orders(next_check_at) where next_check_at is not null;
    create index orders_buyer on orders(platform, buyer_nick, created_at) where buyer_nick is not null;
    create index orders_updated on orders(updated_at desc, id desc);
    create index orders_original on orders(original_order_id) where original_order_id is not null;

    alter table order_lines alter column product_id drop not null;
    alter table order_lines
      add column sku text,
      add column title text not null default '',
      add column status text not null default 'active',
      add column substituted_from_id integer references order_lines(id);

    create table logistics_events (
      id bigint generated always as identity primary key,
      order_id integer not null references orders(id) on delete cascade,
      at timestamptz not null,
      description text not null,
      location text not null default ''
    );
    create index logistics_events_order on logistics_events(order_id, at);

    create table order_flags (
      id bigint generated always as identity primary key,
      order_id integer not null references orders(id) on delete cascade,
      kind text not null,
      detail jsonb not null default '{}',
      raised_at timestamptz not null default now(),
      resolved_at timestamptz,
      resolved_by integer references users(id),
      resolution text,
      unique (order_id, kind)
    );
    create index order_flags_open on order_flags(raised_at desc) where resolved_at is null;

    create table order_events (
      id bigint generated always as identity primary key,
      order_id integer not null references orders(id) on delete cascade,
      actor_id integer references users(id),
      kind text not null,
      data jsonb not null default '{}',
      at timestamptz not null default now()
    );
    create index order_events_order on order_events(order_id, id);

    create table substitutions (
      id integer generated always as identity primary key,
      order_id integer not null references orders(id) on delete cascade,
      order_line_id integer not null references order_lines(id),
      product_id integer not null references products(id),
      note text not null default '',
      proposed_by integer references users(id),
      proposed_at timestamptz not null default now(),
      answer_due_at timestamptz not null,
      outcome text,
      follow_up_at timestamptz,
      answer_note text,
      answered_by integer references users(id),
      answered_at timestamptz,
      late_flagged_at timestamptz,
      version integer not null default 1
    );
    create index substitutions_open on substitutions(answer_due_at) where outcome is null;

    create table after_sales (
      id integer generated always as identity primary key,
      ticket_id integer not null references tickets(id),
      order_id integer not null references orders(id),
      customer_id integer references customers(id),
      kind text not null,
      state text not null,
      reason text not null,
      description text not null default '',
      lines jsonb not null default '[]',
      amount_fen bigint not null default 0 check (amount_fen >= 0),
      compensation_kind text,
      goods_intact boolean,
      complex boolean not null default false,
      checks jsonb not null default '[]',
      approved_by integer references users(id),
      approved_at timestamptz,
      replacement_order_id integer references orders(id),
      return_tracking_no text,
      review_due_at timestamptz,
      plan_due_at timestamptz,
      plan text,
      progress_due_at timestamptz,
      overdue text[] not null default '{}',
      created_by integer references users(id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index after_sales_ticket on after_sales(ticket_id);
    create index after_sales_order on after_sales(order_id);
    create index after_sales_state on after_sales(state, updated_at desc);
    create index after_sales_review_due on after_sales(review_due_at) where review_due_at is not null;
    create index after_sales_plan_due on after_sales(plan_due_at) where plan_due_at is not null;
    create index after_sales_progress_due on after_sales(progress_due_at) where progress_due_at is not null;

    create table collab_tasks (
      id integer generated always as identity primary key,
      ticket_id integer references tickets(id),
      order_id integer references orders(id),
      after_sale_id integer references after_sales(id),
      department text not null,
      title text not null,
      description text not null default '',
      attachment_ids integer[] not null default '{}',
      owner_id integer references users(id),
      state text not null default 'open',
      answer text,
      due_at timestamptz not null,
      created_by integer references users(id),
      created_at timestamptz not null default now(),
      started_at timestamptz,
      done_at timestamptz,
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      check (ticket_id is not null or order_id is not null)
    );
    create index collab_tasks_department on collab_tasks(department, state, due_at);
    create index collab_tasks_ticket on collab_tasks(ticket_id);

    alter table tickets add column answer_due_at timestamptz;
    alter table tickets add column answered_at timestamptz;
    create index tickets_answer_due on tickets(answer_due_at) where answer_due_at is not null and answered_at is null;

    create table shop_settings (
      key text primary key,
      value jsonb not null,
      version integer not null default 1,
      updated_at timestamptz not null default now()
    );

    create table webhook_deliveries (
      signature text primary key,
      received_at timestamptz not null default now()
    );
    create index webhook_deliveries_at on webhook_deliveries(received_at);
  `.execute(db);
}
