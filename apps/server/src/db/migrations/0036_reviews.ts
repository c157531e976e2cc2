import { sql, type Kysely } from 'kysely';

/**
 * Marketplace reviews (reviews/): one row per platform review, delivered by the signed webhook or imported from a
 * seller-centre export, with the model's verdict, its links (order, customer, product), the shop's reply, what was
 * opened from it and the invitation to revise. `review_events` is its timeline; `review_webhook_deliveries` remembers
 * delivery signatures for the replay window.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table reviews (
      id integer generated always as identity primary key,
      platform text not null,
      external_id text not null,
      source text not null check (source in ('webhook', 'import')),
      order_no text,
      order_id integer references orders(id),
      customer_id integer references customers(id),
      product_id integer references products(id),
      product_title text not null default '',
      sku text,
      buyer_nick text not null default '',
      stars smallint check (stars between 1 and 5),
      content text not null,
      appended text,
      reviewed_at timestamptz not null,
      sentiment text not null check (sentiment in ('positive', 'neutral', 'negative')),
      negative_probability real not null,
      middling boolean not null,
      complaint_kind text not null,
      reply text,
      replied_at timestamptz,
      replied_by integer references users(id),
      after_sale_id integer references after_sales(id),
      follow_up_id integer,
      escalation text check (escalation in ('pr', 'legal')),
      escalation_reason text,
      escalated_at timestamptz,
      invited_at timestamptz,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (platform, external_id)
    );
    create index reviews_recent on reviews (reviewed_at desc, id desc);
    create index reviews_unanswered on reviews (reviewed_at) where middling and replied_at is null;
    create index reviews_customer on reviews (customer_id);
    create index reviews_order on reviews (order_id);
    create index reviews_product on reviews (product_id);

    create table review_events (
      id bigint generated always as identity primary key,
      review_id integer not null references reviews(id) on delete cascade,
      kind text not null,
      actor_id integer references users(id),
      data jsonb not null default '{}',
      created_at timestamptz not null default now()
    );
    create index review_events_review on review_events (review_id, id);

    create table review_webhook_deliveries (
      signature text primary key,
      received_at timestamptz not null default now()
    );
  `.execute(db);
}
