/**
 * Daily care job benchmark (issue 13, "Speed"): the `care.daily` job over a shop filled with generate_series, on
 * PostgreSQL, in a database of its own (created, migrated, dropped at the end).
 *
 *   SIZE=small npx tsx bench/care/daily.ts      (50,000 customers)
 *   SIZE=full  npx tsx bench/care/daily.ts      (1,000,000 customers; target ≤ 30 s)
 *   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/test   KEEP_DB=1 keeps the database
 *   PARTS=2   transactions side by side per campaign, as the job runs on PostgreSQL (PARTS=1: one, as before)
 *
 * Three runs: an ordinary day (birthdays, lunar birthdays and first-order anniversaries: about 1 in 365 due), 中秋
 * 2026 with a coupon for every customer (all of them due: a code each, a greeting each queued through outreach), and
 * 中秋 again (nothing to do). 70 % of the customers have an e-mail address (queued), the rest no channel (skipped,
 * logged). Each figure is printed with the load average.
 */
import os from 'node:os';
import { sql } from 'kysely';
import pg from 'pg';
import { runCareDay, type CareRunResult } from '../../apps/server/src/care/daily.ts';
import { openDatabase } from '../../apps/server/src/db/database.ts';
import { migrateToLatest } from '../../apps/server/src/db/migrate.ts';

const SIZES = { small: { customers: 50_000 }, full: { customers: 1_000_000 } } as const;
const size = SIZES[(process.env.SIZE ?? 'small') as keyof typeof SIZES];
if (!size) throw new Error('SIZE is small or full');
const base = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const dbName = 'kefu_bench_care_daily';
const parts = Number(process.env.PARTS ?? 2);
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
const database = openDatabase({ url: urlOf(dbName), poolSize: 4 });
const db = database.db;
try {
  await migrateToLatest(db);
  log(`filling ${size.customers.toLocaleString()} customers`);
  const n = size.customers;
  // Birthdays spread over the year, one in five on the lunar calendar; a first order for every other customer.
  await sql`
    insert into customers (name, segment, birthday, birthday_lunar, tags)
    select '客户' || g, (array['new','regular','vip','high_value','at_risk'])[1 + g % 5],
           case when g % 10 < 8 then date '1970-01-01' + (abs(hashint4(g)) % 12000) end, g % 5 = 0, '{}'
      from generate_series(1, ${n}) g`.execute(db);
  await sql`
    insert into customer_identities (customer_id, kind, value)
    select g, 'email', 'c' || g || '@example.com' from generate_series(1, ${n}) g where g % 10 < 7`.execute(db);
  await sql`
    insert into orders (platform, order_no, customer_id, status, total_fen, created_at)
    select 'shop', 'B' || g, g, 'completed', 10000, timestamptz '2024-01-01 04:00+00' + (abs(hashint4(g * 7)) % 1000) * interval '1 day'
      from generate_series(1, ${n}, 2) g`.execute(db);
  await sql`insert into shops (key, name, identity_secret) values ('bench', '暖橙家居', ${'x'.repeat(32)})`.execute(db);
  await sql`
    update care_campaigns set enabled = true where name in ('生日祝福', '首单周年');
    update care_campaigns set enabled = true, coupon_definition_id = 2,
      body = '{{name}}，月圆人团圆！{{shopName}}送您{{couponAmount}}元中秋券（券码 {{couponCode}}，{{expiresAt}}前有效）。'
      where name = '中秋问候';
    update outreach_settings set cap_count = 10`.execute(db);
  // Settled as a shop's database is at 09:00, not as one just bulk-filled: vacuumed (hint bits set, so the job's first
  // scans do not rewrite every page), analysed, and the fill's WAL checkpointed.
  await sql`vacuum analyze`.execute(db);
  await sql`checkpoint`.execute(db);
  log('filled');

  const runs: { label: string; ms: number; results: CareRunResult[]; load: string }[] = [];
  const measure = async (label: string, now: Date) => {
    const start = performance.now();
    const results = await runCareDay(db, now, { parts });
    const ms = Math.round(performance.now() - start);
    runs.push({ label, ms, results, load: load() });
    const due = results.reduce((s, r) => s + r.due, 0);
    const queued = results.reduce((s, r) => s + r.queued, 0);
    log(`${label}: ${ms} ms, ${due.toLocaleString()} due, ${queued.toLocaleString()} queued; ${JSON.stringify(results)}`);
  };
  await measure('an ordinary day (2026-09-24)', new Date('2026-09-24T01:00:00Z'));
  await measure('中秋 2026-09-25: every customer due, with a coupon', new Date('2026-09-25T01:00:00Z'));
  await measure('中秋 again (nothing to do)', new Date('2026-09-25T02:00:00Z'));
  const codes = await sql<{ n: string }>`select count(*) as n from coupon_codes`.execute(db);
  const sends = await sql<{ state: string; n: string }>`select state, count(*) as n from outreach_sends group by state order by state`.execute(db);
  console.log(
    JSON.stringify(
      {
        size: process.env.SIZE ?? 'small',
        ...size,
        cpus: os.cpus().length,
        parts,
        runs: runs.map((r) => ({ label: r.label, ms: r.ms, load: r.load })),
        couponCodes: Number(codes.rows[0]!.n),
        sends: Object.fromEntries(sends.rows.map((r) => [r.state, Number(r.n)])),
        targetMs: 30_000,
      },
      null,
      2,
    ),
  );
} finally {
  await database.close();
  if (!process.env.KEEP_DB) await admin(`drop database if exists ${dbName} with (force)`);
}
