import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';

// The supervisors' approvals inbox (issue 16): what waits for a supervisor, decided through the after-sale routes.
let t: TestApp;
let agent: Client;
let supervisor: Client;
beforeAll(async () => {
  t = await createTestApp();
  agent = t.as('agent');
  supervisor = t.as('supervisor');
  await t.ctx.db
    .insertInto('products')
    .values({ sku: 'PJ-001', name: '纯棉长袖睡衣套装', category: '睡衣', price_fen: 12_900, warranty_days: 0 })
    .execute();
});
afterAll(async () => {
  await t.close();
});

const DAY = 86_400_000;
let serial = 0;
async function deliveredOrder(daysAgo: number, quantity = 2) {
  const received = new Date(Date.now() - daysAgo * DAY);
  const res = await agent({
    method: 'POST',
    url: '/api/orders',
    payload: {
      platform: 'tmall',
      orderNo: `AP${++serial}`,
      status: 'delivered',
      buyerNick: `ap_buyer_${serial}`,
      receiver: { name: '林小姐', phone: '13912345678', province: '浙江省', city: '杭州市', address: '文三路 100 号 3 幢 201' },
      lines: [{ sku: 'PJ-001', title: '纯棉长袖睡衣套装', quantity, unitPriceFen: 12_900 }],
      createdAt: new Date(received.getTime() - 3 * DAY).toISOString(),
      paidAt: new Date(received.getTime() - 3 * DAY).toISOString(),
      shippedAt: new Date(received.getTime() - 2 * DAY).toISOString(),
      deliveredAt: received.toISOString(),
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).order;
}

/** A return the agent reviewed and had to send to a supervisor. */
async function sentForApproval(options: { daysAgo: number; amountFen: number; reason: string }) {
  const order = await deliveredOrder(options.daysAgo);
  const opened = await agent({
    method: 'POST',
    url: '/api/aftersales',
    payload: {
      orderId: order.id,
      kind: 'return',
      reason: options.reason,
      lines: [{ lineId: order.lines[0].id, quantity: 2 }],
      amountFen: options.amountFen,
      goodsIntact: true,
    },
  });
  expect(opened.statusCode, opened.body).toBe(201);
  const a = json(opened).afterSale;
  const sent = await agent({ method: 'POST', url: `/api/aftersales/${a.id}/transition`, payload: { version: a.version, to: 'pending_approval' } });
  expect(sent.statusCode, sent.body).toBe(200);
  return json(sent).afterSale;
}

const inbox = async (client: Client = supervisor) => {
  const res = await client({ method: 'GET', url: '/api/approvals' });
  expect(res.statusCode, res.body).toBe(200);
  return json(res);
};
const counts = async () => json(await supervisor({ method: 'GET', url: '/api/approvals/count' })).counts;

describe('the approvals inbox', () => {
  it('lists a return above the limit with who asked, the amount, its age and due time; approving it from there moves it on', async () => {
    const a = await sentForApproval({ daysAgo: 2, amountFen: 25_800, reason: 'size' });
    const before = await counts();
    const { items } = await inbox();
    const item = items.find((i: { key: string }) => i.key === `after_sale:${a.id}`);
    expect(item).toMatchObject({
      type: 'after_sale',
      reasons: ['over_limit'],
      ticketId: a.ticketId,
      orderNo: a.orderNo,
      amountFen: 25_800,
      requestedBy: 'agent用户',
      afterSale: {
        id: a.id,
        version: a.version,
        kind: 'return',
        state: 'pending_approval',
        measure: 'money',
        totalFen: 25_800,
        limitFen: 20_000,
        failedChecks: [],
      },
    });
    expect(new Date(item.dueAt).getTime()).toBeGreaterThan(Date.now());
    expect(Date.now() - new Date(item.requestedAt).getTime()).toBeLessThan(60_000);

    // The agent may not approve it; the supervisor does, through the request's own route, with the version the inbox gave.
    const byAgent = await agent({
      method: 'POST',
      url: `/api/aftersales/${a.id}/transition`,
      payload: { version: item.afterSale.version, to: 'approved' },
    });
    expect(byAgent.statusCode).toBe(403);
    const approved = await supervisor({
      method: 'POST',
      url: `/api/aftersales/${a.id}/transition`,
      payload: { version: item.afterSale.version, to: 'approved' },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(json(approved).afterSale).toMatchObject({ state: 'approved', approvedByName: 'supervisor用户' });
    expect((await inbox()).items.map((i: { key: string }) => i.key)).not.toContain(`after_sale:${a.id}`);
    expect(await counts()).toMatchObject({ total: before.total - 1, afterSales: before.afterSales - 1 });
  });

  it('flags a policy override: approving needs the override and a note, rejecting a reason', async () => {
    const a = await sentForApproval({ daysAgo: 12, amountFen: 5_000, reason: 'no_reason' });
    const item = (await inbox()).items.find((i: { key: string }) => i.key === `after_sale:${a.id}`);
    expect(item.reasons).toEqual(['policy']);
    expect(item.afterSale.failedChecks.map((c: { id: string }) => c.id)).toContain('return_window');
    const move = (payload: Record<string, unknown>) =>
      supervisor({ method: 'POST', url: `/api/aftersales/${a.id}/transition`, payload: { version: item.afterSale.version, ...payload } });
    expect(json(await move({ to: 'approved' })).error).toBe('policy_failed');
    expect((await move({ to: 'rejected' })).statusCode).toBe(400);
    const overridden = await move({ to: 'approved', override: true, note: '老顾客，特批超期退货' });
    expect(overridden.statusCode, overridden.body).toBe(200);
    expect((await inbox()).items.map((i: { key: string }) => i.key)).not.toContain(`after_sale:${a.id}`);
  });

  it('lists tickets escalated to a supervisor until they are solved', async () => {
    const created = await agent({
      method: 'POST',
      url: '/api/tickets',
      payload: { type: 'complaint', subject: '顾客要求三倍赔偿', category: 'service_attitude', severity: 'major' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const ticket = json(created).ticket;
    const before = await counts();
    const escalated = await agent({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/escalations`,
      payload: { level: 'supervisor', reason: '超出客服权限' },
    });
    expect(escalated.statusCode, escalated.body).toBe(201);
    expect(await counts()).toMatchObject({ total: before.total + 1, escalations: before.escalations + 1 });
    const item = (await inbox()).items.find((i: { key: string }) => i.key === `escalation:${ticket.id}`);
    expect(item).toMatchObject({
      type: 'escalation',
      ticketNumber: ticket.number,
      requestedBy: 'agent用户',
      escalation: { level: 'supervisor', reason: '超出客服权限' },
    });

    await t.ctx.db.updateTable('tickets').set({ status: 'solved' }).where('id', '=', ticket.id).execute();
    expect((await inbox()).items.map((i: { key: string }) => i.key)).not.toContain(`escalation:${ticket.id}`);
    expect((await counts()).escalations).toBe(before.escalations);
  });

  it('counts agree with the list', async () => {
    await sentForApproval({ daysAgo: 1, amountFen: 24_000, reason: 'size' });
    const { items, counts: listed } = await inbox();
    expect(listed.total).toBe(items.length);
    expect(await counts()).toEqual(listed);
  });

  it('is for supervisors and admins only', async () => {
    for (const role of ['agent', 'warehouse', 'finance', 'product']) {
      expect((await t.as(role)({ method: 'GET', url: '/api/approvals' })).statusCode, role).toBe(403);
      expect((await t.as(role)({ method: 'GET', url: '/api/approvals/count' })).statusCode, role).toBe(403);
    }
    expect((await inbox(t.as('admin'))).counts.total).toBeGreaterThan(0);
  });
});
