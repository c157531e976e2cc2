import { sql, type Kysely } from 'kysely';

/** Staff, sessions, tokens, audit; customers and their files; tickets and their timeline. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table skill_groups (
      id integer generated always as identity primary key,
      name text not null unique,
      created_at timestamptz not null default now()
    );
    create table users (
      id integer generated always as identity primary key,
      username text not null unique,
      display_name text not null,
      email text,
      role text not null,
      password_hash text not null,
      active boolean not null default true,
      created_at timestamptz not null default now()
    );
    create table user_groups (
      user_id integer not null references users(id) on delete cascade,
      group_id integer not null references skill_groups(id) on delete cascade,
      primary key (user_id, group_id)
    );
    create table sessions (
      token_hash text primary key,
      user_id integer not null references users(id) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    );
    create index sessions_user on sessions(user_id);
    create table api_tokens (
      id integer generated always as identity primary key,
      user_id integer not null references users(id) on delete cascade,
      name text not null,
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    );
    create table login_failures (
      id bigint generated always as identity primary key,
      username text not null,
      ip text not null,
      at timestamptz not null default now()
    );
    create index login_failures_user_at on login_failures(username, at);
    create table audit_log (
      id bigint generated always as identity primary key,
      actor_id integer references users(id),
      action text not null,
      entity text not null,
      entity_id text not null,
      detail jsonb not null default '{}',
      at timestamptz not null default now()
    );
    create index audit_log_entity on audit_log(entity, entity_id, at);
    create index audit_log_at on audit_log(at);

    create table customers (
      id integer generated always as identity primary key,
      name text not null,
      gender text,
      birthday date,
      birthday_lunar boolean not null default false,
      segment text not null default 'new',
      tags text[] not null default '{}',
      assigned_agent_id integer references users(id),
      merged_into_id integer references customers(id),
      version integer not null default 1,
      search tsvector not null default ''::tsvector,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index customers_search on customers using gin(search);
    create index customers_tags on customers using gin(tags);
    create index customers_agent on customers(assigned_agent_id);
    create table customer_identities (
      id integer generated always as identity primary key,
      customer_id integer not null references customers(id) on delete cascade,
      kind text not null,
      value text not null,
      unique (kind, value)
    );
    create index customer_identities_customer on customer_identities(customer_id);
    create table customer_addresses (
      id integer generated always as identity primary key,
      customer_id integer not null references customers(id) on delete cascade,
      recipient text not null,
      phone text not null,
      province text not null,
      city text not null,
      district text not null default '',
      detail text not null,
      is_default boolean not null default false
    );
    create index customer_addresses_customer on customer_addresses(customer_id);
    create table customer_notes (
      id integer generated always as identity primary key,
      customer_id integer not null references customers(id) on delete cascade,
      author_id integer references users(id),
      body text not null,
      created_at timestamptz not null default now()
    );
    create index customer_notes_customer on customer_notes(customer_id);

    create table ticket_counters (
      prefix text not null,
      day text not null,
      last integer not null,
      primary key (prefix, day)
    );
    create table tickets (
      id integer generated always as identity primary key,
      number text not null unique,
      type text not null,
      status text not null,
      priority text not null,
      category text,
      severity text,
      subject text not null,
      description text not null default '',
      customer_id integer references customers(id),
      assignee_id integer references users(id),
      group_id integer references skill_groups(id),
      tags text[] not null default '{}',
      version integer not null default 1,
      search tsvector not null default ''::tsvector,
      created_by integer references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      solved_at timestamptz,
      closed_at timestamptz
    );
    create index tickets_search on tickets using gin(search);
    create index tickets_tags on tickets using gin(tags);
    create index tickets_status_updated on tickets(status, updated_at desc);
    create index tickets_updated on tickets(updated_at desc, id desc);
    create index tickets_customer on tickets(customer_id);
    create index tickets_assignee on tickets(assignee_id, status);
    create table ticket_events (
      id bigint generated always as identity primary key,
      ticket_id integer not null references tickets(id) on delete cascade,
      actor_id integer references users(id),
      kind text not null,
      body text,
      data jsonb not null default '{}',
      at timestamptz not null default now()
    );
    create index ticket_events_ticket on ticket_events(ticket_id, id);
    create table attachments (
      id integer generated always as identity primary key,
      ticket_id integer not null references tickets(id) on delete cascade,
      event_id bigint references ticket_events(id),
      filename text not null,
      content_type text not null,
      size integer not null,
      data bytea not null,
      uploaded_by integer references users(id),
      created_at timestamptz not null default now()
    );
    create index attachments_ticket on attachments(ticket_id);

    create table products (
      id integer generated always as identity primary key,
      sku text not null unique,
      name text not null,
      category text not null,
      price_fen bigint not null check (price_fen >= 0),
      warranty_days integer not null default 0
    );
    create table orders (
      id integer generated always as identity primary key,
      platform text not null,
      order_no text not null,
      customer_id integer references customers(id),
      status text not null,
      total_fen bigint not null check (total_fen >= 0),
      tracking_no text,
      remark text not null default '',
      created_at timestamptz not null default now(),
      paid_at timestamptz,
      shipped_at timestamptz,
      unique (platform, order_no)
    );
    create index orders_customer on orders(customer_id, created_at desc);
    create table order_lines (
      id integer generated always as identity primary key,
      order_id integer not null references orders(id) on delete cascade,
      product_id integer not null references products(id),
      quantity integer not null check (quantity > 0),
      unit_price_fen bigint not null check (unit_price_fen >= 0)
    );
    create index order_lines_order on order_lines(order_id);
    alter table tickets add column order_id integer references orders(id);
  `.execute(db);
}
