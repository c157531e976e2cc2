import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES, isEventType } from '../src/events/types.ts';
import { sweepClocks } from '../src/sla/sweep.ts';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';

// The domain events kefu's own changes record, and a listener that acts on them (the reply's e-mail).
const received: ParsedMail[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    simpleParser(stream).then((mail) => {
      received.push(mail);
      callback();
    }, callback);
  },
});

let t: TestApp;
let agent: Client;
beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  t = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}` });
  agent = t.as('agent');
  await t.ctx.db.insertInto('products').values({ sku: 'EV-001', name: '珊瑚绒睡衣', category: '睡衣', price_fen: 9_900 }).execute();
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

/** The agent's request; the response body, after checking the status. */
async function send(method: 'POST' | 'PATCH', url: string, payload: unknown, status = method === 'POST' ? 201 : 200) {
  const res = await agent({ method, url, payload: payload as Record<string, unknown> });
  expect(res.statusCode, res.body).toBe(status);
  return json(res);
}
const eventsOf = (subject: string) =>
  t.ctx.db.selectFrom('domain_events').select(['id', 'type', 'subject', 'payload']).where('subject', '=', subject).orderBy('id').execute();

async function customerWithEmail(email: string) {
  return (await send('POST', '/api/customers', { name: '赵女士', identities: [{ kind: 'email', value: email }] })).customer;
}
async function ticketFor(customerId: number, subject: string) {
  return (await send('POST', '/api/tickets', { type: 'consultation', subject, customerId })).ticket;
}

async function attach(ticketId: number) {
  const boundary = '----kefu-events';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.png"\r\nContent-Type: image/png\r\n\r\n`),
    Buffer.from('89504e470d0a1a0a', 'hex'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const headers = { 'content-type': `multipart/form-data; boundary=${boundary}` };
  expect((await agent({ method: 'POST', url: `/api/tickets/${ticketId}/attachments`, payload: body, headers })).statusCode).toBe(201);
}

describe('the ticket timeline and its events', () => {
  it('records one event per timeline entry, whichever part of kefu writes it', async () => {
    const customer = await customerWithEmail('zhao@qq.com');
    const { order } = await send('POST', '/api/orders', {
      platform: 'tmall',
      orderNo: 'EV1',
      status: 'delivered',
      buyerNick: 'ev_buyer',
      customerId: customer.id,
      receiver: { name: '赵女士', phone: '13912345678', province: '浙江省', city: '杭州市', address: '文三路 100 号 3 幢 201' },
      lines: [{ sku: 'EV-001', title: '珊瑚绒睡衣', quantity: 1, unitPriceFen: 9_900 }],
      createdAt: daysAgo(5),
      paidAt: daysAgo(5),
      shippedAt: daysAgo(4),
      deliveredAt: daysAgo(2),
    });
    const ticket = await ticketFor(customer.id, '睡衣起球');
    const subject = `ticket:${ticket.id}`;
    await send('PATCH', `/api/tickets/${ticket.id}`, { version: ticket.version, priority: 'high', tags: ['回访'] });
    const before = (await eventsOf(subject)).length;
    await send('PATCH', `/api/tickets/${ticket.id}`, { version: ticket.version, priority: 'low' }, 409);
    expect(await eventsOf(subject)).toHaveLength(before); // a refused change records nothing
    await send('POST', `/api/tickets/${ticket.id}/messages`, { kind: 'note', body: '顾客说洗过一次' });
    await send('POST', `/api/tickets/${ticket.id}/messages`, { kind: 'reply', body: '您好，可以为您退款。' });
    await attach(ticket.id);
    const refund = { orderId: order.id, ticketId: ticket.id, kind: 'refund', reason: 'other', lines: [{ lineId: order.lines[0].id, quantity: 1 }] };
    const { afterSale } = await send('POST', '/api/aftersales', { ...refund, goodsIntact: true });
    await send('POST', `/api/aftersales/${afterSale.id}/transition`, { version: afterSale.version, to: 'approved' }, 200);
    expect((await sweepClocks(t.ctx.db, null, new Date(Date.now() + 49 * 3600_000))).breached).toBeGreaterThan(0);

    const entries = await t.ctx.db
      .selectFrom('ticket_events')
      .select(['id', 'kind', 'actor_id'])
      .where('ticket_id', '=', ticket.id)
      .orderBy('id')
      .execute();
    expect(entries.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['created', 'priority', 'tags', 'note', 'reply', 'status', 'attachment', 'after_sale', 'task', 'sla_breached']),
    );
    const ofTicket = await eventsOf(subject);
    // The missed promises are events of the ticket too, beside its timeline entries.
    expect(ofTicket.filter((e) => e.type === 'sla.breached').length).toBeGreaterThan(0);
    expect(ofTicket.filter((e) => e.type.startsWith('ticket.')).map((e) => [e.type, e.payload])).toEqual(
      entries.map((e, i) => [
        i === 0 ? 'ticket.created' : 'ticket.changed',
        expect.objectContaining({ ticketId: ticket.id, entryId: String(e.id), kind: e.kind, actorId: e.actor_id }),
      ]),
    );

    const moved = { afterSaleId: afterSale.id, ticketId: ticket.id, orderId: order.id, kind: 'refund' };
    expect((await eventsOf(`aftersale:${afterSale.id}`)).map((e) => e.payload)).toEqual([
      { ...moved, from: null, to: 'requested' },
      { ...moved, from: 'requested', to: 'approved' },
    ]);
    expect((await eventsOf(`order:${order.id}`)).map((e) => [e.type, e.payload])).toEqual([
      ['order.ingested', { orderId: order.id, platform: 'tmall', orderNo: 'EV1', source: 'api', created: true }],
    ]);
    expect((await eventsOf(`customer:${customer.id}`)).map((e) => e.type)).toEqual(['customer.created']);

    // Every stored event is what its listeners will be given: its type is known and its payload fits its schema.
    for (const e of await t.ctx.db.selectFrom('domain_events').select(['type', 'payload']).execute()) {
      expect(isEventType(e.type), e.type).toBe(true);
      expect(EVENT_TYPES[e.type as keyof typeof EVENT_TYPES].payload.safeParse(e.payload).success, JSON.stringify(e)).toBe(true);
    }
  });

  it('has one writer: no other server file inserts timeline entries', () => {
    const src = fileURLToPath(new URL('../src/', import.meta.url));
    const writers = (readdirSync(src, { recursive: true }) as string[]).filter(
      (file) => file.endsWith('.ts') && /insertInto\(\s*'ticket_events'|insert\s+into\s+"?ticket_events/i.test(readFileSync(`${src}${file}`, 'utf8')),
    );
    expect(writers).toEqual(['tickets/timeline.ts']);
  });
});

describe('a listener on the events', () => {
  it("sends a reply's e-mail as soon as the reply is committed, without waiting for the e-mail sweep", async () => {
    const ticket = await ticketFor((await customerWithEmail('qian@163.com')).id, '何时发货');
    // No background jobs run in tests (SWEEP_INTERVAL_MS=0): only the room, started here, can send it.
    await t.app.events.start();
    try {
      const sent = received.length;
      const { message } = await send('POST', `/api/tickets/${ticket.id}/messages`, { kind: 'reply', body: '今天下午发货。' });
      expect(message.emailed).toBe(true);
      const toQian = () => received.slice(sent).filter((m) => (m.to as { text: string }).text === 'qian@163.com');
      for (const deadline = Date.now() + 5000; toQian().length === 0 && Date.now() < deadline;) await sleep(20);
      expect(toQian().map((m) => m.text?.trim().split('\n')[0])).toEqual(['今天下午发货。']);
    } finally {
      await t.app.events.stop(); // waits for the delivery in progress
    }
    expect(await t.ctx.db.selectFrom('email_outbox').select('status').where('ticket_id', '=', ticket.id).execute()).toEqual([{ status: 'sent' }]);
  });
});
