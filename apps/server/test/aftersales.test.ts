import { AFTER_SALE_KINDS, AFTER_SALE_STATES, departmentsOf, nextStates, type AfterSaleKind, type AfterSaleState, type Role } from '@kefu/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepClocks } from '../src/sla/sweep.ts';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';

let t: TestApp;
let agent: Client;
let supervisor: Client;
beforeAll(async () => {
  t = await createTestApp();
  agent = t.as('agent');
  supervisor = t.as('supervisor');
  await t.ctx.db
    .insertInto('products')
    .values([
      { sku: 'PJ-001', name: '纯棉长袖睡衣套装', category: '睡衣', price_fen: 12_900, warranty_days: 0 },
      { sku: 'DR-001', name: '电热毯', category: '床品', price_fen: 39_900, warranty_days: 365 },
    ])
    .execute();
});
afterAll(async () => {
  await t.close();
});

const DAY = 86_400_000;
let serial = 0;
/** A delivered order: `daysAgo` since the shopper received it. */
async function deliveredOrder(options: { daysAgo?: number; sku?: string; price?: number; quantity?: number } = {}) {
  const received = new Date(Date.now() - (options.daysAgo ?? 2) * DAY);
  const res = await agent({
    method: 'POST',
    url: '/api/orders',
    payload: {
      platform: 'tmall',
      orderNo: `AS${++serial}`,
      status: 'delivered',
      buyerNick: `as_buyer_${serial}`,
      receiver: { name: '林小姐', phone: '13912345678', province: '浙江省', city: '杭州市', address: '文三路 100 号 3 幢 201' },
      lines: [{ sku: options.sku ?? 'PJ-001', title: '商品', quantity: options.quantity ?? 2, unitPriceFen: options.price ?? 12_900 }],
      createdAt: new Date(received.getTime() - 3 * DAY).toISOString(),
      paidAt: new Date(received.getTime() - 3 * DAY).toISOString(),
      shippedAt: new Date(received.getTime() - 2 * DAY).toISOString(),
      deliveredAt: received.toISOString(),
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).order;
}

async function open(payload: Record<string, unknown>, client = agent) {
  const res = await client({ method: 'POST', url: '/api/aftersales', payload });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).afterSale;
}

function move(client: Client, a: { id: number; version: number }, to: string, extra: Record<string, unknown> = {}) {
  return client({ method: 'POST', url: `/api/aftersales/${a.id}/transition`, payload: { version: a.version, to, ...extra } });
}

async function attachPhoto(ticketId: number) {
  const boundary = '----kefu-photo';
  const png = Buffer.from('89504e470d0a1a0a', 'hex');
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="damage.png"\r\nContent-Type: image/png\r\n\r\n`),
    png,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await agent({
    method: 'POST',
    url: `/api/tickets/${ticketId}/attachments`,
    payload: body,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
  expect(res.statusCode, res.body).toBe(201);
}

/** Who makes each move on the happy path of each kind. */
const HAPPY: Record<AfterSaleKind, [AfterSaleState, string][]> = {
  return: [
    ['approved', 'agent'],
    ['in_transit', 'agent'],
    ['received', 'warehouse'],
    ['refunded', 'finance'],
    ['closed', 'agent'],
  ],
  exchange: [
    ['approved', 'agent'],
    ['in_transit', 'agent'],
    ['received', 'warehouse'],
    ['reshipped', 'warehouse'],
    ['closed', 'agent'],
  ],
  repair: [
    ['approved', 'agent'],
    ['in_transit', 'agent'],
    ['received', 'warehouse'],
    ['repairing', 'warehouse'],
    ['reshipped', 'warehouse'],
    ['closed', 'agent'],
  ],
  refund: [
    ['approved', 'agent'],
    ['refunded', 'finance'],
    ['closed', 'agent'],
  ],
  reissue: [
    ['approved', 'agent'],
    ['reshipped', 'warehouse'],
    ['closed', 'agent'],
  ],
  compensation: [
    ['approved', 'agent'],
    ['granted', 'finance'],
    ['closed', 'agent'],
  ],
};

describe('after-sale state machines over the API', () => {
  for (const kind of AFTER_SALE_KINDS) {
    it(`walks a ${kind} to closed, refusing every other move at each step`, async () => {
      const order = await deliveredOrder({ sku: kind === 'repair' ? 'DR-001' : 'PJ-001' });
      let a = await open({
        orderId: order.id,
        kind,
        reason: kind === 'exchange' ? 'size' : 'other',
        lines: [{ lineId: order.lines[0].id, quantity: 1 }],
        ...(kind === 'compensation' && { compensationKind: 'coupon', amountFen: 1000 }),
        goodsIntact: true,
      });
      expect(a.state).toBe('requested');
      for (const [to, role] of HAPPY[kind]) {
        for (const wrong of AFTER_SALE_STATES.filter((s) => s !== a.state && !nextStates(kind, a.state).includes(s))) {
          const refused = await move(t.as('admin'), a, wrong, { note: '测试' });
          expect(refused.statusCode, `${kind} ${a.state}→${wrong}`).toBe(400);
          expect(json(refused).error).toBe('invalid_transition');
        }
        const wrongRole = ['agent', 'warehouse', 'finance'].find((r) => r !== role && !(role === 'agent' && r === 'agent'))!;
        if (!(to === 'approved' && wrongRole === 'agent')) {
          const forbidden = await move(t.as(wrongRole), a, to);
          // A department holding no task on the request does not see it at all (confidentiality.test.ts).
          const departments = departmentsOf(wrongRole as Role);
          const holdsTask =
            departments.length > 0 &&
            (await t.ctx.db
              .selectFrom('collab_tasks')
              .select('id')
              .where('ticket_id', '=', a.ticketId)
              .where('department', 'in', departments)
              .executeTakeFirst()) !== undefined;
          const seen = wrongRole === 'agent' || holdsTask;
          expect(forbidden.statusCode, `${kind} ${a.state}→${to} by ${wrongRole}`).toBe(seen ? 403 : 404);
          expect(json(forbidden).error).toBe(seen ? 'wrong_role' : 'not_found');
        }
        const res = await move(t.as(role), a, to, to === 'in_transit' ? { returnTrackingNo: 'SF9876543210' } : {});
        expect(res.statusCode, `${kind} ${a.state}→${to} by ${role}: ${res.body}`).toBe(200);
        a = json(res).afterSale;
        expect(a.state).toBe(to);
      }
      const timeline = json(await agent({ method: 'GET', url: `/api/tickets/${a.ticketId}/timeline` }))
        .events.filter((e: { kind: string; data: { to?: string } }) => e.kind === 'after_sale' && e.data.to)
        .map((e: { data: { to: string } }) => e.data.to);
      expect(timeline).toEqual(['requested', ...HAPPY[kind].map(([to]) => to)]);
    });
  }

  it('refuses a stale version', async () => {
    const order = await deliveredOrder();
    const a = await open({ orderId: order.id, kind: 'refund', reason: 'other', lines: [{ lineId: order.lines[0].id, quantity: 1 }] });
    const stale = await move(agent, { ...a, version: a.version + 1 }, 'approved');
    expect(stale.statusCode).toBe(409);
    expect(json(stale)).toMatchObject({ error: 'stale_version', currentVersion: a.version });
  });
});

describe('after-sale policy checks', () => {
  it('refuses a no-reason return past 7 days, showing why; a supervisor may override with a note', async () => {
    const order = await deliveredOrder({ daysAgo: 9 });
    const a = await open({
      orderId: order.id,
      kind: 'return',
      reason: 'no_reason',
      lines: [{ lineId: order.lines[0].id, quantity: 1 }],
      goodsIntact: true,
    });
    expect(a.checks).toEqual([
      { id: 'return_window', ok: false, detail: { days: 9, limit: 7 } },
      { id: 'goods_intact', ok: true, detail: { intact: true } },
    ]);
    const refused = await move(agent, a, 'approved');
    expect(refused.statusCode).toBe(400);
    expect(json(refused)).toMatchObject({
      error: 'policy_failed',
      checks: expect.arrayContaining([expect.objectContaining({ id: 'return_window', ok: false })]),
    });
    expect((await move(agent, a, 'approved', { override: true, note: '老顾客' })).statusCode).toBe(400);
    expect(json(await move(supervisor, a, 'approved', { override: true })).fields[0].field).toBe('body.note');
    const sent = await move(agent, a, 'pending_approval', { note: '超过七天，请主管定夺' });
    expect(sent.statusCode, sent.body).toBe(200);
    const ok = await move(supervisor, json(sent).afterSale, 'approved', { override: true, note: '老顾客，破例退货' });
    expect(ok.statusCode, ok.body).toBe(200);

    const fine = await deliveredOrder();
    const b = await open({
      orderId: fine.id,
      kind: 'return',
      reason: 'no_reason',
      lines: [{ lineId: fine.lines[0].id, quantity: 1 }],
      goodsIntact: true,
    });
    expect(json(await move(agent, b, 'pending_approval')).message).toMatch(/within the agent's authority/);
  });

  it('keeps a request on a ticket about its own order', async () => {
    const one = await deliveredOrder();
    const other = await deliveredOrder();
    const a = await open({ orderId: one.id, kind: 'refund', reason: 'other', lines: [{ lineId: one.lines[0].id, quantity: 1 }] });
    const res = await agent({
      method: 'POST',
      url: '/api/aftersales',
      payload: { orderId: other.id, ticketId: a.ticketId, kind: 'refund', reason: 'other', lines: [], amountFen: 1_000 },
    });
    expect(json(res).fields[0]).toEqual({ field: 'body.ticketId', reason: 'the ticket is about another order' });
  });

  it('wants photos for a quality claim and the goods intact for a no-reason return', async () => {
    const order = await deliveredOrder({ daysAgo: 10 });
    const a = await open({
      orderId: order.id,
      kind: 'return',
      reason: 'quality',
      description: '洗一次就起球',
      lines: [{ lineId: order.lines[0].id, quantity: 1 }],
    });
    expect(json(await move(agent, a, 'approved')).checks.find((c: { id: string }) => c.id === 'evidence')).toEqual({
      id: 'evidence',
      ok: false,
      detail: { count: 0 },
    });
    await attachPhoto(a.ticketId);
    expect((await move(agent, a, 'approved')).statusCode).toBe(200);

    const second = await deliveredOrder();
    const b = await open({
      orderId: second.id,
      kind: 'exchange',
      reason: 'no_reason',
      lines: [{ lineId: second.lines[0].id, quantity: 1 }],
      goodsIntact: false,
    });
    expect(json(await move(agent, b, 'approved')).message).toMatch(/goods_intact/);
  });

  it('repairs only within the product warranty', async () => {
    const old = await deliveredOrder({ daysAgo: 400, sku: 'DR-001', price: 39_900, quantity: 1 });
    const a = await open({ orderId: old.id, kind: 'repair', reason: 'other', lines: [{ lineId: old.lines[0].id, quantity: 1 }] });
    expect(a.checks).toEqual([{ id: 'warranty', ok: false, detail: { days: 400, limit: 365 } }]);
  });

  it('follows the shop policy settings', async () => {
    const settings = json(await t.as('admin')({ method: 'GET', url: '/api/settings' })).settings.afterSalePolicy;
    const bad = await t.as('admin')({
      method: 'PUT',
      url: '/api/settings/afterSalePolicy',
      payload: { version: settings.version, value: { ...settings.value, noReasonDays: -1 } },
    });
    expect(json(bad).fields[0].field).toBe('body.value.noReasonDays');
    const put = await t.as('admin')({
      method: 'PUT',
      url: '/api/settings/afterSalePolicy',
      payload: { version: settings.version, value: { ...settings.value, noReasonDays: 15 } },
    });
    expect(put.statusCode, put.body).toBe(200);
    const stale = await t.as('admin')({
      method: 'PUT',
      url: '/api/settings/afterSalePolicy',
      payload: { version: settings.version, value: settings.value },
    });
    expect(stale.statusCode).toBe(409);
    const order = await deliveredOrder({ daysAgo: 9 });
    const a = await open({
      orderId: order.id,
      kind: 'return',
      reason: 'no_reason',
      lines: [{ lineId: order.lines[0].id, quantity: 1 }],
      goodsIntact: true,
    });
    expect(a.checks[0]).toEqual({ id: 'return_window', ok: true, detail: { days: 9, limit: 15 } });
    await t.as('admin')({ method: 'PUT', url: '/api/settings/afterSalePolicy', payload: { version: json(put).version, value: settings.value } });
  });
});

describe('authority and amounts', () => {
  it('needs a supervisor to approve a refund above the limit', async () => {
    const order = await deliveredOrder({ price: 30_000, quantity: 1 });
    const a = await open({ orderId: order.id, kind: 'refund', reason: 'other', lines: [{ lineId: order.lines[0].id, quantity: 1 }] });
    expect(a).toMatchObject({ amountFen: 30_000, needsSupervisor: true });
    const refused = await move(agent, a, 'approved');
    expect(refused.statusCode).toBe(403);
    expect(json(refused)).toMatchObject({ error: 'needs_supervisor', message: expect.stringMatching(/supervisor/) });
    const sent = json(await move(agent, a, 'pending_approval', { note: '金额超权限' })).afterSale;
    expect((await move(agent, sent, 'approved')).statusCode).toBe(403);
    const approved = await move(supervisor, sent, 'approved');
    expect(approved.statusCode).toBe(200);
    expect(json(approved).afterSale.approvedByName).toBe('supervisor用户');
    expect(json(approved).afterSale.nextStates).toEqual(['refunded']);
  });

  it('never pays out more than the shopper paid, across requests', async () => {
    const order = await deliveredOrder();
    const over = await agent({
      method: 'POST',
      url: '/api/aftersales',
      payload: { orderId: order.id, kind: 'compensation', reason: 'late', compensationKind: 'cash', amountFen: 30_000, lines: [] },
    });
    expect(over.statusCode).toBe(400);
    expect(json(over).fields[0]).toMatchObject({ field: 'body.amountFen', reason: expect.stringContaining('¥258.00') });
    await open({ orderId: order.id, kind: 'refund', reason: 'other', lines: [{ lineId: order.lines[0].id, quantity: 2 }] });
    const more = await agent({
      method: 'POST',
      url: '/api/aftersales',
      payload: { orderId: order.id, kind: 'compensation', reason: 'late', compensationKind: 'cash', amountFen: 100, lines: [] },
    });
    expect(json(more).fields[0].reason).toMatch(/\(¥0\.00\)/);
    const negative = await agent({
      method: 'POST',
      url: '/api/aftersales',
      payload: { orderId: order.id, kind: 'refund', reason: 'other', amountFen: -1, lines: [] },
    });
    expect(json(negative).fields[0].field).toBe('body.amountFen');
    const tooMany = await agent({
      method: 'POST',
      url: '/api/aftersales',
      payload: { orderId: order.id, kind: 'return', reason: 'other', lines: [{ lineId: order.lines[0].id, quantity: 3 }] },
    });
    expect(json(tooMany).fields[0].field).toBe('body.lines.0.quantity');
  });

  it('a compensation says how', async () => {
    const order = await deliveredOrder();
    const res = await agent({
      method: 'POST',
      url: '/api/aftersales',
      payload: { orderId: order.id, kind: 'compensation', reason: 'late', amountFen: 500, lines: [] },
    });
    expect(json(res).fields[0].field).toBe('body.compensationKind');
  });
});

describe('reissues and hand-offs', () => {
  it('approving a reissue creates a zero-price replacement order linked to the original, and tells the warehouse', async () => {
    const order = await deliveredOrder();
    const a = await open({ orderId: order.id, kind: 'reissue', reason: 'wrong_item', lines: [{ lineId: order.lines[0].id, quantity: 1 }] });
    await attachPhoto(a.ticketId);
    const approved = json(await move(agent, a, 'approved')).afterSale;
    const replacement = json(await agent({ method: 'GET', url: `/api/orders/${approved.replacementOrderId}` })).order;
    expect(replacement).toMatchObject({
      kind: 'replacement',
      originalOrderId: order.id,
      totalFen: 0,
      collectPayment: false,
      orderNo: `${order.orderNo}-BF1`,
      status: 'paid',
    });
    expect(replacement.lines).toMatchObject([{ quantity: 1, unitPriceFen: 0 }]);
    const original = json(await agent({ method: 'GET', url: `/api/orders/${order.id}` })).order;
    expect(original.replacements.map((r: { id: number }) => r.id)).toEqual([replacement.id]);
    const tasks = json(await t.as('warehouse')({ method: 'GET', url: '/api/tasks' })).tasks;
    expect(tasks.find((x: { afterSaleId: number }) => x.afterSaleId === a.id)).toMatchObject({
      department: 'warehouse',
      title: expect.stringContaining('请发补发单'),
    });
  });

  it('a department answers its task; the ticket timeline shows where it stands', async () => {
    const order = await deliveredOrder();
    const a = await open({
      orderId: order.id,
      kind: 'return',
      reason: 'size',
      lines: [{ lineId: order.lines[0].id, quantity: 1 }],
      goodsIntact: true,
    });
    await move(agent, a, 'approved');
    const task = json(await agent({ method: 'GET', url: `/api/tasks?ticketId=${a.ticketId}` })).tasks[0];
    expect(task).toMatchObject({ department: 'warehouse', state: 'open' });
    expect(
      (await t.as('finance')({ method: 'PATCH', url: `/api/tasks/${task.id}`, payload: { version: task.version, state: 'working' } })).statusCode,
    ).toBe(403);
    expect((await agent({ method: 'PATCH', url: `/api/tasks/${task.id}`, payload: { version: task.version, state: 'done' } })).statusCode).toBe(403);
    const working = json(
      await t.as('warehouse')({ method: 'PATCH', url: `/api/tasks/${task.id}`, payload: { version: task.version, state: 'working' } }),
    ).task;
    const done = await t.as('warehouse')({
      method: 'PATCH',
      url: `/api/tasks/${task.id}`,
      payload: { version: working.version, state: 'done', answer: '包裹已入库，完好' },
    });
    expect(done.statusCode, done.body).toBe(200);
    const reopen = await t.as('warehouse')({
      method: 'PATCH',
      url: `/api/tasks/${task.id}`,
      payload: { version: json(done).task.version, state: 'open' },
    });
    expect(reopen.statusCode).toBe(403);
    const events = json(await agent({ method: 'GET', url: `/api/tickets/${a.ticketId}/timeline` })).events.filter(
      (e: { kind: string }) => e.kind === 'task',
    );
    expect(events.map((e: { data: { state: string } }) => e.data.state)).toEqual(['open', 'working', 'done']);
    expect(events.at(-1).body).toBe('包裹已入库，完好');

    const manual = await agent({
      method: 'POST',
      url: `/api/tickets/${a.ticketId}/tasks`,
      payload: { department: 'tech', title: '请查看顾客上传的日志', description: 'App 下单时报错' },
    });
    expect(manual.statusCode, manual.body).toBe(201);
    const bad = await agent({ method: 'POST', url: `/api/tickets/${a.ticketId}/tasks`, payload: { department: 'legal', title: 'x' } });
    expect(json(bad).fields[0].field).toBe('body.department');
  });
});

describe('after-sale deadlines', () => {
  it('flags a request not reviewed within 24 hours, and clears it once reviewed', async () => {
    const order = await deliveredOrder();
    const a = await open({ orderId: order.id, kind: 'refund', reason: 'other', lines: [{ lineId: order.lines[0].id, quantity: 1 }] });
    await sweepClocks(t.ctx.db, null, new Date(Date.now() + 23 * 3600_000));
    expect(json(await supervisor({ method: 'GET', url: '/api/aftersales?overdue=true' })).afterSales.map((x: { id: number }) => x.id)).not.toContain(
      a.id,
    );
    await sweepClocks(t.ctx.db, null, new Date(Date.now() + 25 * 3600_000));
    const late = json(await supervisor({ method: 'GET', url: '/api/aftersales?overdue=true' })).afterSales.find((x: { id: number }) => x.id === a.id);
    expect(late.overdue).toEqual(['review']);
    const events = json(await agent({ method: 'GET', url: `/api/tickets/${a.ticketId}/timeline` })).events;
    const breaches = events.filter(
      (e: { kind: string; data: { metric?: string } }) => e.kind === 'sla_breached' && e.data.metric === 'aftersale_review',
    );
    expect(breaches).toMatchObject([{ data: { subjectKind: 'after_sale', subjectId: a.id } }]);
    const current = json(await agent({ method: 'GET', url: `/api/aftersales/${a.id}` })).afterSale;
    await move(agent, current, 'approved');
    expect(json(await agent({ method: 'GET', url: `/api/aftersales/${a.id}` })).afterSale.overdue).toEqual([]);
  });

  it('wants repair progress before 16:00 every day and a complex case planned within a working day', async () => {
    const order = await deliveredOrder({ sku: 'DR-001', price: 39_900, quantity: 1 });
    let a = await open({ orderId: order.id, kind: 'repair', reason: 'quality', complex: true, lines: [{ lineId: order.lines[0].id, quantity: 1 }] });
    expect(a.planDueAt).not.toBeNull();
    await attachPhoto(a.ticketId);
    expect(json(await move(supervisor, a, 'approved')).message).toMatch(/plan/);
    expect(
      json(await agent({ method: 'POST', url: `/api/aftersales/${a.id}/plan`, payload: { version: a.version, plan: '寄回检测，三天内修复' } }))
        .afterSale.planDueAt,
    ).toBeNull();
    a = json(await agent({ method: 'GET', url: `/api/aftersales/${a.id}` })).afterSale;
    expect((await move(agent, a, 'approved')).statusCode).toBe(403);
    a = json(await move(supervisor, a, 'approved')).afterSale;
    a = json(await move(agent, a, 'in_transit')).afterSale;
    a = json(await move(t.as('warehouse'), a, 'received')).afterSale;
    const due = new Date(a.progressDueAt);
    expect((due.getUTCHours() + 8) % 24).toBe(16);
    await sweepClocks(t.ctx.db, null, new Date(due.getTime() + 60_000));
    expect(json(await agent({ method: 'GET', url: `/api/aftersales/${a.id}` })).afterSale.overdue).toEqual(['progress']);
    // Progress is told to the shopper: a forbidden phrase is refused on it as on every outbound path, and logged.
    await t.ctx.db.insertInto('forbidden_phrases').values({ phrase: '等着吧', suggestion: '我会尽快为您处理' }).execute();
    const rude = await agent({ method: 'POST', url: `/api/aftersales/${a.id}/progress`, payload: { note: '不知道，等着吧' } });
    expect(rude.statusCode).toBe(400);
    expect(json(rude).fields[0].field).toBe('note');
    expect(await t.ctx.db.selectFrom('quality_phrase_hits').select('phrase').where('ticket_id', '=', a.ticketId).execute()).not.toEqual([]);
    a = json(await agent({ method: 'POST', url: `/api/aftersales/${a.id}/progress`, payload: { note: '已检测，正在更换温控器' } })).afterSale;
    expect(a.overdue).toEqual([]);
    expect(new Date(a.progressDueAt).getTime()).toBeGreaterThan(Date.now());
  });
});
