/**
 * Computed segments benchmark (issue 13, "Speed"): the `customers.segments` job over a shop filled with
 * generate_series, on PostgreSQL, in a database of its own (created, migrated, dropped at the end).
 *
 *   SIZE=small npx tsx bench/care/segments.ts      (50,000 customers, 500,000 orders)
 *   SIZE=full  npx tsx bench/care/segments.ts      (1,000,000 customers, 10,000,000 orders; target ≤ 60 s)
 *   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/test   KEEP_DB=1 keeps the database
 *
 * Three runs: the first (every customer moves off the default), a second with nothing to change (only changed rows
 * are written), and one after an admin lowered the VIP threshold. Each figure is printed with the load average.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { sql } from 'kysely';
import pg from 'pg';
import { recomputeSegments } from '../../apps/server/src/customers/segments/compute.ts';
import { openDatabase } from '../../apps/server/src/db/database.ts';
import { migrateToLatest } from '../../apps/server/src/db/migrate.ts';

const SIZES = { small: { customers: 50_000, orders: 500_000 }, full: { customers: 1_000_000, orders: 10_000_000 } } as const;
const size = SIZES[(process.env.SIZE ?? 'small') as keyof typeof SIZES];
if (!size) throw new Error('SIZE is small or full');
const base = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const dbName = 'kefu_bench_segments';
const urlOf = (db: string) => {
  const u = new URL(base);
  if (!['127.0.0.1', 'localhost'].includes(u.hostname)) throw new Error('the bench only runs against a local PostgreSQL');
  u.pathname = `/${db}`;
  return u.toString();
};
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const t0 = performance.now();
const log = (m: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${m}   (load ${load()})`);

async function admin(query: string) {
  const c = new pg.Client({ connectionString: urlOf('postgres') });
  await c.connect();
  try {
    await c.query(query);
  } finally {
    await c.end();
  }
}

await admin(`drop database if exists ${dbName} with (force)`);
await admin(`create database ${dbName}`);
const database = openDatabase({ url: urlOf(dbName), poolSize: 2 });
const db = database.db;
try {
  await migrateToLatest(db);
  // Indexes the job never reads (order-number search and uniqueness, the list's sort) only slow the fill down: left
  // out here; the customer index is built once after the fill, and foreign keys are not checked row by row.
  await sql`drop index orders_no_grams; drop index orders_updated; drop index orders_customer`.execute(db);
  await sql`alter table orders drop constraint orders_platform_order_no_key`.execute(db);
  log(`filling ${size.customers.toLocaleString()} customers, ${size.orders.toLocaleString()} orders`);
  const now = new Date();
  const complaints = Math.round(size.customers / 20);
  await db.transaction().execute(async (tx) => {
    await sql`set local session_replication_role = replica`.execute(tx);
    await sql`
    insert into customers (name, created_at)
    select '客户' || g, ${now.toISOString()}::timestamptz - (g % 900) * interval '1 day' from generate_series(1, ${size.customers}) g`.execute(tx);
    // Orders over two years; a customer's share is skewed (hash of the row), a few are cancelled or unpaid.
    await sql`
    insert into orders (platform, order_no, customer_id, status, total_fen, created_at)
    select 'shop', 'B' || g,
           1 + (abs(hashint4(g)) % ${size.customers}) * (1 + (g % 3)) % ${size.customers},
           (array['completed','completed','completed','delivered','shipped','paid','cancelled','unpaid'])[1 + g % 8],
           1000 + abs(hashint4(g * 7)) % 200000,
           ${now.toISOString()}::timestamptz - (abs(hashint4(g * 13)) % 730) * interval '1 day'
      from generate_series(1, ${size.orders}) g`.execute(tx);
    await sql`
    insert into tickets (number, type, status, priority, subject, customer_id, created_at)
    select 'BT' || g, 'complaint', 'solved', 'normal', '投诉', 1 + abs(hashint4(g)) % ${size.customers},
           ${now.toISOString()}::timestamptz - (g % 200) * interval '1 day'
      from generate_series(1, ${complaints}) g`.execute(tx);
  });
  await sql`create index orders_customer on orders(customer_id, created_at desc)`.execute(db);
  await sql`analyze customers; analyze orders; analyze tickets`.execute(db);
  log(`filled (${complaints.toLocaleString()} complaint tickets)`);

  const runs: { label: string; ms: number; customers: number; changed: number; load: string }[] = [];
  const measure = async (label: string) => {
    const start = performance.now();
    const run = await recomputeSegments(db, 'manual', null, now);
    const ms = Math.round(performance.now() - start);
    runs.push({ label, ms, customers: run.customers, changed: run.changed, load: load() });
    log(`${label}: ${ms} ms for ${run.customers.toLocaleString()} customers, ${run.changed.toLocaleString()} changed; ${JSON.stringify(run.counts)}`);
  };
  await measure('first run (every customer moves)');
  await measure('second run (nothing changed)');
  await sql`update segment_rules set thresholds = '{"windowDays":365,"minOrders":3,"minSpendFen":300000}' where segment = 'vip'`.execute(db);
  await measure('after lowering the VIP threshold');
  const history = await sql<{ n: string }>`select count(*) as n from customer_segment_history`.execute(db);
  const results = {
    size: process.env.SIZE ?? 'small',
    ...size,
    cpus: os.cpus().length,
    runs,
    historyRows: Number(history.rows[0]!.n),
    targetMs: 60_000,
  };
  console.log(JSON.stringify(results, null, 2));
  writeFileSync(new URL(`segments-results-${results.size}.json`, import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
} finally {
  await database.close();
  if (!process.env.KEEP_DB) await admin(`drop database if exists ${dbName} with (force)`);
}
