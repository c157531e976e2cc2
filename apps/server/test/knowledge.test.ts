import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { loadDemoFaq } from '@kefu/nlp';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordUnknown } from '../src/knowledge/index.ts';
import { createUser } from '../src/users/service.ts';
import { ChatClient } from './chat-client.ts';
import { createTestApp, json, PASSWORD, type Client, type TestApp } from './helpers.ts';

let t: TestApp;
let supervisor: Client;
let agent: Client;
beforeAll(async () => {
  t = await createTestApp();
  supervisor = t.as('supervisor');
  agent = t.as('agent');
  await t.ctx.db
    .insertInto('faq_entries')
    .values(loadDemoFaq().map((e) => ({ question: e.question, alternatives: e.alternatives, answer: e.answer, category: e.category ?? '' })))
    .execute();
  await t.ctx.db
    .insertInto('products')
    .values([{ sku: 'NC-H006', name: '珊瑚绒家居服套装', category: '家居服', price_fen: 12_900 }])
    .execute();
});
afterAll(async () => {
  await t.close();
});

const suggest = async (q: string) => json(await agent({ method: 'GET', url: `/api/knowledge/suggest?q=${encodeURIComponent(q)}` }));

describe('FAQ entries', () => {
  it('creates, finds, edits with a version and deletes an entry, the matcher following each change', async () => {
    const created = await supervisor({
      method: 'POST',
      url: '/api/knowledge/faqs',
      payload: {
        question: '店铺周年庆有什么活动',
        alternatives: ['周年庆优惠', '店庆有啥福利'],
        answer: '周年庆全场8折，还送定制抱枕！',
        category: '活动',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const faq = json(created).faq;
    expect(Object.keys(faq).sort()).toEqual([
      'alternatives',
      'answer',
      'category',
      'enabled',
      'hits',
      'id',
      'productIds',
      'question',
      'updatedAt',
      'version',
    ]);
    expect((await suggest('店庆有什么福利吗')).suggestions[0]).toMatchObject({ id: faq.id, confidence: expect.any(Number) });

    const edited = await supervisor({
      method: 'PUT',
      url: `/api/knowledge/faqs/${faq.id}`,
      payload: { question: '店铺周年庆有什么活动', alternatives: ['周年庆优惠'], answer: '周年庆全场7折！', category: '活动', version: faq.version },
    });
    expect(json(edited).faq.answer).toBe('周年庆全场7折！');
    const stale = await supervisor({
      method: 'PUT',
      url: `/api/knowledge/faqs/${faq.id}`,
      payload: { question: 'x', answer: 'y', version: faq.version },
    });
    expect(stale.statusCode).toBe(409);
    expect(json(stale)).toMatchObject({ error: 'stale_version', currentVersion: faq.version + 1 });
    expect((await suggest('周年庆优惠')).suggestions[0].answer).toBe('周年庆全场7折！');

    expect((await supervisor({ method: 'DELETE', url: `/api/knowledge/faqs/${faq.id}` })).statusCode).toBe(200);
    expect((await suggest('周年庆优惠')).suggestions.map((s: { id: number }) => s.id)).not.toContain(faq.id);
  });

  it('searches literally: % and _ are not wildcards', async () => {
    for (const q of ['%', '_']) {
      const found = json(await agent({ method: 'GET', url: `/api/knowledge/faqs?q=${encodeURIComponent(q)}&pageSize=200` })).faqs;
      for (const f of found) expect([f.question, f.answer, ...f.alternatives].join(' ')).toContain(q);
      expect(found.length).toBeLessThan(100);
    }
    expect(json(await agent({ method: 'GET', url: `/api/knowledge/faqs?q=${encodeURIComponent('七天无理由')}` })).faqs.length).toBeGreaterThan(0);
    expect(json(await agent({ method: 'GET', url: '/api/products?q=nc-h006' })).products).toEqual([
      {
        id: expect.any(Number),
        sku: 'NC-H006',
        name: expect.any(String),
        category: expect.any(String),
        priceFen: expect.any(Number),
        stock: expect.any(Number),
      },
    ]);
  });

  it('refuses empty fields naming them, and agents may not edit', async () => {
    const bad = await supervisor({ method: 'POST', url: '/api/knowledge/faqs', payload: { question: '  ', alternatives: [''], answer: '' } });
    expect(bad.statusCode).toBe(400);
    expect(
      json(bad)
        .fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['body.alternatives.0', 'body.answer', 'body.question']);
    expect((await agent({ method: 'POST', url: '/api/knowledge/faqs', payload: { question: '问', answer: '答' } })).statusCode).toBe(403);
  });
});

describe('suggestions', () => {
  it('answers a paraphrase through the synonyms, with its intent', async () => {
    const result = await suggest('退钱多久能到账');
    expect(result.suggestions[0].answer).toMatch(/退款/);
    expect(result.intent.intent).toBe('return_refund');
  });

  it("learns the shop's own synonyms", async () => {
    const before = (await suggest('报销凭证怎么开')).suggestions[0];
    expect(before?.confidence ?? 0).toBeLessThan(0.6);
    expect((await supervisor({ method: 'PUT', url: '/api/knowledge/synonyms', payload: { groups: [['发票', '报销凭证']] } })).statusCode).toBe(200);
    const after = (await suggest('报销凭证怎么开')).suggestions[0];
    expect(after.answer).toMatch(/发票/);
    expect(after.confidence).toBeGreaterThan(before?.confidence ?? 0);
    const bad = await supervisor({ method: 'PUT', url: '/api/knowledge/synonyms', payload: { groups: [['单独']] } });
    expect(json(bad).fields[0].field).toBe('body.groups.0');
  });

  it('copes with empty, emoji-only, HTML and traditional input', async () => {
    for (const q of ['', '😀😀😀', '<script>alert(1)</script>', 'x'.repeat(2000)]) {
      const res = await agent({ method: 'GET', url: `/api/knowledge/suggest?q=${encodeURIComponent(q)}` });
      expect(res.statusCode, q.slice(0, 10)).toBe(200);
      expect(json(res).suggestions.every((s: { confidence: number }) => s.confidence < 0.6)).toBe(true);
    }
    expect((await suggest('退貨運費誰出')).suggestions[0].answer).toMatch(/运费/);
  });
});

describe('FAQ import and export', () => {
  async function upload(buffer: Buffer, query: string, filename = 'faq.xlsx') {
    const boundary = '----kefu-faq';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      buffer,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return supervisor({
      method: 'POST',
      url: `/api/knowledge/faqs/import?${query}`,
      payload: body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
  }
  async function sheet(rows: string[][]) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('FAQ');
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
  const header = ['标准问题', '相似问法', '答案', '分类', '适用商品SKU'];

  it('imports good rows all at once after a dry run', async () => {
    const file = await sheet([
      header,
      ['珊瑚绒会掉毛吗', '会不会掉毛\n掉不掉绒', '首次洗涤会有少量浮毛，属正常现象，洗两次后就不掉了。', '商品咨询', 'NC-H006'],
      ['可以送货上门吗', '送到家吗|能上楼吗', '快递默认送货上门，偏远地区可能需自提。', '物流', ''],
    ]);
    const dry = json(await upload(file, 'dryRun=true'));
    expect(dry).toMatchObject({ dryRun: true, rows: 2, errorCount: 0, created: 0 });
    const real = json(await upload(file, 'dryRun=false'));
    expect(real.created).toBe(2);
    const found = json(await supervisor({ method: 'GET', url: `/api/knowledge/faqs?q=${encodeURIComponent('掉毛')}` })).faqs[0];
    expect(found).toMatchObject({ alternatives: ['会不会掉毛', '掉不掉绒'], productIds: [expect.any(Number)] });
  });

  it('reports bad rows by line and writes nothing', async () => {
    const before = json(await supervisor({ method: 'GET', url: '/api/knowledge/faqs?pageSize=200' })).faqs.length;
    const file = await sheet([
      header,
      ['好问题', '', '好答案', '', ''],
      ['', '', '没有问题的答案', '', ''],
      ['有问题', '', '', '', ''],
      ['问题', '', '答案', '', 'NO-SUCH-SKU'],
    ]);
    const report = json(await upload(file, 'dryRun=false'));
    expect(report.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([
      [3, 'question'],
      [4, 'answer'],
      [5, 'products'],
    ]);
    expect(report.created).toBe(0);
    expect(json(await supervisor({ method: 'GET', url: '/api/knowledge/faqs?pageSize=200' })).faqs.length).toBe(before);
    expect(json(await upload(await sheet([['问', '答']]), 'dryRun=true')).message).toMatch(/标准问题/);
  });

  it('exports the FAQ in the import format', async () => {
    const res = await agent({ method: 'GET', url: '/api/knowledge/faqs/export' });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).values).toEqual([undefined, ...header]);
    expect(ws.rowCount).toBeGreaterThan(100);
  });
});

describe('product knowledge', () => {
  it('keeps a size chart and recommends a size from height and weight', async () => {
    const product = await t.ctx.db.selectFrom('products').select(['id', 'version']).where('sku', '=', 'NC-H006').executeTakeFirstOrThrow();
    const chart = [
      { size: 'M', heightMin: 160, heightMax: 168, weightMin: 50, weightMax: 60 },
      { size: 'L', heightMin: 168, heightMax: 175, weightMin: 60, weightMax: 70 },
    ];
    expect(
      (await agent({ method: 'PATCH', url: `/api/products/${product.id}`, payload: { version: product.version, sizeChart: chart } })).statusCode,
    ).toBe(403);
    const bad = await t.as('product')({
      method: 'PATCH',
      url: `/api/products/${product.id}`,
      payload: { version: product.version, sizeChart: [{ ...chart[0], heightMax: 100 }] },
    });
    expect(json(bad).fields[0].field).toMatch(/^body.sizeChart.0/);
    const ok = await t.as('product')({
      method: 'PATCH',
      url: `/api/products/${product.id}`,
      payload: { version: product.version, sizeChart: chart, pros: '亲肤保暖', cons: '首次洗涤有浮毛' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(await agent({ method: 'GET', url: `/api/products/${product.id}/size?height=165&weight=63` })).advice).toEqual({
      size: 'L',
      fit: 'between',
      reason: 'weight',
    });
    await t.ctx.db
      .insertInto('promotions')
      .values({
        title: '周末满200减20',
        kind: 'full_reduction',
        threshold_fen: 20_000,
        discount_fen: 2_000,
        product_ids: [product.id],
        starts_at: new Date(Date.now() - 86_400_000),
        ends_at: new Date(Date.now() + 86_400_000),
      })
      .execute();
    const detail = json(await agent({ method: 'GET', url: `/api/products/${product.id}` })).product;
    expect(detail).toMatchObject({ pros: '亲肤保暖', sizeChart: chart, version: product.version + 1 });
    expect(Object.keys(detail).sort()).toEqual([
      'category',
      'cons',
      'id',
      'images',
      'name',
      'priceFen',
      'promotions',
      'pros',
      'restrictedProvinces',
      'sizeChart',
      'sku',
      'specs',
      'stock',
      'usage',
      'version',
      'warrantyDays',
    ]);
    expect(detail.promotions).toContainEqual({
      id: expect.any(Number),
      title: '周末满200减20',
      kind: 'full_reduction',
      thresholdFen: 20_000,
      discountFen: 2_000,
      endsAt: expect.stringMatching(/Z$/),
    });
  });
});

describe('in the chat', () => {
  it("sends the agent suggestions as the shopper's message arrives, and collects what nobody could answer", async () => {
    const group = await t.ctx.db.insertInto('skill_groups').values({ name: '售前' }).returning('id').executeTakeFirstOrThrow();
    await t.ctx.db.insertInto('shops').values({ key: 'shopk', name: '测试店', identity_secret: 'secret-k', default_group_id: group.id }).execute();
    await createUser(t.ctx.db, null, { username: 'k1', displayName: '客服k1', role: 'agent', password: PASSWORD, groupIds: [group.id] });
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'k1', password: PASSWORD } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const a = await ChatClient.connect(`${base}/ws/agent`, { cookie: `kefu_session=${login.cookies.find((c) => c.name === 'kefu_session')!.value}` });
    await a.type('welcome');
    const s = await ChatClient.connect(`${base}/ws/shopper?shop=shopk`);
    await s.type('welcome');
    try {
      s.send({ type: 'send', clientId: randomUUID(), kind: 'text', body: '你好' });
      await s.type('assigned');
      s.send({ type: 'send', clientId: 'refund-question', kind: 'text', body: '退钱一般几天到账啊' });
      const { seq } = await s.type('ack', (f) => f.clientId === 'refund-question');
      const help = await a.type('suggestions', (f) => f.seq === seq);
      expect(help.suggestions[0].answer).toMatch(/退款/);
      expect(help.intent.intent).toBe('return_refund');
      // A question about a product brings up its card; the agent sends it and the shopper sees it.
      s.send({ type: 'send', clientId: 'product-question', kind: 'text', body: '珊瑚绒家居服套装有几个颜色' });
      const productAck = await s.type('ack', (f) => f.clientId === 'product-question');
      const productHelp = await a.type('suggestions', (f) => f.seq === productAck.seq);
      const product = await t.ctx.db.selectFrom('products').select('id').where('sku', '=', 'NC-H006').executeTakeFirstOrThrow();
      expect(productHelp.products[0]).toMatchObject({ id: product.id, name: '珊瑚绒家居服套装' });
      a.send({ type: 'send', conversationId: productAck.conversationId, clientId: 'card-000001', kind: 'product', body: String(product.id) });
      const card = await s.type('message', (f) => f.kind === 'product');
      expect(card.data).toMatchObject({ productId: product.id, name: '珊瑚绒家居服套装', priceFen: 12_900 });
      a.send({ type: 'send', conversationId: productAck.conversationId, clientId: 'card-000002', kind: 'product', body: '999999' });
      expect((await a.type('error', (f) => f.clientId === 'card-000002')).code).toBe('invalid');

      s.send({ type: 'send', clientId: 'box-question', kind: 'text', body: '你们的包装盒可以回收利用吗' });
      const boxAck = await s.type('ack', (f) => f.clientId === 'box-question');
      await a.type('suggestions', (f) => f.seq === boxAck.seq);
      const unknown = json(await supervisor({ method: 'GET', url: '/api/knowledge/unknown' })).questions;
      const box = unknown.find((q: { question: string }) => q.question === '你们的包装盒可以回收利用吗');
      expect(box).toMatchObject({ asked: 1, status: 'open', conversationId: expect.any(Number), faqId: null, contactMasked: false });
      expect(Date.parse(box.lastAskedAt)).toBeGreaterThanOrEqual(Date.parse(box.firstAskedAt));

      const badFaq = await supervisor({ method: 'POST', url: `/api/knowledge/unknown/${box.id}`, payload: { status: 'resolved', faqId: 999_999 } });
      expect(json(badFaq).fields[0].field).toBe('body.faqId');
      expect((await supervisor({ method: 'POST', url: `/api/knowledge/unknown/${box.id}`, payload: { status: 'resolved' } })).statusCode).toBe(200);
      // Asked again after it was resolved: the answer did not reach the shopper, so it is open again.
      s.send({ type: 'send', clientId: 'box-question-again', kind: 'text', body: '你们的包装盒可以回收利用吗' });
      const again = await s.type('ack', (f) => f.clientId === 'box-question-again');
      await a.type('suggestions', (f) => f.seq === again.seq);
      const reopened = json(await supervisor({ method: 'GET', url: '/api/knowledge/unknown' })).questions.find(
        (q: { id: number }) => q.id === box.id,
      );
      expect(reopened).toMatchObject({ asked: 2, status: 'open' });
    } finally {
      await s.close();
      await a.close();
    }
  });
});

describe('unknown questions asked at once', () => {
  it('counts every ask when many come together (gathered into one statement)', async () => {
    const q1 = `包装盒能寄回去吗${randomUUID().slice(0, 6)}`;
    const q2 = `发票可以开专票吗${randomUUID().slice(0, 6)}`;
    await Promise.all([
      ...Array.from({ length: 5 }, () => recordUnknown(t.ctx.db, q1, null)),
      recordUnknown(t.ctx.db, q2, null),
      recordUnknown(t.ctx.db, q2, null),
    ]);
    await recordUnknown(t.ctx.db, q1, null);
    const rows = await t.ctx.db
      .selectFrom('unknown_questions')
      .select(['question', 'asked'])
      .where('question', 'in', [q1, q2])
      .orderBy('asked')
      .execute();
    expect(rows).toEqual([
      { question: q2, asked: 2 },
      { question: q1, asked: 6 },
    ]);
  });
});
