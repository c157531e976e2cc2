import { sql, type Kysely } from 'kysely';

/**
 * Each request for a shopper code is recorded before anything is looked up, with who asked (visitor, client
 * address, shop), so the limits hold across processes and apply to unknown orders too; the request also holds
 * the shopper's own wrong tries. Codes now belong to their destination: wrong tries are counted per request
 * (what the shopper sees) and per destination and address (hidden), no longer per code.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table shopper_code_requests (
      id bigint generated always as identity primary key,
      shop_id integer not null references shops(id),
      visitor_id integer not null references visitors(id),
      ip text not null,
      channel text check (channel in ('sms', 'email')),
      destination text,
      customer_id integer references customers(id),
      wrong_tries integer not null default 0,
      used_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index shopper_code_requests_visitor on shopper_code_requests(visitor_id, created_at);
    create index shopper_code_requests_ip on shopper_code_requests(ip, created_at);
    create index shopper_code_requests_shop on shopper_code_requests(shop_id, created_at);
    create index shopper_code_requests_destination on shopper_code_requests(destination, created_at);
    alter table shopper_codes drop column wrong_tries;
  `.execute(db);
}
