import { sql, type Kysely } from 'kysely';
import { customersForBuyers } from '../../customers/segments/buyers.ts';
import type { DB } from '../schema.ts';

const BATCH = 5000;

/**
 * Computed customer segments (customers/segments/): the rules an admin edits, one row per segment; each job run;
 * each customer's segment changes; and on the customer the computed value and a person's override (which wins
 * until it runs out). `customers.segment` stays the one value everything reads (SLA policies, order checks).
 * Orders that came in without a customer are linked to one, or get one, so the segments count them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table segment_rules (
      segment text primary key,
      enabled boolean not null default true,
      precedence integer not null,
      thresholds jsonb not null,
      version integer not null default 1,
      updated_by integer references users(id) on delete set null,
      updated_at timestamptz not null default now()
    );
    insert into segment_rules (segment, precedence, thresholds) values
      ('vip', 1, '{"windowDays":365,"minOrders":5,"minSpendFen":1000000}'),
      ('high_value', 2, '{"windowDays":365,"minSpendFen":300000}'),
      ('complaint_prone', 3, '{"windowDays":90,"minComplaints":2,"minAfterSales":3}'),
      ('at_risk', 4, '{"minOrders":2,"daysWithoutOrder":120}'),
      ('active', 5, '{"windowDays":90,"minOrders":2}'),
      ('new', 6, '{"withinDays":30,"maxOrders":1}');
    create table segment_runs (
      id integer generated always as identity primary key,
      trigger text not null check (trigger in ('schedule', 'manual', 'seed')),
      started_by integer references users(id) on delete set null,
      started_at timestamptz not null default now(),
      finished_at timestamptz,
      customers integer not null default 0,
      changed integer not null default 0,
      counts jsonb not null default '{}',
      error text
    );
    create table customer_segment_history (
      id bigint generated always as identity primary key,
      customer_id integer not null references customers(id) on delete cascade,
      from_segment text,
      to_segment text not null,
      rule text,
      source text not null check (source in ('job', 'override', 'override_cleared', 'override_expired')),
      run_id integer references segment_runs(id) on delete set null,
      changed_by integer references users(id) on delete set null,
      reason text,
      at timestamptz not null default now()
    );
    create index customer_segment_history_customer on customer_segment_history (customer_id, at desc, id desc);
    alter table customers
      add column segment_computed text,
      add column segment_override text,
      add column segment_override_reason text,
      add column segment_override_by integer references users(id) on delete set null,
      add column segment_override_at timestamptz,
      add column segment_override_until timestamptz;
    -- Room on each page for the job's updates to stay on the page (HOT: no index touched, the search index included).
    alter table customers set (fillfactor = 90);
  `.execute(db);
  await linkOrphanOrders(db);
}

/** Orders stored before buyers were linked at ingest: linked or given a customer once, in batches. */
export async function linkOrphanOrders(db: Kysely<any>) {
  let after = 0;
  for (;;) {
    const { rows } = await sql<{
      id: number;
      platform: string;
      buyer_nick: string | null;
      receiver_phone: string | null;
      receiver_name: string | null;
    }>`
      select id, platform, buyer_nick, receiver_phone, receiver_name from orders
       where customer_id is null and id > ${after} order by id limit ${BATCH}`.execute(db);
    if (rows.length === 0) return;
    const ids = await customersForBuyers(
      db as Kysely<DB>,
      rows.map((r) => ({ platform: r.platform, buyerNick: r.buyer_nick, phone: r.receiver_phone, name: r.receiver_name })),
    );
    const pairs = rows.flatMap((r, i) => (ids[i] ? [sql`(${r.id}::int, ${ids[i]}::int)`] : []));
    if (pairs.length) {
      await sql`update orders set customer_id = v.customer_id from (values ${sql.join(pairs)}) as v(id, customer_id) where orders.id = v.id`.execute(
        db,
      );
    }
    after = rows.at(-1)!.id;
  }
}
