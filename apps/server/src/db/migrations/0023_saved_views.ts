import { sql, type Kysely } from 'kysely';

/**
 * Saved ticket views (saved-views/): the ticket list's filters under a name, private to their owner or shared with the
 * team. Shared views kefu sets up have no owner. The filters are the list's own query (status, type, assignee, …).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table saved_views (
      id integer generated always as identity primary key,
      name text not null check (length(name) between 1 and 40),
      owner_id integer references users(id) on delete cascade,
      shared boolean not null default false,
      filters jsonb not null default '{}',
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index saved_views_owner on saved_views (owner_id);
    insert into saved_views (name, shared, filters) values
      ('我的·处理中', true, '{"assignee":"me","status":["new","open","pending_customer","pending_internal"]}'),
      ('未分配', true, '{"assignee":"none","status":["new","open","pending_customer","pending_internal"]}'),
      ('未分配投诉', true, '{"assignee":"none","type":["complaint"],"status":["new","open","pending_customer","pending_internal"]}');
  `.execute(db);
}
