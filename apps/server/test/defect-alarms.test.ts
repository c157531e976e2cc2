import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDueEmails, mailer } from '../src/channels/email.ts';
import { evaluateProduct } from '../src/reports/defects/evaluate.ts';
import { RECALL_ATTACHMENTS, recallAttachments } from '../src/reports/defects/recall-files.ts';
import { sweepDefects } from '../src/reports/defects/sweep.ts';
import { addProduct, afterSale, alarmsOf, attachPhoto, backdate, casesOf, LEAD_MAIL, refund, setUpShop } from './defect-alarm-setup.ts';
import { createTestApp, json, type TestApp } from './helpers.ts';
import { pdfText } from './pdf-text.ts';

// The quality alarm (DOMAIN.md §7): the same defect of one product complained about 3 times within 7 days tells the
// supervisors and the product department at once, with the cases linked.
let t: TestApp;
const deliver = () => t.app.events.deliverNow();
const alarmMails = () =>
  t.ctx.db.selectFrom('email_outbox').select(['recipient', 'subject', 'body']).where('subject', 'like', '%质量预警%').orderBy('id').execute();

const received: ParsedMail[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    simpleParser(stream).then((mail) => {
      received.push(mail);
      callback();
    }, callback);
  },
});

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  t = await createTestApp();
  await setUpShop(t);
  await deliver(); // the listeners start here, as at boot: they get every event from now on
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => smtp.close(resolve));
});

describe('a repeated defect raises one alarm', () => {
  let jacket: number;
  let homewear: number;
  let alarmId: number;

  beforeAll(async () => {
    jacket = await addProduct(t, 'JK-001', '加厚摇粒绒外套');
    homewear = await addProduct(t, 'HW-006', '珊瑚绒家居服套装');
  });

  it('three zipper complaints in a week: one alarm with the 3 cases, a task for the product department, supervisors told', async () => {
    await afterSale(t, 'JK-001', '拉链坏了');
    await afterSale(t, 'JK-001', '颜色不一样，和图片差很多');
    await afterSale(t, 'JK-001', '拉链拉不上');
    await deliver();
    expect(await alarmsOf(t, jacket)).toEqual([]);

    const third = await afterSale(t, 'JK-001', '拉链头掉了');
    await deliver();
    const alarms = await alarmsOf(t, jacket);
    expect(alarms).toMatchObject([{ defect: '拉链问题', caseCount: 3, state: 'open', productName: '加厚摇粒绒外套' }]);
    alarmId = alarms[0]!.id;
    const cases = await casesOf(t, alarmId);
    expect(cases.map((c) => c.description).sort()).toEqual(['拉链坏了', '拉链头掉了', '拉链拉不上']);
    expect(cases.find((c) => c.id === third.id)).toMatchObject({ kind: 'after_sale' });

    // The product department's task, on the first case's ticket, lists every case; product staff see it in /tasks.
    const tasks = json(await t.as('product')({ method: 'GET', url: '/api/tasks?department=product' })).tasks;
    const task = tasks.find((x: { id: number }) => x.id === alarms[0]!.taskId);
    expect(task).toMatchObject({ department: 'product', state: 'open', title: expect.stringContaining('加厚摇粒绒外套 · 拉链问题（3 起）') });
    expect(task.description).toContain('拉链头掉了');
    expect(task.description).toContain(`/reports/alarms/${alarmId}`);

    // Supervisors, the shop owner and product staff get the e-mail; the list's counts feed the menu's badge.
    const mails = await alarmMails();
    expect(mails.map((m) => m.recipient).sort()).toEqual(Object.values(LEAD_MAIL).sort());
    expect(mails[0]!.body).toContain('拉链拉不上');
    // Sent with the recall-report draft attached, made when it goes out.
    const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
    await deliverDueEmails(t.ctx.db, mailer(smtpUrl, 'kefu <kefu@shop.example>', { [RECALL_ATTACHMENTS]: recallAttachments })!);
    expect(received.map((m) => m.subject)).toEqual(Array(3).fill('【kefu 质量预警】加厚摇粒绒外套 · 拉链问题（3 起）'));
    const [pdf] = received[0]!.attachments;
    expect(pdf).toMatchObject({ contentType: 'application/pdf', filename: expect.stringMatching(/^召回报告草稿-加厚摇粒绒外套-拉链问题-.*\.pdf$/) });
    expect(pdfText(pdf!.content)).toContain('拉链头掉了');
    const list = json(await t.as('supervisor')({ method: 'GET', url: '/api/reports/defect-alarms?state=open' }));
    expect(list.counts.open).toBe(1);
    const events = await t.ctx.db.selectFrom('domain_events').select('payload').where('type', '=', 'defect.alarmed').execute();
    expect(events.map((e) => e.payload)).toEqual([{ alarmId, productId: jacket, defect: '拉链问题', caseCount: 3 }]);
  });

  it('a fourth case of the defect joins it; another defect of the product, or the defect of another product, does not', async () => {
    await afterSale(t, 'JK-001', '拉锁卡住了，拉不动');
    await afterSale(t, 'HW-006', '拉链坏了');
    await afterSale(t, 'HW-006', '拉链拉不上');
    await deliver();
    expect(await alarmsOf(t, jacket)).toMatchObject([{ id: alarmId, caseCount: 4 }]);
    expect((await casesOf(t, alarmId)).map((c) => c.description)).not.toContain('颜色不一样，和图片差很多');
    expect(await alarmsOf(t, homewear)).toEqual([]);
    expect(await alarmMails()).toHaveLength(3); // joining tells no one again

    // The other product's own third case raises its own alarm.
    await afterSale(t, 'HW-006', '拉链头掉了');
    await deliver();
    expect(await alarmsOf(t, homewear)).toMatchObject([{ defect: '拉链问题', caseCount: 3 }]);
    expect(await alarmsOf(t, jacket)).toMatchObject([{ id: alarmId, caseCount: 4 }]);
  });

  it('redelivered events create nothing more', async () => {
    const before = await t.ctx.db
      .selectFrom('defect_alarm_cases')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    await t.ctx.db.updateTable('event_listeners').set({ position: 0 }).where('name', '=', 'reports.defect-alarms').execute();
    await deliver();
    await evaluateProduct(t.ctx.db, jacket, new Date());
    const after = await t.ctx.db
      .selectFrom('defect_alarm_cases')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect(await alarmsOf(t, jacket)).toMatchObject([{ id: alarmId, caseCount: 4 }]);
    expect(await alarmsOf(t, homewear)).toHaveLength(1);
    expect(await alarmMails()).toHaveLength(6);
  });

  it('is acknowledged and closed with a note, versioned; later cases then start over', async () => {
    const [alarm] = await alarmsOf(t, jacket);
    const patch = (client: string, payload: Record<string, unknown>) =>
      t.as(client)({ method: 'PATCH', url: `/api/reports/defect-alarms/${alarmId}`, payload });
    expect((await patch('agent', { state: 'acknowledged', version: alarm!.version })).statusCode).toBe(403);
    expect(json(await patch('product', { state: 'reopened', version: alarm!.version })).error).toBe('invalid_input');
    const acknowledged = await patch('product', { state: 'acknowledged', note: '已联系供应商核查拉链批次', version: alarm!.version });
    expect(acknowledged.statusCode, acknowledged.body).toBe(200);
    expect(json(acknowledged).alarm).toMatchObject({ state: 'acknowledged', acknowledgedByName: 'product用户', note: '已联系供应商核查拉链批次' });
    const stale = await patch('supervisor', { state: 'closed', version: alarm!.version });
    expect(stale.statusCode).toBe(409);
    expect(json(stale).error).toBe('stale_version');
    const closed = await patch('supervisor', { state: 'closed', note: '已下架整改', version: json(acknowledged).alarm.version });
    expect(json(closed).alarm).toMatchObject({ state: 'closed', closedByName: 'supervisor用户' });
    const again = await patch('supervisor', { state: 'acknowledged', version: json(closed).alarm.version });
    expect(again.statusCode).toBe(400);
    expect(json(again).error).toBe('invalid_transition');

    // The closed alarm's cases are not counted again: one new case is no spike.
    await afterSale(t, 'JK-001', '拉链又坏了');
    await deliver();
    expect((await alarmsOf(t, jacket)).map((a) => a.state)).toEqual(['closed']);
  });
});

describe('what does not raise an alarm', () => {
  it('cases spread wider than the window; the admin widens it and they do', async () => {
    const cup = await addProduct(t, 'CUP-01', '不锈钢保温杯 500ml');
    const first = await afterSale(t, 'CUP-01', '保温效果很差，两个小时就凉了');
    const second = await afterSale(t, 'CUP-01', '不保温，早上装的开水中午就凉了');
    await backdate(t, first.id, 10);
    await backdate(t, second.id, 9);
    await afterSale(t, 'CUP-01', '一点都不保温');
    await deliver();
    expect(await alarmsOf(t, cup)).toEqual([]);

    const settings = json(await t.as('admin')({ method: 'GET', url: '/api/reports/defect-alarms/settings' }));
    expect(settings).toEqual({ settings: { threshold: 3, windowDays: 7 }, version: 0 });
    const put = (client: string, payload: Record<string, unknown>) =>
      t.as(client)({ method: 'PUT', url: '/api/reports/defect-alarms/settings', payload });
    expect((await put('supervisor', { threshold: 3, windowDays: 14, version: 0 })).statusCode).toBe(403);
    const bad = await put('admin', { threshold: 1, windowDays: 0, version: 0 });
    expect(bad.statusCode).toBe(400);
    expect(
      json(bad)
        .fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['body.threshold', 'body.windowDays']);
    const saved = await put('admin', { threshold: 3, windowDays: 14, version: 0 });
    expect(json(saved)).toEqual({ settings: { threshold: 3, windowDays: 14 }, version: 1 });
    expect((await put('admin', { threshold: 4, windowDays: 14, version: 0 })).statusCode).toBe(409);

    await afterSale(t, 'CUP-01', '不保温');
    await deliver();
    expect(await alarmsOf(t, cup)).toMatchObject([{ defect: '不保温', caseCount: 4 }]);
    await put('admin', { threshold: 3, windowDays: 7, version: 1 });
  });

  it('a root cause other than the product takes a case out; a complaint whose root cause names the product counts', async () => {
    const dress = await addProduct(t, 'DR-002', '法式碎花连衣裙');
    const shipped = await afterSale(t, 'DR-002', '裙子拉链坏了', { reason: 'damaged' });
    await afterSale(t, 'DR-002', '拉链拉不上');
    await afterSale(t, 'DR-002', '拉链卡住');
    await afterSale(t, 'DR-002', '不想要了，拉链款式不喜欢', { reason: 'no_reason' });
    // Before delivery the desk records the first one as a courier's fault (its ticket is not a complaint: set directly).
    await t.ctx.db.updateTable('tickets').set({ root_cause: 'logistics' }).where('id', '=', shipped.ticketId).execute();
    await deliver();
    expect(await alarmsOf(t, dress)).toEqual([]);

    const agent = t.as('agent');
    const created = await agent({
      method: 'POST',
      url: '/api/tickets',
      payload: { type: 'complaint', subject: '连衣裙侧边拉链一拉就坏', category: 'product_quality', severity: 'major' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const ticket = json(created).ticket;
    await deliver();
    expect(await alarmsOf(t, dress)).toEqual([]); // no order, no product named yet
    const step = await agent({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/complaint`,
      payload: { step: 'root_cause', rootCause: 'product_defect', productId: dress, version: ticket.version },
    });
    expect(step.statusCode, step.body).toBe(200);
    await deliver();
    const [alarm] = await alarmsOf(t, dress);
    expect(alarm).toMatchObject({ defect: '拉链问题', caseCount: 3 });
    expect((await casesOf(t, alarm!.id)).map((c) => c.kind).sort()).toEqual(['after_sale', 'after_sale', 'ticket']);
  });
});

describe('the catch-up job', () => {
  it('raises the alarm of cases the listener never saw (an upgrade, the demo history), and the events then add nothing', async () => {
    const shoe = await addProduct(t, 'SH-005', '轻便透气跑步鞋');
    for (const text of ['鞋底开胶了', '穿了一周鞋头就开胶', '鞋底脱胶，走路啪嗒啪嗒']) await afterSale(t, 'SH-005', text);
    expect(await sweepDefects(t.ctx.db)).toMatchObject({ raised: 1 });
    expect(await alarmsOf(t, shoe)).toMatchObject([{ defect: '开胶', caseCount: 3 }]);
    expect(await sweepDefects(t.ctx.db)).toMatchObject({ raised: 0 });
    await deliver();
    expect(await alarmsOf(t, shoe)).toMatchObject([{ caseCount: 3 }]);
  });
});

describe('cases at the same moment', () => {
  it('two cases at once make one alarm', async () => {
    const scarf = await addProduct(t, 'SC-011', '羊毛混纺围巾');
    await afterSale(t, 'SC-011', '掉毛很严重');
    await Promise.all([afterSale(t, 'SC-011', '一直掉毛，沾得满身都是'), afterSale(t, 'SC-011', '围巾掉毛掉絮')]);
    await deliver();
    expect(await alarmsOf(t, scarf)).toMatchObject([{ defect: '掉毛', caseCount: 3 }]);
  });

  it('two evaluations of one product at once raise the defect once', async () => {
    const umbrella = await addProduct(t, 'UM-012', '儿童卡通雨伞');
    for (const text of ['伞骨断了', '伞骨折了一根', '打不开，伞骨卡住']) await afterSale(t, 'UM-012', text);
    const now = new Date();
    const results = await Promise.all([evaluateProduct(t.ctx.db, umbrella, now), evaluateProduct(t.ctx.db, umbrella, now)]);
    expect(results.flatMap((r) => r.raised)).toHaveLength(1);
    expect(await alarmsOf(t, umbrella)).toMatchObject([{ defect: '伞骨问题', caseCount: 3 }]);
    await deliver();
    expect(await alarmsOf(t, umbrella)).toMatchObject([{ caseCount: 3 }]);
  });
});

describe('the recall-report draft', () => {
  let alarmId: number;
  let opened: Awaited<ReturnType<typeof afterSale>>[];

  beforeAll(async () => {
    await addProduct(t, 'TS-001', '纯棉圆领短袖T恤', 5_900);
    opened = [await afterSale(t, 'TS-001', '领口开线了'), await afterSale(t, 'TS-001', '袖口开线', { kind: 'exchange' })];
    opened.push(await afterSale(t, 'TS-001', '腋下缝线开了一个口子'));
    await attachPhoto(t, opened[0]!.ticketId);
    await refund(t, opened[0]!);
    await deliver();
    alarmId = (await alarmsOf(t, (await t.ctx.db.selectFrom('products').select('id').where('sku', '=', 'TS-001').executeTakeFirstOrThrow()).id))[0]!
      .id;
  });

  it('says which product, when its orders were placed, the cases with their photos, counts and refunds', async () => {
    const res = await t.as('product')({ method: 'GET', url: `/api/reports/defect-alarms/${alarmId}/recall-report` });
    expect(res.statusCode, res.body).toBe(200);
    const report = json(res);
    const placed = opened.map((a) => a.order.createdAt).sort();
    expect(report).toMatchObject({
      alarm: { id: alarmId, defect: '开线', caseCount: 3 },
      product: { sku: 'TS-001', name: '纯棉圆领短袖T恤', priceFen: 5_900 },
      ordersPlaced: { from: placed[0], to: placed[2] },
      counts: {
        cases: 3,
        afterSales: 3,
        complaints: 0,
        orders: 3,
        photos: 1,
        byAfterSaleKind: [
          { key: 'return', count: 2 },
          { key: 'exchange', count: 1 },
        ],
        byRootCause: [{ key: 'unknown', count: 3 }],
      },
      refunds: { askedFen: 2 * 19_900, refundedFen: 19_900 },
    });
    expect(report.cases.map((c: { description: string }) => c.description)).toEqual(['领口开线了', '袖口开线', '腋下缝线开了一个口子']);
    expect(report.cases[0]).toMatchObject({
      state: 'refunded',
      refundedFen: 19_900,
      photos: [{ filename: '缺陷照片.png', contentType: 'image/png' }],
    });
  });

  it('downloads as a PDF with the Chinese text in it, and as an Excel workbook', async () => {
    const ticketNumbers = (await casesOf(t, alarmId)).map((c) => c.ticketNumber);
    expect(ticketNumbers).toHaveLength(3);
    const pdf = await t.as('supervisor')({ method: 'GET', url: `/api/reports/defect-alarms/${alarmId}/recall-report.pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('召回报告草稿-纯棉圆领短袖T恤-开线')}`);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf.rawPayload);
    for (const words of ['召回报告（草稿）：纯棉圆领短袖T恤', '领口开线了', '腋下缝线开了一个口子', '¥199.00', ...ticketNumbers])
      expect(text).toContain(words);

    const xlsx = await t.as('supervisor')({ method: 'GET', url: `/api/reports/defect-alarms/${alarmId}/recall-report.xlsx` });
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['概要', '案例']);
    const cases = book.getWorksheet('案例')!;
    expect(cases.rowCount).toBe(4);
    expect(cases.getRow(2).getCell(5).value).toBe('领口开线了');
    expect(cases.getRow(2).getCell(10).value).toBe(199);
    const summary = book
      .getWorksheet('概要')!
      .getSheetValues()
      .flatMap((row) => (Array.isArray(row) ? [row.slice(1).join('=')] : []));
    expect(summary).toContain('已退款=¥199.00');
    expect(summary).toContain('缺陷=开线');

    expect((await t.as('agent')({ method: 'GET', url: `/api/reports/defect-alarms/${alarmId}/recall-report.pdf` })).statusCode).toBe(403);
  });
});
