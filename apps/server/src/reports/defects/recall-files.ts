import type { MailAttachment } from '../../channels/email.ts';
import type { Db } from '../../db/database.ts';
import { PDF_TYPE, pdfFile, type PdfReport } from '../../files/pdf.ts';
import { workbookFile, type SheetColumn } from '../../files/sheets.ts';
import { KIND_LABEL } from '../../aftersales/service.ts';
import type { AfterSaleKind, AfterSaleReason, RootCause } from '@kefu/domain';
import { recallReport, type RecallCase, type RecallReportData } from './recall.ts';
import { CASE_STATE_LABEL, chinaDate, chinaMinute, REASON_LABEL, ROOT_CAUSE_LABEL, STATE_LABEL, yuan } from './text.ts';

/** The recall-report draft as files: a PDF to hand to the product department or the supplier, and an Excel workbook. */

export const recallFileName = (r: RecallReportData) => `召回报告草稿-${r.product.name}-${r.alarm.defect}-${chinaDate(r.generatedAt)}`;

const caseKind = (c: RecallCase) => (c.afterSaleKind ? KIND_LABEL[c.afterSaleKind as AfterSaleKind] : '投诉/质量工单');
const rootCause = (c: RecallCase) => ROOT_CAUSE_LABEL[(c.rootCause ?? 'unknown') as RootCause | 'unknown'];
const reason = (c: RecallCase) => (c.reason ? (REASON_LABEL[c.reason as AfterSaleReason] ?? c.reason) : '');
function placedRange(r: RecallReportData): string {
  if (!r.ordersPlaced) return '（案例未关联订单）';
  const [from, to] = [chinaDate(r.ordersPlaced.from), chinaDate(r.ordersPlaced.to)];
  return from === to ? from : `${from} 至 ${to}`;
}

function summary(r: RecallReportData): [string, string][] {
  return [
    ['商品', `${r.product.name}（${r.product.sku}）`],
    ['类目 / 单价', `${r.product.category} / ${yuan(r.product.priceFen)}`],
    ['缺陷', r.alarm.defect],
    ['关键词', r.alarm.key_words.join('、')],
    ['预警状态', STATE_LABEL[r.alarm.state] ?? r.alarm.state],
    ['首例 / 最近一例', `${chinaMinute(r.alarm.first_at)} / ${chinaMinute(r.alarm.last_at)}`],
    ['涉及订单下单时间', placedRange(r)],
    ['案例数', `${r.counts.cases}（售后 ${r.counts.afterSales}，投诉 ${r.counts.complaints}）`],
    ['涉及订单', String(r.counts.orders)],
    ['照片', String(r.counts.photos)],
    ['申请退款', yuan(r.refunds.askedFen)],
    ['已退款', yuan(r.refunds.refundedFen)],
    ['根因', r.counts.byRootCause.map((c) => `${ROOT_CAUSE_LABEL[c.key as RootCause | 'unknown'] ?? c.key} ${c.count}`).join('，')],
    ['处理备注', r.alarm.note ?? ''],
  ];
}

export function recallPdf(r: RecallReportData): Promise<Buffer> {
  const report: PdfReport = {
    title: `召回报告（草稿）：${r.product.name}`,
    meta: [
      `缺陷「${r.alarm.defect}」 · 质量预警 #${r.alarm.id} · ${STATE_LABEL[r.alarm.state] ?? r.alarm.state}`,
      `商品 ${r.product.sku} · ${r.product.category} · 单价 ${yuan(r.product.priceFen)}`,
      `生成于 ${chinaMinute(r.generatedAt)}（北京时间）`,
    ],
    footer: `kefu 质量预警 #${r.alarm.id}`,
    sections: [
      {
        heading: '概要',
        note: `涉及订单下单时间：${placedRange(r)}；首例 ${chinaMinute(r.alarm.first_at)}，最近一例 ${chinaMinute(r.alarm.last_at)}。关键词：${r.alarm.key_words.join('、')}。`,
        figures: [
          { label: '案例数', value: String(r.counts.cases), note: `售后 ${r.counts.afterSales} · 投诉 ${r.counts.complaints}` },
          { label: '涉及订单', value: String(r.counts.orders), note: `案例照片 ${r.counts.photos} 张` },
          { label: '申请退款', value: yuan(r.refunds.askedFen) },
          { label: '已退款', value: yuan(r.refunds.refundedFen), tone: r.refunds.refundedFen > 0 ? 'bad' : 'neutral' },
        ],
      },
      {
        heading: '根因与售后类型',
        table: {
          columns: [{ title: '分类' }, { title: '项目', weight: 2 }, { title: '数量', align: 'right' }],
          rows: [
            ...r.counts.byRootCause.map((c) => ['根因', ROOT_CAUSE_LABEL[c.key as RootCause | 'unknown'] ?? c.key, String(c.count)]),
            ...r.counts.byAfterSaleKind.map((c) => ['售后类型', KIND_LABEL[c.key as AfterSaleKind] ?? c.key, String(c.count)]),
          ],
        },
      },
      {
        heading: '案例明细',
        table: {
          columns: [
            { title: '工单号 / 时间', weight: 2 },
            { title: '类型 / 原因', weight: 1.3 },
            { title: '顾客描述', weight: 3.2 },
            { title: '订单 / 下单日期', weight: 1.9 },
            { title: '已退 / 申请', align: 'right', weight: 1.5 },
            { title: '照片', align: 'right', weight: 0.6 },
          ],
          rows: r.cases.map((c) => [
            `${c.ticketNumber}\n${chinaMinute(c.at)}`,
            [caseKind(c), reason(c)].filter(Boolean).join('\n'),
            c.description,
            c.orderNo ? `${c.orderNo}\n${c.orderPlacedAt ? chinaDate(c.orderPlacedAt) : ''}` : '—',
            c.amountFen ? `${yuan(c.refundedFen)}\n${yuan(c.amountFen)}` : '—',
            String(c.photos.length),
          ]),
        },
      },
      {
        heading: '处理与建议（草稿，请产品部补充）',
        lines: [
          `排查 ${placedRange(r)} 下单（发货）的同批次库存，确认缺陷「${r.alarm.defect}」是否为批次问题。`,
          `联系供应商提供该批次质检记录，并附本报告的 ${r.counts.photos} 张案例照片。`,
          '根据排查结果决定：召回 / 下架整改 / 补充详情页说明，并同步客服话术。',
          ...(r.alarm.note ? [`处理备注：${r.alarm.note}`] : []),
        ],
      },
    ],
  };
  return pdfFile(report);
}

type SummaryRow = [string, string];

export function recallWorkbook(r: RecallReportData): Promise<Buffer> {
  const summaryColumns: SheetColumn<SummaryRow>[] = [
    { header: '项目', value: (row) => row[0], width: 20 },
    { header: '内容', value: (row) => row[1], width: 70 },
  ];
  const caseColumns: SheetColumn<RecallCase>[] = [
    { header: '工单号', value: (c) => c.ticketNumber },
    { header: '时间', value: (c) => c.at, format: 'datetime' },
    { header: '类型', value: caseKind },
    { header: '原因', value: reason },
    { header: '顾客描述', value: (c) => c.description, width: 50 },
    { header: '状态', value: (c) => CASE_STATE_LABEL[c.state] ?? c.state },
    { header: '订单号', value: (c) => c.orderNo },
    { header: '下单时间', value: (c) => c.orderPlacedAt, format: 'datetime' },
    { header: '申请退款', value: (c) => c.amountFen, format: 'yuan' },
    { header: '已退款', value: (c) => c.refundedFen, format: 'yuan' },
    { header: '根因', value: rootCause },
    { header: '照片数', value: (c) => c.photos.length, format: 'integer' },
    { header: '照片', value: (c) => c.photos.map((p) => `/api/attachments/${p.id}`).join(' '), width: 40 },
    { header: '工单链接', value: (c) => `/tickets/${c.ticketId}`, width: 16 },
  ];
  return workbookFile([
    { title: '概要', columns: summaryColumns, rows: summary(r) },
    { title: '案例', columns: caseColumns, rows: r.cases },
  ]);
}

/** The e-mail outbox's attachment source: an alarm's e-mail carries its recall-report draft, made when it is sent. */
export const RECALL_ATTACHMENTS = 'defect-recall';

export async function recallAttachments(db: Db, alarmId: number): Promise<MailAttachment[]> {
  const report = await recallReport(db, alarmId);
  return [{ filename: `${recallFileName(report)}.pdf`, contentType: PDF_TYPE, content: await recallPdf(report) }];
}
