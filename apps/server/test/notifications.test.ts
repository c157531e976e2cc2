import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDueEmails, mailer } from '../src/channels/email.ts';
import { recordEvent } from '../src/events/record.ts';
import { deliverDueOutreach } from '../src/outreach/deliver.ts';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';
import { makeCustomer } from './outreach-fixture.ts';

// Shopper notifications (issue 13): order confirmed, shipped, late; after-sale moves — each told once, on chat or e-mail.
const received: ParsedMail[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    simpleParser(stream).then((m) => {
      received.push(m);
      callback();
    }, callback);
  },
});
let t: TestApp;
let agent: Client;
let smtpUrl: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  t = await createTestApp({ SMTP_URL: smtpUrl, MAIL_FROM: '暖橙客服 <kefu@nuancheng.example>' });
  agent = t.as('agent');
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

let serial = 0;
const HOUR = 3600_000;
function orderPayload(orderNo: string, over: Record<string, unknown> = {}) {
  return {
    platform: 'taobao',
    orderNo,
    status: 'paid',
    buyerNick: `notify_buyer_${orderNo}`,
    receiver: { name: '林小姐', phone: '13912345678', province: '浙江省', city: '杭州市', district: '西湖区', address: '文三路 100 号' },
    lines: [{ sku: 'PJ-001', title: '纯棉睡衣', quantity: 1, unitPriceFen: 12_900 }],
    createdAt: new Date(Date.now() - 2 * HOUR).toISOString(),
    paidAt: new Date(Date.now() - 2 * HOUR).toISOString(),
    ...over,
  };
}
/** A paid order of a customer with the given contacts. */
async function orderOf(has: { chat?: boolean; email?: string }, over: Record<string, unknown> = {}) {
  const customerId = await makeCustomer(t.ctx.db, `通知顾客${++serial}`, has);
  const orderNo = `N2026113000${String(serial).padStart(3, '0')}`;
  const res = await agent({ method: 'POST', url: '/api/orders', payload: orderPayload(orderNo, over) });
  expect(res.statusCode, res.body).toBe(201);
  const order = json(res).order;
  await t.ctx.db.updateTable('orders').set({ customer_id: customerId }).where('id', '=', order.id).execute();
  await t.app.events.deliverNow();
  return { customerId, order, orderNo };
}
const sendsOf = (customerId: number) =>
  t.ctx.db.selectFrom('outreach_sends').selectAll().where('customer_id', '=', customerId).orderBy('id').execute();
const deliverAll = () => deliverDueOutreach(t.ctx.db, {}, 100, new Date());

describe('order notifications', () => {
  it('tells the shopper in chat that an agent confirmed the order, once', async () => {
    const { customerId, order, orderNo } = await orderOf({ chat: true });
    const res = await agent({ method: 'POST', url: `/api/orders/${order.id}/confirm`, payload: { version: order.version } });
    expect(res.statusCode, res.body).toBe(200);
    await t.app.events.deliverNow();
    const [send] = await sendsOf(customerId);
    expect(send).toMatchObject({ purpose: 'notification', template_key: 'order.confirmed', channel: 'chat', state: 'queued', case_kind: 'order' });
    expect(send!.body).toBe(`亲，您的订单 ${orderNo} 已确认，我们会尽快为您安排发货。`);
    await deliverAll();
    const line = await t.ctx.db.selectFrom('messages').select('body').where('client_id', '=', `outreach-${send!.id}`).executeTakeFirstOrThrow();
    expect(line.body).toContain(orderNo);
    // Confirming again changes nothing and tells nothing.
    const again = await agent({ method: 'POST', url: `/api/orders/${order.id}/confirm`, payload: { version: json(res).version } });
    expect(again.statusCode, again.body).toBe(200);
    await t.app.events.deliverNow();
    expect(await sendsOf(customerId)).toHaveLength(1);
  });

  it('e-mails the tracking number when the marketplace reports the shipment; a repeated report sends nothing', async () => {
    const { customerId, orderNo } = await orderOf({ email: 'ship@shopper.example' });
    const shipped = orderPayload(orderNo, {
      status: 'shipped',
      trackingNo: 'SF1234567890',
      courier: '顺丰速运',
      shippedAt: new Date().toISOString(),
    });
    for (let i = 0; i < 2; i++) {
      expect((await agent({ method: 'POST', url: '/api/orders', payload: shipped })).statusCode).toBeLessThan(300);
      await t.app.events.deliverNow();
    }
    const sends = await sendsOf(customerId);
    expect(sends).toHaveLength(1);
    expect(sends[0]).toMatchObject({ template_key: 'order.shipped', channel: 'email', title: '您的订单已发货' });
    await deliverAll();
    await deliverDueEmails(t.ctx.db, mailer(smtpUrl, '暖橙客服 <kefu@nuancheng.example>')!);
    const mail = received.find((m) => m.text?.includes('SF1234567890'));
    expect(mail?.subject).toBe('您的订单已发货');
    expect(mail?.text).toContain(`订单 ${orderNo} 已由顺丰速运发出`);
  });

  it('does not announce an old shipment that arrives with an import of history', async () => {
    const { customerId, orderNo } = await orderOf({ chat: true });
    const old = orderPayload(orderNo, {
      status: 'shipped',
      trackingNo: 'YT1',
      courier: '圆通',
      shippedAt: new Date(Date.now() - 10 * 24 * HOUR).toISOString(),
    });
    await agent({ method: 'POST', url: '/api/orders', payload: old });
    await t.app.events.deliverNow();
    expect(await sendsOf(customerId)).toEqual([]);
  });

  it('explains a missed 48-hour shipping promise with the agent’s reason, or the default', async () => {
    const first = await orderOf({ chat: true });
    const second = await orderOf({ chat: true });
    const bad = await agent({ method: 'PUT', url: `/api/orders/${first.order.id}/delay-reason`, payload: { reason: '' } });
    expect(json(bad).fields[0].field).toBe('body.reason');
    expect(
      (await t.as('warehouse')({ method: 'PUT', url: `/api/orders/${first.order.id}/delay-reason`, payload: { reason: '面料补货中' } })).statusCode,
    ).toBe(403);
    const ok = await agent({ method: 'PUT', url: `/api/orders/${first.order.id}/delay-reason`, payload: { reason: '面料补货中，预计周五发出' } });
    expect(ok.statusCode, ok.body).toBe(200);
    for (const o of [first, second]) {
      await t.ctx.db.transaction().execute((tx) =>
        recordEvent(tx, {
          type: 'sla.breached',
          payload: {
            clockId: `c${o.order.id}`,
            metric: 'order_ship',
            subjectKind: 'order',
            subjectId: o.order.id,
            ticketId: null,
            policyId: null,
            dueAt: new Date().toISOString(),
          },
        }),
      );
    }
    // A breach of a promise due days ago (an old import, an upgrade) tells nothing.
    const third = await orderOf({ chat: true });
    await t.ctx.db.transaction().execute((tx) =>
      recordEvent(tx, {
        type: 'sla.breached',
        payload: {
          clockId: `c${third.order.id}`,
          metric: 'order_ship',
          subjectKind: 'order',
          subjectId: third.order.id,
          ticketId: null,
          policyId: null,
          dueAt: new Date(Date.now() - 3 * 24 * HOUR).toISOString(),
        },
      }),
    );
    await t.app.events.deliverNow();
    expect((await sendsOf(first.customerId))[0]!.body).toContain('暂未发出：面料补货中，预计周五发出。');
    expect(await sendsOf(third.customerId)).toEqual([]);
    expect((await sendsOf(second.customerId))[0]!.body).toContain('暂未发出：仓库正在加紧备货。');
  });
});

describe('after-sale notifications and templates', () => {
  it('tells each shopper-facing move of an after-sale, not the internal approval step', async () => {
    const day = 24 * HOUR;
    const delivered = {
      status: 'delivered',
      createdAt: new Date(Date.now() - 5 * day).toISOString(),
      paidAt: new Date(Date.now() - 5 * day).toISOString(),
      shippedAt: new Date(Date.now() - 4 * day).toISOString(),
      deliveredAt: new Date(Date.now() - 2 * day).toISOString(),
      trackingNo: 'ZT1',
    };
    const { customerId, order } = await orderOf({ chat: true }, delivered);
    const full = json(await agent({ method: 'GET', url: `/api/orders/${order.id}` })).order;
    const res = await agent({
      method: 'POST',
      url: '/api/aftersales',
      payload: { orderId: order.id, kind: 'refund', reason: 'other', lines: [{ lineId: full.lines[0].id, quantity: 1 }] },
    });
    expect(res.statusCode, res.body).toBe(201);
    await t.app.events.deliverNow();
    const sends = await sendsOf(customerId);
    expect(sends.map((s) => s.template_key)).toEqual(['aftersale.moved']);
    expect(sends[0]!.body).toContain('售后申请已受理');
    const afterSale = json(res).afterSale;
    // An internal step (waiting for a supervisor's approval) is not the shopper's news.
    await t.ctx.db.transaction().execute((tx) =>
      recordEvent(tx, {
        type: 'aftersale.moved',
        payload: {
          afterSaleId: afterSale.id,
          ticketId: afterSale.ticketId,
          orderId: order.id,
          kind: 'refund',
          from: 'requested',
          to: 'pending_approval',
        },
      }),
    );
    await t.app.events.deliverNow();
    expect(await sendsOf(customerId)).toHaveLength(1);
  });

  it('admins edit a template and switch it off; unknown variables are refused naming the field', async () => {
    const admin = t.as('admin');
    const list = json(await t.as('supervisor')({ method: 'GET', url: '/api/notification-templates' })).templates;
    expect(list.map((x: { key: string }) => x.key)).toEqual(['order.confirmed', 'order.shipped', 'order.delayed', 'aftersale.moved']);
    const confirmed = list[0];
    expect(confirmed.variables).toContain('orderNo');
    const bad = await admin({
      method: 'PUT',
      url: '/api/notification-templates/order.confirmed',
      payload: { version: confirmed.version, body: '{{trackingNo}}' },
    });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).fields[0].field).toBe('body.body');
    expect(
      (await agent({ method: 'PUT', url: '/api/notification-templates/order.confirmed', payload: { version: confirmed.version, enabled: false } }))
        .statusCode,
    ).toBe(403);
    expect((await admin({ method: 'PUT', url: '/api/notification-templates/order.nope', payload: { version: 1, enabled: false } })).statusCode).toBe(
      400,
    );
    const off = await admin({
      method: 'PUT',
      url: '/api/notification-templates/order.confirmed',
      payload: { version: confirmed.version, enabled: false },
    });
    expect(off.statusCode, off.body).toBe(200);

    const { customerId, order } = await orderOf({ chat: true });
    const confirmed2 = await agent({ method: 'POST', url: `/api/orders/${order.id}/confirm`, payload: { version: order.version } });
    expect(confirmed2.statusCode, confirmed2.body).toBe(200);
    await t.app.events.deliverNow();
    expect(await sendsOf(customerId)).toEqual([]);
    await admin({ method: 'PUT', url: '/api/notification-templates/order.confirmed', payload: { version: confirmed.version + 1, enabled: true } });
  });
});
