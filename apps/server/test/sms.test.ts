import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRpc } from '../src/channels/sms/aliyun.ts';
import { deliverDueSms } from '../src/channels/sms/outbox.ts';
import Fastify from 'fastify';
import { loadConfig } from '../src/config.ts';
import { smsChannel } from '../src/channels/sms/setup.ts';
import { deliverDueOutreach } from '../src/outreach/deliver.ts';
import { queueOutreach } from '../src/outreach/send.ts';
import { startFakeAliyun, type FakeAliyun } from './fixtures/aliyun-sms-server.ts';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';
import { makeCustomer } from './outreach-fixture.ts';

// SMS end to end against a local server speaking Aliyun's SMS API: kefu's sends are signed and template-shaped,
// Aliyun's pushes (delivery reports, replies 上行) come back through the callback routes.
const ACCOUNT = {
  accessKeyId: 'LTAI5tKefuTest',
  accessKeySecret: 'kefu-test-secret-0123456789',
  signName: '暖橙家居',
  templates: { SMS_100001: ['code'], SMS_100002: ['content'], SMS_100003: ['content'] },
};
const TOKEN = 'sms-callback-token-0123456789abcdef';
const NOON = new Date('2026-11-30T05:00:00Z');

let aliyun: FakeAliyun;
let t: TestApp;
let agent: Client;

beforeAll(async () => {
  aliyun = await startFakeAliyun(ACCOUNT);
  t = await createTestApp({
    SMS_PROVIDER: 'aliyun',
    SMS_ALIYUN_ACCESS_KEY_ID: ACCOUNT.accessKeyId,
    SMS_ALIYUN_ACCESS_KEY_SECRET: ACCOUNT.accessKeySecret,
    SMS_ALIYUN_ENDPOINT: aliyun.url,
    SMS_SIGN_NAME: ACCOUNT.signName,
    SMS_TEMPLATE_VERIFICATION: 'SMS_100001',
    SMS_TEMPLATE_NOTICE: 'SMS_100002',
    SMS_TEMPLATE_REPLY: 'SMS_100003',
    SMS_CALLBACK_TOKEN: TOKEN,
  });
  agent = t.as('agent');
});
afterAll(async () => {
  await t.close();
  await aliyun.close();
});

const push = (kind: 'report' | 'up', body: unknown, token = TOKEN) =>
  t.app.inject({ method: 'POST', url: `/api/channels/sms/aliyun/${token}/${kind}`, payload: body as object });
let sequence = 5000;
const up = (phone: string, content: string, sequenceId = ++sequence) =>
  push('up', [
    { phone_number: phone, send_time: '2026-11-30 12:00:00', content, sign_name: ACCOUNT.signName, dest_code: '1234', sequence_id: sequenceId },
  ]);
const report = (r: { phone: string; outId?: string; bizId?: string; success: boolean; code?: string }) =>
  push('report', [
    {
      phone_number: r.phone,
      send_time: '2026-11-30 12:00:00',
      report_time: '2026-11-30 12:00:05',
      success: r.success,
      err_code: r.code ?? (r.success ? 'DELIVERED' : 'MK:0001'),
      err_msg: r.success ? '用户接收成功' : '用户关机',
      sms_size: '1',
      biz_id: r.bizId,
      out_id: r.outId,
    },
  ]);
const messages = () => t.ctx.db.selectFrom('sms_messages').selectAll().orderBy('id').execute();
const entriesOf = (id: number) =>
  t.ctx.db.selectFrom('ticket_events').select(['kind', 'body', 'data']).where('ticket_id', '=', id).orderBy('id').execute();
const ticketOf = (id: number) => t.ctx.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const deliver = () => deliverDueSms(t.ctx.db, t.ctx.sms!);

describe("Aliyun's signature", () => {
  it("matches Aliyun's published example (signature version 1.0, HMAC-SHA1)", () => {
    const params = {
      AccessKeyId: 'testid',
      Action: 'DescribeRegions',
      Format: 'XML',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
      SignatureVersion: '1.0',
      Timestamp: '2016-02-23T12:46:24Z',
      Version: '2014-05-26',
    };
    expect(signRpc('GET', params, 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });
});

describe('sending', () => {
  it('sends a care message on the notice template under the shop signature, then records its delivery report', async () => {
    const id = await makeCustomer(t.ctx.db, '周女士', { phone: '13900001111' });
    const queued = await t.ctx.db.transaction().execute((tx) =>
      queueOutreach(
        tx,
        {
          customerId: id,
          purpose: 'care',
          templateKey: 'care.birthday',
          title: '生日关怀',
          body: '周女士生日快乐！送您一张20元券',
          dedupeKey: 'sms-1',
          channels: ['sms'],
        },
        NOON,
      ),
    );
    expect(queued.outcome).toBe('queued');
    expect(await deliverDueOutreach(t.ctx.db, { sms: () => t.ctx.sms }, 100, NOON)).toMatchObject({ sent: 1 });
    const sent = aliyun.sends.at(-1)!;
    expect(sent).toMatchObject({ phone: '13900001111', signName: '暖橙家居', templateCode: 'SMS_100002' });
    expect(sent.params.content).toContain('生日快乐');
    const [row] = (await messages()).filter((m) => m.phone === '13900001111');
    expect(row).toMatchObject({ kind: 'notice', status: 'sent', provider_id: sent.bizId, customer_id: id });
    expect(sent.outId).toBe(String(row!.id));

    // Aliyun reports it delivered; the same report pushed again changes nothing.
    for (let i = 0; i < 2; i++) {
      const res = await report({ phone: '13900001111', outId: sent.outId, bizId: sent.bizId, success: true });
      expect(res.statusCode, res.body).toBe(200);
      expect(json(res)).toEqual({ code: 0, msg: '接收成功' });
    }
    expect((await messages()).find((m) => m.id === row!.id)).toMatchObject({ status: 'delivered', error: null });
    expect(aliyun.forged).toBe(0);
  });

  it('never keeps a verification code in the log', async () => {
    const { sendSmsNow } = await import('../src/channels/sms/outbox.ts');
    await sendSmsNow(t.ctx.db, t.ctx.sms!, { phone: '13900002222', kind: 'verification', params: { code: '482913' }, text: '您的验证码是 482913' });
    expect(aliyun.sends.at(-1)).toMatchObject({ templateCode: 'SMS_100001', params: { code: '482913' } });
    const row = (await messages()).at(-1)!;
    expect(row).toMatchObject({ kind: 'verification', status: 'sent', params: { code: '******' }, text: '您的验证码是 ******' });
  });
});

describe('a shopper texting the shop', () => {
  let ticketId = 0;

  it('opens an SMS ticket on the file holding the phone, stores a reply pushed twice once, and answers by SMS', async () => {
    const customerId = await makeCustomer(t.ctx.db, '吴先生', { phone: '13900003333' });
    const first = await up('+8613900003333', '你好，我的订单 TB20261130001 什么时候发货？', 9001);
    expect(first.statusCode, first.body).toBe(200);
    expect((await up('13900003333', '你好，我的订单 TB20261130001 什么时候发货？', 9001)).statusCode).toBe(200);
    const inbound = await t.ctx.db.selectFrom('sms_inbound').selectAll().where('sequence_id', '=', '9001').execute();
    expect(inbound).toHaveLength(1);
    expect(inbound[0]).toMatchObject({ outcome: 'created', customer_id: customerId, phone: '13900003333' });
    ticketId = inbound[0]!.ticket_id!;
    expect(await ticketOf(ticketId)).toMatchObject({ channel: 'sms', customer_id: customerId, type: 'consultation' });
    expect((await ticketOf(ticketId)).subject).toContain('什么时候发货');

    const res = await agent({
      method: 'POST',
      url: `/api/tickets/${ticketId}/messages`,
      payload: { kind: 'reply', body: '您好，订单已打包，今天下午发出。' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(json(res).message).toMatchObject({ texted: true, emailed: false });
    expect(await deliver()).toEqual({ sent: 1, failed: 0, retrying: 0 });
    expect(aliyun.sends.at(-1)).toMatchObject({
      phone: '13900003333',
      templateCode: 'SMS_100003',
      params: { content: '您好，订单已打包，今天下午发出。' },
    });
    expect((await entriesOf(ticketId)).map((e) => e.kind)).toContain('sms_sent');
    expect((await entriesOf(ticketId)).find((e) => e.kind === 'sms_sent')!.data).toEqual({ to: '139****3333' });
  });

  it('continues the ticket with the next reply and reopens it when it waited on the shopper', async () => {
    const res = await agent({ method: 'GET', url: `/api/tickets/${ticketId}` });
    const version = json(res).ticket.version as number;
    const pending = await agent({ method: 'PATCH', url: `/api/tickets/${ticketId}`, payload: { status: 'pending_customer', version } });
    expect(pending.statusCode, pending.body).toBe(200);
    expect((await up('13900003333', '好的，那我等快递，谢谢')).statusCode).toBe(200);
    const entries = await entriesOf(ticketId);
    expect(entries.filter((e) => e.kind === 'customer_message').at(-1)).toMatchObject({
      body: '好的，那我等快递，谢谢',
      data: { channel: 'sms', from: '139****3333' },
    });
    expect((await ticketOf(ticketId)).status).toBe('open');
  });

  it('tells the ticket when the reply was not delivered, and ignores a report for another phone', async () => {
    await agent({ method: 'POST', url: `/api/tickets/${ticketId}/messages`, payload: { kind: 'reply', body: '快递单号 SF1234567890' } });
    await deliver();
    const sent = aliyun.sends.at(-1)!;
    expect((await report({ phone: '13900009999', outId: sent.outId, success: false })).statusCode).toBe(200);
    expect((await messages()).find((m) => String(m.id) === sent.outId)).toMatchObject({ status: 'sent' });
    expect((await report({ phone: '13900003333', outId: sent.outId, success: false })).statusCode).toBe(200);
    expect((await messages()).find((m) => String(m.id) === sent.outId)).toMatchObject({ status: 'undelivered', error: 'MK:0001: 用户关机' });
    expect((await entriesOf(ticketId)).at(-1)).toMatchObject({ kind: 'sms_failed', data: { to: '139****3333', reason: 'MK:0001: 用户关机' } });
  });

  it('opens a file for a phone kefu does not know', async () => {
    expect((await up('13900004444', '你们店的床单有没有1.8米的？')).statusCode).toBe(200);
    const row = await t.ctx.db.selectFrom('sms_inbound').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row.outcome).toBe('created');
    const identity = await t.ctx.db.selectFrom('customer_identities').selectAll().where('value', '=', '13900004444').executeTakeFirstOrThrow();
    expect(identity).toMatchObject({ kind: 'phone', customer_id: row.customer_id });
  });

  it('stops texting a shopper who answers 退订, and cancels what was queued for them', async () => {
    const id = await makeCustomer(t.ctx.db, '郑女士', { phone: '13900005555' });
    for (const [i, text] of ['TD', ' 退订！'].entries()) {
      expect((await up('13900005555', text, 9100 + i)).statusCode).toBe(200);
    }
    const rows = await t.ctx.db.selectFrom('sms_inbound').select(['outcome', 'ticket_id']).where('phone', '=', '13900005555').execute();
    expect(rows).toEqual([
      { outcome: 'opted_out', ticket_id: null },
      { outcome: 'opted_out', ticket_id: null },
    ]);
    const optOuts = await t.ctx.db.selectFrom('outreach_opt_outs').select('scope').where('customer_id', '=', id).execute();
    expect(optOuts.map((o) => o.scope)).toEqual(['sms']);
    const queued = await t.ctx.db
      .transaction()
      .execute((tx) =>
        queueOutreach(
          tx,
          { customerId: id, purpose: 'care', templateKey: 'care.birthday', title: '生日', body: '生日快乐', dedupeKey: 'sms-2', channels: ['sms'] },
          NOON,
        ),
      );
    expect(queued.outcome).not.toBe('queued');
  });
});

describe('refusals and retries', () => {
  it('retries flow control and a provider fault with back-off, and fails a refused number at once on the ticket', async () => {
    await makeCustomer(t.ctx.db, '钱先生', { phone: '13900006666' });
    await up('13900006666', '请问有货吗', 9200);
    const { ticket_id: ticketId } = await t.ctx.db
      .selectFrom('sms_inbound')
      .select('ticket_id')
      .where('sequence_id', '=', '9200')
      .executeTakeFirstOrThrow();
    await agent({ method: 'POST', url: `/api/tickets/${ticketId}/messages`, payload: { kind: 'reply', body: '有货的，欢迎下单' } });
    aliyun.refuseNext('isv.BUSINESS_LIMIT_CONTROL');
    expect(await deliver()).toEqual({ sent: 0, failed: 0, retrying: 1 });
    const waiting = (await messages()).at(-1)!;
    expect(waiting).toMatchObject({ status: 'queued', attempts: 1 });
    expect(waiting.error).toContain('isv.BUSINESS_LIMIT_CONTROL');
    expect(waiting.next_attempt_at.getTime()).toBeGreaterThan(Date.now() + 30_000);
    expect(await deliver()).toEqual({ sent: 0, failed: 0, retrying: 0 });

    await t.ctx.db
      .updateTable('sms_messages')
      .set({ next_attempt_at: new Date(0) })
      .where('id', '=', waiting.id)
      .execute();
    aliyun.refuseNext('isp.SYSTEM_ERROR');
    expect(await deliver()).toEqual({ sent: 0, failed: 0, retrying: 1 });
    await t.ctx.db
      .updateTable('sms_messages')
      .set({ next_attempt_at: new Date(0) })
      .where('id', '=', waiting.id)
      .execute();
    expect(await deliver()).toEqual({ sent: 1, failed: 0, retrying: 0 });
    expect((await messages()).at(-1)).toMatchObject({ status: 'sent', attempts: 3, error: null });

    await agent({ method: 'POST', url: `/api/tickets/${ticketId}/messages`, payload: { kind: 'reply', body: '已为您备注' } });
    aliyun.refuseNext('isv.MOBILE_NUMBER_ILLEGAL');
    expect(await deliver()).toEqual({ sent: 0, failed: 1, retrying: 0 });
    expect((await entriesOf(ticketId!)).at(-1)).toMatchObject({ kind: 'sms_failed', data: { to: '139****6666' } });
  });

  it('answers a wrong token 404 and a malformed push 400 naming the field, writing nothing', async () => {
    const before = await t.ctx.db
      .selectFrom('sms_inbound')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const forged = await push('up', [{ phone_number: '13900007777', content: '假的', sequence_id: 1 }], 'x'.repeat(TOKEN.length));
    expect(forged.statusCode).toBe(404);
    const bad = await push('up', [{ phone_number: '13900007777', sequence_id: 2 }]);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('content');
    const badReport = await push('report', [{ phone_number: '13900007777', success: 'yes' }]);
    expect(badReport.statusCode).toBe(400);
    expect(badReport.body).toContain('success');
    expect((await push('up', [])).statusCode).toBe(400);
    const after = await t.ctx.db
      .selectFrom('sms_inbound')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('signs every request so the provider accepts it, and refuses to start with a provider but no templates', async () => {
    expect(aliyun.forged).toBe(0);
    const config = loadConfig({ SMS_PROVIDER: 'aliyun', SMS_ALIYUN_ACCESS_KEY_ID: 'x', SMS_ALIYUN_ACCESS_KEY_SECRET: 'y' });
    const bare = Fastify();
    expect(() => smsChannel(bare, { ...t.ctx, sms: undefined, config })).toThrow(/SMS_SIGN_NAME, SMS_TEMPLATE_VERIFICATION, SMS_TEMPLATE_NOTICE/);
    await bare.close();
  });
});

describe('the channels page', () => {
  it("shows the admin SMS's settings without its secrets, its health, the last day's figures and both logs", async () => {
    const res = await t.as('admin')({ method: 'GET', url: '/api/channels' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).not.toContain(ACCOUNT.accessKeySecret);
    expect(res.body).not.toContain(TOKEN);
    const rows = await messages();
    const sms = json(res).sms;
    expect(sms).toMatchObject({
      health: 'failing',
      provider: 'aliyun',
      signName: '暖橙家居',
      templates: { verification: 'SMS_100001', notice: 'SMS_100002', reply: 'SMS_100003' },
      callbacks: true,
      lastError: expect.stringContaining('isv.MOBILE_NUMBER_ILLEGAL'),
    });
    expect(sms.last24h).toMatchObject({
      delivered: rows.filter((m) => m.status === 'delivered').length,
      undelivered: rows.filter((m) => m.status === 'undelivered').length,
      failed: rows.filter((m) => m.status === 'failed').length,
      optOuts: 2,
    });

    const failed = json(await t.as('admin')({ method: 'GET', url: '/api/channels/sms/messages?status=failed' })).items;
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ phone: '139****6666', kind: 'reply', status: 'failed', text: '已为您备注' });
    const replies = json(await t.as('admin')({ method: 'GET', url: '/api/channels/sms/replies?limit=200' })).items;
    expect(replies.find((r: { content: string }) => r.content === 'TD')).toMatchObject({ phone: '139****5555', outcome: 'opted_out' });
    expect(replies.some((r: { phone: string }) => /^\d{11}$/.test(r.phone))).toBe(false);
    expect((await agent({ method: 'GET', url: '/api/channels' })).statusCode).toBe(403);
    expect((await t.as('supervisor')({ method: 'GET', url: '/api/channels/sms/messages' })).statusCode).toBe(403);
  });
});
