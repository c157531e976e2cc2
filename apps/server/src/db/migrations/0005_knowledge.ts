import { sql, type Kysely } from 'kysely';

/**
 * Product knowledge (specs, size chart, usage, pros and cons, images), promotions, the FAQ with its alternative
 * phrasings, the shop's synonyms, questions nobody could answer (未知问题), and the bot's answers.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table products
      add column specs jsonb not null default '{}',
      add column size_chart jsonb not null default '[]',
      add column usage text not null default '',
      add column pros text not null default '',
      add column cons text not null default '',
      add column images text[] not null default '{}',
      add column version integer not null default 1;

    create table promotions (
      id integer generated always as identity primary key,
      title text not null,
      kind text not null,
      threshold_fen bigint not null default 0 check (threshold_fen >= 0),
      discount_fen bigint not null check (discount_fen >= 0),
      product_ids integer[],
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      check (ends_at > starts_at)
    );
    create index promotions_ends on promotions(ends_at);

    create table faq_entries (
      id integer generated always as identity primary key,
      question text not null,
      alternatives text[] not null default '{}',
      answer text not null,
      category text not null default '',
      product_ids integer[] not null default '{}',
      enabled boolean not null default true,
      hits integer not null default 0,
      version integer not null default 1,
      created_by integer references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index faq_entries_updated on faq_entries(updated_at desc);

    create table synonym_groups (
      id integer generated always as identity primary key,
      terms text[] not null check (cardinality(terms) >= 2)
    );

    create table unknown_questions (
      id integer generated always as identity primary key,
      question text not null unique,
      asked integer not null default 1,
      first_asked_at timestamptz not null default now(),
      last_asked_at timestamptz not null default now(),
      conversation_id integer references conversations(id),
      status text not null default 'open',
      faq_id integer references faq_entries(id) on delete set null
    );
    create index unknown_questions_open on unknown_questions(asked desc) where status = 'open';

    create table bot_answers (
      id bigint generated always as identity primary key,
      conversation_id integer not null references conversations(id) on delete cascade,
      question text not null,
      faq_id integer references faq_entries(id) on delete set null,
      score real not null,
      confidence real not null,
      helpful boolean,
      at timestamptz not null default now()
    );
    create index bot_answers_conversation on bot_answers(conversation_id);
    alter table conversations add column tags text[] not null default '{}';
    alter table shops add column bot jsonb not null default '{"enabled": false, "threshold": 0.6}';
  `.execute(db);
}
