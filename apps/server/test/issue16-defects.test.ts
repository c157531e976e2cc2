import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../src/orders/webhook.ts';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';

// Issue 16, defects found while checking: a re-pushed order undoing a cancellation, an empty ¥0 return on an unshipped
// order, chat-to-ticket filing a size question as 售后/物流 without its group, English import errors, order-number parts.
const SECRET = 'test-webhook-secret-0123456789';
let t: TestApp;
let agent: Client;
let supervisor: Client;
beforeAll(async () => {
  t = await createTestApp({ ORDER_WEBHOOK_SECRET: SECRET });
  agent = t.as('agent');
  supervisor = t.as('supervisor');
});
afterAll(async () => {
  await t.close();
});

let serial = 0;
const order = (o: Record<string, unknown> = {}) => ({
  platform: 'taobao',
  orderNo: `T20261123${String(++serial).padStart(6, '0')}`,
  status: 'paid',
  buyerNick: `buyer${serial}`,
  receiver: { name: '林小姐', phone: '13912345678', province: '浙江省', city: '杭州市', address: '文三路 100 号' },
  lines: [{ title: '纯棉睡衣', quantity: 1, unitPriceFen: 12_900 }],
  createdAt: new Date(Date.now() - 3_600_000).toISOString(),
  paidAt: new Date(Date.now() - 3_600_000).toISOString(),
  ...o,
});

function push(body: unknown) {
  const raw = JSON.stringify(body);
  const timestamp = Math.floor(Date.now() / 1000);
  return t.app.inject({
    method: 'POST',
    url: '/api/webhooks/orders',
    payload: raw,
    headers: { 'content-type': 'application/json', 'x-kefu-timestamp': String(timestamp), 'x-kefu-signature': signWebhook(SECRET, timestamp, raw) },
  });
}

async function stored(orderNo: string) {
  const row = await t.ctx.db.selectFrom('orders').select('id').where('order_no', '=', orderNo).executeTakeFirstOrThrow();
  return json(await agent({ method: 'GET', url: `/api/orders/${row.id}` })).order;
}

describe('a marketplace re-pushing an order', () => {
  it('keeps a cancellation made in kefu, and says so on the order history', async () => {
    const o = order();
    expect((await push({ order: o })).statusCode).toBe(200);
    const placed = await stored(o.orderNo);
    const cancelled = await agent({
      method: 'POST',
      url: `/api/orders/${placed.id}/cancel`,
      payload: { version: placed.version, reason: '顾客不要了' },
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect((await push({ order: { ...o, remark: '请尽快发货' } })).statusCode).toBe(200);
    const after = await stored(o.orderNo);
    expect(after).toMatchObject({ status: 'cancelled', cancelReason: '顾客不要了', cancelledAt: expect.any(String), remark: '请尽快发货' });
    expect(after.events.at(-1)).toMatchObject({ kind: 'report_kept_local', data: { status: { reported: 'paid', kept: 'cancelled' } } });
  });

  it('keeps a confirmation and lines changed in kefu; a marketplace cancellation still applies', async () => {
    const o = order({
      lines: [
        { title: '纯棉睡衣', quantity: 1, unitPriceFen: 12_900 },
        { title: '睡衣腰带', quantity: 1, unitPriceFen: 1_900 },
      ],
    });
    await push({ order: o });
    const placed = await stored(o.orderNo);
    const confirmed = json(await agent({ method: 'POST', url: `/api/orders/${placed.id}/confirm`, payload: { version: placed.version } }));
    const line = placed.lines[0];
    const changed = await agent({
      method: 'POST',
      url: `/api/orders/${placed.id}/lines`,
      payload: { version: confirmed.version ?? placed.version + 1, action: 'cancel', lineId: line.id, reason: '缺货' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    await push({ order: o });
    const after = await stored(o.orderNo);
    expect(after.confirmedAt).not.toBeNull();
    expect(after.lines.map((l: { id: number; status: string }) => [l.id, l.status])).toEqual([
      [line.id, 'cancelled'],
      [placed.lines[1].id, 'active'],
    ]);
    await push({ order: { ...o, status: 'cancelled' } });
    expect((await stored(o.orderNo)).status).toBe('cancelled');
  });
});

describe('opening a return', () => {
  it('refuses one with no lines, ¥0 or on an order that never shipped, naming the field', async () => {
    expect((await push({ order: order() })).statusCode).toBe(200);
    const unshipped = await stored(`T20261123${String(serial).padStart(6, '0')}`);
    const open = (payload: Record<string, unknown>) =>
      agent({ method: 'POST', url: '/api/aftersales', payload: { reason: 'no_reason', ...payload } });
    for (const kind of ['return', 'exchange', 'refund', 'reissue']) {
      const res = await open({ orderId: unshipped.id, kind, lines: [{ lineId: unshipped.lines[0].id, quantity: 1 }] });
      expect(res.statusCode, `${kind} ${res.body}`).toBe(400);
      expect(json(res).fields[0]).toMatchObject({ field: 'body.kind', reason: expect.stringMatching(/not shipped/) });
    }
    const o = order({ status: 'delivered', shippedAt: new Date(Date.now() - 1_800_000).toISOString(), deliveredAt: new Date().toISOString() });
    await push({ order: o });
    const delivered = await stored(o.orderNo);
    const noLines = await open({ orderId: delivered.id, kind: 'return' });
    expect(noLines.statusCode).toBe(400);
    expect(json(noLines).fields[0].field).toBe('body.lines');
    const zero = await open({ orderId: delivered.id, kind: 'refund', amountFen: 0 });
    expect(json(zero).fields[0]).toMatchObject({ field: 'body.amountFen' });
    expect(await t.ctx.db.selectFrom('after_sales').select('id').execute()).toEqual([]);
    const good = await open({ orderId: delivered.id, kind: 'return', lines: [{ lineId: delivered.lines[0].id, quantity: 1 }] });
    expect(good.statusCode, good.body).toBe(201);
    expect(json(good).afterSale.amountFen).toBe(12_900);
  });
});

describe('filing a chat as a ticket', () => {
  it('files a size question as a 咨询 tagged 尺码, in the conversation’s skill group', async () => {
    const [group] = await t.ctx.db.insertInto('skill_groups').values({ name: '售前' }).returning('id').execute();
    const shop = await t.ctx.db
      .insertInto('shops')
      .values({ key: 'sizeshop', name: '测试店', identity_secret: 's' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const visitor = await t.ctx.db
      .insertInto('visitors')
      .values({ shop_id: shop.id, token_hash: 'x', name: '访客' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const conv = await t.ctx.db
      .insertInto('conversations')
      .values({ shop_id: shop.id, visitor_id: visitor.id, group_id: group!.id, agent_id: t.users.agent!.id, status: 'active' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const lines = ['这件睡衣我身高165体重50公斤穿什么尺码', '好的，什么时候能发货'];
    await t.ctx.db
      .insertInto('messages')
      .values(
        lines.map((body, i) => ({
          conversation_id: conv.id,
          seq: i + 1,
          sender_kind: 'shopper',
          sender_id: visitor.id,
          kind: 'text',
          body,
          data: '{}',
        })),
      )
      .execute();
    await t.ctx.db.updateTable('conversations').set({ last_seq: lines.length }).where('id', '=', conv.id).execute();
    const res = await agent({ method: 'POST', url: `/api/conversations/${conv.id}/ticket`, payload: { subject: '尺码咨询' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(json(res).ticket).toMatchObject({ type: 'consultation', category: null, groupId: group!.id, tags: ['尺码'] });
  });
});

async function upload(url: string, csv: string | Buffer, filename = 'rows.csv', lang?: string) {
  const boundary = '----kefu16';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n`),
    Buffer.isBuffer(csv) ? csv : Buffer.from(csv),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const headers: Record<string, string> = { 'content-type': `multipart/form-data; boundary=${boundary}` };
  if (lang) headers['accept-language'] = lang;
  return supervisor({ method: 'POST', url, payload, headers });
}

describe('import row errors', () => {
  const csv = '订单编号,订单状态,订单创建时间,宝贝标题,宝贝数量,价格\nX1,已付款,2026-11-21 08:00,睡衣,两件,abc\nX2,发呆中,昨天,睡衣,1,99';

  it('are in Chinese and name the column as the file heads it; English when the reader asks for it', async () => {
    const zh = json(await upload('/api/orders/import?platform=taobao&dryRun=true', csv));
    expect(zh.errors.map((e: { message: string }) => e.message)).toEqual([
      '「宝贝数量」的“两件”不是大于 0 的整数',
      '「价格」的“abc”不是金额（元）',
      '「订单状态」的“发呆中”不是可识别的订单状态',
      '「订单创建时间」的“昨天”不是日期时间',
    ]);
    const en = json(await upload('/api/orders/import?platform=taobao&dryRun=true', csv, 'rows.csv', 'en-US,en;q=0.9'));
    expect(en.errors[0].message).toBe('"两件" is not a whole number above 0');
  });

  it('are in Chinese in the FAQ import too', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('FAQ');
    sheet.addRow(['标准问题', '相似问法', '答案', '分类', '适用商品SKU']);
    sheet.addRow(['', '', '答案', '', 'NOPE-1']);
    const file = Buffer.from(await book.xlsx.writeBuffer());
    const report = json(await upload('/api/knowledge/faqs/import?dryRun=true', file, 'faq.xlsx'));
    expect(report.errors.map((e: { message: string }) => e.message)).toEqual([
      '「适用商品SKU」中的 SKU NOPE-1 没有对应的商品',
      '「标准问题」不能为空',
    ]);
  });
});

describe('a part of an order number', () => {
  it('finds the order (start, middle, end) in the order list and its tickets in the ticket search', async () => {
    const o = order({ orderNo: '4398120026117788' });
    await push({ order: o });
    const found = async (q: string) =>
      json(await agent({ method: 'GET', url: `/api/orders?q=${q}` })).orders.map((x: { orderNo: string }) => x.orderNo);
    for (const part of ['4398', '2002', '7788', '4398120026117788']) expect(await found(part), part).toEqual(['4398120026117788']);
    expect(await found('439')).toEqual([]);
    const id = (await stored(o.orderNo)).id;
    const ticket = json(
      await agent({ method: 'POST', url: '/api/tickets', payload: { type: 'consultation', subject: '问发货', orderId: id } }),
    ).ticket;
    const tickets = json(await agent({ method: 'GET', url: '/api/tickets?q=117788' })).tickets;
    expect(tickets.map((x: { id: number }) => x.id)).toEqual([ticket.id]);
  });
});
