import { rulesInOrder, ruleConditions, type Condition, type Measure, type SegmentRule } from '@kefu/domain';
import { sql, type RawBuilder } from 'kysely';

/**
 * The rules as SQL over one row per customer: the domain's conditions (packages/domain/src/segments) turned into
 * columns of per-customer aggregates, so all customers are evaluated in one statement.
 */

/** Orders that count: paid and not cancelled, and not the zero-price replacement of another order. */
export const COUNTED_ORDER = sql`o.status in ('paid', 'shipped', 'delivered', 'completed') and o.kind = 'normal' and o.customer_id is not null`;

// Days of 24 hours, as the domain counts them (an interval of '1 day' would follow the session's daylight saving).
const since = (now: Date, days: number) => sql`${now.toISOString()}::timestamptz - ${days * 86400} * interval '1 second'`;

/** The windows each windowed measure is needed over, to aggregate each once. */
export function windowsOf(rules: readonly SegmentRule[]) {
  const windows = { orders: new Set<number>(), spendFen: new Set<number>(), complaints: new Set<number>(), afterSales: new Set<number>() };
  for (const rule of rulesInOrder(rules))
    for (const all of ruleConditions(rule)) for (const { measure: m } of all) if ('windowDays' in m) windows[m.kind].add(m.windowDays);
  return windows;
}

const col = (kind: string, days: number) => sql.ref(`${kind}_${days}`);

/** The aggregate columns of the orders CTE `o` (alias of `orders`). */
export function orderAggregates(rules: readonly SegmentRule[], now: Date): RawBuilder<unknown>[] {
  const w = windowsOf(rules);
  return [
    sql`count(*) as lifetime_orders`,
    sql`max(o.created_at) as last_order_at`,
    sql`min(o.created_at) as first_order_at`,
    ...[...w.orders].map((d) => sql`count(*) filter (where o.created_at >= ${since(now, d)}) as ${col('orders', d)}`),
    ...[...w.spendFen].map((d) => sql`coalesce(sum(o.total_fen) filter (where o.created_at >= ${since(now, d)}), 0) as ${col('spendFen', d)}`),
  ];
}

/** Count columns over `alias.created_at` for a windowed service measure; `from` limits the scan to the widest window. */
export function serviceAggregates(kind: 'complaints' | 'afterSales', rules: readonly SegmentRule[], now: Date, alias: string) {
  const days = [...windowsOf(rules)[kind]];
  const at = sql.ref(`${alias}.created_at`);
  return {
    columns: days.map((d) => sql`count(*) filter (where ${at} >= ${since(now, d)}) as ${col(kind, d)}`),
    from: days.length ? since(now, Math.max(...days)) : null,
  };
}

function measureSql(m: Measure, now: Date): RawBuilder<unknown> {
  switch (m.kind) {
    case 'orders':
    case 'spendFen':
    case 'complaints':
    case 'afterSales':
      return sql`coalesce(${col(m.kind, m.windowDays)}, 0)`;
    case 'lifetimeOrders':
      return sql`coalesce(lifetime_orders, 0)`;
    // Days are whole days, as daysSince() counts them; a customer without orders has none (the condition fails).
    case 'daysSinceLastOrder':
      return sql`floor(extract(epoch from (${now.toISOString()}::timestamptz - last_order_at)) / 86400)`;
    case 'daysSinceFirstSeen':
      return sql`floor(extract(epoch from (${now.toISOString()}::timestamptz - least(cu.created_at, first_order_at))) / 86400)`;
  }
}

const conditionSql = (c: Condition, now: Date) => sql`${measureSql(c.measure, now)} ${sql.raw(c.op)} ${c.value}`;

/** `case when <rule> then '<segment>' … else 'regular' end`, in precedence order. */
export function segmentCase(rules: readonly SegmentRule[], now: Date): RawBuilder<string> {
  const branches = rulesInOrder(rules).flatMap((rule) => {
    const alternatives = ruleConditions(rule);
    if (alternatives.length === 0) return [];
    const test = sql.join(
      alternatives.map(
        (all) =>
          sql`(${sql.join(
            all.map((c) => conditionSql(c, now)),
            sql` and `,
          )})`,
      ),
      sql` or `,
    );
    return [sql`when ${test} then ${sql.lit(rule.segment)}`];
  });
  return branches.length ? sql<string>`case ${sql.join(branches, sql` `)} else 'regular' end` : sql<string>`'regular'`;
}
