import type { AgentReport, KpiReport, QuestionReport, ReportCases } from '@kefu/protocol/api/reports';
import type { z } from 'zod';
import { sheet, workbookFile, type CellFormat, type SheetColumn } from '../../files/sheets.ts';
import { categoryLabel, channelLabel, HANDOVER_REASON_LABEL, intentLabel, KPI_LABEL, METRIC_LABEL, VOLUME_LABEL } from './labels.ts';

/** The reports as Excel workbooks: the same figures as the JSON, one sheet per table, Chinese headers. */

type Kpis = z.infer<typeof KpiReport>;
type Agents = z.infer<typeof AgentReport>;
type Cases = z.infer<typeof ReportCases>;
type Questions = z.infer<typeof QuestionReport>;

const col = <Row>(header: string, value: SheetColumn<Row>['value'], format?: CellFormat): SheetColumn<Row> => ({ header, value, format });
const yesNo = (v: boolean | null) => (v === null ? '' : v ? '达标' : '未达标');
const unassigned = (name: string, id: number | null) => (id === null ? '未分配' : name);

type Breakdown = Kpis['byAgent'][number];
const breakdownColumns = (first: string, name: (r: Breakdown) => string): SheetColumn<Breakdown>[] => [
  col(first, name),
  col('会话', (r) => r.conversations, 'integer'),
  col('工单', (r) => r.tickets, 'integer'),
  col('满意度', (r) => r.csat, 'percent'),
  col('一次解决率', (r) => r.fcr, 'percent'),
  col('平均首次响应', (r) => r.firstResponseMs, 'seconds'),
  col('30 秒内响应占比', (r) => r.within30s, 'percent'),
  col('升级率', (r) => r.escalationRate, 'percent'),
];

export function kpiWorkbook(report: Kpis): Promise<Buffer> {
  type Kpi = Kpis['kpis'][number];
  const kpiSheet = (unit: Kpi['unit']) => {
    const format: CellFormat = unit === 'ms' ? 'seconds' : 'percent';
    return sheet(
      unit === 'ratio' ? '指标（比率）' : '指标（时长）',
      report.kpis.filter((k) => k.unit === unit),
      [
        col('指标', (r) => KPI_LABEL[r.key]),
        col(`${report.from} 至 ${report.to}`, (r) => r.value, format),
        col('目标', (r) => r.target, format),
        col('是否达标', (r) => yesNo(r.met)),
        col(`上期 ${report.previousFrom} 至 ${report.previousTo}`, (r) => r.previous, format),
        col('变化', (r) => r.change, format),
        col('样本数', (r) => r.count, 'integer'),
      ],
    );
  };
  return workbookFile([
    kpiSheet('ratio'),
    kpiSheet('ms'),
    sheet('业务量', report.volumes, [
      col('项目', (r) => VOLUME_LABEL[r.key]),
      col('本期', (r) => r.value, 'integer'),
      col('上期', (r) => r.previous, 'integer'),
    ]),
    sheet('服务时效', report.sla, [
      col('时效指标', (r) => METRIC_LABEL[r.metric] ?? r.metric),
      col('按时完成', (r) => r.met, 'integer'),
      col('超时', (r) => r.breached, 'integer'),
      col('达成率', (r) => r.rate, 'percent'),
      col('上期达成率', (r) => r.previousRate, 'percent'),
    ]),
    sheet('每日趋势', report.daily, [
      col('日期', (r) => r.day),
      col('会话', (r) => r.conversations, 'integer'),
      col('工单', (r) => r.tickets, 'integer'),
      col('满意度', (r) => r.csat, 'percent'),
      col('一次解决率', (r) => r.fcr, 'percent'),
      col('平均首次响应', (r) => r.firstResponseMs, 'seconds'),
      col('平均响应时长', (r) => r.avgResponseMs, 'seconds'),
      col('30 秒内响应占比', (r) => r.within30s, 'percent'),
      col('升级率', (r) => r.escalationRate, 'percent'),
      col('机器人独立解决率', (r) => r.botDeflection, 'percent'),
      col('二次来访率', (r) => r.secondContactRate, 'percent'),
    ]),
    sheet(
      '按客服',
      report.byAgent,
      breakdownColumns('客服', (r) => unassigned(r.name, r.id)),
    ),
    sheet(
      '按技能组',
      report.byGroup,
      breakdownColumns('技能组', (r) => unassigned(r.name, r.id)),
    ),
    sheet(
      '按渠道',
      report.byChannel,
      breakdownColumns('渠道', (r) => channelLabel(r.name)),
    ),
    sheet('转人工原因', report.handoverReasons, [
      col('原因', (r) => HANDOVER_REASON_LABEL[r.reason] ?? r.reason),
      col('次数', (r) => r.count, 'integer'),
    ]),
    sheet('时段分布', report.heatmap, [
      col('星期', (r) => `周${'一二三四五六日'[r.weekday - 1]}`),
      col('时段', (r) => `${String(r.hour).padStart(2, '0')}:00`),
      col('新进咨询', (r) => r.count, 'integer'),
    ]),
  ]);
}

type Agent = Agents['agents'][number];
export const agentColumns: SheetColumn<Agent>[] = [
  // Cases nobody took have no name; the total line is named 合计.
  col('客服', (r) => r.name || '未分配'),
  col('会话', (r) => r.chats, 'integer'),
  col('工单', (r) => r.tickets, 'integer'),
  col('平均首次响应', (r) => r.firstResponseMs, 'seconds'),
  col('平均响应时长', (r) => r.avgResponseMs, 'seconds'),
  col('30 秒内响应占比', (r) => r.within30s, 'percent'),
  col('平均处理时长', (r) => r.handlingMs, 'seconds'),
  col('满意度', (r) => r.csat, 'percent'),
  col('评价数', (r) => r.rated, 'integer'),
  col('一次解决率', (r) => r.fcr, 'percent'),
  col('时效超时', (r) => r.slaBreaches, 'integer'),
  col('质检平均分', (r) => r.qualityScore, 'decimal'),
  col('质检会话数', (r) => r.inspected, 'integer'),
];

export function agentWorkbook(report: Agents): Promise<Buffer> {
  const rows = [...report.agents, { ...report.total, name: '合计' }];
  return workbookFile([sheet(`客服绩效 ${report.from} 至 ${report.to}`, rows, agentColumns)]);
}

type Case = Cases['items'][number];
export function casesWorkbook(title: string, cases: Case[]): Promise<Buffer> {
  const columns: SheetColumn<Case>[] = [
    col('类型', (r) => (r.kind === 'ticket' ? '工单' : '会话')),
    col('编号', (r) => (r.kind === 'ticket' ? r.ticketNumber : `#${r.id}`)),
    col('标题 / 顾客', (r) => r.title),
    col('客服', (r) => r.agentName),
    col('渠道', (r) => channelLabel(r.channel)),
    col('开始时间', (r) => r.openedAt, 'datetime'),
    col('结束时间', (r) => r.closedAt, 'datetime'),
    col('首次响应', (r) => r.firstResponseMs, 'seconds'),
    col('评分', (r) => r.csat, 'integer'),
    col('已解决', (r) => r.resolved),
    col('已升级', (r) => r.escalated),
  ];
  return workbookFile([sheet(title, cases, columns)]);
}

const SOURCE = { unknown: '机器人未能回答', handover: '转人工前的提问', faq: '机器人已回答' } as const;

export function questionWorkbook(report: Questions): Promise<Buffer> {
  const counts = (title: string, header: string, rows: Questions['byIntent'], label: (key: string) => string) =>
    sheet(title, rows, [col(header, (r) => label(r.key)), col('次数', (r) => r.count, 'integer')]);
  return workbookFile([
    sheet('每日咨询量', report.daily, [
      col('日期', (r) => r.day),
      col('会话', (r) => r.conversations, 'integer'),
      col('工单', (r) => r.tickets, 'integer'),
    ]),
    counts('按意图', '意图', report.byIntent, intentLabel),
    counts('按问题分类', '问题分类', report.byCategory, categoryLabel),
    sheet('按商品', report.byProduct, [col('商品', (r) => r.name), col('次数', (r) => r.count, 'integer')]),
    sheet('热门问题', report.topQuestions, [
      col('问题', (r) => r.question),
      col('次数', (r) => r.count, 'integer'),
      col('来源', (r) => SOURCE[r.source]),
    ]),
    sheet('未解答问题', report.unanswered, [
      col('问题', (r) => r.question),
      col('提问次数', (r) => r.asked, 'integer'),
      col('最近提问', (r) => r.lastAskedAt, 'datetime'),
    ]),
  ]);
}
