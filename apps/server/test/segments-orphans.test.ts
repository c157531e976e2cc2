import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkOrphanOrders } from '../src/db/migrations/0030_segments.ts';
import { signWebhook } from '../src/orders/webhook.ts';
import { createTestApp, json, type TestApp } from './helpers.ts';

// Orders that arrive without a linked customer are linked or create one (issue 13), so segment figures are complete.
const SECRET = 'test-webhook-secret-0123456789';
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ ORDER_WEBHOOK_SECRET: SECRET });
});
afterAll(async () => {
  await t.close();
});

let serial = 0;
const order = (o: { platform?: string; buyerNick?: string; phone?: string; name?: string }) => ({
  platform: o.platform ?? 'taobao',
  orderNo: `ORPHAN${++serial}`,
  status: 'paid',
  ...(o.buyerNick && { buyerNick: o.buyerNick }),
  receiver: { name: o.name ?? '王女士', phone: o.phone ?? '', province: '浙江省', city: '杭州市', district: '西湖区', address: '文三路 100 号' },
  lines: [{ title: '纯棉睡衣', quantity: 1, unitPriceFen: 12_900 }],
  createdAt: '2026-11-23T02:00:00Z',
  paidAt: '2026-11-23T02:01:00Z',
});

function deliver(body: unknown) {
  const raw = JSON.stringify(body);
  const timestamp = Math.floor(Date.now() / 1000);
  return t.app.inject({
    method: 'POST',
    url: '/api/webhooks/orders',
    payload: raw,
    headers: { 'content-type': 'application/json', 'x-kefu-timestamp': String(timestamp), 'x-kefu-signature': signWebhook(SECRET, timestamp, raw) },
  });
}

const customerOf = async (orderNo: string) =>
  (await t.ctx.db.selectFrom('orders').select('customer_id').where('order_no', '=', orderNo).executeTakeFirstOrThrow()).customer_id;
const identities = (customerId: number) =>
  t.ctx.db.selectFrom('customer_identities').select(['kind', 'value']).where('customer_id', '=', customerId).orderBy('kind').execute();
const customerCount = async () =>
  Number(
    (
      await t.ctx.db
        .selectFrom('customers')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('orders without a customer', () => {
  it('create one customer per buyer at ingest, with the marketplace id and phone, and link later orders to it', async () => {
    const a = order({ buyerNick: '睡衣控小王', phone: '139-1234-5678', name: '王女士' });
    const b = order({ buyerNick: '睡衣控小王', phone: '13912345678' });
    const res = await deliver({ orders: [a, b] });
    expect(res.statusCode, res.body).toBe(200);
    const id = await customerOf(a.orderNo);
    expect(id).not.toBeNull();
    expect(await customerOf(b.orderNo)).toBe(id);
    expect(await identities(id!)).toEqual([
      { kind: 'phone', value: '13912345678' },
      { kind: 'taobao', value: '睡衣控小王' },
    ]);
    const file = await t.ctx.db.selectFrom('customers').select(['name', 'segment']).where('id', '=', id!).executeTakeFirstOrThrow();
    expect(file).toEqual({ name: '王女士', segment: 'new' });
    // Another platform's buyer with the same phone is the same person.
    const jd = order({ platform: 'jd', buyerNick: 'jd_wang', phone: '+86 139 1234 5678' });
    expect((await deliver({ orders: [jd] })).statusCode).toBe(200);
    expect(await customerOf(jd.orderNo)).toBe(id);
    // The file is found by search like any other.
    const found = json(await t.as('agent')({ method: 'GET', url: '/api/customers?q=13912345678' }));
    expect(found.customers.map((c: { id: number }) => c.id)).toContain(id);
  });

  it('leaves an order without any buyer id or usable phone unlinked, and creates nothing', async () => {
    const before = await customerCount();
    const o = order({ platform: 'shop', phone: '12' });
    expect((await deliver({ orders: [o] })).statusCode).toBe(200);
    expect(await customerOf(o.orderNo)).toBeNull();
    expect(await customerCount()).toBe(before);
  });

  it('links or creates customers once for orders stored before (the migration)', async () => {
    const known = await t.ctx.db.insertInto('customers').values({ name: '老客户' }).returning('id').executeTakeFirstOrThrow();
    await t.ctx.db.insertInto('customer_identities').values({ customer_id: known.id, kind: 'pdd', value: 'pdd_old' }).execute();
    await t.ctx.db
      .insertInto('orders')
      .values([
        { platform: 'pdd', order_no: 'OLD1', status: 'completed', total_fen: 100, buyer_nick: 'pdd_old' },
        {
          platform: 'tmall',
          order_no: 'OLD2',
          status: 'completed',
          total_fen: 100,
          buyer_nick: 'tmall_new',
          receiver_name: '赵先生',
          receiver_phone: '13800001111',
        },
        { platform: 'shop', order_no: 'OLD3', status: 'completed', total_fen: 100, receiver_phone: '138 0000 1111' },
      ])
      .execute();
    await linkOrphanOrders(t.ctx.db);
    expect(await customerOf('OLD1')).toBe(known.id);
    const created = await customerOf('OLD2');
    expect(created).not.toBeNull();
    expect(await customerOf('OLD3')).toBe(created);
    expect(await identities(created!)).toEqual([
      { kind: 'phone', value: '13800001111' },
      { kind: 'taobao', value: 'tmall_new' },
    ]);
  });
});
