/** The per-agent quality summary over a range, as JSON and as an Excel sheet (files/sheets.ts). */
import type { FastifyReply } from 'fastify';
import type { Db } from '../db/database.ts';
import { sendSheet, sheetFile, type SheetColumn } from '../files/sheets.ts';
import { qualitySummary } from './list.ts';

const DAY = 86_400_000;

/** The range asked for; by default the last 30 days up to now. */
export function summaryRange(q: { from?: Date; to?: Date }): { from: Date; to: Date } {
  const to = q.to ?? new Date();
  return { from: q.from ?? new Date(to.getTime() - 30 * DAY), to };
}

type Row = Awaited<ReturnType<typeof qualitySummary>>[number];

const COLUMNS: SheetColumn<Row>[] = [
  { header: '客服', value: (r) => r.agent.name },
  { header: '质检会话数', value: (r) => r.inspections, format: 'integer' },
  { header: '平均得分', value: (r) => r.averageScore, format: 'decimal' },
  { header: '致命项', value: (r) => r.fatal, format: 'integer' },
  { header: '已复核', value: (r) => r.reviewed, format: 'integer' },
  { header: '申诉', value: (r) => r.appeals, format: 'integer' },
  { header: '服务忌语次数', value: (r) => r.phraseHits, format: 'integer' },
];

/** China-time day of a moment, for the file name ("2026-03-01"). */
const chinaDay = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

export async function summarySheet(db: Db, reply: FastifyReply, range: { from: Date; to: Date }) {
  const rows = await qualitySummary(db, range.from, range.to);
  const file = await sheetFile('质检汇总', COLUMNS, rows);
  return sendSheet(reply, `质检汇总_${chinaDay(range.from)}_${chinaDay(new Date(range.to.getTime() - 1))}.xlsx`, file);
}
