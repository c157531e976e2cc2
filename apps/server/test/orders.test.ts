import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../src/orders/webhook.ts';
import { sweepClocks } from '../src/sla/sweep.ts';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';

const SECRET = 'test-webhook-secret-0123456789';
let t: TestApp;
let agent: Client;
let supervisor: Client;
beforeAll(async () => {
  t = await createTestApp({ ORDER_WEBHOOK_SECRET: SECRET, IMPORT_MAX_MB: '5' });
  agent = t.as('agent');
  supervisor = t.as('supervisor');
  await t.ctx.db
    .insertInto('products')
    .values([
      { sku: 'PJ-001', name: '纯棉长袖睡衣套装', category: '睡衣', price_fen: 12_900, warranty_days: 0 },
      { sku: 'PJ-002', name: '莫代尔短袖睡衣', category: '睡衣', price_fen: 9_900, warranty_days: 0 },
      { sku: 'QB-001', name: '羽绒被', category: '床品', price_fen: 59_900, warranty_days: 365, restricted_provinces: ['西藏'] },
    ])
    .execute();
});
afterAll(async () => {
  await t.close();
});

let serial = 0;
function order(overrides: Record<string, unknown> = {}) {
  serial++;
  return {
    platform: 'taobao',
    orderNo: `T2026112300${String(serial).padStart(4, '0')}`,
    status: 'paid',
    buyerNick: `buyer${serial}`,
    receiver: { name: '林小姐', phone: '13912345678', province: '浙江省', city: '杭州市', district: '西湖区', address: '文三路 100 号 3 幢 201' },
    lines: [{ sku: 'PJ-001', title: '纯棉长袖睡衣套装 粉色 M', quantity: 1, unitPriceFen: 12_900 }],
    createdAt: '2026-11-23T02:00:00Z',
    paidAt: '2026-11-23T02:01:00Z',
    ...overrides,
  };
}

function deliver(body: unknown, options: { timestamp?: number; signature?: string; raw?: string } = {}) {
  const raw = options.raw ?? JSON.stringify(body);
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return t.app.inject({
    method: 'POST',
    url: '/api/webhooks/orders',
    payload: raw,
    headers: {
      'content-type': 'application/json',
      'x-kefu-timestamp': String(timestamp),
      'x-kefu-signature': options.signature ?? signWebhook(SECRET, timestamp, raw),
    },
  });
}

async function count(table: 'orders' | 'order_lines' | 'order_flags' | 'collab_tasks' | 'tickets') {
  return Number(
    (
      await t.ctx.db
        .selectFrom(table)
        .select(sql<string>`count(*)`.as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

async function orderByNo(orderNo: string) {
  const row = await t.ctx.db.selectFrom('orders').select('id').where('order_no', '=', orderNo).executeTakeFirstOrThrow();
  return json(await agent({ method: 'GET', url: `/api/orders/${row.id}` })).order;
}

describe('order webhook', () => {
  it('upserts signed orders by platform and number, replacing lines', async () => {
    const o = order();
    const first = await deliver({ orders: [o] });
    expect(first.statusCode, first.body).toBe(200);
    expect(json(first)).toMatchObject({ inserted: 1, updated: 0 });
    const changed = {
      ...o,
      status: 'shipped',
      shippedAt: '2026-11-23T08:00:00Z',
      trackingNo: 'SF1234567890',
      courier: '顺丰',
      lines: [{ sku: 'PJ-002', title: '莫代尔短袖睡衣', quantity: 2, unitPriceFen: 9_900 }],
      logistics: [{ at: '2026-11-23T09:00:00Z', description: '已揽收', location: '杭州' }],
    };
    const second = await deliver({ order: changed });
    expect(json(second)).toMatchObject({ inserted: 0, updated: 1 });
    const stored = await orderByNo(o.orderNo);
    expect(stored).toMatchObject({ status: 'shipped', trackingNo: 'SF1234567890', totalFen: 19_800, version: 2 });
    expect(stored.lines).toHaveLength(1);
    expect(stored.lines[0]).toMatchObject({ sku: 'PJ-002', quantity: 2, productId: expect.any(Number) });
    expect(stored.logistics[0].description).toBe('已揽收');
  });

  it('links the order to the customer with that marketplace id', async () => {
    const customer = json(
      await agent({ method: 'POST', url: '/api/customers', payload: { name: '王先生', identities: [{ kind: 'taobao', value: 'wang_tb' }] } }),
    ).customer;
    const o = order({ buyerNick: 'wang_tb' });
    await deliver({ order: o });
    expect((await orderByNo(o.orderNo)).customerId).toBe(customer.id);
  });

  it('refuses a bad signature, a stale or replayed delivery and writes nothing', async () => {
    const before = await count('orders');
    const o = order();
    expect((await deliver({ order: o }, { signature: 'sha256=' + '0'.repeat(64) })).statusCode).toBe(401);
    const tampered = JSON.stringify({ order: o });
    const ts = Math.floor(Date.now() / 1000);
    const signedOther = signWebhook(SECRET, ts, JSON.stringify({ order: { ...o, lines: [] } }));
    expect((await deliver(null, { raw: tampered, timestamp: ts, signature: signedOther })).statusCode).toBe(401);
    const old = Math.floor(Date.now() / 1000) - 600;
    const stale = await deliver({ order: o }, { timestamp: old });
    expect(stale.statusCode).toBe(401);
    expect(json(stale).error).toBe('stale');
    expect(await count('orders')).toBe(before);

    const raw = JSON.stringify({ order: o });
    const now = Math.floor(Date.now() / 1000);
    expect((await deliver(null, { raw, timestamp: now })).statusCode).toBe(200);
    const replay = await deliver(null, { raw, timestamp: now });
    expect(replay.statusCode).toBe(409);
    expect(json(replay).error).toBe('replayed');
  });

  it('refuses malformed bodies naming the field, and a batch with one bad order writes none', async () => {
    const before = await count('orders');
    expect((await deliver(null, { raw: '{"orders": [' })).statusCode).toBe(400);
    const bad = await deliver({ orders: [order(), order({ lines: [{ title: '睡衣', quantity: 1, unitPriceFen: -100 }] })] });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).fields[0].field).toBe('body.orders.1.lines.0.unitPriceFen');
    const wrongTotal = await deliver({ order: order({ totalFen: 1 }) });
    expect(json(wrongTotal).fields[0]).toMatchObject({ field: 'body.order.totalFen', reason: expect.stringContaining('12900') });
    const overDiscount = await deliver({ order: order({ discountFen: 20_000 }) });
    expect(json(overDiscount).fields[0].field).toBe('body.order.discountFen');
    expect(await count('orders')).toBe(before);
  });

  it('is off without a secret', async () => {
    const off = await createTestApp();
    try {
      const res = await off.app.inject({
        method: 'POST',
        url: '/api/webhooks/orders',
        payload: '{}',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.statusCode).toBe(404);
    } finally {
      await off.close();
    }
  });
});

describe('order checks', () => {
  it('raises the checks that follow from the order, each with its figures', async () => {
    const o = order({
      receiver: { name: '卓玛', phone: '0891-6812345', province: '西藏自治区', city: '拉萨市', address: '城关区北京中路 8 号' },
      lines: [{ sku: 'QB-001', title: '羽绒被', quantity: 1, unitPriceFen: 59_900 }],
      remark: '周末送货',
      invoice: { title: '拉萨某某公司', amountFen: 59_900 },
    });
    await deliver({ order: o });
    const flags = (await orderByNo(o.orderNo)).flags;
    const kinds = flags.map((f: { kind: string }) => f.kind).sort();
    expect(kinds).toEqual(['invoice_check', 'remark', 'remote_no_mobile', 'restricted_region']);
    expect(flags.find((f: { kind: string }) => f.kind === 'restricted_region').detail).toEqual({ product: '羽绒被', province: '西藏' });
  });

  it('flags duplicate orders by the same buyer, both of them', async () => {
    const a = order({ buyerNick: 'dup_buyer' });
    const b = order({ buyerNick: 'dup_buyer', createdAt: '2026-11-23T05:00:00Z', paidAt: '2026-11-23T05:01:00Z' });
    await deliver({ orders: [a, b] });
    expect((await orderByNo(a.orderNo)).flags.map((f: { kind: string }) => f.kind)).toContain('duplicate');
    expect((await orderByNo(b.orderNo)).flags.find((f: { kind: string }) => f.kind === 'duplicate').detail).toEqual({ orderNo: a.orderNo });
  });

  it('flags an unconfirmed order 30 minutes after it was placed and an unshipped one 48 hours after its payment, not before', async () => {
    // Placed and paid ten minutes ago, reported now: the promises count from the shopper's moments, not the report.
    const placed = new Date(Date.now() - 10 * 60_000);
    const o = order({ createdAt: placed.toISOString(), paidAt: placed.toISOString() });
    await deliver({ order: o });
    const kinds = async () => (await orderByNo(o.orderNo)).flags.map((f: { kind: string }) => f.kind);
    const sweep = async (at: number) => {
      await sweepClocks(t.ctx.db, null, new Date(at));
      await t.app.events.deliverNow();
    };
    const clocks = (await orderByNo(o.orderNo)).clocks;
    expect(clocks.map((c: { metric: string; state: string }) => [c.metric, c.state])).toEqual([
      ['order_confirm', 'running'],
      ['order_ship', 'running'],
    ]);
    const start = Date.parse(clocks[0].startedAt);
    expect(start).toBe(placed.getTime());
    expect(Date.parse(clocks[1].startedAt)).toBe(placed.getTime());
    expect(Date.parse(clocks[0].dueAt) - start).toBe(30 * 60_000);
    expect(Date.parse(clocks[1].dueAt) - start).toBe(48 * 3600_000);
    await sweep(start + 29 * 60_000);
    expect(await kinds()).not.toContain('unconfirmed');
    await sweep(start + 31 * 60_000);
    expect(await kinds()).toContain('unconfirmed');
    await sweep(start + 47 * 3600_000);
    expect(await kinds()).not.toContain('unshipped');
    await sweep(start + 49 * 3600_000);
    expect(await kinds()).toContain('unshipped');
    const stored = await orderByNo(o.orderNo);
    expect(stored.flags.find((f: { kind: string }) => f.kind === 'unshipped').detail).toEqual({ dueAt: clocks[1].dueAt });
    expect(stored.clocks.map((c: { metric: string; state: string; breachedAt: string | null }) => [c.metric, c.state, !!c.breachedAt])).toEqual([
      ['order_confirm', 'running', true],
      ['order_ship', 'running', true],
    ]);
  });

  it('flags at once an order reported after its 30 minutes had passed', async () => {
    await t.app.events.deliverNow(); // the listeners are in place before the breach
    const placed = new Date(Date.now() - 2 * 3600_000);
    const o = order({ createdAt: placed.toISOString(), paidAt: placed.toISOString() });
    await deliver({ order: o });
    const [confirm] = (await orderByNo(o.orderNo)).clocks;
    expect(Date.parse(confirm.dueAt)).toBe(placed.getTime() + 30 * 60_000);
    await sweepClocks(t.ctx.db, null);
    await t.app.events.deliverNow();
    expect((await orderByNo(o.orderNo)).flags.map((f: { kind: string }) => f.kind)).toContain('unconfirmed');
  });

  it('confirming resolves the 30-minute check; a shipped order is never flagged as unshipped', async () => {
    const placed = new Date(Date.now() - 60_000);
    const o = order({ createdAt: placed.toISOString(), paidAt: placed.toISOString() });
    await deliver({ order: o });
    let stored = await orderByNo(o.orderNo);
    expect((await agent({ method: 'POST', url: `/api/orders/${stored.id}/confirm`, payload: { version: stored.version } })).statusCode).toBe(200);
    await deliver({ order: { ...o, status: 'shipped', shippedAt: new Date().toISOString() } });
    await sweepClocks(t.ctx.db, null, new Date(placed.getTime() + 72 * 3600_000));
    await t.app.events.deliverNow();
    stored = await orderByNo(o.orderNo);
    expect(stored.confirmedAt).not.toBeNull();
    expect(stored.flags.map((f: { kind: string }) => f.kind)).toEqual([]);
    expect(stored.clocks.map((c: { metric: string; state: string; breachedAt: string | null }) => [c.metric, c.state, c.breachedAt])).toEqual([
      ['order_confirm', 'met', null],
      ['order_ship', 'met', null],
    ]);
  });

  it('lets an agent resolve a check with what they did', async () => {
    const o = order({ receiver: { name: '张三', phone: '12345', province: '浙江省', city: '杭州市', address: '文三路 100 号' } });
    await deliver({ order: o });
    const stored = await orderByNo(o.orderNo);
    const flag = stored.flags.find((f: { kind: string }) => f.kind === 'phone_implausible');
    expect(
      (
        await agent({
          method: 'POST',
          url: `/api/orders/${stored.id}/flags/${flag.id}/resolve`,
          payload: { resolution: '已电话确认手机号 13812345678' },
        })
      ).statusCode,
    ).toBe(200);
    const after = await orderByNo(o.orderNo);
    expect(after.flags.find((f: { kind: string }) => f.kind === 'phone_implausible')).toMatchObject({
      resolution: '已电话确认手机号 13812345678',
      resolvedByName: 'agent用户',
    });
    expect(json(await agent({ method: 'GET', url: `/api/orders?flagged=true&q=${o.orderNo}` })).orders).toHaveLength(0);
  });
});

const TAOBAO_HEADER =
  '订单编号,买家会员名,订单状态,订单创建时间,订单付款时间,宝贝标题,商家编码,宝贝数量,价格,买家应付邮费,买家实际支付金额,收货人姓名,收货地址,联系手机,买家留言,物流单号';
function taobaoRow(no: string, extra: Partial<Record<'status' | 'price' | 'qty' | 'created' | 'paid' | 'total', string>> = {}) {
  return [
    no,
    `nick_${no}`,
    extra.status ?? '买家已付款，等待卖家发货',
    extra.created ?? '2026-11-20 10:23:45',
    extra.paid ?? '2026-11-20 10:24:01',
    '纯棉长袖睡衣套装',
    'PJ-001',
    extra.qty ?? '1',
    extra.price ?? '129.00',
    '0.00',
    extra.total ?? '119.00',
    '李女士',
    '江苏省 南京市 鼓楼区 中山路 1 号',
    '13800001111',
    '',
    '',
  ].join(',');
}

async function upload(csv: Buffer | string, query: string, filename = 'export.csv') {
  const boundary = '----kefu' + Math.random().toString(16).slice(2);
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return supervisor({
    method: 'POST',
    url: `/api/orders/import?${query}`,
    payload: Buffer.concat([head, Buffer.isBuffer(csv) ? csv : Buffer.from(csv), tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

describe('order import', () => {
  it('dry-runs then imports a GBK Taobao export, grouping lines and deriving the discount', async () => {
    const csv = [
      TAOBAO_HEADER,
      taobaoRow('IMP0001'),
      taobaoRow('IMP0002', { status: '交易成功', total: '248.00', qty: '2' }),
      taobaoRow('IMP0002', { total: '248.00' }).replace('PJ-001', 'PJ-002').replace('129.00', '9.90'),
    ].join('\r\n');
    const gbk = iconv.encode(csv, 'gbk');
    const before = await count('orders');
    const dry = await upload(gbk, 'platform=taobao&dryRun=true');
    expect(dry.statusCode, dry.body).toBe(200);
    expect(json(dry), dry.body).toMatchObject({ dryRun: true, rows: 3, orders: 2, errorCount: 0, inserted: 0 });
    expect(await count('orders')).toBe(before);

    const real = json(await upload(gbk, 'platform=taobao&dryRun=false'));
    expect(real).toMatchObject({ dryRun: false, inserted: 2, errorCount: 0 });
    const one = await orderByNo('IMP0001');
    expect(one).toMatchObject({
      status: 'paid',
      goodsFen: 12_900,
      discountFen: 1_000,
      totalFen: 11_900,
      province: '江苏省',
      city: '南京市',
      address: '中山路 1 号',
      buyerNick: 'nick_IMP0001',
      source: 'import',
    });
    expect(new Date(one.createdAt).toISOString()).toBe('2026-11-20T02:23:45.000Z');
    const two = await orderByNo('IMP0002');
    expect(two.lines.map((l: { title: string; quantity: number }) => l.quantity)).toEqual([2, 1]);
    expect(two.status).toBe('completed');
  });

  it('reports every bad row with its line number and writes nothing', async () => {
    const csv = [
      TAOBAO_HEADER,
      taobaoRow('BAD0001'),
      taobaoRow('BAD0002', { price: '12元九角' }),
      taobaoRow('BAD0003', { status: '神秘状态' }),
      taobaoRow('BAD0004', { created: '2026-02-30 10:00:00' }),
      taobaoRow('BAD0005', { qty: '0' }),
      taobaoRow('BAD0006', { paid: '2026-11-19 10:00:00' }),
      taobaoRow('BAD0001'),
    ].join('\n');
    const before = await count('orders');
    const report = json(await upload(csv, 'platform=taobao&dryRun=false'));
    expect(report.inserted).toBe(0);
    expect(report.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([
      [3, 'unitPrice'],
      [4, 'status'],
      [5, 'createdAt'],
      [6, 'quantity'],
      [7, 'paidAt'],
      [8, 'orderNo'],
    ]);
    expect(report.errorCount).toBe(6);
    expect(await count('orders')).toBe(before);
  });

  it('says which columns are missing and accepts a mapping for unknown headers', async () => {
    const missing = await upload('单号,状态\nX1,已付款', 'platform=jd&dryRun=true');
    expect(missing.statusCode).toBe(400);
    expect(json(missing).message).toMatch(/orderNo.*createdAt/);
    const mapped = await upload(
      '单号,订单状态,下单时间,商品名称,数量,单价\nJD001,等待出库,2026-11-21 08:00,睡衣,1,99',
      `platform=jd&dryRun=true&mapping=${encodeURIComponent(JSON.stringify({ orderNo: '单号' }))}`,
    );
    expect(json(mapped).errors).toEqual([{ line: 2, field: 'paidAt', message: '「订单付款时间」已付款的订单必须填写' }]);
    const badMapping = await upload('a\n1', `platform=jd&mapping=${encodeURIComponent('{"nope":"x"}')}`);
    expect(json(badMapping).fields[0].field).toBe('querystring.mapping');
  });

  it('imports an Excel export', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('订单');
    ws.addRow([
      '订单号',
      '订单状态',
      '下单时间',
      '付款时间',
      '商品名称',
      '商家SKUID',
      '订购数量',
      '京东价',
      '客户姓名',
      '联系电话',
      '省',
      '市',
      '区',
      '详细地址',
    ]);
    ws.addRow([
      'JDX0001',
      '等待出库',
      new Date(Date.UTC(2026, 10, 21, 9, 30)),
      '2026-11-21 09:31:00',
      '羽绒被',
      'QB-001',
      1,
      599,
      '赵先生',
      '13700002222',
      '北京',
      '北京市',
      '朝阳区',
      '建国路 88 号',
    ]);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    const report = json(await upload(buffer, 'platform=jd&dryRun=false', 'jd.xlsx'));
    expect(report, JSON.stringify(report)).toMatchObject({ inserted: 1, errorCount: 0 });
    const o = await orderByNo('JDX0001');
    expect(o).toMatchObject({ totalFen: 59_900, province: '北京', receiverPhone: '13700002222' });
    expect(new Date(o.createdAt).toISOString()).toBe('2026-11-21T01:30:00.000Z');
  });

  it('imports a large export in one go and refuses a file above the limit', async () => {
    const rows = [TAOBAO_HEADER];
    for (let i = 0; i < 20_000; i++) rows.push(taobaoRow(`BIG${String(i).padStart(6, '0')}`));
    const report = json(await upload(rows.join('\n'), 'platform=taobao&dryRun=false'));
    expect(report).toMatchObject({ rows: 20_000, orders: 20_000, inserted: 20_000, errorCount: 0 });
    const tooBig = await upload(Buffer.alloc(6 * 1024 * 1024, 'a'), 'platform=taobao&dryRun=false');
    expect(tooBig.statusCode).toBe(413);
  }, 120_000);

  it('refuses other file types and agents', async () => {
    expect((await upload('x', 'platform=taobao', 'orders.pdf')).statusCode).toBe(400);
    const res = await agent({ method: 'POST', url: '/api/orders/import?platform=taobao', payload: '' });
    expect(res.statusCode).toBe(403);
  });
});

describe('order changes', () => {
  async function paidOrder(overrides: Record<string, unknown> = {}) {
    const res = await agent({ method: 'POST', url: '/api/orders', payload: order(overrides) });
    expect(res.statusCode, res.body).toBe(201);
    return json(res).order;
  }

  it('cancels a paid order only with a reason, sending finance a refund task', async () => {
    const o = await paidOrder();
    const noReason = await agent({ method: 'POST', url: `/api/orders/${o.id}/cancel`, payload: { version: o.version } });
    expect(json(noReason).fields[0].field).toBe('body.reason');
    const res = await agent({ method: 'POST', url: `/api/orders/${o.id}/cancel`, payload: { version: o.version, reason: '顾客拍错了颜色' } });
    expect(res.statusCode, res.body).toBe(200);
    const after = await orderByNo(o.orderNo);
    expect(after).toMatchObject({ status: 'cancelled', cancelReason: '顾客拍错了颜色' });
    expect(after.tasks[0]).toMatchObject({ department: 'finance', state: 'open', title: expect.stringContaining('129.00') });
    const finance = json(await t.as('finance')({ method: 'GET', url: '/api/tasks' })).tasks;
    expect(finance.map((x: { id: number }) => x.id)).toContain(after.tasks[0].id);
  });

  it('refuses changes once the order has left the warehouse, and stale versions', async () => {
    const shipped = await paidOrder({ status: 'shipped', shippedAt: '2026-11-23T06:00:00Z' });
    const cancel = await agent({ method: 'POST', url: `/api/orders/${shipped.id}/cancel`, payload: { version: shipped.version, reason: '不要了' } });
    expect(cancel.statusCode).toBe(409);
    expect(json(cancel).error).toBe('order_shipped');
    const add = await agent({
      method: 'POST',
      url: `/api/orders/${shipped.id}/lines`,
      payload: { action: 'add', version: shipped.version, productId: 1, quantity: 1 },
    });
    expect(json(add).error).toBe('order_shipped');
    const o = await paidOrder();
    const stale = await agent({ method: 'POST', url: `/api/orders/${o.id}/cancel`, payload: { version: o.version + 5, reason: '测试' } });
    expect(stale.statusCode).toBe(409);
    expect(json(stale)).toMatchObject({ error: 'stale_version', currentVersion: o.version });
  });

  it('adds an item to a paid order only after the extra payment, and swaps lines', async () => {
    const o = await paidOrder();
    const product = await t.ctx.db.selectFrom('products').select('id').where('sku', '=', 'PJ-002').executeTakeFirstOrThrow();
    let v = json(
      await agent({
        method: 'POST',
        url: `/api/orders/${o.id}/lines`,
        payload: { action: 'add', version: o.version, productId: product.id, quantity: 1 },
      }),
    ).version;
    let stored = await orderByNo(o.orderNo);
    const added = stored.lines.find((l: { sku: string }) => l.sku === 'PJ-002');
    expect(added.status).toBe('awaiting_payment');
    expect(stored.totalFen).toBe(12_900);
    v = json(await agent({ method: 'POST', url: `/api/orders/${o.id}/lines`, payload: { action: 'paid', version: v, lineId: added.id } })).version;
    stored = await orderByNo(o.orderNo);
    expect(stored.totalFen).toBe(22_800);
    const first = stored.lines[0];
    await agent({
      method: 'POST',
      url: `/api/orders/${o.id}/lines`,
      payload: { action: 'swap', version: v, lineId: first.id, productId: product.id, reason: '缺粉色' },
    });
    stored = await orderByNo(o.orderNo);
    expect(stored.lines.map((l: { status: string }) => l.status)).toEqual(['swapped', 'active', 'active']);
    expect(stored.tasks.at(-1)).toMatchObject({ department: 'finance', title: expect.stringContaining('30.00') });
  });
});

describe('problem orders and substitutions', () => {
  it('opens a problem order in progress, its first response due in 30 minutes, raised one step when late', async () => {
    const o = json(await agent({ method: 'POST', url: '/api/orders', payload: order() })).order;
    const res = await agent({
      method: 'POST',
      url: `/api/orders/${o.id}/problem`,
      payload: { kind: 'wrong_item', description: '收到的是蓝色，下单的是粉色' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const ticket = json(res).ticket;
    expect(ticket).toMatchObject({ type: 'problem_order', status: 'open', orderId: o.id, tags: ['错发漏发'], priority: 'high' });
    const first = ticket.clocks.find((c: { metric: string }) => c.metric === 'first_response');
    expect(first).toMatchObject({ state: 'running', dueAt: ticket.answerDueAt });
    const due = new Date(ticket.answerDueAt).getTime() - new Date(ticket.createdAt).getTime();
    expect(Math.round(due / 60_000)).toBe(30);
    await sweepClocks(t.ctx.db, null, new Date(Date.now() + 29 * 60_000));
    expect(json(await agent({ method: 'GET', url: `/api/tickets/${ticket.id}` })).ticket.priority).toBe('high');
    await agent({ method: 'POST', url: `/api/tickets/${ticket.id}/messages`, payload: { kind: 'reply', body: '非常抱歉，马上为您补发粉色。' } });
    const answered = json(await agent({ method: 'GET', url: `/api/tickets/${ticket.id}` })).ticket;
    expect(answered.answeredAt).not.toBeNull();
    expect(answered.clocks.find((c: { metric: string }) => c.metric === 'first_response')).toMatchObject({ state: 'met', breachedAt: null });

    const other = json(
      await agent({ method: 'POST', url: `/api/orders/${o.id}/problem`, payload: { kind: 'courier', description: '快递三天没动' } }),
    ).ticket;
    expect(other.priority).toBe('normal');
    await sweepClocks(t.ctx.db, null, new Date(Date.now() + 31 * 60_000));
    await sweepClocks(t.ctx.db, null, new Date(Date.now() + 32 * 60_000));
    expect(json(await agent({ method: 'GET', url: `/api/tickets/${other.id}` })).ticket.priority).toBe('high');
    expect(json(await agent({ method: 'GET', url: `/api/tickets/${ticket.id}` })).ticket.priority).toBe('high');
    const events = json(await agent({ method: 'GET', url: `/api/tickets/${other.id}/timeline` })).events;
    expect(events.filter((e: { kind: string }) => e.kind === 'sla_breached')).toMatchObject([{ data: { metric: 'first_response' } }]);
  });

  it('runs an out-of-stock substitution from product manager to shopper to purchasing', async () => {
    const o = json(await agent({ method: 'POST', url: '/api/orders', payload: order() })).order;
    const similar = await t.ctx.db.selectFrom('products').select('id').where('sku', '=', 'PJ-002').executeTakeFirstOrThrow();
    const payload = { orderLineId: o.lines[0].id, productId: similar.id, note: '粉色 M 缺货，同款莫代尔可替换' };
    expect((await agent({ method: 'POST', url: `/api/orders/${o.id}/substitutions`, payload })).statusCode).toBe(403);
    const proposed = await t.as('product')({ method: 'POST', url: `/api/orders/${o.id}/substitutions`, payload });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const sub = json(proposed).substitution;
    expect(new Date(sub.answerDueAt).getTime() - new Date(sub.proposedAt).getTime()).toBe(5 * 60_000);
    const noFollowUp = await agent({
      method: 'POST',
      url: `/api/substitutions/${sub.id}/answer`,
      payload: { version: sub.version, outcome: 'unreachable' },
    });
    expect(json(noFollowUp).fields[0].field).toBe('body.followUpAt');
    const ok = await agent({
      method: 'POST',
      url: `/api/substitutions/${sub.id}/answer`,
      payload: { version: sub.version, outcome: 'accepted', note: '顾客同意' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const after = await orderByNo(o.orderNo);
    expect(after.lines.map((l: { status: string; sku: string }) => `${l.sku}:${l.status}`)).toEqual(['PJ-001:swapped', 'PJ-002:active']);
    expect(after.substitutions[0]).toMatchObject({ outcome: 'accepted' });
    const purchasing = json(await t.as('product')({ method: 'GET', url: '/api/tasks' })).tasks;
    expect(purchasing.find((x: { orderId: number }) => x.orderId === o.id)).toMatchObject({
      department: 'purchasing',
      description: expect.stringContaining('顾客同意换成'),
    });
  });
});
