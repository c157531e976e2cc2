import {
  AFTER_SALE_KINDS,
  periodBefore,
  weeklyAdvice,
  type AfterSaleKind,
  type AfterSaleReason,
  type BriefPeriod,
  type RootCause,
  type SlaMetric,
} from '@kefu/domain';
import type { WeeklyAftersalesData } from '@kefu/protocol/api/briefs';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { afterSaleSource, afterSalesOpened, openAfterSale, type AfterSaleSource } from './sources.ts';
import { topWords } from './words.ts';

type Weekly = z.input<typeof WeeklyAftersalesData>;

/** After-sale reasons that speak of the goods themselves: what "top defects" groups per product. */
const DEFECT_REASONS: readonly AfterSaleReason[] = ['quality', 'damaged', 'wrong_item', 'size', 'other'];
const TOP_PRODUCTS = 10;
/** Descriptions read per product for its words: enough for the words that matter, bounded on a busy week. */
const TEXTS_PER_PRODUCT = 300;
const RISK_CASES = 20;

/**
 * The weekly after-sales brief of `period`: counts by kind against the week before, the money refunded, the products
 * with the most defect cases (reasons, root causes, words), the promises kept and missed, the open risks and advice.
 * Every query reads the week's rows (or the open cases) through an index, so a year of a busy shop stays fast.
 */
export async function buildWeeklyBrief(db: Db, period: BriefPeriod): Promise<Weekly> {
  const before = periodBefore(period);
  const source = await afterSaleSource(db, period.from, period.until);
  const [kinds, reasons, complaints, defects, sla, risks] = await Promise.all([
    countsByKind(db, source, period, before),
    countsByReason(db, source, period),
    complaintCounts(db, period, before),
    productDefects(db, source, period),
    slaResults(db, period),
    openRisks(db),
  ]);
  const afterSales = kinds.reduce((sum, k) => sum + k.count, 0);
  const previousAfterSales = kinds.reduce((sum, k) => sum + k.previous, 0);
  const byReason = reasons.map((r) => ({ ...r, share: afterSales ? r.count / afterSales : 0 }));
  return {
    kind: 'weekly_aftersales',
    source,
    totals: {
      afterSales,
      previousAfterSales,
      refundedFen: kinds.reduce((sum, k) => sum + k.refundedFen, 0),
      previousRefundedFen: kinds.reduce((sum, k) => sum + k.previousRefundedFen, 0),
      complaints: complaints.count,
      previousComplaints: complaints.previous,
    },
    byKind: kinds.map(({ kind, count, previous }) => ({ kind, count, previous })),
    byReason,
    defects,
    sla,
    risks,
    advice: weeklyAdvice({
      afterSales,
      previousAfterSales,
      byReason,
      defects: defects.map((d) => ({ productName: d.productName, cases: d.cases, words: d.words.map((w) => w.word) })),
      sla,
      pendingApprovals: risks.pendingApprovals,
      overdueAfterSales: risks.overdueAfterSales,
    }),
  };
}

async function countsByKind(db: Db, source: AfterSaleSource, period: BriefPeriod, before: { from: Date; until: Date }) {
  const { rows } = await sql<{ kind: AfterSaleKind; count: number; previous: number; refunded: number; previous_refunded: number }>`
    select a.kind,
      count(*) filter (where a.opened_at >= ${period.from})::int as count,
      count(*) filter (where a.opened_at < ${period.from})::int as previous,
      coalesce(sum(a.refunded_fen) filter (where a.opened_at >= ${period.from}), 0)::bigint as refunded,
      coalesce(sum(a.refunded_fen) filter (where a.opened_at < ${period.from}), 0)::bigint as previous_refunded
    from ${afterSalesOpened(source, before.from, period.until)} a
    group by a.kind`.execute(db);
  // Every kind is listed, in the domain's order, so two weeks' briefs read alike.
  return AFTER_SALE_KINDS.map((kind) => {
    const row = rows.find((r) => r.kind === kind);
    return {
      kind,
      count: row?.count ?? 0,
      previous: row?.previous ?? 0,
      refundedFen: Number(row?.refunded ?? 0),
      previousRefundedFen: Number(row?.previous_refunded ?? 0),
    };
  });
}

async function countsByReason(db: Db, source: AfterSaleSource, period: BriefPeriod) {
  const { rows } = await sql<{ reason: AfterSaleReason; count: number }>`
    select a.reason, count(*)::int as count from ${afterSalesOpened(source, period.from, period.until)} a
    group by a.reason order by count desc, a.reason`.execute(db);
  return rows;
}

async function complaintCounts(db: Db, period: BriefPeriod, before: { from: Date; until: Date }) {
  const { rows } = await sql<{ count: number; previous: number }>`
    select count(*) filter (where created_at >= ${period.from})::int as count,
      count(*) filter (where created_at < ${period.from})::int as previous
    from tickets where type = 'complaint' and created_at >= ${before.from} and created_at < ${period.until}`.execute(db);
  return rows[0] ?? { count: 0, previous: 0 };
}

/** The after-sales for a defect reason and the complaints about a product, opened in the week. */
const defectCases = (source: AfterSaleSource, period: BriefPeriod) => sql`(
  select a.product_id, 'after_sale' as case_kind, a.id, a.reason, a.root_cause, a.refunded_fen
  from ${afterSalesOpened(source, period.from, period.until)} a
  where a.product_id is not null and a.reason in (${sql.join(DEFECT_REASONS.map((r) => sql.lit(r)))})
  union all
  select t.product_id, 'complaint', t.id, null, t.root_cause, 0
  from tickets t
  where t.type = 'complaint' and t.created_at >= ${period.from} and t.created_at < ${period.until} and t.product_id is not null)`;

async function productDefects(db: Db, source: AfterSaleSource, period: BriefPeriod) {
  const cases = defectCases(source, period);
  const { rows: top } = await sql<{
    product_id: number;
    name: string;
    sku: string;
    after_sales: number;
    complaints: number;
    refunded: number;
  }>`
    select c.product_id, p.name, p.sku,
      count(*) filter (where c.case_kind = 'after_sale')::int as after_sales,
      count(*) filter (where c.case_kind = 'complaint')::int as complaints,
      coalesce(sum(c.refunded_fen), 0)::bigint as refunded
    from ${cases} c join products p on p.id = c.product_id
    group by c.product_id, p.name, p.sku
    order by count(*) desc, c.product_id
    limit ${TOP_PRODUCTS}`.execute(db);
  if (!top.length) return [];
  const ids = top.map((t) => t.product_id);
  const { rows: groups } = await sql<{ product_id: number; reason: AfterSaleReason | null; root_cause: RootCause | null; count: number }>`
    select c.product_id, c.reason, c.root_cause, count(*)::int as count from ${cases} c
    where c.product_id = any(${ids}::int[]) group by c.product_id, c.reason, c.root_cause`.execute(db);
  const { rows: texts } = await sql<{ product_id: number; text: string }>`
    select product_id, text from (
      select c.product_id, coalesce(a.description, t.subject || '。' || t.description) as text,
        row_number() over (partition by c.product_id order by c.id desc) as n
      from ${cases} c
      left join after_sales a on c.case_kind = 'after_sale' and a.id = c.id
      left join tickets t on c.case_kind = 'complaint' and t.id = c.id
      where c.product_id = any(${ids}::int[])) x
    where n <= ${TEXTS_PER_PRODUCT}`.execute(db);
  return top.map((p) => {
    const mine = groups.filter((g) => g.product_id === p.product_id);
    const tally = <K extends string>(key: (g: (typeof mine)[number]) => K | null) => {
      const counts = new Map<K, number>();
      for (const g of mine) {
        const k = key(g);
        if (k) counts.set(k, (counts.get(k) ?? 0) + g.count);
      }
      return [...counts].sort((a, b) => b[1] - a[1]);
    };
    return {
      productId: p.product_id,
      productName: p.name,
      sku: p.sku,
      cases: p.after_sales + p.complaints,
      afterSales: p.after_sales,
      complaints: p.complaints,
      refundedFen: Number(p.refunded),
      reasons: tally((g) => g.reason).map(([reason, count]) => ({ reason, count })),
      rootCauses: tally((g) => g.root_cause).map(([rootCause, count]) => ({ rootCause, count })),
      words: topWords(
        texts.filter((t) => t.product_id === p.product_id).map((t) => t.text),
        p.name,
      ),
    };
  });
}

/** Promises of after-sales and tickets settled in the week: kept (stopped on time) or missed (breached in the week). */
async function slaResults(db: Db, period: BriefPeriod) {
  const { rows } = await sql<{ metric: SlaMetric; met: number; breached: number }>`
    select metric,
      count(*) filter (where breached_at is null)::int as met,
      count(*) filter (where breached_at is not null)::int as breached
    from sla_clocks
    where subject_kind in ('after_sale', 'ticket')
      and ((state = 'met' and breached_at is null and stopped_at >= ${period.from} and stopped_at < ${period.until})
        or (breached_at >= ${period.from} and breached_at < ${period.until}))
    group by metric order by metric`.execute(db);
  return rows.map((r) => ({ ...r, attainment: r.met + r.breached ? r.met / (r.met + r.breached) : null }));
}

/** What is open now and needs a manager: after-sales past their promise, waiting for approval, complex; live alarms. */
async function openRisks(db: Db) {
  const { rows: counts } = await sql<{ overdue: number; pending: number; complex: number }>`
    select
      (select count(distinct subject_id) from sla_clocks
        where subject_kind = 'after_sale' and state in ('running', 'paused') and breached_at is not null)::int as overdue,
      (select count(*) from after_sales where state = 'pending_approval')::int as pending,
      (select count(*) from after_sales where complex and ${openAfterSale(sql.ref('state'))})::int as complex`.execute(db);
  const { rows: cases } = await sql<{
    risk: 'overdue' | 'pending_approval' | 'complex';
    id: number;
    ticket_id: number;
    number: string;
    kind: AfterSaleKind;
    state: string;
    amount_fen: number;
    since: Date;
  }>`
    with overdue as (
      select subject_id as id, min(breached_at) as since from sla_clocks
      where subject_kind = 'after_sale' and state in ('running', 'paused') and breached_at is not null
      group by subject_id order by since limit ${RISK_CASES}
    ), listed as (
      select 'overdue' as risk, 1 as rank, o.id, o.since from overdue o
      union all
      (select 'pending_approval', 2, a.id, a.created_at from after_sales a where a.state = 'pending_approval' order by a.created_at limit ${RISK_CASES})
      union all
      (select 'complex', 3, a.id, a.created_at from after_sales a where a.complex and ${openAfterSale(sql.ref('a.state'))}
        order by a.created_at limit ${RISK_CASES})
    )
    select distinct on (l.id) l.risk, l.id, a.ticket_id, t.number, a.kind, a.state, a.amount_fen, l.since, l.rank
    from listed l join after_sales a on a.id = l.id join tickets t on t.id = a.ticket_id
    order by l.id, l.rank`.execute(db);
  const ranked = cases.sort((a, b) => rank(a.risk) - rank(b.risk) || new Date(a.since).getTime() - new Date(b.since).getTime()).slice(0, RISK_CASES);
  return {
    overdueAfterSales: counts[0]!.overdue,
    pendingApprovals: counts[0]!.pending,
    complexOpen: counts[0]!.complex,
    openDefectAlarms: await openDefectAlarms(db),
    cases: ranked.map((c) => ({
      risk: c.risk,
      afterSaleId: c.id,
      ticketId: c.ticket_id,
      ticketNumber: c.number,
      kind: c.kind,
      state: c.state as Weekly['risks']['cases'][number]['state'],
      amountFen: Number(c.amount_fen),
      since: new Date(c.since).toISOString(),
    })),
  };
}

const rank = (risk: string) => ['overdue', 'pending_approval', 'complex'].indexOf(risk);

/** Quality alarms not yet closed (reports/defects); null where that table is not there. */
async function openDefectAlarms(db: Db): Promise<number | null> {
  const { rows } = await sql<{ present: boolean }>`select to_regclass('defect_alarms') is not null as present`.execute(db);
  if (!rows[0]?.present) return null;
  const { rows: open } = await sql<{ n: number }>`select count(*)::int as n from defect_alarms where state <> 'closed'`.execute(db);
  return open[0]!.n;
}
