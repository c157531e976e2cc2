import type { Survey } from '@kefu/protocol/api/surveys';
import type { z } from 'zod';
import { sheet, workbookFile } from '../files/sheets.ts';
import type { surveySummary } from './figures.ts';

type Row = z.output<typeof Survey>;
type Summary = Awaited<ReturnType<typeof surveySummary>>;

const KIND = { conversation: '会话', ticket: '工单', after_sale: '售后' } as const;
const STATE = { pending: '待发送', sent: '已发送', skipped: '未发送', answered: '已回答', expired: '已过期' } as const;
const CHANNEL: Record<string, string> = { chat: '在线会话', email: '邮件', sms: '短信', none: '—' };

/** 汇总 (by kind, channel, agent, week) and 明细 (one row per survey). */
export function surveyWorkbook(summary: Summary, rows: readonly Row[]): Promise<Buffer> {
  const groups = [
    { group: '合计', key: '全部', ...summary.total },
    ...summary.byKind.map((r) => ({ group: '类型', ...r, key: KIND[r.key] })),
    ...summary.byChannel.map((r) => ({ group: '渠道', ...r, key: CHANNEL[r.key] ?? r.key })),
    ...summary.byAgent.map((r) => ({ group: '客服', ...r })),
    ...summary.byPeriod.map((r) => ({ group: '周', ...r })),
  ];
  return workbookFile([
    sheet('汇总', groups, [
      { header: '维度', value: (g) => g.group },
      { header: '项', value: (g) => g.key },
      { header: '已发送', value: (g) => g.sent, format: 'integer' },
      { header: '已回答', value: (g) => g.answered, format: 'integer' },
      { header: '已过期', value: (g) => g.expired, format: 'integer' },
      { header: '未发送', value: (g) => g.skipped, format: 'integer' },
      { header: '回复率', value: (g) => g.responseRate, format: 'percent' },
      { header: '满意度(4-5星)', value: (g) => g.csat, format: 'percent' },
    ]),
    sheet('明细', rows, [
      { header: '编号', value: (r) => r.id, format: 'integer' },
      { header: '类型', value: (r) => KIND[r.kind] },
      { header: '案例', value: (r) => r.caseLabel },
      { header: '客服', value: (r) => r.agentName },
      { header: '渠道', value: (r) => (r.channel ? CHANNEL[r.channel] : null) },
      { header: '状态', value: (r) => STATE[r.state] },
      { header: '发送时间', value: (r) => r.sentAt, format: 'datetime' },
      { header: '回答时间', value: (r) => r.answeredAt, format: 'datetime' },
      { header: '评分', value: (r) => r.score, format: 'integer' },
      { header: '留言', value: (r) => r.comment, width: 40 },
      { header: '未发送原因', value: (r) => r.skipReason },
    ]),
  ]);
}
