import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTask } from '../src/collaboration/service.ts';
import { createUser } from '../src/users/service.ts';
import { createTestApp, json, PASSWORD, type Client, type TestApp } from './helpers.ts';

// Issue 9, item 4: who sees receivers' details, who changes a department's task, and approval limits per order.
let t: TestApp;
let agent: Client;
let supervisor: Client;
const clients: Record<string, Client> = {};
beforeAll(async () => {
  t = await createTestApp();
  agent = t.as('agent');
  supervisor = t.as('supervisor');
  for (const role of ['admin', 'supervisor', 'agent', 'warehouse', 'finance', 'product']) clients[role] = t.as(role);
  // The shared helper has no tech user: log one in the same way.
  await createUser(t.ctx.db, null, { username: 'tech', displayName: 'tech用户', role: 'tech', password: PASSWORD });
  const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'tech', password: PASSWORD } });
  const cookie = login.cookies.find((c) => c.name === 'kefu_session');
  if (!cookie) throw new Error(`tech login failed: ${login.body}`);
  clients.tech = (options) => t.app.inject({ ...options, headers: { ...options.headers, cookie: `kefu_session=${cookie.value}` } });
});
afterAll(async () => {
  await t.close();
});

const DAY = 86_400_000;
const PHONE = '13912345678';
let serial = 0;
async function deliveredOrder(lines: { title: string; quantity: number; unitPriceFen: number }[]) {
  const received = new Date(Date.now() - 2 * DAY);
  const res = await agent({
    method: 'POST',
    url: '/api/orders',
    payload: {
      platform: 'tmall',
      orderNo: `SA${++serial}`,
      status: 'delivered',
      buyerNick: `sa_buyer_${serial}`,
      receiver: { name: '林小姐', phone: PHONE, province: '浙江省', city: '杭州市', district: '西湖区', address: '文三路 100 号 3 幢 201' },
      remark: `到了请打 ${PHONE}`,
      lines,
      createdAt: new Date(received.getTime() - 3 * DAY).toISOString(),
      paidAt: new Date(received.getTime() - 3 * DAY).toISOString(),
      shippedAt: new Date(received.getTime() - 2 * DAY).toISOString(),
      deliveredAt: received.toISOString(),
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).order;
}

describe("receivers' contact details", () => {
  it('are masked for departments whose task does not need them, who cannot find an order by phone; the desk sees them', async () => {
    const order = await deliveredOrder([{ title: '睡衣', quantity: 1, unitPriceFen: 12_900 }]);
    // Departments see only the orders behind their tasks; these tasks need no contact (a reissue's does: confidentiality.test.ts).
    await t.ctx.db
      .insertInto('collab_tasks')
      .values(
        (['finance', 'tech', 'product', 'logistics'] as const).map((department) => ({
          order_id: order.id,
          department,
          title: '请协助',
          due_at: new Date(Date.now() + DAY),
        })),
      )
      .execute();
    for (const role of ['finance', 'tech', 'product', 'warehouse']) {
      const byPhone = json(await clients[role]!({ method: 'GET', url: `/api/orders?q=${PHONE}` }));
      expect(byPhone.orders, role).toEqual([]);
      const listed = json(await clients[role]!({ method: 'GET', url: `/api/orders?q=${order.orderNo}` })).orders;
      expect(listed, role).toMatchObject([{ id: order.id, receiverName: '林**', province: '浙江省', city: '杭州市', contactMasked: true }]);
      const detail = json(await clients[role]!({ method: 'GET', url: `/api/orders/${order.id}` })).order;
      expect(detail, role).toMatchObject({
        receiverName: '林**',
        receiverPhone: '139****5678',
        province: '浙江省',
        city: '杭州市',
        district: '西湖区',
        address: '****',
        remark: '到了请打 139****5678',
        contactMasked: true,
      });
      expect(JSON.stringify(detail), role).not.toContain(PHONE);
      expect(JSON.stringify(detail), role).not.toContain('文三路');
    }
    for (const role of ['agent', 'supervisor', 'admin']) {
      expect(
        json(await clients[role]!({ method: 'GET', url: `/api/orders?q=${PHONE}` })).orders.map((o: { id: number }) => o.id),
        role,
      ).toContain(order.id);
      expect(json(await clients[role]!({ method: 'GET', url: `/api/orders/${order.id}` })).order, role).toMatchObject({
        receiverName: '林小姐',
        receiverPhone: PHONE,
        district: '西湖区',
        address: '文三路 100 号 3 幢 201',
        contactMasked: false,
      });
    }
  });
});

describe('collaboration tasks', () => {
  async function financeTask() {
    const order = await deliveredOrder([{ title: '睡衣', quantity: 1, unitPriceFen: 12_900 }]);
    return t.ctx.db
      .transaction()
      .execute((tx) => createTask(tx, t.users.agent!.id, { orderId: order.id, department: 'finance', title: '请退款 129 元' }));
  }
  const patch = (role: string, id: number, payload: Record<string, unknown>) => clients[role]!({ method: 'PATCH', url: `/api/tasks/${id}`, payload });

  it("are answered and handed on only by the task's department, its owner or a lead; no edit overwrites another", async () => {
    const task = await financeTask();
    for (const role of ['product', 'tech', 'warehouse', 'agent']) {
      expect((await patch(role, task.id, { version: task.version, answer: '不用退了' })).statusCode, role).toBe(403);
      expect((await patch(role, task.id, { version: task.version, ownerId: t.users.product!.id })).statusCode, role).toBe(403);
    }
    const toProduct = await patch('supervisor', task.id, { version: task.version, ownerId: t.users.product!.id });
    expect(toProduct.statusCode).toBe(400);
    expect(json(toProduct).fields[0]).toMatchObject({ field: 'body.ownerId', reason: expect.stringMatching(/finance user/) });
    const owned = json(await patch('supervisor', task.id, { version: task.version, ownerId: t.users.finance!.id })).task;
    expect(owned).toMatchObject({ ownerId: t.users.finance!.id, answer: null, version: task.version + 1 });

    const racing = await Promise.all([
      patch('finance', task.id, { version: owned.version, state: 'working', answer: '处理中 A' }),
      patch('supervisor', task.id, { version: owned.version, answer: '处理中 B' }),
    ]);
    expect(racing.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const winner = json(racing.find((r) => r.statusCode === 200)!).task;
    const done = await patch('finance', task.id, { version: winner.version, state: 'done', answer: '已原路退款' });
    expect(done.statusCode, done.body).toBe(200);
  });

  it('once done, are changed by nobody but a lead, and only by reopening', async () => {
    const task = await financeTask();
    const done = json(await patch('finance', task.id, { version: task.version, state: 'done', answer: '已原路退款' })).task;
    for (const role of ['finance', 'product', 'agent', 'warehouse']) {
      expect((await patch(role, task.id, { version: done.version, answer: '其实没退' })).statusCode, role).toBe(403);
      expect((await patch(role, task.id, { version: done.version, state: 'open' })).statusCode, role).toBe(403);
    }
    const edit = await patch('admin', task.id, { version: done.version, answer: '其实没退', ownerId: t.users.finance!.id });
    expect(edit.statusCode).toBe(409);
    expect(json(edit).error).toBe('task_done');
    const stored = await t.ctx.db
      .selectFrom('collab_tasks')
      .select(['state', 'answer', 'owner_id', 'version'])
      .where('id', '=', task.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ state: 'done', answer: '已原路退款', owner_id: null, version: done.version });
    const reopened = await patch('supervisor', task.id, { version: done.version, state: 'open', ownerId: t.users.finance!.id });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(json(reopened).task).toMatchObject({ state: 'open', ownerId: t.users.finance!.id, doneAt: null });
  });
});

describe('approval limits per order', () => {
  beforeAll(async () => {
    const current = json(await clients.admin!({ method: 'GET', url: '/api/settings' })).settings.afterSalePolicy;
    const put = await clients.admin!({
      method: 'PUT',
      url: '/api/settings/afterSalePolicy',
      payload: { version: current.version, value: { ...current.value, approvalLimitFen: 50_000, goodsApprovalLimitFen: 100_000 } },
    });
    expect(put.statusCode, put.body).toBe(200);
  });

  async function refund(orderId: number, amountFen: number) {
    const res = await agent({ method: 'POST', url: '/api/aftersales', payload: { orderId, kind: 'refund', reason: 'other', amountFen, lines: [] } });
    expect(res.statusCode, res.body).toBe(201);
    return json(res).afterSale;
  }
  const approve = (client: Client, a: { id: number; version: number }) =>
    client({ method: 'POST', url: `/api/aftersales/${a.id}/transition`, payload: { version: a.version, to: 'approved' } });

  it('adds up the refunds on an order: of five ¥200 refunds, the one that crosses ¥500 needs a supervisor', async () => {
    const order = await deliveredOrder([{ title: '羽绒被', quantity: 1, unitPriceFen: 100_000 }]);
    const outcomes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const a = await refund(order.id, 20_000);
      const res = await approve(agent, a);
      outcomes.push(res.statusCode);
      if (res.statusCode === 403) {
        const total = (i + 1) * 20_000;
        expect(json(res).message).toContain(`money back comes to ¥${total / 100}.00, above the ¥500.00 limit`);
        expect(json(await agent({ method: 'GET', url: `/api/aftersales/${a.id}` })).afterSale).toMatchObject({
          needsSupervisor: true,
          approval: { totalFen: total },
        });
        expect((await approve(supervisor, a)).statusCode).toBe(200);
      }
    }
    expect(outcomes).toEqual([200, 200, 403, 403, 403]);
  });

  it('values a reissue or an exchange at its goods: a ¥5,000 reissue needs a supervisor, a ¥129 exchange does not', async () => {
    const order = await deliveredOrder([
      { title: '按摩椅', quantity: 1, unitPriceFen: 500_000 },
      { title: '睡衣', quantity: 1, unitPriceFen: 12_900 },
    ]);
    const open = async (kind: string, lineId: number) => {
      const res = await agent({
        method: 'POST',
        url: '/api/aftersales',
        payload: { orderId: order.id, kind, reason: 'other', lines: [{ lineId, quantity: 1 }], goodsIntact: true },
      });
      expect(res.statusCode, res.body).toBe(201);
      return json(res).afterSale;
    };
    const exchange = await open('exchange', order.lines[1].id);
    expect(exchange).toMatchObject({ goodsFen: 12_900, needsSupervisor: false });
    expect((await approve(agent, exchange)).statusCode).toBe(200);

    const reissue = await open('reissue', order.lines[0].id);
    expect(reissue).toMatchObject({ goodsFen: 500_000, needsSupervisor: true, approval: { measure: 'goods', totalFen: 512_900, limitFen: 100_000 } });
    const refused = await approve(agent, reissue);
    expect(refused.statusCode).toBe(403);
    expect(json(refused).message).toMatch(/goods sent out unpaid comes to ¥5129\.00, above the ¥1000\.00 limit/);
    expect(await t.ctx.db.selectFrom('orders').select('id').where('original_order_id', '=', order.id).execute()).toEqual([]);
    expect((await approve(supervisor, reissue)).statusCode).toBe(200);
  });

  it('never lets two refunds approved at the same time both pass under the limit', async () => {
    const order = await deliveredOrder([{ title: '羽绒被', quantity: 1, unitPriceFen: 100_000 }]);
    const a = await refund(order.id, 30_000);
    const b = await refund(order.id, 30_000);
    const results = await Promise.all([approve(agent, a), approve(t.as('agent'), b)]);
    expect(results.map((r) => r.statusCode).sort(), results.map((r) => r.body).join('\n')).toEqual([200, 403]);
    const states = await t.ctx.db.selectFrom('after_sales').select('state').where('order_id', '=', order.id).orderBy('id').execute();
    expect(states.map((s) => s.state).sort()).toEqual(['approved', 'requested']);
  });
});
