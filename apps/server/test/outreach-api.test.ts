import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDueEmails, mailer } from '../src/channels/email.ts';
import { deliverDueOutreach } from '../src/outreach/deliver.ts';
import { linkSecret, unsubscribeToken } from '../src/outreach/opt-outs.ts';
import { queueOutreach, type OutreachRequest } from '../src/outreach/send.ts';
import { createTestApp, json, type TestApp } from './helpers.ts';
import { makeCustomer } from './outreach-fixture.ts';
import type { SmsGateway } from '../src/channels/sms/gateway.ts';

// Delivering outreach (issue 13): chat, e-mail through a real SMTP peer, SMS; opt-outs win even after queuing.
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
let smtpUrl: string;
const texts: { phone: string; text: string }[] = [];
beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  t = await createTestApp({ SMTP_URL: smtpUrl, MAIL_FROM: '暖橙客服 <kefu@nuancheng.example>' });
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const NOON = new Date('2026-11-30T05:00:00Z');
let seq = 0;
const req = (customerId: number, over: Partial<OutreachRequest> = {}): OutreachRequest => ({
  customerId,
  purpose: 'survey',
  templateKey: 'survey.ticket',
  title: '邀请您评价本次服务',
  body: '您的工单已解决，欢迎评价',
  link: 'https://kefu.example/s/abc',
  dedupeKey: `d${++seq}`,
  ...over,
});
const queue = (r: OutreachRequest, now = NOON) => t.ctx.db.transaction().execute((tx) => queueOutreach(tx, r, now));
const smsSender: SmsGateway = {
  provider: 'test',
  send: async (m) => {
    texts.push({ phone: m.phone, text: m.text });
    return { providerId: null };
  },
};
const deliver = (now = new Date(), sms: typeof smsSender | null = smsSender) =>
  deliverDueOutreach(t.ctx.db, { sms: () => sms ?? undefined }, 100, now);
const sendRow = (id: number) => t.ctx.db.selectFrom('outreach_sends').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('delivery', () => {
  it('posts a chat line into the latest conversation once, however often delivery runs', async () => {
    const id = await makeCustomer(t.ctx.db, '陈女士', { chat: true });
    const q = await queue(req(id));
    if (q.outcome !== 'queued') throw new Error(JSON.stringify(q));
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(await deliver()).toMatchObject({ sent: 0 });
    const lines = await t.ctx.db.selectFrom('messages').selectAll().where('client_id', '=', `outreach-${q.id}`).execute();
    expect(lines).toHaveLength(1);
    expect(lines[0]!.body).toBe('您的工单已解决，欢迎评价\nhttps://kefu.example/s/abc');
    expect(await sendRow(q.id)).toMatchObject({ state: 'sent', attempts: 1 });
  });

  it('e-mails through the outbox with an unsubscribe link that works', async () => {
    const id = await makeCustomer(t.ctx.db, '王先生', { email: 'wang@shopper.example' });
    const q = await queue(req(id, { purpose: 'care', templateKey: 'care.birthday', title: '生日快乐', body: '王先生，祝您生日快乐！', link: null }));
    expect(q).toMatchObject({ outcome: 'queued', channel: 'email' });
    await deliver();
    await deliverDueEmails(t.ctx.db, mailer(smtpUrl, '暖橙客服 <kefu@nuancheng.example>')!);
    const mail = received.find((m) => m.subject === '生日快乐')!;
    expect(mail.text).toContain('王先生，祝您生日快乐！');
    const link = /\/u\/(\S+)/.exec(mail.text ?? '')![1]!;
    expect(link).toBe(unsubscribeToken(await linkSecret(t.ctx.db), id));

    const page = await t.app.inject({ method: 'GET', url: `/u/${link}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('不再接收营销消息');
    // Opening the link changes nothing (mail scanners open links); the button does.
    expect(await t.ctx.db.selectFrom('outreach_opt_outs').select('scope').where('customer_id', '=', id).execute()).toEqual([]);
    const done = await t.app.inject({
      method: 'POST',
      url: `/u/${link}`,
      payload: 'scope=marketing',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(done.statusCode).toBe(200);
    expect(await t.ctx.db.selectFrom('outreach_opt_outs').select(['scope', 'source']).where('customer_id', '=', id).execute()).toEqual([
      { scope: 'marketing', source: 'shopper' },
    ]);
    expect(await queue(req(id, { purpose: 'care', dedupeKey: 'care-2' }))).toEqual({ outcome: 'skipped', reason: 'opted_out' });
    const forged = await t.app.inject({ method: 'GET', url: `/u/${id}.${'0'.repeat(32)}` });
    expect(forged.statusCode).toBe(404);
  });

  it('texts by SMS when a gateway is there, and fails visibly when none is', async () => {
    const id = await makeCustomer(t.ctx.db, '李女士', { phone: '13700000009' });
    const q = await queue(req(id));
    if (q.outcome !== 'queued') throw new Error('not queued');
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(texts.at(-1)).toMatchObject({ phone: '13700000009' });
    expect(texts.at(-1)!.text).toContain('您的工单已解决');
    const other = await queue(req(id));
    if (other.outcome !== 'queued') throw new Error('not queued');
    expect(await deliver(new Date(), null)).toMatchObject({ failed: 1 });
    expect(await sendRow(other.id)).toMatchObject({ state: 'failed', reason: 'sms_unavailable' });
  });

  it('retries a failing gateway with back-off, then gives up', async () => {
    const id = await makeCustomer(t.ctx.db, '赵先生', { phone: '13700000010' });
    const q = await queue(req(id));
    if (q.outcome !== 'queued') throw new Error('not queued');
    const broken: SmsGateway = { provider: 'test', send: async () => Promise.reject(new Error('gateway down')) };
    let now = new Date();
    await deliverDueOutreach(t.ctx.db, { sms: () => broken }, 100, now);
    const first = await sendRow(q.id);
    expect(first).toMatchObject({ state: 'queued', attempts: 1, reason: 'gateway down' });
    expect(first.next_attempt_at.getTime()).toBeGreaterThan(now.getTime());
    for (let i = 0; i < 6; i++) {
      now = new Date(now.getTime() + 3600_000);
      await deliverDueOutreach(t.ctx.db, { sms: () => broken }, 100, now);
    }
    expect(await sendRow(q.id)).toMatchObject({ state: 'failed', attempts: 5 });
  });
});

describe('opting out', () => {
  it('cancels a scheduled send when staff opt the customer out, and delivery re-checks', async () => {
    const id = await makeCustomer(t.ctx.db, '孙女士', { chat: true, email: 'sun@shopper.example' });
    const later = new Date('2026-12-05T05:00:00Z'); // 13:00 China time, a few days on
    const a = await queue(req(id, { notBefore: later }));
    const b = await queue(req(id, { channels: ['email'], notBefore: later }));
    if (a.outcome !== 'queued' || b.outcome !== 'queued') throw new Error('not queued');
    const res = await t.as('agent')({ method: 'PUT', url: `/api/customers/${id}/opt-out`, payload: { scopes: ['chat'] } });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ optOuts: ['chat'], cancelled: 1 });
    expect(await sendRow(a.id)).toMatchObject({ state: 'cancelled', reason: 'opted_out' });
    // An opt-out written behind the queue's back (another process) is still honoured at send time.
    await t.ctx.db.insertInto('outreach_opt_outs').values({ customer_id: id, scope: 'email', source: 'shopper', created_by: null }).execute();
    expect(await deliver(new Date(later.getTime() + 60_000))).toMatchObject({ cancelled: 1, sent: 0 });
    expect(await sendRow(b.id)).toMatchObject({ state: 'cancelled', reason: 'opted_out' });
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('action', '=', 'customer.opt_out')
      .where('entity_id', '=', String(id))
      .execute();
    expect(audit).toEqual([{ action: 'customer.opt_out', actor_id: t.users.agent!.id }]);
  });

  it('survives a customer merge where both files have the same opt-out and the same send', async () => {
    const kept = await makeCustomer(t.ctx.db, '合并甲', { chat: true });
    const gone = await makeCustomer(t.ctx.db, '合并乙', { email: 'merge@shopper.example' });
    for (const id of [kept, gone]) {
      await t.ctx.db.insertInto('outreach_opt_outs').values({ customer_id: id, scope: 'sms', source: 'staff', created_by: null }).execute();
      await queue(req(id, { dedupeKey: 'order:9:shipped' }));
    }
    await queue(req(gone, { dedupeKey: 'only-on-gone' }));
    const res = await t.as('supervisor')({ method: 'POST', url: `/api/customers/${kept}/merge`, payload: { sourceId: gone, version: 1 } });
    expect(res.statusCode, res.body).toBe(200);
    const keys = await t.ctx.db.selectFrom('outreach_sends').select('dedupe_key').where('customer_id', '=', kept).orderBy('id').execute();
    expect(keys.map((k) => k.dedupe_key)).toEqual(['order:9:shipped', 'only-on-gone']);
    expect(await t.ctx.db.selectFrom('outreach_opt_outs').select('scope').where('customer_id', '=', kept).execute()).toEqual([{ scope: 'sms' }]);
    expect(await t.ctx.db.selectFrom('outreach_sends').select('id').where('customer_id', '=', gone).execute()).toEqual([]);
  });

  it('refuses bad input and other roles', async () => {
    const id = await makeCustomer(t.ctx.db, '周先生', { chat: true });
    const bad = await t.as('agent')({ method: 'PUT', url: `/api/customers/${id}/opt-out`, payload: { scopes: ['fax'] } });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).fields[0].field).toMatch(/^body\.scopes/);
    expect((await t.as('warehouse')({ method: 'PUT', url: `/api/customers/${id}/opt-out`, payload: { scopes: [] } })).statusCode).toBe(403);
    expect((await t.as('agent')({ method: 'PUT', url: '/api/customers/999999/opt-out', payload: { scopes: ['sms'] } })).statusCode).toBe(404);
    expect(await t.ctx.db.selectFrom('outreach_opt_outs').selectAll().where('customer_id', '=', id).execute()).toEqual([]);
  });
});

describe('settings and the send log', () => {
  it('admins change quiet hours and the cap; bad values are 400 naming the field, stale ones 409', async () => {
    const admin = t.as('admin');
    const { settings } = json(await t.as('supervisor')({ method: 'GET', url: '/api/outreach/settings' }));
    expect(settings).toMatchObject({ quietStart: '21:00', quietEnd: '09:00', capCount: 2, capDays: 7 });
    const bad = await admin({ method: 'PUT', url: '/api/outreach/settings', payload: { version: settings.version, quietStart: '25:00' } });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).fields[0].field).toBe('body.quietStart');
    const badCap = await admin({ method: 'PUT', url: '/api/outreach/settings', payload: { version: settings.version, capDays: 0 } });
    expect(json(badCap).fields[0].field).toBe('body.capDays');
    expect(
      (await t.as('supervisor')({ method: 'PUT', url: '/api/outreach/settings', payload: { version: settings.version, capCount: 5 } })).statusCode,
    ).toBe(403);
    const ok = await admin({
      method: 'PUT',
      url: '/api/outreach/settings',
      payload: { version: settings.version, quietStart: '22:00', capCount: 3 },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok).settings).toMatchObject({ quietStart: '22:00', capCount: 3, version: settings.version + 1 });
    const stale = await admin({ method: 'PUT', url: '/api/outreach/settings', payload: { version: settings.version, capCount: 1 } });
    expect(stale.statusCode).toBe(409);
    // 21:30 China time is no longer quiet.
    const id = await makeCustomer(t.ctx.db, '吴女士', { chat: true });
    const at = new Date('2026-11-30T13:30:00Z');
    expect(await queue(req(id), at)).toMatchObject({ sendAt: at });
    await admin({ method: 'PUT', url: '/api/outreach/settings', payload: { version: settings.version + 1, quietStart: '21:00', capCount: 2 } });
  });

  it('lists the log with filters and counts skips by reason', async () => {
    const none = await makeCustomer(t.ctx.db, '无联系方式');
    await queue(req(none));
    const res = await t.as('supervisor')({ method: 'GET', url: `/api/outreach/sends?state=skipped&customerId=${none}` });
    expect(res.statusCode, res.body).toBe(200);
    const log = json(res);
    expect(log.sends).toMatchObject([{ customerId: none, customerName: '无联系方式', state: 'skipped', reason: 'no_channel', purpose: 'survey' }]);
    expect(log.counts).toMatchObject({ sent: 0, skipped: { no_channel: 1 } });
    const all = json(await t.as('admin')({ method: 'GET', url: '/api/outreach/sends?limit=2' }));
    expect(all.sends).toHaveLength(2);
    expect(all.nextBefore).toBe(all.sends[1].id);
    expect(all.counts.sent).toBeGreaterThanOrEqual(3);
    expect((await t.as('agent')({ method: 'GET', url: '/api/outreach/sends' })).statusCode).toBe(403);
    expect(json(await t.as('admin')({ method: 'GET', url: '/api/outreach/sends?channel=fax' })).fields[0].field).toBe('querystring.channel');
    const file = json(await t.as('agent')({ method: 'GET', url: `/api/customers/${none}/outreach` }));
    expect(file).toMatchObject({ optOuts: [], sends: [{ reason: 'no_channel' }] });
  });
});
