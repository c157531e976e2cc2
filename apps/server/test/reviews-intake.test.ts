import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';
import { deliverReviews, review, REVIEW_SECRET, seedShop } from './reviews-fixture.ts';

let t: TestApp;
let agent: Client;
let supervisor: Client;
let shop: Awaited<ReturnType<typeof seedShop>>;
beforeAll(async () => {
  t = await createTestApp({ ORDER_WEBHOOK_SECRET: REVIEW_SECRET, IMPORT_MAX_MB: '5' });
  agent = t.as('agent');
  supervisor = t.as('supervisor');
  shop = await seedShop(t);
});
afterAll(async () => {
  await t.close();
});

const reviewCount = async () => Number((await sql<{ n: string }>`select count(*) as n from reviews`.execute(t.ctx.db)).rows[0]!.n);

describe('review webhook', () => {
  it('stores a signed 差评 classified, linked to its order, customer and product, on the 1-hour reply clock', async () => {
    const bad = review({ orderNo: 'TB20261120001', sku: 'PJ-001', stars: 1, content: '洗了一次就起球，质量太差了' });
    const res = await deliverReviews(t, { review: bad });
    expect(res.statusCode, res.body).toBe(200);
    const body = json(res);
    expect(body).toMatchObject({ received: 1, duplicates: 0 });
    const { review: stored } = json(await agent({ method: 'GET', url: `/api/reviews/${body.ids[0]}` }));
    expect(stored).toMatchObject({ sentiment: 'negative', middling: true, complaintKind: 'quality', stars: 1 });
    expect(stored.order).toEqual({ id: shop.orderId, label: 'TB20261120001' });
    expect(stored.customer).toEqual({ id: shop.customerId, label: '林小鹿' });
    expect(stored.product.id).toBe(shop.productIds['PJ-001']);
    const clock = await t.ctx.db
      .selectFrom('sla_clocks')
      .selectAll()
      .where('subject_kind', '=', 'review')
      .where('subject_id', '=', body.ids[0])
      .executeTakeFirstOrThrow();
    expect(clock).toMatchObject({ metric: 'review_reply', state: 'running' });
    expect(clock.due_at.getTime() - clock.started_at.getTime()).toBe(3600_000);
    expect(new Date(stored.dueAt).getTime()).toBe(clock.due_at.getTime());
  });

  it('puts no clock on a happy review, and reads a product from its title when there is no SKU', async () => {
    const res = await deliverReviews(t, { review: review({ productTitle: '莫代尔短袖睡衣 蓝色 L', content: '很舒服，好评' }) });
    const id = json(res).ids[0];
    const { review: stored } = json(await agent({ method: 'GET', url: `/api/reviews/${id}` }));
    expect(stored).toMatchObject({ sentiment: 'positive', middling: false, dueAt: null });
    expect(stored.product.id).toBe(shop.productIds['PJ-002']);
    const clocks = await t.ctx.db.selectFrom('sla_clocks').select('id').where('subject_kind', '=', 'review').where('subject_id', '=', id).execute();
    expect(clocks).toHaveLength(0);
  });

  it('takes a batch; a review delivered again (or twice in one batch) is stored once and answered as a duplicate', async () => {
    const a = review({ stars: 3, content: '一般般，快递慢' });
    const b = review();
    const first = json(await deliverReviews(t, { reviews: [a, b] }));
    expect(first).toMatchObject({ received: 2, duplicates: 0 });
    const before = await reviewCount();
    const again = await deliverReviews(t, { reviews: [a, review({ ...b }), b] });
    expect(again.statusCode).toBe(200);
    expect(json(again)).toEqual({ received: 0, duplicates: 3, ids: [first.ids[0], first.ids[1], first.ids[1]] });
    expect(await reviewCount()).toBe(before);
  });

  it('refuses a bad signature, a stale or replayed delivery with the reason, and writes nothing', async () => {
    const before = await reviewCount();
    const body = { review: review() };
    const forged = await deliverReviews(t, body, { signature: `sha256=${'0'.repeat(64)}` });
    expect(forged.statusCode).toBe(401);
    expect(json(forged).message).toMatch(/x-kefu-signature/);
    const unsigned = await t.app.inject({ method: 'POST', url: '/api/webhooks/reviews', payload: body });
    expect(unsigned.statusCode).toBe(401);
    const stale = await deliverReviews(t, body, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(stale.statusCode).toBe(401);
    expect(json(stale).message).toMatch(/x-kefu-timestamp/);
    const raw = JSON.stringify(body);
    const now = Math.floor(Date.now() / 1000);
    expect((await deliverReviews(t, null, { raw, timestamp: now })).statusCode).toBe(200);
    const replay = await deliverReviews(t, null, { raw, timestamp: now });
    expect(replay.statusCode).toBe(409);
    expect(json(replay).message).toMatch(/already received/);
    expect(await reviewCount()).toBe(before + 1);
  });

  it('refuses malformed and oversized deliveries naming what is wrong, all or nothing', async () => {
    const before = await reviewCount();
    expect((await deliverReviews(t, null, { raw: '{"reviews": [' })).statusCode).toBe(400);
    const bad = await deliverReviews(t, { reviews: [review(), review({ stars: 6 })] });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).message).toContain('body.reviews.1.stars');
    const noContent = await deliverReviews(t, { review: review({ content: '' }) });
    expect(json(noContent).message).toContain('body.review.content');
    const tooMany = await deliverReviews(t, { reviews: Array.from({ length: 501 }, () => review()) });
    expect(tooMany.statusCode).toBe(400);
    const huge = await deliverReviews(t, { reviews: [review({ content: 'x'.repeat(1900) })], pad: 'y'.repeat(2.5 * 1024 * 1024) });
    expect(huge.statusCode).toBe(413);
    expect(await reviewCount()).toBe(before);
  });
});

async function upload(file: Buffer | string, query: string, filename: string, client = supervisor) {
  const boundary = '----kefu' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return client({
    method: 'POST',
    url: `/api/reviews/import?${query}`,
    payload: Buffer.concat([head, Buffer.isBuffer(file) ? file : Buffer.from(file), tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}
const fixture = (name: string) => readFileSync(new URL(`./fixtures/reviews/${name}`, import.meta.url));

describe('review import', () => {
  it('dry-runs then imports a 淘宝 export (好评/中评/差评), linking the order; importing it again finds duplicates', async () => {
    const before = await reviewCount();
    const dry = json(await upload(fixture('taobao-reviews.csv'), 'platform=taobao&dryRun=true', 'taobao.csv'));
    expect(dry).toMatchObject({ dryRun: true, rows: 3, errorCount: 0, inserted: 0, duplicates: 0 });
    expect(await reviewCount()).toBe(before);
    const done = json(await upload(fixture('taobao-reviews.csv'), 'platform=taobao&dryRun=false', 'taobao.csv'));
    expect(done).toMatchObject({ rows: 3, inserted: 3, duplicates: 0 });
    const rows = await t.ctx.db.selectFrom('reviews').selectAll().where('source', '=', 'import').orderBy('id').execute();
    expect(rows.map((r) => [r.external_id, r.stars, r.middling])).toEqual([
      ['TB20261120001#TB20261120001-1', 1, true],
      ['TB20261120002#TB20261120002-1', 5, false],
      ['TB20261120003#TB20261120003-1', 3, true],
    ]);
    expect(rows[0]).toMatchObject({ order_id: shop.orderId, customer_id: shop.customerId, complaint_kind: 'quality' });
    expect(rows[1]!.appended).toBe('穿了一周还是很好');
    expect(rows[2]!.reviewed_at.toISOString()).toBe('2026-11-27T06:20:00.000Z');
    const again = json(await upload(fixture('taobao-reviews.csv'), 'platform=taobao&dryRun=true', 'taobao.csv'));
    expect(again.duplicates).toBe(3);
  });

  it('imports a 京东 export with its 评价ID and 评价星级', async () => {
    const done = json(await upload(fixture('jd-reviews.csv'), 'platform=jd&dryRun=false', 'jd.csv'));
    expect(done).toMatchObject({ rows: 2, inserted: 2, errorCount: 0 });
    const one = await t.ctx.db
      .selectFrom('reviews')
      .selectAll()
      .where('platform', '=', 'jd')
      .where('external_id', '=', 'JD-CMT-880001')
      .executeTakeFirstOrThrow();
    expect(one).toMatchObject({ stars: 1, middling: true, product_id: shop.productIds['QB-001'] });
  });

  it('imports a 拼多多 .xlsx and reports every bad row in Chinese, writing nothing when one is bad', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('评价数据');
    sheet.addRow(['评价ID', '订单编号', '商品名称', '商品评分', '评价内容', '评价时间', '买家昵称']);
    sheet.addRow(['PDD-1001', '261130-0001', '羽绒被', '2', '太薄了，不值这个价', '2026-11-28 20:00:00', '拼**友']);
    sheet.addRow(['PDD-1002', '261130-0002', '羽绒被', '六', '还可以', '2026-11-28 20:00:00', '拼**2']);
    sheet.addRow(['PDD-1003', '261130-0003', '羽绒被', '4', '', '2026-02-30 10:00:00', '拼**3']);
    sheet.addRow(['PDD-1001', '261130-0001', '羽绒被', '2', '重复', '2026-11-28 20:00:00', '拼**友']);
    const file = Buffer.from(await book.xlsx.writeBuffer());
    const before = await reviewCount();
    const res = await upload(file, 'platform=pdd&dryRun=false', 'pdd.xlsx');
    expect(res.statusCode, res.body).toBe(200);
    const report = json(res);
    expect(report.errorCount).toBe(4);
    expect(report.errors).toEqual([
      { line: 3, field: 'stars', message: '「商品评分」的“六”不是 1–5 星或 好评/中评/差评' },
      { line: 4, field: 'content', message: '「评价内容」为空' },
      { line: 4, field: 'reviewedAt', message: '「评价时间」的“2026-02-30 10:00:00”不是日期时间' },
      { line: 5, field: 'reviewId', message: '与第 2 行是同一条评价' },
    ]);
    expect(await reviewCount()).toBe(before);
    const clean = new ExcelJS.Workbook();
    clean.addWorksheet('评价数据').addRows([sheet.getRow(1).values, sheet.getRow(2).values].map((v) => (v as unknown[]).slice(1)));
    const ok = json(await upload(Buffer.from(await clean.xlsx.writeBuffer()), 'platform=pdd&dryRun=false', 'pdd.xlsx'));
    expect(ok).toMatchObject({ rows: 1, inserted: 1, errorCount: 0 });
  });

  it('refuses a file without the columns a review needs, and agents may not import', async () => {
    const res = await upload('商品,备注\n羽绒被,好\n', 'platform=jd&dryRun=true', 'x.csv');
    expect(res.statusCode).toBe(400);
    expect(json(res).message).toMatch(/content .*评价内容/);
    expect((await upload(fixture('jd-reviews.csv'), 'platform=jd&dryRun=true', 'jd.csv', agent)).statusCode).toBe(403);
  });
});
