import { sql, type Kysely } from 'kysely';

/** Live chat: shops and their visitors, conversations and messages, agent presence, scripts. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table shops (
      id integer generated always as identity primary key,
      key text not null unique,
      name text not null,
      identity_secret text not null,
      default_group_id integer references skill_groups(id),
      created_at timestamptz not null default now()
    );
    create table visitors (
      id integer generated always as identity primary key,
      shop_id integer not null references shops(id),
      token_hash text not null unique,
      customer_id integer references customers(id),
      name text not null,
      created_at timestamptz not null default now()
    );
    create index visitors_customer on visitors(customer_id);
    create table conversations (
      id integer generated always as identity primary key,
      shop_id integer not null references shops(id),
      visitor_id integer not null references visitors(id),
      customer_id integer references customers(id),
      group_id integer references skill_groups(id),
      agent_id integer references users(id),
      status text not null,
      vip boolean not null default false,
      last_seq integer not null default 0,
      shopper_read_seq integer not null default 0,
      agent_read_seq integer not null default 0,
      waiting_since timestamptz,
      overdue_flagged_at timestamptz,
      first_response_at timestamptz,
      ticket_id integer references tickets(id),
      close_reason text,
      rating smallint check (rating between 1 and 5),
      rating_comment text,
      created_at timestamptz not null default now(),
      assigned_at timestamptz,
      closed_at timestamptz
    );
    create index conversations_queue on conversations(group_id, vip desc, created_at) where status = 'queued';
    create index conversations_agent on conversations(agent_id) where status = 'active';
    create index conversations_visitor on conversations(visitor_id, created_at desc);
    create index conversations_waiting on conversations(waiting_since) where status <> 'closed' and overdue_flagged_at is null;
    create table messages (
      id bigint generated always as identity primary key,
      conversation_id integer not null references conversations(id),
      seq integer not null,
      client_id text,
      sender_kind text not null,
      sender_id integer,
      kind text not null,
      body text not null,
      data jsonb not null default '{}',
      response_ms integer,
      at timestamptz not null default now(),
      unique (conversation_id, seq),
      unique (conversation_id, sender_kind, client_id)
    );
    create table chat_files (
      id text primary key,
      shop_id integer not null references shops(id),
      content_type text not null,
      size integer not null,
      data bytea not null,
      created_at timestamptz not null default now()
    );
    create table agent_presence (
      user_id integer primary key references users(id) on delete cascade,
      status text not null default 'offline',
      max_chats integer not null default 5 check (max_chats between 1 and 50),
      updated_at timestamptz not null default now()
    );
    create table quick_replies (
      id integer generated always as identity primary key,
      owner_id integer references users(id) on delete cascade,
      title text not null,
      body text not null,
      shortcut text,
      created_at timestamptz not null default now()
    );
    create table forbidden_phrases (
      id integer generated always as identity primary key,
      phrase text not null unique,
      suggestion text not null default '',
      created_at timestamptz not null default now()
    );
    alter table tickets add column conversation_id integer references conversations(id);
  `.execute(db);
}
