import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { up as revalueGoods } from '../src/db/migrations/0009_replacement_chain_goods.ts';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';

// Issue 9, item 4 follow-up: a replacement order (补换订单) is a ¥0 copy of the goods reissued. Its goods are still
// worth what the shopper paid on the original, and the approval totals are kept for the original and all its
// replacements together, so reissuing a replacement never starts again at ¥0.
let t: TestApp;
let agent: Client;
let supervisor: Client;
const GOODS_LIMIT = 10_000;
beforeAll(async () => {
  t = await createTestApp();
  agent = t.as('agent');
  supervisor = t.as('supervisor');
  const admin = t.as('admin');
  const current = json(await admin({ method: 'GET', url: '/api/settings' })).settings.afterSalePolicy;
  const put = await admin({
    method: 'PUT',
    url: '/api/settings/afterSalePolicy',
    payload: { version: current.version, value: { ...current.value, goodsApprovalLimitFen: GOODS_LIMIT } },
  });
  expect(put.statusCode, put.body).toBe(200);
});
afterAll(async () => {
  await t.close();
});

const DAY = 86_400_000;
let serial = 0;
async function deliveredOrder(unitPriceFen: number) {
  const received = new Date(Date.now() - 2 * DAY);
  const res = await agent({
    method: 'POST',
    url: '/api/orders',
    payload: {
      platform: 'tmall',
      orderNo: `RC${++serial}`,
      status: 'delivered',
      buyerNick: `rc_buyer_${serial}`,
      receiver: { name: '林小姐', phone: '13912345678', province: '浙江省', city: '杭州市', address: '文三路 100 号' },
      lines: [{ sku: 'PJ-001', title: '纯棉睡衣', quantity: 1, unitPriceFen }],
      createdAt: new Date(received.getTime() - 3 * DAY).toISOString(),
      paidAt: new Date(received.getTime() - 3 * DAY).toISOString(),
      shippedAt: new Date(received.getTime() - 2 * DAY).toISOString(),
      deliveredAt: received.toISOString(),
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).order.id as number;
}

const orderOf = async (orderId: number) => json(await agent({ method: 'GET', url: `/api/orders/${orderId}` })).order;

/** Opens a request on the whole order: a reissue with no lines copies them all, an exchange names every line. */
async function open(orderId: number, kind: 'reissue' | 'exchange') {
  const lines =
    kind === 'exchange' ? (await orderOf(orderId)).lines.map((l: { id: number; quantity: number }) => ({ lineId: l.id, quantity: l.quantity })) : [];
  const res = await agent({ method: 'POST', url: '/api/aftersales', payload: { orderId, kind, reason: 'other', lines } });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).afterSale;
}

/** The shop reports the order shipped, as its platform re-pushes it (a replacement must ship before it is itself reissued). */
async function ship(orderId: number) {
  const o = await orderOf(orderId);
  const res = await agent({
    method: 'POST',
    url: '/api/orders',
    payload: {
      platform: o.platform,
      orderNo: o.orderNo,
      status: 'shipped',
      buyerNick: o.buyerNick ?? undefined,
      receiver: { name: o.receiverName, phone: o.receiverPhone, province: o.province, city: o.city, address: o.address },
      lines: o.lines.map((l: { sku: string; title: string; quantity: number; unitPriceFen: number }) => ({
        sku: l.sku,
        title: l.title,
        quantity: l.quantity,
        unitPriceFen: l.unitPriceFen,
      })),
      remark: o.remark,
      trackingNo: `SF${orderId}`,
      createdAt: o.createdAt,
      paidAt: o.paidAt,
      shippedAt: new Date().toISOString(),
    },
  });
  expect(res.statusCode, res.body).toBe(200);
  expect(await orderOf(orderId)).toMatchObject({ kind: 'replacement', status: 'shipped', totalFen: 0, collectPayment: false });
}
const approve = (client: Client, a: { id: number; version: number }) =>
  client({ method: 'POST', url: `/api/aftersales/${a.id}/transition`, payload: { version: a.version, to: 'approved' } });

/** Reissues the whole of `orderId`, approved by `client`, and ships the replacement; answers the replacement order's id. */
async function reissued(orderId: number, client: Client = agent) {
  const res = await approve(client, await open(orderId, 'reissue'));
  expect(res.statusCode, res.body).toBe(200);
  const replacementId = json(res).afterSale.replacementOrderId as number;
  expect(replacementId).toEqual(expect.any(Number));
  await ship(replacementId);
  return replacementId;
}

describe('goods sent out for a replacement order', () => {
  it('are valued at the original price: reissuing the replacement of a ¥78 reissue weighs ¥156 and needs a supervisor', async () => {
    const root = await deliveredOrder(7_800);
    const replacement = await reissued(root);
    const again = await open(replacement, 'reissue');
    expect(again).toMatchObject({ goodsFen: 7_800, needsSupervisor: true, approval: { measure: 'goods', totalFen: 15_600, limitFen: GOODS_LIMIT } });
    const refused = await approve(agent, again);
    expect(refused.statusCode, refused.body).toBe(403);
    expect(json(refused).message).toMatch(/goods sent out unpaid comes to ¥156\.00, above the ¥100\.00 limit/);
    expect(await t.ctx.db.selectFrom('orders').select('id').where('original_order_id', '=', replacement).execute()).toEqual([]);
    expect((await approve(supervisor, again)).statusCode).toBe(200);
  });

  it('add up over several reissues of the same replacement', async () => {
    const root = await deliveredOrder(4_000);
    const replacement = await reissued(root);
    const first = await open(replacement, 'reissue');
    const second = await open(replacement, 'reissue');
    expect((await approve(agent, first)).statusCode).toBe(200);
    const refused = await approve(agent, await reload(second));
    expect(refused.statusCode, refused.body).toBe(403);
    expect(json(refused).message).toMatch(/comes to ¥120\.00, above the ¥100\.00 limit/);
  });

  it("count what a supervisor approved: an exchange or a reissue on a supervisor's ¥150 replacement needs a supervisor again", async () => {
    const root = await deliveredOrder(15_000);
    const replacement = await reissued(root, supervisor);
    const exchange = await open(replacement, 'exchange');
    expect(exchange).toMatchObject({ goodsFen: 15_000, needsSupervisor: true, approval: { totalFen: 30_000 } });
    expect((await approve(agent, exchange)).statusCode).toBe(403);
    expect((await approve(agent, await open(replacement, 'reissue'))).statusCode).toBe(403);
  });

  it('are weighed under one lock for the whole chain: two approvals at once on the original and its replacement never both pass', async () => {
    const root = await deliveredOrder(4_000);
    const replacement = await reissued(root);
    const onRoot = await open(root, 'reissue');
    const onReplacement = await open(replacement, 'reissue');
    const results = await Promise.all([approve(agent, onRoot), approve(t.as('agent'), onReplacement)]);
    expect(results.map((r) => r.statusCode).sort(), results.map((r) => r.body).join('\n')).toEqual([200, 403]);
  });
});

describe('requests stored before goods were valued by the chain', () => {
  it('are valued again by the migration, so they count in the totals after it', async () => {
    const root = await deliveredOrder(6_000);
    const replacement = await reissued(root);
    const old = await open(replacement, 'reissue');
    const onRoot = await open(root, 'exchange');
    // As kefu stored a reissue of a replacement before: at the replacement's ¥0 prices.
    await t.ctx.db.updateTable('after_sales').set({ goods_fen: 0 }).where('id', '=', old.id).execute();
    await revalueGoods(t.ctx.db);
    const goods = await t.ctx.db
      .selectFrom('after_sales')
      .select(['id', 'goods_fen'])
      .where('order_id', 'in', [root, replacement])
      .orderBy('id')
      .execute();
    expect(goods.map((g) => [g.id, Number(g.goods_fen)])).toEqual([
      [goods[0]!.id, 6_000],
      [old.id, 6_000],
      [onRoot.id, 6_000],
    ]);
  });
});

async function reload(a: { id: number }) {
  return json(await agent({ method: 'GET', url: `/api/aftersales/${a.id}` })).afterSale;
}
