/** What the brief tests share: an SMTP peer, the app, and a week and month of after-sales, complaints and suggestions. */
import type { AddressInfo } from 'node:net';
import { chinaDate, lastEndedWeek, monthOf, type BriefPeriod } from '@kefu/domain';
import { sql } from 'kysely';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { expect } from 'vitest';
import { mailer } from '../src/channels/email.ts';
import { BRIEF_ATTACHMENTS, briefAttachments } from '../src/reports/briefs/service.ts';
import { createUser } from '../src/users/service.ts';
import { createTestApp, json, PASSWORD, type TestApp } from './helpers.ts';

export const received: ParsedMail[] = [];
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

const DAY = 86_400_000;
const FROM = '暖橙客服 <kefu@nuancheng.example>';
export let t: TestApp;
let smtpUrl: string;
export const mail = () => mailer(smtpUrl, FROM, { [BRIEF_ATTACHMENTS]: briefAttachments });
export let hoodie: number;
export let cup: number;
/** The week and month the cases made now fall in, and a moment just after each has ended (when its run happens). */
export const now = new Date();
export const week: BriefPeriod = lastEndedWeek(new Date(now.getTime() + 7 * DAY));
export const month: BriefPeriod = monthOf(chinaDate(now));
export const afterWeek = new Date(week.until.getTime() + 60_000);
export const afterMonth = new Date(month.until.getTime() + 9 * 3600_000);

let serial = 0;
async function deliveredOrder(sku: string, price: number) {
  const res = await t.as('agent')({
    method: 'POST',
    url: '/api/orders',
    payload: {
      platform: 'tmall',
      orderNo: `BRIEF${++serial}`,
      status: 'delivered',
      buyerNick: `brief_buyer_${serial}`,
      receiver: { name: '林小姐', phone: '13912345678', province: '浙江省', city: '杭州市', address: '文三路 100 号 3 幢 201' },
      lines: [{ sku, title: '商品', quantity: 1, unitPriceFen: price }],
      createdAt: new Date(now.getTime() - 4 * DAY).toISOString(),
      paidAt: new Date(now.getTime() - 4 * DAY).toISOString(),
      shippedAt: new Date(now.getTime() - 3 * DAY).toISOString(),
      deliveredAt: new Date(now.getTime() - 2 * DAY).toISOString(),
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).order as { id: number; lines: { id: number }[] };
}

async function afterSale(sku: string, price: number, kind: string, reason: string, description: string, extra: Record<string, unknown> = {}) {
  const order = await deliveredOrder(sku, price);
  const res = await t.as('agent')({
    method: 'POST',
    url: '/api/aftersales',
    payload: { orderId: order.id, kind, reason, description, lines: [{ lineId: order.lines[0]!.id, quantity: 1 }], goodsIntact: true, ...extra },
  });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).afterSale as { id: number; version: number; ticketId: number };
}

/** A photo of the damage on the after-sale's ticket: a quality claim needs evidence before it is approved. */
async function attachPhoto(ticketId: number) {
  const boundary = '----kefu-photo';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="leak.png"\r\nContent-Type: image/png\r\n\r\n`),
    Buffer.from('89504e470d0a1a0a', 'hex'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await t.as('agent')({
    method: 'POST',
    url: `/api/tickets/${ticketId}/attachments`,
    payload: body,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  expect(res.statusCode, res.body).toBe(201);
}

async function move(role: string, a: { id: number; version: number }, to: string, extra: Record<string, unknown> = {}) {
  const res = await t.as(role)({ method: 'POST', url: `/api/aftersales/${a.id}/transition`, payload: { version: a.version, to, ...extra } });
  expect(res.statusCode, res.body).toBe(200);
  return json(res).afterSale as { id: number; version: number };
}

export async function ticket(payload: Record<string, unknown>) {
  const res = await t.as('agent')({ method: 'POST', url: '/api/tickets', payload });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).ticket as { id: number; number: string };
}

/** A promise on a ticket that ended in the week: kept, or missed at `breachedAt`. */
async function clock(ticketId: number, metric: string, end: { metAt?: Date; breachedAt?: Date }) {
  const startedAt = new Date((end.metAt ?? end.breachedAt)!.getTime() - 3600_000);
  await t.ctx.db
    .insertInto('sla_clocks')
    .values({
      subject_kind: 'ticket',
      subject_id: ticketId,
      ticket_id: ticketId,
      metric,
      state: end.metAt ? 'met' : 'cancelled',
      started_at: startedAt,
      due_at: new Date(startedAt.getTime() + 1800_000),
      total_ms: 1800_000,
      breached_at: end.breachedAt ?? null,
      stopped_at: end.metAt ?? end.breachedAt ?? null,
    })
    .execute();
}

export let overdue: { id: number; ticketId: number };
export let complexRepair: { id: number };
export let suggestionNumbers: string[] = [];
export const lastWeek = new Date(now.getTime() - 7 * DAY);

/** The shop of the brief tests: two products, this week's and last week's after-sales, clocks, questions, suggestions. */
export async function setUp() {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  t = await createTestApp({ SMTP_URL: smtpUrl, MAIL_FROM: FROM });
  const email = (role: string, address: string) => t.ctx.db.updateTable('users').set({ email: address }).where('username', '=', role).execute();
  await email('admin', 'boss@nuancheng.example');
  await email('supervisor', 'lead@nuancheng.example');
  await email('product', 'product@nuancheng.example');
  const gone = await createUser(t.ctx.db, null, { username: 'gone', displayName: '离职主管', role: 'supervisor', password: PASSWORD });
  await t.ctx.db.updateTable('users').set({ email: 'gone@nuancheng.example', active: false }).where('id', '=', gone.id).execute();
  [hoodie, cup] = (
    await t.ctx.db
      .insertInto('products')
      .values([
        { sku: 'HD-01', name: '加绒连帽卫衣', category: '服饰', price_fen: 15_900 },
        { sku: 'CP-02', name: '不锈钢保温杯', category: '家居', price_fen: 8_900 },
      ])
      .returning('id')
      .execute()
  ).map((p) => p.id) as [number, number];
  await t.app.events.deliverNow();

  // This week: three size cases on the hoodie, two quality cases on the cup (one refunded, one complex repair).
  overdue = await afterSale('HD-01', 15_900, 'return', 'size', '袖子偏短，尺码偏小');
  await afterSale('HD-01', 15_900, 'return', 'size', '尺码偏小，袖子短了');
  await afterSale('HD-01', 15_900, 'exchange', 'size', '尺码偏小，想换大一码');
  const refund = await afterSale('CP-02', 8_900, 'refund', 'quality', '保温杯漏水，盖子密封不好');
  await attachPhoto(refund.ticketId);
  await move('finance', await move('agent', refund, 'approved'), 'refunded');
  complexRepair = await afterSale('CP-02', 8_900, 'repair', 'quality', '保温杯不保温，盖子漏水', { complex: true });
  await move('agent', complexRepair as { id: number; version: number }, 'pending_approval', { note: '复杂情况，请主管定方案' });
  const complaint = await ticket({
    type: 'complaint',
    subject: '保温杯漏水烫手',
    description: '盖子漏水',
    category: 'product_quality',
    severity: 'major',
  });
  await t.ctx.db.updateTable('tickets').set({ product_id: cup, root_cause: 'product_defect' }).where('id', '=', complaint.id).execute();
  // The week before: two size returns on the hoodie.
  const earlier = [await afterSale('HD-01', 15_900, 'return', 'size', '偏小'), await afterSale('HD-01', 15_900, 'return', 'size', '偏小')];
  await t.app.events.deliverNow();
  for (const a of earlier) {
    // created_at is written once by the app; a test moves it back in SQL.
    await sql`update after_sales set created_at = ${lastWeek} where id = ${a.id}`.execute(t.ctx.db);
    await t.ctx.db.updateTable('report_aftersales').set({ opened_at: lastWeek }).where('after_sale_id', '=', a.id).execute();
  }
  // The first return is past its review promise; first feedback was kept 3 times and missed once (and once last week).
  await t.ctx.db
    .updateTable('sla_clocks')
    .set({ breached_at: new Date(now.getTime() - 3600_000) })
    .where('subject_kind', '=', 'after_sale')
    .where('subject_id', '=', overdue.id)
    .where('metric', '=', 'aftersale_review')
    .execute();
  const inWeek = (hours: number) => new Date(Math.min(now.getTime(), week.until.getTime()) - hours * 3600_000);
  for (const hours of [1, 2, 3]) await clock(complaint.id, 'first_feedback', { metAt: inWeek(hours) });
  await clock(complaint.id, 'first_feedback', { breachedAt: inWeek(4) });
  await clock(complaint.id, 'first_feedback', { breachedAt: new Date(week.from.getTime() - 3600_000) });

  // The month's needs: unknown questions (one last asked before the month), suggestions in the fixed format.
  await t.ctx.db
    .insertInto('unknown_questions')
    .values([
      { question: '卫衣有没有加长款', asked: 5, last_asked_at: now },
      { question: '可以开专票吗', asked: 2, last_asked_at: now },
      {
        question: '去年的老问题',
        asked: 9,
        first_asked_at: new Date(month.from.getTime() - 40 * DAY),
        last_asked_at: new Date(month.from.getTime() - DAY),
      },
    ])
    .execute();
  suggestionNumbers = [
    (await ticket({ type: 'suggestion', subject: '希望出加长款', description: '个子高，袖子不够长', productId: hoodie })).number,
    (await ticket({ type: 'suggestion', subject: '希望出 加长款！', description: '手臂长，常规款短', productId: hoodie })).number,
    (await ticket({ type: 'suggestion', subject: '希望提供礼盒包装', description: '买来送人' })).number,
  ];
  await t.app.events.deliverNow();
}

export async function tearDown() {
  await t.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
}
