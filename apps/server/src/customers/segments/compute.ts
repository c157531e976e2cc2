import { SEGMENTS, type Segment } from '@kefu/domain';
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { readRules } from './rules.ts';
import { COUNTED_ORDER, orderAggregates, segmentCase, serviceAggregates } from './sql.ts';

export type RunTrigger = 'schedule' | 'manual' | 'seed';

/** How many customers are in each segment now (merged-away files left out). */
export async function segmentCounts(db: Db | Tx): Promise<Record<Segment, number>> {
  const rows = await db
    .selectFrom('customers')
    .select(['segment', (eb) => eb.fn.countAll<string>().as('n')])
    .where('merged_into_id', 'is', null)
    .groupBy('segment')
    .execute();
  const counts = Object.fromEntries(SEGMENTS.map((s) => [s, 0])) as Record<Segment, number>;
  for (const r of rows) if ((SEGMENTS as readonly string[]).includes(r.segment)) counts[r.segment as Segment] = Number(r.n);
  return counts;
}

/**
 * Recomputes every customer's segment from the rules in one statement: aggregates of orders, complaint tickets and
 * after-sales per customer, the rules as a CASE, a person's override kept while it lasts (and cleared when it has
 * run out). Only rows whose computed or effective segment moved are written, and each move of the segment gets a
 * history row. A row a person changed (override set or cleared) after the evaluation read it is left to the next
 * run: the write checks the row still holds what was evaluated, so a stale evaluation never undoes a person's
 * override. The run is recorded, failed or not. One run at a time (an advisory lock), however it was started.
 */
export async function recomputeSegments(db: Db, trigger: RunTrigger, by: number | null, now: Date = new Date()) {
  const run = await db.insertInto('segment_runs').values({ trigger, started_by: by }).returning('id').executeTakeFirstOrThrow();
  try {
    const result = await db.transaction().execute((tx) => applySegments(tx, run.id, now));
    const counts = await segmentCounts(db);
    await db
      .updateTable('segment_runs')
      .set({ finished_at: new Date(), customers: result.customers, changed: result.changed, counts: JSON.stringify(counts) })
      .where('id', '=', run.id)
      .execute();
    return { runId: run.id, ...result, counts };
  } catch (err) {
    await db
      .updateTable('segment_runs')
      .set({ finished_at: new Date(), error: err instanceof Error ? err.message : String(err) })
      .where('id', '=', run.id)
      .execute();
    throw err;
  }
}

/**
 * One run's work inside the caller's transaction: a scheduled or manual run, or the demo seed's. The evaluation is a
 * plain SELECT into a temporary table (PostgreSQL may run it in parallel; a statement that writes never is), then one
 * statement writes the changed rows and their history. JIT is off: compiling the wide CASE costs seconds and saves less.
 */
export async function applySegments(tx: Tx, runId: number, now: Date) {
  await sql`select pg_advisory_xact_lock(hashtext('customers.segments'))`.execute(tx);
  await sql`set local jit = off`.execute(tx);
  await sql`set local work_mem = '256MB'`.execute(tx);
  const rules = await readRules(tx);
  const complaints = serviceAggregates('complaints', rules, now, 't');
  const afterSales = serviceAggregates('afterSales', rules, now, 'a');
  const nowText = now.toISOString();
  const none = sql`select null::int as customer_id where false`;
  await sql`
    create temporary table segment_eval on commit drop as
    with o as (
      select o.customer_id, ${sql.join(orderAggregates(rules, now))}
        from orders o where ${COUNTED_ORDER} group by o.customer_id
    ),
    k as (
      ${complaints.from ? sql`select t.customer_id, ${sql.join(complaints.columns)} from tickets t where t.type = 'complaint' and t.customer_id is not null and t.created_at >= ${complaints.from} group by t.customer_id` : none}
    ),
    s as (
      ${afterSales.from ? sql`select a.customer_id, ${sql.join(afterSales.columns)} from after_sales a where a.customer_id is not null and a.created_at >= ${afterSales.from} group by a.customer_id` : none}
    ),
    c as (
      select cu.id, cu.segment as old_segment, cu.segment_computed as old_computed,
             cu.segment_override as old_override, cu.segment_override_until as old_until,
             cu.segment_override is not null and cu.segment_override_until <= ${nowText}::timestamptz as expired,
             case when cu.segment_override is not null and (cu.segment_override_until is null or cu.segment_override_until > ${nowText}::timestamptz)
                  then cu.segment_override end as kept_override,
             ${segmentCase(rules, now)} as computed
        from customers cu
        left join o on o.customer_id = cu.id
        left join k on k.customer_id = cu.id
        left join s on s.customer_id = cu.id
       where cu.merged_into_id is null
    )
    select c.*, coalesce(kept_override, computed) as effective from c`.execute(tx);
  const { rows } = await sql<{ customers: string; changed: string }>`
    with u as (
      update customers cu
         set segment = e.effective,
             segment_computed = e.computed,
             segment_override = case when e.expired then null else cu.segment_override end,
             segment_override_reason = case when e.expired then null else cu.segment_override_reason end,
             segment_override_by = case when e.expired then null else cu.segment_override_by end,
             segment_override_at = case when e.expired then null else cu.segment_override_at end,
             segment_override_until = case when e.expired then null else cu.segment_override_until end
        from segment_eval e
       where cu.id = e.id and (e.old_segment <> e.effective or e.old_computed is distinct from e.computed or e.expired)
         and cu.segment = e.old_segment
         and cu.segment_override is not distinct from e.old_override
         and cu.segment_override_until is not distinct from e.old_until
      returning cu.id
    ),
    h as (
      insert into customer_segment_history (customer_id, from_segment, to_segment, rule, source, run_id)
      select e.id, e.old_segment, e.effective,
             case when e.kept_override is null and e.computed <> 'regular' then e.computed end,
             case when e.expired then 'override_expired' else 'job' end, ${runId}
        from segment_eval e join u on u.id = e.id
       where e.old_segment <> e.effective or e.expired
      returning 1
    )
    select (select count(*) from segment_eval) as customers, (select count(*) from h) as changed`.execute(tx);
  await sql`drop table segment_eval`.execute(tx);
  return { customers: Number(rows[0]!.customers), changed: Number(rows[0]!.changed) };
}

/** A whole run, recorded, inside the caller's transaction (the demo seed computes its customers' segments this way). */
export async function recomputeWithin(tx: Tx, trigger: RunTrigger, by: number | null, now: Date) {
  const run = await tx.insertInto('segment_runs').values({ trigger, started_by: by }).returning('id').executeTakeFirstOrThrow();
  const result = await applySegments(tx, run.id, now);
  const counts = await segmentCounts(tx);
  await tx
    .updateTable('segment_runs')
    .set({ finished_at: new Date(), customers: result.customers, changed: result.changed, counts: JSON.stringify(counts) })
    .where('id', '=', run.id)
    .execute();
  return { runId: run.id, ...result, counts };
}
