/** The follow-up summary (回访总结报告): by owner and reason over a period of China days, as JSON and as Excel. */
import { followUpDayStart, type FollowUpReason } from '@kefu/domain';
import type { FastifyReply } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { sendSheet, sheet, workbookFile, type SheetColumn } from '../files/sheets.ts';
import { badRequest } from '../http/errors.ts';

/** A period is at most a year: the report reads follow-ups opened in it. */
const MAX_DAYS = 366;

const REASON_LABELS: Record<FollowUpReason, string> = {
  delivered: '签收回访',
  case_solved: '问题解决',
  large_order: '大额订单',
  vip_order: 'VIP 订单',
  low_score: '低分回访',
  new_owner: '首次联系',
  review: '评价回访',
  holiday: '节日回访',
  manual: '手动',
};

const count = (condition: ReturnType<typeof sql>) => sql<number>`(count(*) filter (where ${condition}))::int`;

export async function followUpReport(db: Db, from: string, to: string, now = new Date()) {
  if (from > to) throw badRequest('query.to', 'must not be before from');
  const start = followUpDayStart(from);
  const end = followUpDayStart(to, 1);
  if (end.getTime() - start.getTime() > MAX_DAYS * 86_400_000) throw badRequest('query.to', `at most ${MAX_DAYS} days`);
  const rows = await db
    .selectFrom('follow_ups as f')
    .leftJoin('users as u', 'u.id', 'f.owner_id')
    .where('f.created_at', '>=', start)
    .where('f.created_at', '<', end)
    .groupBy(['f.owner_id', 'u.display_name', 'f.reason'])
    .select(['f.owner_id', 'u.display_name as owner_name', 'f.reason'])
    .select([
      sql<number>`count(*)::int`.as('opened'),
      count(sql`f.state <> 'open'`).as('done'),
      count(sql`f.state <> 'open' and f.done_at <= f.due_at`).as('done_on_time'),
      count(sql`(f.state = 'open' and f.due_at < ${now}) or (f.state <> 'open' and f.done_at > f.due_at)`).as('overdue'),
      count(sql`f.outcome = 'fine'`).as('fine'),
      count(sql`f.outcome = 'problem'`).as('problem'),
      count(sql`f.outcome = 'unreachable'`).as('unreachable'),
      count(sql`f.ticket_id is not null`).as('tickets'),
    ])
    .orderBy('u.display_name')
    .orderBy('f.reason')
    .execute();
  const out = rows.map((r) => ({
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    reason: r.reason as FollowUpReason,
    opened: r.opened,
    done: r.done,
    doneOnTime: r.done_on_time,
    overdue: r.overdue,
    fine: r.fine,
    problem: r.problem,
    unreachable: r.unreachable,
    tickets: r.tickets,
  }));
  const keys = ['opened', 'done', 'doneOnTime', 'overdue', 'fine', 'problem', 'unreachable', 'tickets'] as const;
  const totals = Object.fromEntries(keys.map((k) => [k, out.reduce((s, r) => s + r[k], 0)])) as Record<(typeof keys)[number], number>;
  return { from, to, rows: out, totals };
}

type Report = Awaited<ReturnType<typeof followUpReport>>;
type Row = Report['rows'][number];

const rate = (part: number, whole: number) => (whole ? part / whole : null);
const COLUMNS: SheetColumn<Row>[] = [
  { header: '负责人', value: (r) => r.ownerName ?? '未分配' },
  { header: '回访原因', value: (r) => REASON_LABELS[r.reason] },
  { header: '新建', value: (r) => r.opened, format: 'integer' },
  { header: '已完成', value: (r) => r.done, format: 'integer' },
  { header: '按时完成', value: (r) => r.doneOnTime, format: 'integer' },
  { header: '按时率', value: (r) => rate(r.doneOnTime, r.done), format: 'percent' },
  { header: '超时', value: (r) => r.overdue, format: 'integer' },
  { header: '联系正常', value: (r) => r.fine, format: 'integer' },
  { header: '发现问题', value: (r) => r.problem, format: 'integer' },
  { header: '无法联系', value: (r) => r.unreachable, format: 'integer' },
  { header: '转工单', value: (r) => r.tickets, format: 'integer' },
];

export async function reportSheet(db: Db, reply: FastifyReply, from: string, to: string) {
  const report = await followUpReport(db, from, to);
  const total: Row = { ownerId: null, ownerName: '合计', reason: 'manual', ...report.totals };
  const columns: SheetColumn<Row>[] = COLUMNS.map((c, i) =>
    i === 1 ? { ...c, value: (r: Row) => (r === total ? '' : REASON_LABELS[r.reason]) } : c,
  );
  const file = await workbookFile([sheet('回访总结', [...report.rows, total], columns)]);
  return sendSheet(reply, `回访总结报告_${from}_${to}.xlsx`, file);
}
