import { sql, type Kysely } from 'kysely';

/**
 * Reporting facts (reports/): one row per conversation, ticket and after-sale, written by listeners of the domain
 * events when the case moves, so a report adds up rows instead of recomputing from messages and timelines.
 * Times are milliseconds of wall time; a fact row is rewritten whole each time its case moves (idempotent).
 * `repeat_of` is the earlier case of the same shopper on the same matter within 7 days (a second contact);
 * `contacted_again` is set on that earlier case when it happens.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table report_conversations (
      conversation_id integer primary key references conversations(id) on delete cascade,
      opened_at timestamptz not null,
      closed_at timestamptz,
      channel text not null default 'web',
      agent_id integer,
      group_id integer,
      customer_id integer,
      ticket_id integer,
      intent text,
      category text,
      product_id integer,
      order_id integer,
      first_response_ms integer,
      responses integer not null default 0,
      response_ms_sum bigint not null default 0,
      responses_within_30s integer not null default 0,
      handling_ms bigint,
      agent_messages integer not null default 0,
      shopper_messages integer not null default 0,
      bot_answers integer not null default 0,
      handed_over boolean not null default false,
      handover_reason text,
      resolved_by_bot boolean not null default false,
      resolved boolean not null default false,
      close_reason text,
      csat smallint,
      escalated boolean not null default false,
      repeat_of text,
      contacted_again boolean not null default false,
      updated_at timestamptz not null default now()
    );
    create index report_conversations_opened on report_conversations (opened_at);
    create index report_conversations_agent on report_conversations (agent_id, opened_at);
    create index report_conversations_customer on report_conversations (customer_id, opened_at) where customer_id is not null;

    create table report_tickets (
      ticket_id integer primary key references tickets(id) on delete cascade,
      created_at timestamptz not null,
      solved_at timestamptz,
      closed_at timestamptz,
      type text not null,
      status text not null,
      channel text not null,
      category text,
      priority text not null,
      product_id integer,
      order_id integer,
      customer_id integer,
      agent_id integer,
      group_id integer,
      conversation_id integer,
      first_response_ms integer,
      resolution_ms bigint,
      replies integer not null default 0,
      reopens integer not null default 0,
      escalated boolean not null default false,
      root_cause text,
      csat smallint,
      repeat_of text,
      contacted_again boolean not null default false,
      updated_at timestamptz not null default now()
    );
    create index report_tickets_created on report_tickets (created_at);
    create index report_tickets_agent on report_tickets (agent_id, created_at);
    create index report_tickets_customer on report_tickets (customer_id, created_at) where customer_id is not null;

    create table report_aftersales (
      after_sale_id integer primary key references after_sales(id) on delete cascade,
      ticket_id integer not null,
      order_id integer not null,
      product_id integer,
      customer_id integer,
      agent_id integer,
      kind text not null,
      state text not null,
      reason text not null,
      root_cause text,
      amount_fen bigint not null default 0,
      refunded_fen bigint not null default 0,
      opened_at timestamptz not null,
      closed_at timestamptz,
      updated_at timestamptz not null default now()
    );
    create index report_aftersales_opened on report_aftersales (opened_at);
    create index report_aftersales_product on report_aftersales (product_id, opened_at);
  `.execute(db);
}
