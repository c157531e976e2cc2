/** The weekly after-sales brief and the monthly needs report: figures, the scheduled runs, e-mail with files, the API. */
import { chinaDate, lastEndedMonth, lastEndedWeek } from '@kefu/domain';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBrief, getBrief, runScheduledBrief } from '../src/reports/briefs/service.ts';
import {
  afterMonth,
  afterWeek,
  complexRepair,
  cup,
  hoodie,
  lastWeek,
  mail,
  month,
  now,
  overdue,
  received,
  setUp,
  suggestionNumbers,
  t,
  tearDown,
  ticket,
  week,
} from './briefs-fixture.ts';
import { json } from './helpers.ts';
import { pdfPageCount, pdfText } from './pdf-text.ts';

beforeAll(setUp);
afterAll(tearDown);

describe('the weekly after-sales brief', () => {
  let briefId: number;

  it('is made by the Friday run for the week that ended, from the facts, with exact figures', async () => {
    const first = await runScheduledBrief(t.ctx.db, mail(), 'weekly_aftersales', afterWeek);
    expect(first.created).toBe(true);
    briefId = first.briefId;
    const brief = await getBrief(t.ctx.db, briefId);
    expect(brief).toMatchObject({
      kind: 'weekly_aftersales',
      periodStart: week.start,
      periodEnd: week.end,
      coversFrom: week.from,
      coversUntil: week.until,
    });
    const d = brief.data;
    if (d.kind !== 'weekly_aftersales') throw new Error('not weekly');
    expect(d.source).toBe('facts');
    expect(d.totals).toEqual({
      afterSales: 5,
      previousAfterSales: 2,
      refundedFen: 8_900,
      previousRefundedFen: 0,
      complaints: 1,
      previousComplaints: 0,
    });
    expect(d.byKind).toEqual([
      { kind: 'return', count: 2, previous: 2 },
      { kind: 'exchange', count: 1, previous: 0 },
      { kind: 'repair', count: 1, previous: 0 },
      { kind: 'refund', count: 1, previous: 0 },
      { kind: 'reissue', count: 0, previous: 0 },
      { kind: 'compensation', count: 0, previous: 0 },
    ]);
    expect(d.byReason).toEqual([
      { reason: 'size', count: 3, share: 0.6 },
      { reason: 'quality', count: 2, share: 0.4 },
    ]);
    expect(d.defects.map(({ words: _w, ...p }) => p)).toEqual([
      {
        productId: hoodie,
        productName: '加绒连帽卫衣',
        sku: 'HD-01',
        cases: 3,
        afterSales: 3,
        complaints: 0,
        refundedFen: 0,
        reasons: [{ reason: 'size', count: 3 }],
        rootCauses: [],
      },
      {
        productId: cup,
        productName: '不锈钢保温杯',
        sku: 'CP-02',
        cases: 3,
        afterSales: 2,
        complaints: 1,
        refundedFen: 8_900,
        reasons: [{ reason: 'quality', count: 2 }],
        rootCauses: [{ rootCause: 'product_defect', count: 1 }],
      },
    ]);
    expect(d.defects[0]!.words[0]).toEqual({ word: '尺码不准', count: 3 }); // the defect lexicon's name for 偏小
    expect(d.defects[1]!.words.map((w) => w.word)).toContain('漏水');
    expect(d.sla.find((m) => m.metric === 'first_feedback')).toEqual({ metric: 'first_feedback', met: 3, breached: 1, attainment: 0.75 });
    const alarms = await t.ctx.db.selectFrom('defect_alarms').select('id').where('state', '<>', 'closed').execute();
    expect(d.risks).toMatchObject({ overdueAfterSales: 1, pendingApprovals: 1, complexOpen: 1, openDefectAlarms: alarms.length });
    expect(d.risks.cases.map((c) => [c.risk, c.afterSaleId])).toEqual([
      ['overdue', overdue.id],
      ['pending_approval', complexRepair.id],
    ]);
    expect(d.advice).toEqual([
      { code: 'overdue_aftersales', count: 1 },
      { code: 'pending_approvals', count: 1 },
      { code: 'reason_share', reason: 'size', share: 0.6, count: 3 },
      { code: 'product_defects', productName: '加绒连帽卫衣', cases: 3, words: d.defects[0]!.words.slice(0, 3).map((w) => w.word) },
      { code: 'product_defects', productName: '不锈钢保温杯', cases: 3, words: d.defects[1]!.words.slice(0, 3).map((w) => w.word) },
      { code: 'sla_below_target', metric: 'first_feedback', attainment: 0.75 },
    ]);
  });

  it('reads the after-sales themselves, to the same figures, while the facts miss one', async () => {
    const facts = (await getBrief(t.ctx.db, briefId)).data;
    await t.ctx.db.deleteFrom('report_aftersales').where('after_sale_id', '=', overdue.id).execute();
    // An admin's re-run once the week has ended (the API's clock cannot be moved, the service's can).
    const rebuilt = await generateBrief(t.ctx.db, null, t.users.admin!.id, { kind: 'weekly_aftersales', periodStart: week.end }, afterWeek);
    expect(rebuilt.id).toBe(briefId);
    expect(rebuilt.data).toEqual({ ...facts, source: 'cases' });
    await t.app.events.deliverNow();
  });

  it('e-mails the active managers once, with the PDF and the Excel attached', async () => {
    const second = await runScheduledBrief(t.ctx.db, mail(), 'weekly_aftersales', new Date(afterWeek.getTime() + 3600_000));
    expect(second).toEqual({ briefId, created: false });
    expect(await t.ctx.db.selectFrom('report_briefs').select('id').where('kind', '=', 'weekly_aftersales').execute()).toHaveLength(1);
    const mails = received.filter((m) => m.subject?.includes('售后分析周报'));
    expect(mails.map((m) => (m.to as { text: string }).text).sort()).toEqual(['boss@nuancheng.example', 'lead@nuancheng.example']);
    expect((await getBrief(t.ctx.db, briefId)).emailedTo.sort()).toEqual(['boss@nuancheng.example', 'lead@nuancheng.example']);
    const files = mails[0]!.attachments;
    expect(files.map((f) => [f.filename, f.contentType])).toEqual([
      [`售后分析周报 ${week.end}.pdf`, 'application/pdf'],
      [`售后分析周报 ${week.end}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ]);
    const pdf = files[0]!.content;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain('/ToUnicode');
    expect(pdfPageCount(pdf)).toBeGreaterThanOrEqual(1);
    const text = pdfText(pdf);
    expect(text).toContain(`售后分析周报 ${week.end}`);
    expect(text).toContain('加绒连帽卫衣');
    expect(text).toContain('售后原因「尺码不合适」占 60%（3 单），建议更新尺码表，并在详情页写明尺码建议。');
    expect(pdf.length).toBeLessThan(400_000); // the font is subset, not embedded whole
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(files[1]!.content as unknown as ArrayBuffer);
    const kinds = workbook.getWorksheet('售后类型')!;
    expect(kinds.getRow(1).values).toEqual([undefined, '类型', '本周', '上周']);
    expect(kinds.getRow(2).values).toEqual([undefined, '退货退款', 2, 2]);
    expect(kinds.rowCount).toBe(7);
    const defects = workbook.getWorksheet('问题商品')!;
    expect(defects.getRow(3).getCell(1).value).toBe('不锈钢保温杯');
    expect(defects.getRow(3).getCell(5).value).toBe(89);
  });
});

describe('the monthly needs report', () => {
  it('is made on the 1st for the month before: unknown questions, grouped suggestions, product feedback', async () => {
    const run = await runScheduledBrief(t.ctx.db, mail(), 'monthly_needs', afterMonth);
    expect(run.created).toBe(true);
    const brief = await getBrief(t.ctx.db, run.briefId);
    expect(lastEndedMonth(afterMonth).start).toBe(month.start);
    expect(brief).toMatchObject({ kind: 'monthly_needs', periodStart: month.start, periodEnd: month.end });
    const d = brief.data;
    if (d.kind !== 'monthly_needs') throw new Error('not monthly');
    expect(d.unknownQuestions.map((q) => [q.question, q.asked])).toEqual([
      ['卫衣有没有加长款', 5],
      ['可以开专票吗', 2],
    ]);
    expect(d.suggestions).toEqual([
      {
        productId: hoodie,
        productName: '加绒连帽卫衣',
        ask: '希望出加长款',
        count: 2,
        reasons: ['个子高，袖子不够长', '手臂长，常规款短'],
        tickets: [expect.objectContaining({ number: suggestionNumbers[0] }), expect.objectContaining({ number: suggestionNumbers[1] })],
      },
      {
        productId: null,
        productName: null,
        ask: '希望提供礼盒包装',
        count: 1,
        reasons: ['买来送人'],
        tickets: [expect.objectContaining({ number: suggestionNumbers[2] })],
      },
    ]);
    // The week-before returns belong to this month unless the month began in between.
    const earlierInMonth = lastWeek >= month.from ? 2 : 0;
    expect(d.totals).toEqual({ unknownQuestions: 2, suggestions: 3, complaints: 1, afterSales: 5 + earlierInMonth });
    expect(d.products.map(({ words: _w, ...p }) => p)).toEqual([
      { productId: hoodie, productName: '加绒连帽卫衣', sku: 'HD-01', complaints: 0, afterSales: 3 + earlierInMonth, suggestions: 2 },
      { productId: cup, productName: '不锈钢保温杯', sku: 'CP-02', complaints: 1, afterSales: 2, suggestions: 0 },
    ]);
    expect(d.products[0]!.words.map((w) => w.word)).toContain('加长');
    const mails = received.filter((m) => m.subject?.includes('客户需求月报'));
    expect(mails).toHaveLength(2);
    expect(pdfText(mails[0]!.attachments[0]!.content)).toContain('希望提供礼盒包装');
  });

  it('asks the suggestion record for its why, and starts no promise on it', async () => {
    const res = await t.as('agent')({
      method: 'POST',
      url: '/api/tickets',
      payload: { type: 'suggestion', subject: '希望有蓝色', description: '  ' },
    });
    expect(res.statusCode).toBe(400);
    expect(json(res).fields).toEqual([{ field: 'body.description', reason: 'a suggestion says why the shopper asks for it' }]);
    const made = await ticket({ type: 'suggestion', subject: '希望有蓝色', description: '喜欢蓝色', productId: cup });
    expect(made.number).toMatch(/^JY\d{8}-\d{4}$/);
    expect(await t.ctx.db.selectFrom('sla_clocks').select('id').where('ticket_id', '=', made.id).execute()).toEqual([]);
    const bad = await t.as('agent')({
      method: 'POST',
      url: '/api/tickets',
      payload: { type: 'suggestion', subject: '希望', description: '为什么', productId: 99_999 },
    });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).fields[0].field).toBe('body.productId');
  });
});

describe('the briefs API', () => {
  it('lists and shows briefs to managers, only the needs report to the product department', async () => {
    const all = json(await t.as('supervisor')({ url: '/api/reports/briefs' })).briefs;
    expect(all.map((b: { kind: string }) => b.kind).sort()).toEqual(['monthly_needs', 'weekly_aftersales']);
    const weekly = all.find((b: { kind: string }) => b.kind === 'weekly_aftersales');
    expect(json(await t.as('supervisor')({ url: '/api/reports/briefs?kind=monthly_needs' })).briefs).toHaveLength(1);
    const product = json(await t.as('product')({ url: '/api/reports/briefs' })).briefs;
    expect(product.map((b: { kind: string }) => b.kind)).toEqual(['monthly_needs']);
    expect((await t.as('product')({ url: `/api/reports/briefs/${weekly.id}` })).statusCode).toBe(403);
    expect((await t.as('product')({ url: `/api/reports/briefs/${product[0].id}` })).statusCode).toBe(200);
    expect((await t.as('agent')({ url: '/api/reports/briefs' })).statusCode).toBe(403);
    expect((await t.as('supervisor')({ url: '/api/reports/briefs/999999' })).statusCode).toBe(404);
  });

  it('downloads a brief as PDF and as Excel', async () => {
    const [brief] = json(await t.as('admin')({ url: '/api/reports/briefs?kind=weekly_aftersales' })).briefs;
    const pdf = await t.as('supervisor')({ url: `/api/reports/briefs/${brief.id}.pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain(encodeURIComponent(`售后分析周报 ${week.end}.pdf`));
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const xlsx = await t.as('supervisor')({ url: `/api/reports/briefs/${brief.id}.xlsx` });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('lets an admin generate one for an ended period, and refuses a period still running or a bad kind', async () => {
    const running = await t.as('admin')({
      method: 'POST',
      url: '/api/reports/briefs',
      payload: { kind: 'monthly_needs', periodStart: chinaDate(now) },
    });
    expect(running.statusCode).toBe(400);
    expect(json(running)).toMatchObject({ error: 'invalid_input', fields: [{ field: 'body.periodStart' }] });
    const bad = await t.as('admin')({ method: 'POST', url: '/api/reports/briefs', payload: { kind: 'daily' } });
    expect(bad.statusCode).toBe(400);
    expect((await t.as('supervisor')({ method: 'POST', url: '/api/reports/briefs', payload: { kind: 'weekly_aftersales' } })).statusCode).toBe(403);
    const before = received.length;
    const made = await t.as('admin')({ method: 'POST', url: '/api/reports/briefs', payload: { kind: 'weekly_aftersales', email: true } });
    expect(made.statusCode, made.body).toBe(201);
    expect(json(made).brief).toMatchObject({
      periodEnd: lastEndedWeek(new Date()).end,
      emailedTo: ['boss@nuancheng.example', 'lead@nuancheng.example'],
    });
    expect(received.length).toBe(before + 2);
  });

  it('runs the scheduled jobs by name', async () => {
    const res = await t.as('admin')({ method: 'POST', url: '/api/jobs/reports.monthly-needs/run' });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ runCount: 1, lastError: null });
    const made = await t.ctx.db
      .selectFrom('report_briefs')
      .select('id')
      .where('kind', '=', 'monthly_needs')
      .where('period_start', '=', lastEndedMonth(new Date()).start)
      .execute();
    expect(made).toHaveLength(1);
  });
});
