import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepClocks } from '../src/sla/sweep.ts';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';

// The after-sale list's filters and paging (GET /api/aftersales, the 售后单 page).
let t: TestApp;
let agent: Client;
let supervisor: Client;
const ids: Record<string, number> = {};
beforeAll(async () => {
  t = await createTestApp();
  agent = t.as('agent');
  supervisor = t.as('supervisor');
  await t.ctx.db
    .insertInto('products')
    .values({ sku: 'PJ-001', name: '纯棉长袖睡衣套装', category: '睡衣', price_fen: 12_900, warranty_days: 0 })
    .execute();
  const customer = json(await agent({ method: 'POST', url: '/api/customers', payload: { name: '林晓雨', phone: '13912345678' } })).customer;
  const specs = [
    ['LIST-1001', 'return', 'size', 12_900, customer.id],
    ['LIST-1002', 'refund', 'late', 3_000, null],
    ['LIST-2003', 'compensation', 'damaged', 1_000, null],
  ] as const;
  for (const [orderNo, kind, reason, amountFen, customerId] of specs) {
    const at = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const order = await agent({
      method: 'POST',
      url: '/api/orders',
      payload: {
        platform: 'tmall',
        orderNo,
        status: 'delivered',
        buyerNick: `buyer_${orderNo}`,
        ...(customerId && { customerId }),
        receiver: { name: '林小姐', phone: '13912345678', province: '浙江省', city: '杭州市', address: '文三路 100 号' },
        lines: [{ sku: 'PJ-001', title: '睡衣', quantity: 1, unitPriceFen: 12_900 }],
        createdAt: at,
        paidAt: at,
        shippedAt: at,
        deliveredAt: at,
      },
    });
    expect(order.statusCode, order.body).toBe(201);
    const res = await agent({
      method: 'POST',
      url: '/api/aftersales',
      payload: {
        orderId: json(order).order.id,
        kind,
        reason,
        lines: [{ lineId: json(order).order.lines[0].id, quantity: 1 }],
        amountFen,
        goodsIntact: true,
        ...(kind === 'compensation' && { compensationKind: 'coupon' }),
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    ids[orderNo] = json(res).afterSale.id;
  }
  // The refund's ticket goes to the supervisor, the compensation's to no one; the return stays with the agent who opened it.
  for (const [orderNo, assigneeId] of [
    ['LIST-1002', t.users.supervisor!.id],
    ['LIST-2003', null],
  ] as const) {
    const request = json(await agent({ method: 'GET', url: `/api/aftersales/${ids[orderNo]}` })).afterSale;
    const ticket = json(await agent({ method: 'GET', url: `/api/tickets/${request.ticketId}` })).ticket;
    const assigned = await agent({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, payload: { version: ticket.version, assigneeId } });
    expect(assigned.statusCode, assigned.body).toBe(200);
  }
});
afterAll(async () => {
  await t.close();
});

const list = async (query: string) => {
  const res = await supervisor({ method: 'GET', url: `/api/aftersales?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return json(res) as { afterSales: { id: number; orderNo: string; assigneeName: string | null; goodsFen: number }[]; total?: number };
};
const found = async (query: string) => (await list(query)).afterSales.map((a) => a.orderNo).sort();

describe('the after-sale list', () => {
  it('filters by kind, state, agent, order number, customer and creation day', async () => {
    expect(await found('kind=return,refund')).toEqual(['LIST-1001', 'LIST-1002']);
    expect(await found('state=requested&kind=compensation')).toEqual(['LIST-2003']);
    expect(await found(`assigneeId=${t.users.supervisor!.id}`)).toEqual(['LIST-1002']);
    expect((await list(`assigneeId=${t.users.supervisor!.id}`)).afterSales[0]!.assigneeName).toBe('supervisor用户');
    expect(await found(`assigneeId=${t.users.agent!.id}`)).toEqual(['LIST-1001']);
    expect(await found('assigneeId=none')).toEqual(['LIST-2003']);
    expect(await found('q=LIST-100')).toEqual(['LIST-1001', 'LIST-1002']);
    expect(await found('q=2003')).toEqual(['LIST-2003']);
    expect(await found(`q=${encodeURIComponent('晓雨')}`)).toEqual(['LIST-1001']);
    expect(await found(`q=${encodeURIComponent('%')}`)).toEqual([]);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(await found(`from=${today}&to=${today}`)).toEqual(['LIST-1001', 'LIST-1002', 'LIST-2003']);
    expect(await found('to=2020-01-01')).toEqual([]);
  });

  it('pages with a total, and lists the overdue ones', async () => {
    const first = await list('pageSize=2&page=1');
    const second = await list('pageSize=2&page=2');
    expect(first.total).toBe(3);
    expect(first.afterSales).toHaveLength(2);
    expect(second.afterSales).toHaveLength(1);
    expect(new Set([...first.afterSales, ...second.afterSales].map((a) => a.id)).size).toBe(3);
    expect((await list('kind=return')).total).toBeUndefined();

    expect(await found('overdue=true')).toEqual([]);
    await sweepClocks(t.ctx.db, null, new Date(Date.now() + 3 * 86_400_000));
    expect(await found('overdue=true&q=LIST-1001')).toEqual(['LIST-1001']);
  });

  it('refuses a bad filter with the field named', async () => {
    for (const query of ['from=yesterday', 'page=0', 'pageSize=1000', 'assigneeId=x']) {
      const res = await supervisor({ method: 'GET', url: `/api/aftersales?${query}` });
      expect(res.statusCode, query).toBe(400);
      expect(json(res).error, query).toBe('invalid_input');
    }
  });
});
