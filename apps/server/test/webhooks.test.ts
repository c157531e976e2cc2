import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, WebhookDeliverer } from '../src/integrations/deliver.ts';
import { queueEventSends } from '../src/integrations/queue.ts';
import { verifySignature } from '../src/integrations/signing.ts';
import { guardedLookup, isPrivateAddress, refusedTarget } from '../src/integrations/targets.ts';
import type { Delivered } from '../src/events/types.ts';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';

// Outgoing webhooks against a real HTTP receiver on the loopback (WEBHOOK_PRIVATE_TARGETS=allow, as an ERP on the
// shop's own network would need).
interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}
const received: Received[] = [];
/** What the receiver answers next (then 200): a status, or 'hang' to never answer. */
const answers: (number | 'hang')[] = [];
const receiver: Server = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    received.push({ headers: req.headers, body });
    const answer = answers.shift() ?? 200;
    if (answer === 'hang') return;
    res.writeHead(answer).end('ok');
  });
});
let url = '';

let t: TestApp;
let admin: Client;
let agent: Client;
beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/kefu-hook`;
  t = await createTestApp({ WEBHOOK_PRIVATE_TARGETS: 'allow' });
  admin = t.as('admin');
  agent = t.as('agent');
  // Listeners start at the head when the room first runs: register them before anything happens.
  await t.app.events.deliverNow();
});
afterAll(async () => {
  await t.close();
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});
beforeEach(() => {
  received.length = 0;
  answers.length = 0;
});

async function subscribe(eventTypes: string[], extra: Record<string, unknown> = {}) {
  const res = await admin({ method: 'POST', url: '/api/integrations/webhooks', payload: { url, eventTypes, description: 'ERP', ...extra } });
  expect(res.statusCode, res.body).toBe(201);
  return json<{ subscription: { id: number; version: number; secretHint: string }; secret: string }>(res);
}
async function openTicket(subject: string) {
  const res = await agent({ method: 'POST', url: '/api/tickets', payload: { type: 'consultation', subject } });
  expect(res.statusCode, res.body).toBe(201);
  return json<{ ticket: { id: number } }>(res).ticket.id;
}
/** Switches the other tests' subscriptions off, so what the receiver gets is this one's. */
const onlyThis = (id: number) => t.ctx.db.updateTable('webhook_subscriptions').set({ active: false }).where('id', '!=', id).execute();
/** Events to their listeners, then the due deliveries out. */
async function flush() {
  await t.app.events.deliverNow();
  await t.app.webhooks.deliverDue();
}
const sendsOf = (subscriptionId: number) =>
  t.ctx.db.selectFrom('webhook_sends').selectAll().where('subscription_id', '=', subscriptionId).orderBy('id').execute();
/** Sends due deliveries until the subscription's first send meets `done` (the background try may hold its lease meanwhile). */
async function sendsUntil(subscriptionId: number, done: (send: Awaited<ReturnType<typeof sendsOf>>[number]) => boolean) {
  for (let i = 0; i < 100; i++) {
    await t.app.webhooks.deliverDue();
    const sends = await sendsOf(subscriptionId);
    if (sends[0] && done(sends[0])) return sends;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the send did not reach the expected state');
}
const bodyOf = (r: Received) => JSON.parse(r.body) as { id: string; type: string; occurredAt: string; data: Record<string, unknown> };

describe('subscribing', () => {
  it('gives the secret once, then only its last 4 characters', async () => {
    const made = await subscribe(['ticket.created']);
    expect(made.secret).toMatch(/^whsec_[\w-]{32}$/);
    expect(made.subscription.secretHint).toBe(made.secret.slice(-4));
    const list = json(await admin({ method: 'GET', url: '/api/integrations/webhooks' }));
    expect(JSON.stringify(list)).not.toContain(made.secret);
    expect(list.eventTypes.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['ticket.created', 'order.ingested', 'customer.merged']),
    );
    const audit = await t.ctx.db.selectFrom('audit_log').select('detail').where('action', '=', 'webhook.create').execute();
    expect(JSON.stringify(audit)).not.toContain(made.secret);
  });

  it('refuses a URL that is not http(s), carries a password, or an event kefu does not record — naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ url: 'ftp://erp.example.com/in', eventTypes: ['ticket.created'] }, 'body.url'],
      [{ url: 'https://user:pw@erp.example.com/in', eventTypes: ['ticket.created'] }, 'body.url'],
      [{ url: 'https://erp.example.com/in', eventTypes: [] }, 'body.eventTypes'],
      [{ url: 'https://erp.example.com/in', eventTypes: ['ticket.created', 'ticket.deleted'] }, 'body.eventTypes.1'],
    ];
    for (const [payload, field] of cases) {
      const res = await admin({ method: 'POST', url: '/api/integrations/webhooks', payload });
      expect(res.statusCode, res.body).toBe(400);
      expect(json(res).fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    expect(await t.ctx.db.selectFrom('webhook_subscriptions').select('id').where('url', 'like', '%erp.example.com%').execute()).toEqual([]);
  });

  it('refuses a stale edit (409) and keeps the other admin’s change', async () => {
    const { subscription } = await subscribe(['ticket.created']);
    const first = await admin({
      method: 'PATCH',
      url: `/api/integrations/webhooks/${subscription.id}`,
      payload: { version: subscription.version, description: '仓库系统' },
    });
    expect(first.statusCode, first.body).toBe(200);
    const stale = await admin({
      method: 'PATCH',
      url: `/api/integrations/webhooks/${subscription.id}`,
      payload: { version: subscription.version, active: false },
    });
    expect(stale.statusCode).toBe(409);
    const now = json(await admin({ method: 'GET', url: `/api/integrations/webhooks/${subscription.id}` })).subscription;
    expect([now.description, now.active]).toEqual(['仓库系统', true]);
  });
});

describe('delivering', () => {
  it('posts each subscribed event once, signed, with the event id for the receiver to de-duplicate', async () => {
    const { subscription, secret } = await subscribe(['ticket.created']);
    await onlyThis(subscription.id);
    const ticketId = await openTicket('订单 10086 发票');
    await flush();
    const mine = received.filter((r) => r.headers['x-kefu-delivery'] && bodyOf(r).data.ticketId === ticketId);
    expect(mine.length).toBeGreaterThanOrEqual(1);
    const hit = mine[0]!;
    expect(hit.headers['x-kefu-event']).toBe('ticket.created');
    expect(hit.headers['content-type']).toBe('application/json');
    expect(verifySignature(secret, hit.headers, hit.body)).toBe(true);
    expect(verifySignature(secret, hit.headers, hit.body.replace(`"ticketId":${ticketId}`, `"ticketId":${ticketId + 1}`))).toBe(false);
    expect(verifySignature('whsec_someone-else', hit.headers, hit.body)).toBe(false);
    // Replayed ten minutes later: outside the window the signature covers.
    expect(verifySignature(secret, hit.headers, hit.body, Date.now() + 600_000)).toBe(false);
    const sends = (await sendsOf(subscription.id)).filter((s) => s.body.includes(`"ticketId":${ticketId}`));
    expect(sends.map((s) => [s.status, s.attempts, s.response_status])).toEqual([['delivered', 1, 200]]);
    // The room delivers at least once: the same event seen again is not queued again.
    const event = await t.ctx.db
      .selectFrom('domain_events')
      .selectAll()
      .where('id', '=', Number(bodyOf(hit).id))
      .executeTakeFirstOrThrow();
    const again: Delivered = {
      id: Number(event.id),
      position: 0,
      subject: event.subject,
      type: 'ticket.created',
      payload: event.payload as never,
      occurredAt: event.occurred_at,
    };
    expect(await queueEventSends(t.ctx.db, [again])).toBe(0);
  });

  it('sends only the types asked for, and nothing to a subscription that is switched off', async () => {
    const wantsOrders = await subscribe(['order.ingested']);
    const off = await subscribe(['ticket.created'], { active: false });
    await openTicket('只有工单');
    await flush();
    expect(await sendsOf(wantsOrders.subscription.id)).toEqual([]);
    expect(await sendsOf(off.subscription.id)).toEqual([]);
  });

  it('retries a failed delivery with back-off, shows the subscription failing, then delivered and healthy', async () => {
    const { subscription } = await subscribe(['ticket.created']);
    await onlyThis(subscription.id);
    answers.push(503);
    await openTicket('第一次失败');
    await flush();
    const [first] = await sendsOf(subscription.id);
    expect([first!.status, first!.attempts, first!.response_status, first!.error]).toEqual(['pending', 1, 503, 'the receiver answered 503']);
    const waitSeconds = (first!.next_attempt_at.getTime() - Date.now()) / 1000;
    expect(waitSeconds).toBeGreaterThan(20);
    expect(waitSeconds).toBeLessThan(40);
    const failing = json(await admin({ method: 'GET', url: `/api/integrations/webhooks/${subscription.id}` })).subscription;
    expect([failing.health, failing.consecutiveFailures, failing.pending]).toEqual(['failing', 1, 1]);
    // Not due yet: a pass leaves it alone.
    await t.app.webhooks.deliverDue();
    expect((await sendsOf(subscription.id))[0]!.attempts).toBe(1);
    await t.ctx.db.updateTable('webhook_sends').set({ next_attempt_at: new Date() }).where('id', '=', first!.id).execute();
    await t.app.webhooks.deliverDue();
    const [second] = await sendsOf(subscription.id);
    expect([second!.status, second!.attempts, second!.response_status]).toEqual(['delivered', 2, 200]);
    const healthy = json(await admin({ method: 'GET', url: `/api/integrations/webhooks/${subscription.id}` })).subscription;
    expect([healthy.health, healthy.consecutiveFailures, healthy.pending]).toEqual(['ok', 0, 0]);
  });

  it(`gives up after ${MAX_ATTEMPTS} tries; an admin re-sends it from the log`, async () => {
    const { subscription } = await subscribe(['ticket.created']);
    await onlyThis(subscription.id);
    answers.push(500, 500);
    await openTicket('放弃');
    await t.app.events.deliverNow();
    // The room's background delivery may make the first try itself: either way, wait until one try is over.
    const [tried] = await sendsUntil(subscription.id, (s) => s.attempts >= 1);
    await t.ctx.db
      .updateTable('webhook_sends')
      .set({ attempts: MAX_ATTEMPTS - 1, next_attempt_at: new Date() })
      .where('id', '=', tried!.id)
      .execute();
    const [failed] = await sendsUntil(subscription.id, (s) => s.status !== 'pending');
    expect([failed!.status, failed!.attempts, failed!.finished_at !== null]).toEqual(['failed', MAX_ATTEMPTS, true]);
    const log = json(await admin({ method: 'GET', url: `/api/integrations/webhooks/${subscription.id}/deliveries?status=failed` }));
    expect(log.sends.map((s: { id: string }) => s.id)).toEqual([failed!.id]);
    expect(log.counts).toEqual({ pending: 0, delivered: 0, failed: 1 });
    const res = await admin({ method: 'POST', url: `/api/integrations/webhook-deliveries/${failed!.id}/redeliver` });
    expect(res.statusCode, res.body).toBe(200);
    await t.app.webhooks.deliverDue();
    expect((await sendsOf(subscription.id)).map((s) => s.status)).toEqual(['delivered']);
    expect(received.at(-1)!.body).toBe(failed!.body);
  });

  it('switches a subscription off when its receiver answers 410 Gone', async () => {
    const { subscription } = await subscribe(['ticket.created']);
    await onlyThis(subscription.id);
    answers.push(410);
    await openTicket('接收方已下线');
    await flush();
    const sub = json(await admin({ method: 'GET', url: `/api/integrations/webhooks/${subscription.id}` })).subscription;
    expect([sub.active, sub.health, sub.lastError]).toEqual([false, 'off', 'the receiver answered 410']);
  });

  it('tests a subscription with a ping, and signs with the rotated secret from then on', async () => {
    const { subscription, secret } = await subscribe(['ticket.created']);
    const rotated = json(
      await admin({ method: 'POST', url: `/api/integrations/webhooks/${subscription.id}/rotate-secret`, payload: { version: subscription.version } }),
    );
    expect(rotated.secret).not.toBe(secret);
    const res = await admin({ method: 'POST', url: `/api/integrations/webhooks/${subscription.id}/ping` });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res).send).toMatchObject({ eventType: 'ping', status: 'delivered', responseStatus: 200, attempts: 1 });
    const hit = received.at(-1)!;
    expect(bodyOf(hit)).toMatchObject({ type: 'ping', data: { subscriptionId: subscription.id } });
    expect(verifySignature(rotated.secret, hit.headers, hit.body)).toBe(true);
    expect(verifySignature(secret, hit.headers, hit.body)).toBe(false);
  });

  it('pages the log newest first and removes it with the subscription', async () => {
    const { subscription } = await subscribe(['ticket.created']);
    for (let i = 0; i < 3; i++) await admin({ method: 'POST', url: `/api/integrations/webhooks/${subscription.id}/ping` });
    const page1 = json(await admin({ method: 'GET', url: `/api/integrations/webhooks/${subscription.id}/deliveries?limit=2` }));
    expect(page1.sends).toHaveLength(2);
    const page2 = json(
      await admin({ method: 'GET', url: `/api/integrations/webhooks/${subscription.id}/deliveries?limit=2&before=${page1.nextBefore}` }),
    );
    expect(page2.sends).toHaveLength(1);
    expect(page1.sends[1].id).toBeGreaterThan(page2.sends[0].id);
    const sub = json(await admin({ method: 'GET', url: `/api/integrations/webhooks/${subscription.id}` })).subscription;
    const del = await admin({ method: 'DELETE', url: `/api/integrations/webhooks/${subscription.id}?version=${sub.version}` });
    expect(del.statusCode, del.body).toBe(204);
    expect(await sendsOf(subscription.id)).toEqual([]);
    expect((await admin({ method: 'GET', url: `/api/integrations/webhooks/${subscription.id}/deliveries` })).statusCode).toBe(404);
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    const { subscription } = await subscribe(['ticket.created']);
    await onlyThis(subscription.id);
    // Queued by hand: the app's own deliverer (nudged when an event queues one) must not take it first.
    await t.ctx.db.insertInto('webhook_sends').values({ subscription_id: subscription.id, event_id: null, event_type: 'ping', body: '{}' }).execute();
    answers.push('hang');
    const quick = new WebhookDeliverer(t.ctx.db, { allowPrivate: true, log: { error() {} }, timeoutMs: 200 });
    await quick.deliverDue();
    await quick.close();
    const [send] = await sendsOf(subscription.id);
    expect([send!.status, send!.attempts, send!.error]).toEqual(['failed', 1, 'no answer within 0.2 s']);
  });
});

describe('private targets (the default: WEBHOOK_PRIVATE_TARGETS=refuse)', () => {
  it('knows loopback, private, link-local and mapped addresses from public ones', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
    ]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['8.8.8.8', '203.0.113.9'.replace('203.0.113', '114.114.114'), '2400:3200::1']) expect(isPrivateAddress(a), a).toBe(false);
    for (const u of [
      'http://localhost:8080/x',
      'http://LOCALHOST./x',
      'http://127.1.2.3/',
      'http://[::1]/',
      'http://169.254.169.254/latest/meta-data',
      'http://erp.internal/',
    ]) {
      expect(refusedTarget(u, false), u).not.toBeNull();
      expect(refusedTarget(u, true), u).toBeNull();
    }
    expect(refusedTarget('https://erp.example.com/hook', false)).toBeNull();
  });

  it('refuses a name that resolves to a private address at connection time', async () => {
    const lookup = guardedLookup(false);
    const error = await new Promise<Error | null>((resolve) => lookup('localhost', {}, (err) => resolve(err)));
    expect(error?.message).toMatch(/resolves to a private address/);
    const allowed = await new Promise<string>((resolve) => guardedLookup(true)('localhost', {}, (_e, address) => resolve(address as string)));
    expect(isPrivateAddress(allowed)).toBe(true);
  });

  it('refuses a loopback URL when it is saved, and never connects when its name later points inside', async () => {
    const strict = await createTestApp();
    await strict.app.events.deliverNow();
    try {
      const res = await strict.as('admin')({ method: 'POST', url: '/api/integrations/webhooks', payload: { url, eventTypes: ['ticket.created'] } });
      expect(res.statusCode).toBe(400);
      expect(json(res).fields[0].field).toBe('body.url');
      const made = await strict
        .as('admin')({
          method: 'POST',
          url: '/api/integrations/webhooks',
          payload: { url: 'https://erp.example.com/in', eventTypes: ['ticket.created'] },
        })
        .then(json);
      // As if its DNS answer changed after it was saved (or the row was edited): the connection is refused, not made.
      const port = (receiver.address() as AddressInfo).port;
      await strict.ctx.db
        .updateTable('webhook_subscriptions')
        .set({ url: `http://localhost:${port}/kefu-hook` })
        .where('id', '=', made.subscription.id)
        .execute();
      await strict.as('agent')({ method: 'POST', url: '/api/tickets', payload: { type: 'consultation', subject: '内网' } });
      await strict.app.events.deliverNow();
      await strict.app.webhooks.deliverDue();
      const [send] = await strict.ctx.db.selectFrom('webhook_sends').selectAll().where('subscription_id', '=', made.subscription.id).execute();
      expect(send!.error).toMatch(/resolves to a private address/);
      expect(received).toEqual([]);
    } finally {
      await strict.close();
    }
  });
});
