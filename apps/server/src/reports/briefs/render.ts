import type { BriefKind } from '@kefu/domain';
import type { MonthlyNeedsData, WeeklyAftersalesData } from '@kefu/protocol/api/briefs';
import type { z } from 'zod';
import { KIND_LABEL } from '../../aftersales/service.ts';
import { pdfFile, type PdfReport, type PdfSection } from '../../files/pdf.ts';
import { workbookFile, type Sheet } from '../../files/sheets.ts';
import { chinaMinute, REASON_LABEL, ROOT_CAUSE_LABEL, yuan } from '../defects/text.ts';
import { adviceText, BRIEF_TITLE, metricLabel, percent, RISK_LABEL, signedPercent, STATE_LABEL } from './text.ts';

type Weekly = z.output<typeof WeeklyAftersalesData>;
type Monthly = z.output<typeof MonthlyNeedsData>;

/** A brief as the files show it: its period and its figures. */
export interface BriefForFiles {
  kind: BriefKind;
  periodStart: string;
  periodEnd: string;
  coversFrom: Date;
  coversUntil: Date;
  createdAt: Date;
  data: Weekly | Monthly;
}

const QUESTION_STATUS: Record<string, string> = { open: '待补充答案', resolved: '已补充', ignored: '已忽略' };
const change = (now: number, before: number) => (before === 0 ? null : (now - before) / before);
const words = (list: { word: string; count: number }[]) => list.map((w) => `${w.word}(${w.count})`).join('、');

export function briefTitle(brief: BriefForFiles): string {
  return brief.kind === 'weekly_aftersales'
    ? `${BRIEF_TITLE.weekly_aftersales} ${brief.periodEnd}`
    : `${BRIEF_TITLE.monthly_needs} ${brief.periodStart.slice(0, 7)}`;
}

/** The file name of a brief's PDF or Excel, e.g. "售后分析周报 2026-05-15.pdf". */
export const briefFileName = (brief: BriefForFiles, ext: 'pdf' | 'xlsx') => `${briefTitle(brief)}.${ext}`;

function meta(brief: BriefForFiles): string[] {
  return [`统计区间：${chinaMinute(brief.coversFrom)} 至 ${chinaMinute(brief.coversUntil)}（北京时间）`, `生成时间：${chinaMinute(brief.createdAt)}`];
}

export function briefPdf(brief: BriefForFiles): Promise<Buffer> {
  const sections = brief.data.kind === 'weekly_aftersales' ? weeklySections(brief.data) : monthlySections(brief.data);
  const report: PdfReport = { title: briefTitle(brief), meta: meta(brief), sections, footer: 'kefu 客服系统' };
  return pdfFile(report);
}

function weeklySections(d: Weekly): PdfSection[] {
  const t = d.totals;
  const slaMet = d.sla.reduce((s, m) => s + m.met, 0);
  const slaAll = slaMet + d.sla.reduce((s, m) => s + m.breached, 0);
  const trend = (now: number, before: number, moreIsBad = true) => {
    const c = change(now, before);
    return {
      note: `较上周 ${signedPercent(c)}`,
      tone: c === null || c === 0 ? ('neutral' as const) : c > 0 === moreIsBad ? ('bad' as const) : ('good' as const),
    };
  };
  return [
    {
      heading: '本周概览',
      figures: [
        { label: '新增售后单', value: String(t.afterSales), ...trend(t.afterSales, t.previousAfterSales) },
        { label: '退款金额', value: yuan(t.refundedFen), ...trend(t.refundedFen, t.previousRefundedFen) },
        { label: '新增投诉', value: String(t.complaints), ...trend(t.complaints, t.previousComplaints) },
        { label: '时效达成率', value: slaAll ? percent(slaMet / slaAll) : '—', note: `目标 90%，共 ${slaAll} 项` },
      ],
    },
    {
      heading: '售后类型与趋势',
      table: {
        columns: [
          { title: '类型', weight: 2 },
          { title: '本周', align: 'right' },
          { title: '上周', align: 'right' },
          { title: '变化', align: 'right' },
        ],
        rows: d.byKind.map((k) => [KIND_LABEL[k.kind], String(k.count), String(k.previous), signedPercent(change(k.count, k.previous))]),
      },
    },
    {
      heading: '售后原因',
      table: {
        columns: [
          { title: '原因', weight: 2 },
          { title: '单数', align: 'right' },
          { title: '占比', align: 'right' },
        ],
        rows: d.byReason.map((r) => [REASON_LABEL[r.reason], String(r.count), percent(r.share)]),
        empty: '本周没有新增售后。',
      },
    },
    {
      heading: '问题商品 Top 10',
      note: '按商品汇总本周因质量、破损、发错、尺码等原因的售后和投诉；常见词取自顾客描述（jieba 分词）。',
      table: {
        columns: [
          { title: '商品', weight: 2.4 },
          { title: '售后', align: 'right', weight: 0.7 },
          { title: '投诉', align: 'right', weight: 0.7 },
          { title: '退款', align: 'right', weight: 1.2 },
          { title: '主要原因 / 根因', weight: 2 },
          { title: '常见词', weight: 2.4 },
        ],
        rows: d.defects.map((p) => [
          `${p.productName}\n${p.sku}`,
          String(p.afterSales),
          String(p.complaints),
          yuan(p.refundedFen),
          [
            ...p.reasons.slice(0, 3).map((r) => `${REASON_LABEL[r.reason]} ${r.count}`),
            ...p.rootCauses.slice(0, 2).map((r) => `${ROOT_CAUSE_LABEL[r.rootCause]} ${r.count}`),
          ].join('、'),
          words(p.words),
        ]),
        empty: '本周没有与商品相关的质量售后或投诉。',
      },
    },
    {
      heading: '服务时效',
      note: '本周内结束（按时完成）或超时的售后与工单时效。',
      table: {
        columns: [
          { title: '时效指标', weight: 2 },
          { title: '按时', align: 'right' },
          { title: '超时', align: 'right' },
          { title: '达成率', align: 'right' },
        ],
        rows: d.sla.map((m) => [metricLabel(m.metric), String(m.met), String(m.breached), m.attainment === null ? '—' : percent(m.attainment)]),
        empty: '本周没有结束或超时的时效。',
      },
    },
    {
      heading: '待关注风险',
      figures: [
        { label: '超时售后', value: String(d.risks.overdueAfterSales), tone: d.risks.overdueAfterSales ? 'bad' : 'neutral' },
        { label: '待主管审批', value: String(d.risks.pendingApprovals) },
        { label: '复杂情况（未结）', value: String(d.risks.complexOpen) },
        { label: '未关闭质量预警', value: d.risks.openDefectAlarms === null ? '—' : String(d.risks.openDefectAlarms) },
      ],
      table: {
        columns: [
          { title: '风险', weight: 1.2 },
          { title: '工单', weight: 1.6 },
          { title: '类型' },
          { title: '状态', weight: 1.1 },
          { title: '金额', align: 'right' },
          { title: '起始时间', weight: 1.4 },
        ],
        rows: d.risks.cases.map((c) => [
          RISK_LABEL[c.risk],
          c.ticketNumber,
          KIND_LABEL[c.kind],
          STATE_LABEL[c.state],
          yuan(c.amountFen),
          chinaMinute(new Date(c.since)),
        ]),
        empty: '没有需要关注的售后。',
      },
    },
    { heading: '建议', lines: d.advice.map(adviceText) },
  ];
}

function monthlySections(d: Monthly): PdfSection[] {
  return [
    {
      heading: '本月概览',
      figures: [
        { label: '未能回答的问题', value: String(d.totals.unknownQuestions) },
        { label: '建议 / 需求', value: String(d.totals.suggestions) },
        { label: '投诉', value: String(d.totals.complaints) },
        { label: '售后', value: String(d.totals.afterSales) },
      ],
    },
    {
      heading: '顾客问到、知识库没有答案的问题',
      note: '按提问次数排序（累计次数），最多 50 条。',
      table: {
        columns: [
          { title: '问题', weight: 4 },
          { title: '次数', align: 'right', weight: 0.7 },
          { title: '最近提问', weight: 1.5 },
          { title: '状态', weight: 1.2 },
        ],
        rows: d.unknownQuestions.map((q) => [
          q.question,
          String(q.asked),
          chinaMinute(new Date(q.lastAskedAt)),
          QUESTION_STATUS[q.status] ?? q.status,
        ]),
        empty: '本月没有未能回答的问题。',
      },
    },
    {
      heading: '建议与需求',
      note: '客服记录的「建议/需求」，同一商品的相同诉求合并计数。',
      table: {
        columns: [
          { title: '商品', weight: 1.6 },
          { title: '诉求', weight: 2 },
          { title: '次数', align: 'right', weight: 0.6 },
          { title: '原因 / 使用场景', weight: 3.4 },
        ],
        rows: d.suggestions.map((s) => [s.productName ?? '未指定商品', s.ask, String(s.count), s.reasons.join('\n')]),
        empty: '本月没有记录建议或需求。',
      },
    },
    {
      heading: '商品反馈汇总',
      table: {
        columns: [
          { title: '商品', weight: 2.2 },
          { title: '投诉', align: 'right', weight: 0.7 },
          { title: '售后', align: 'right', weight: 0.7 },
          { title: '建议', align: 'right', weight: 0.7 },
          { title: '常见词', weight: 3 },
        ],
        rows: d.products.map((p) => [
          `${p.productName}\n${p.sku}`,
          String(p.complaints),
          String(p.afterSales),
          String(p.suggestions),
          words(p.words),
        ]),
        empty: '本月没有与商品相关的反馈。',
      },
    },
  ];
}

/** A workbook's sheets, each with its own row type. */
type Sheets = Parameters<typeof workbookFile>[0];

export function briefWorkbook(brief: BriefForFiles): Promise<Buffer> {
  return workbookFile(brief.data.kind === 'weekly_aftersales' ? weeklySheets(brief.data) : monthlySheets(brief.data));
}

function weeklySheets(d: Weekly): Sheets {
  const overview: Sheet<[string, number, number, 'integer' | 'yuan']> = {
    title: '概览',
    columns: [
      { header: '指标', value: (r) => r[0] },
      { header: '本周', value: (r) => (r[3] === 'yuan' ? r[1] / 100 : r[1]), format: 'decimal' },
      { header: '上周', value: (r) => (r[3] === 'yuan' ? r[2] / 100 : r[2]), format: 'decimal' },
    ],
    rows: [
      ['新增售后单', d.totals.afterSales, d.totals.previousAfterSales, 'integer'],
      ['退款金额（元）', d.totals.refundedFen, d.totals.previousRefundedFen, 'yuan'],
      ['新增投诉', d.totals.complaints, d.totals.previousComplaints, 'integer'],
    ],
  };
  const kinds: Sheet<Weekly['byKind'][number]> = {
    title: '售后类型',
    columns: [
      { header: '类型', value: (k) => KIND_LABEL[k.kind] },
      { header: '本周', value: (k) => k.count, format: 'integer' },
      { header: '上周', value: (k) => k.previous, format: 'integer' },
    ],
    rows: d.byKind,
  };
  const reasons: Sheet<Weekly['byReason'][number]> = {
    title: '售后原因',
    columns: [
      { header: '原因', value: (r) => REASON_LABEL[r.reason] },
      { header: '单数', value: (r) => r.count, format: 'integer' },
      { header: '占比', value: (r) => r.share, format: 'percent' },
    ],
    rows: d.byReason,
  };
  const defects: Sheet<Weekly['defects'][number]> = {
    title: '问题商品',
    columns: [
      { header: '商品', value: (p) => p.productName },
      { header: 'SKU', value: (p) => p.sku },
      { header: '售后', value: (p) => p.afterSales, format: 'integer' },
      { header: '投诉', value: (p) => p.complaints, format: 'integer' },
      { header: '退款', value: (p) => p.refundedFen, format: 'yuan' },
      { header: '原因', value: (p) => p.reasons.map((r) => `${REASON_LABEL[r.reason]} ${r.count}`).join('、') },
      { header: '根因', value: (p) => p.rootCauses.map((r) => `${ROOT_CAUSE_LABEL[r.rootCause]} ${r.count}`).join('、') },
      { header: '常见词', value: (p) => words(p.words) },
    ],
    rows: d.defects,
  };
  const sla: Sheet<Weekly['sla'][number]> = {
    title: '服务时效',
    columns: [
      { header: '时效指标', value: (m) => metricLabel(m.metric) },
      { header: '按时', value: (m) => m.met, format: 'integer' },
      { header: '超时', value: (m) => m.breached, format: 'integer' },
      { header: '达成率', value: (m) => m.attainment, format: 'percent' },
    ],
    rows: d.sla,
  };
  const risks: Sheet<Weekly['risks']['cases'][number]> = {
    title: '待关注风险',
    columns: [
      { header: '风险', value: (c) => RISK_LABEL[c.risk] },
      { header: '工单', value: (c) => c.ticketNumber },
      { header: '类型', value: (c) => KIND_LABEL[c.kind] },
      { header: '状态', value: (c) => STATE_LABEL[c.state] },
      { header: '金额', value: (c) => c.amountFen, format: 'yuan' },
      { header: '起始时间', value: (c) => new Date(c.since), format: 'datetime' },
    ],
    rows: d.risks.cases,
  };
  const advice: Sheet<string> = { title: '建议', columns: [{ header: '建议', value: (line) => line, width: 90 }], rows: d.advice.map(adviceText) };
  return [overview, kinds, reasons, defects, sla, risks, advice];
}

function monthlySheets(d: Monthly): Sheets {
  const questions: Sheet<Monthly['unknownQuestions'][number]> = {
    title: '未能回答的问题',
    columns: [
      { header: '问题', value: (q) => q.question, width: 50 },
      { header: '次数', value: (q) => q.asked, format: 'integer' },
      { header: '最近提问', value: (q) => new Date(q.lastAskedAt), format: 'datetime' },
      { header: '状态', value: (q) => QUESTION_STATUS[q.status] ?? q.status },
    ],
    rows: d.unknownQuestions,
  };
  const suggestions: Sheet<Monthly['suggestions'][number]> = {
    title: '建议与需求',
    columns: [
      { header: '商品', value: (s) => s.productName ?? '未指定商品' },
      { header: '诉求', value: (s) => s.ask },
      { header: '次数', value: (s) => s.count, format: 'integer' },
      { header: '原因 / 使用场景', value: (s) => s.reasons.join('；'), width: 60 },
      { header: '工单', value: (s) => s.tickets.map((t) => t.number).join('、') },
    ],
    rows: d.suggestions,
  };
  const products: Sheet<Monthly['products'][number]> = {
    title: '商品反馈',
    columns: [
      { header: '商品', value: (p) => p.productName },
      { header: 'SKU', value: (p) => p.sku },
      { header: '投诉', value: (p) => p.complaints, format: 'integer' },
      { header: '售后', value: (p) => p.afterSales, format: 'integer' },
      { header: '建议', value: (p) => p.suggestions, format: 'integer' },
      { header: '常见词', value: (p) => words(p.words), width: 50 },
    ],
    rows: d.products,
  };
  return [questions, suggestions, products];
}
