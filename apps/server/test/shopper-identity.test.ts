/**
 * A shopper is linked to a customer file, told its name or shown order data only after proof: the shop's
 * signed identity, or a one-time code sent to a phone or address (issue 9, item 3).
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliverDueEmails, mailer } from '../src/channels/email.ts';
import { logSmsGateway } from '../src/channels/sms/gateway.ts';
import { ChatClient, expectFramesFitProtocol } from './chat-client.ts';
import { createTestApp, json, type TestApp } from './helpers.ts';

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
let base: string;
let smtpUrl: string;
const texts: { to: string; text: string }[] = [];
const open: ChatClient[] = [];
let victim: { id: number; name: string };
const VICTIM_PHONE = '13812345678';
const VICTIM_ORDER = 'TB20260301777';

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  // Answers to request_code are held back by SHOPPER_CODE_ANSWER_MS; shopper-code-abuse.test.ts tests that, here it only costs time.
  t = await createTestApp({ SMTP_URL: smtpUrl, SHOPPER_CODE_ANSWER_MS: '0' });
  t.ctx.sms = {
    provider: 'test',
    send: async (m) => {
      texts.push({ to: m.phone, text: m.text });
      return { providerId: null };
    },
  };
  await t.ctx.db.insertInto('shops').values({ key: 'idshop', name: '暖橙', identity_secret: 'secret-id' }).execute();
  victim = await t.ctx.db.insertInto('customers').values({ name: '林小姐' }).returning(['id', 'name']).executeTakeFirstOrThrow();
  await t.ctx.db.insertInto('customer_identities').values({ customer_id: victim.id, kind: 'phone', value: VICTIM_PHONE }).execute();
  await t.ctx.db
    .insertInto('orders')
    .values({
      platform: 'taobao',
      order_no: VICTIM_ORDER,
      customer_id: victim.id,
      status: 'shipped',
      total_fen: 59_900,
      tracking_no: 'SF1234567890',
    })
    .execute();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});
afterEach(expectFramesFitProtocol);
beforeEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  // Each test starts with no codes out, so the hourly limits start afresh.
  await t.ctx.db.deleteFrom('shopper_codes').execute();
  await t.ctx.db.deleteFrom('shopper_code_requests').execute();
});

async function shopper(token?: string) {
  const c = await ChatClient.connect(`${base}/ws/shopper?shop=idshop${token ? `&visitor=${token}` : ''}`);
  open.push(c);
  const welcome = await c.type('welcome');
  return { c, welcome, token: welcome.visitor.token as string };
}

async function visitorRow(token: string) {
  const { secretHash } = await import('../src/auth/tokens.ts');
  return t.ctx.db.selectFrom('visitors').select(['id', 'customer_id', 'name']).where('token_hash', '=', secretHash(token)).executeTakeFirstOrThrow();
}

async function orderCard(s: { c: ChatClient }, orderNo: string) {
  const clientId = randomUUID();
  s.c.send({ type: 'send', clientId, kind: 'order', body: orderNo });
  const ack = await s.c.type('ack', (f) => f.clientId === clientId);
  return (await s.c.type('message', (f) => f.seq === ack.seq && f.conversationId === ack.conversationId)).data;
}

const answer = (s: { c: ChatClient }) =>
  s.c.next((f) => f.type === 'code_sent' || f.type === 'error' || f.type === 'identified', 5000, s.c.frames.length);
const lastCode = (to: string) => /\b(\d{6})\b/.exec(texts.filter((x) => x.to === to).at(-1)!.text)![1]!;
const textsTo = (to: string) => texts.filter((x) => x.to === to).length;
/** The code of the text that follows the `before`th to that phone: `code_sent` does not wait for the gateway. */
async function nextCode(to: string, before: number) {
  await expect.poll(() => textsTo(to)).toBeGreaterThan(before);
  return lastCode(to);
}

describe('until a shopper proves who they are', () => {
  it('shows an order card with only the number, for any order number', async () => {
    const s = await shopper();
    expect(await orderCard(s, VICTIM_ORDER)).toEqual({ orderNo: VICTIM_ORDER });
    expect(await orderCard(s, 'NO-SUCH-ORDER')).toEqual({ orderNo: 'NO-SUCH-ORDER' });
  });

  it("links nothing and names no one when a victim's phone is typed; the code goes to that phone", async () => {
    const s = await shopper();
    s.c.send(text('我的快递到哪了'));
    const { conversationId } = await s.c.type('ack');
    const got = answer(s);
    s.c.send({ type: 'request_code', phone: VICTIM_PHONE });
    expect(await got).toEqual({ type: 'code_sent', via: 'sms', to: '138****5678', expiresInSeconds: 600 });
    await expect.poll(() => texts.at(-1)?.to).toBe(VICTIM_PHONE);

    // No link, no name, no order data — now or after a reconnect.
    expect(await visitorRow(s.token)).toMatchObject({ customer_id: null, name: expect.stringMatching(/^访客\d{4,}$/) });
    const conv = await t.ctx.db.selectFrom('conversations').select('customer_id').where('id', '=', conversationId).executeTakeFirstOrThrow();
    expect(conv.customer_id).toBeNull();
    expect(JSON.stringify(s.c.frames)).not.toContain(victim.name);
    const again = await shopper(s.token);
    expect(again.welcome.visitor).toMatchObject({ customerId: null, name: expect.stringMatching(/^访客/) });
    expect(await orderCard(again, VICTIM_ORDER)).toEqual({ orderNo: VICTIM_ORDER });
  });

  it('refuses the old identify by phone or order number', async () => {
    const s = await shopper();
    for (const frame of [
      { type: 'identify', phone: VICTIM_PHONE },
      { type: 'identify', orderNo: VICTIM_ORDER },
    ]) {
      const got = answer(s);
      s.c.send(frame);
      expect(await got).toMatchObject({ type: 'error', code: 'invalid', message: expect.stringMatching(/^identity/) });
    }
    expect((await visitorRow(s.token)).customer_id).toBeNull();
  });

  it('files a left message for the staff without linking the visitor to the file of the phone typed', async () => {
    const s = await shopper();
    s.c.send({ type: 'leave_message', body: '帮我改一下收货地址', phone: VICTIM_PHONE });
    const left = await s.c.type('left');
    const ticket = await t.ctx.db
      .selectFrom('tickets')
      .select(['customer_id', 'description'])
      .where('number', '=', left.ticketNumber)
      .executeTakeFirstOrThrow();
    expect(ticket.customer_id).toBe(victim.id);
    expect(ticket.description).toContain('未验证');
    expect((await visitorRow(s.token)).customer_id).toBeNull();
    const again = await shopper(s.token);
    expect(again.welcome.visitor).toMatchObject({ customerId: null, name: expect.stringMatching(/^访客/) });
  });
});

describe('a one-time code', () => {
  it('by order number goes to the phone on file, unnamed; the right code links, names and shows the order', async () => {
    const s = await shopper();
    s.c.send(text('想问问订单'));
    const { conversationId } = await s.c.type('ack');
    const sent = answer(s);
    const before = textsTo(VICTIM_PHONE);
    s.c.send({ type: 'request_code', orderNo: VICTIM_ORDER });
    expect(await sent).toEqual({ type: 'code_sent', via: 'order', expiresInSeconds: 600 });
    const code = await nextCode(VICTIM_PHONE, before);

    const who = answer(s);
    s.c.send({ type: 'verify', code });
    expect(await who).toEqual({ type: 'identified', customerId: victim.id, name: '林小姐' });
    expect(await visitorRow(s.token)).toMatchObject({ customer_id: victim.id, name: '林小姐' });
    const conv = await t.ctx.db.selectFrom('conversations').select('customer_id').where('id', '=', conversationId).executeTakeFirstOrThrow();
    expect(conv.customer_id).toBe(victim.id);
    expect(await orderCard(s, VICTIM_ORDER)).toMatchObject({
      orderNo: VICTIM_ORDER,
      status: 'shipped',
      totalFen: 59_900,
      trackingNo: 'SF1234567890',
    });
    expect((await shopper(s.token)).welcome.visitor).toMatchObject({ customerId: victim.id, name: '林小姐' });

    // Used once: the same code again is refused.
    const reused = answer(s);
    s.c.send({ type: 'verify', code });
    expect(await reused).toMatchObject({ type: 'error', code: 'code_expired' });
  });

  it('dies after five wrong tries, even for the right code then', async () => {
    const s = await shopper();
    const before = textsTo(VICTIM_PHONE);
    s.c.send({ type: 'request_code', phone: VICTIM_PHONE });
    await s.c.type('code_sent');
    const right = await nextCode(VICTIM_PHONE, before);
    const wrong = right === '000000' ? '111111' : '000000';
    for (const triesLeft of [4, 3, 2, 1]) {
      const got = answer(s);
      s.c.send({ type: 'verify', code: wrong });
      expect(await got).toMatchObject({ type: 'error', code: 'code_wrong', triesLeft });
    }
    for (const code of [wrong, right]) {
      const got = answer(s);
      s.c.send({ type: 'verify', code });
      expect(await got).toMatchObject({ type: 'error', code: 'code_locked' });
    }
    expect((await visitorRow(s.token)).customer_id).toBeNull();
  });

  it('is refused once expired', async () => {
    const s = await shopper();
    const before = textsTo(VICTIM_PHONE);
    s.c.send({ type: 'request_code', phone: VICTIM_PHONE });
    await s.c.type('code_sent');
    const code = await nextCode(VICTIM_PHONE, before);
    // Ten minutes and a second later, for the request and its code alike.
    await sql`update shopper_code_requests set created_at = created_at - interval '601 seconds'`.execute(t.ctx.db);
    await sql`update shopper_codes set created_at = created_at - interval '601 seconds', expires_at = expires_at - interval '601 seconds'`.execute(
      t.ctx.db,
    );
    const got = answer(s);
    s.c.send({ type: 'verify', code });
    expect(await got).toMatchObject({ type: 'error', code: 'code_expired' });
    expect((await visitorRow(s.token)).customer_id).toBeNull();
  });

  it('is stored hashed, never as the digits', async () => {
    const s = await shopper();
    s.c.send({ type: 'request_code', phone: '13955556666' });
    await s.c.type('code_sent');
    // The answer does not wait for the SMS gateway: on a busy machine the text may arrive just after it.
    await expect.poll(() => texts.some((x) => x.to === '13955556666')).toBe(true);
    const row = await t.ctx.db.selectFrom('shopper_codes').selectAll().where('destination', '=', '13955556666').executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(lastCode('13955556666'));
  });

  it('by e-mail arrives through the outbox and a real SMTP peer, and makes a file for a new address', async () => {
    const s = await shopper();
    const sent = answer(s);
    s.c.send({ type: 'request_code', email: 'Zhou.Min@QQ.com' });
    expect(await sent).toMatchObject({ type: 'code_sent', via: 'email', to: 'z***@qq.com' });
    expect(await deliverDueEmails(t.ctx.db, mailer(smtpUrl, 'kefu <kefu@localhost>')!)).toEqual({ sent: 1, failed: 0 });
    const mail = received.at(-1)!;
    expect((mail.to as { text: string }).text).toBe('zhou.min@qq.com');
    const code = /\b(\d{6})\b/.exec(mail.text ?? '')![1]!;
    const who = answer(s);
    s.c.send({ type: 'verify', code });
    const identified = await who;
    expect(identified).toMatchObject({ type: 'identified', customerId: expect.any(Number) });
    const identity = await t.ctx.db
      .selectFrom('customer_identities')
      .select(['customer_id', 'kind'])
      .where('value', '=', 'zhou.min@qq.com')
      .executeTakeFirstOrThrow();
    expect(identity).toEqual({ customer_id: identified.customerId, kind: 'email' });
  });

  it('is limited to one request a minute per visitor', async () => {
    const s = await shopper();
    s.c.send({ type: 'request_code', phone: '13700001111' });
    await s.c.type('code_sent');
    const soon = answer(s);
    s.c.send({ type: 'request_code', phone: '13700001111' });
    expect(await soon).toMatchObject({ type: 'error', code: 'rate_limited', retryAfterSeconds: expect.any(Number) });
    await expect.poll(() => textsTo('13700001111')).toBe(1);
  });

  it('by SMS is refused without a gateway, from the configuration alone; SMS_DEV_LOG writes it to the log instead', async () => {
    const gateway = t.ctx.sms;
    t.ctx.sms = undefined;
    try {
      const s = await shopper();
      const got = answer(s);
      s.c.send({ type: 'request_code', phone: VICTIM_PHONE });
      expect(await got).toMatchObject({ type: 'error', code: 'sms_unavailable' });
      // E-mail is configured: an order number is answered as always, though its customer has only a phone.
      const byOrder = answer(s);
      s.c.send({ type: 'request_code', orderNo: VICTIM_ORDER });
      expect(await byOrder).toEqual({ type: 'code_sent', via: 'order', expiresInSeconds: 600 });
    } finally {
      t.ctx.sms = gateway;
    }
    const logged: Record<string, unknown>[] = [];
    await logSmsGateway({ warn: (obj) => void logged.push(obj) }).send(
      { phone: VICTIM_PHONE, kind: 'verification', params: { code: '123456' }, text: '验证码 123456' },
      '1',
    );
    expect(logged).toEqual([{ sms: { to: VICTIM_PHONE, text: '验证码 123456' } }]);
  });

  it('refuses malformed requests naming the field, never with internal', async () => {
    const s = await shopper();
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ type: 'request_code', orderNo: 'TB\u0000001' }, /^orderNo/],
      [{ type: 'request_code', email: 'a\u0000@qq.com' }, /^email/],
      [{ type: 'request_code', phone: '13812345678', email: 'a@qq.com' }, /^email: give exactly one/],
      [{ type: 'request_code' }, /^phone: give exactly one/],
      [{ type: 'request_code', phone: '12345' }, /^phone: not a valid/],
      [{ type: 'verify', code: '12345' }, /^code/],
    ];
    for (const [frame, message] of cases) {
      const got = answer(s);
      s.c.send(frame);
      expect(await got).toMatchObject({ type: 'error', code: 'invalid', message: expect.stringMatching(message) });
    }
  });

  it('answers an unknown order like an order with no contact: the same code_sent, no code, nothing about a customer', async () => {
    const nobody = await t.ctx.db.insertInto('customers').values({ name: '无联系方式' }).returning('id').executeTakeFirstOrThrow();
    await t.ctx.db
      .insertInto('orders')
      .values({ platform: 'jd', order_no: 'JD-NO-CONTACT', customer_id: nobody.id, status: 'paid', total_fen: 100 })
      .execute();
    const answers = [];
    for (const orderNo of ['JD-NO-CONTACT', 'JD-NEVER-WAS']) {
      const s = await shopper();
      const got = answer(s);
      s.c.send({ type: 'request_code', orderNo });
      answers.push(await got);
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]).toEqual({ type: 'code_sent', via: 'order', expiresInSeconds: 600 });
    expect(await t.ctx.db.selectFrom('shopper_codes').select('id').execute()).toEqual([]);
  });
});

describe("the shop's identity secret", () => {
  it('never appears in GET /api/shops; a rotation shows the new one once, audited; the old one stops working', async () => {
    const shops = json(await t.as('admin')({ url: '/api/shops' })).shops;
    expect(JSON.stringify(shops)).not.toContain('secret-id');
    expect(shops.find((s: { key: string }) => s.key === 'idshop')).toMatchObject({ identitySecretHint: '…t-id' });
    const id = shops.find((s: { key: string }) => s.key === 'idshop').id;

    expect((await t.as('supervisor')({ method: 'POST', url: `/api/shops/${id}/identity-secret`, payload: {} })).statusCode).toBe(403);
    expect((await t.as('admin')({ method: 'POST', url: '/api/shops/999999/identity-secret', payload: {} })).statusCode).toBe(404);
    expect((await t.as('admin')({ method: 'POST', url: `/api/shops/${id}/identity-secret`, payload: { reason: 7 } })).statusCode).toBe(400);
    const rotated = await t.as('admin')({ method: 'POST', url: `/api/shops/${id}/identity-secret`, payload: { reason: '泄露' } });
    expect(rotated.statusCode).toBe(200);
    const secret = json(rotated).identitySecret as string;
    expect(secret).toMatch(/^ki_[\w-]{32}$/);
    expect(json(rotated).identitySecretHint).toBe(`…${secret.slice(-4)}`);
    expect(JSON.stringify(json(await t.as('admin')({ url: '/api/shops' })))).not.toContain(secret);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('action', '=', 'shop.identity_secret.rotate')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.detail)).not.toContain(secret);

    const ts = Math.floor(Date.now() / 1000);
    const sign = (key: string) => createHmac('sha256', key).update(`m-1..${ts}`).digest('hex');
    const s = await shopper();
    const old = answer(s);
    s.c.send({ type: 'identify', identity: { ref: 'm-1', name: '会员', ts, sig: sign('secret-id') } });
    expect(await old).toMatchObject({ type: 'error', message: expect.stringMatching(/signature/) });
    const fresh = answer(s);
    s.c.send({ type: 'identify', identity: { ref: 'm-1', name: '会员', ts, sig: sign(secret) } });
    expect(await fresh).toMatchObject({ type: 'identified', name: '会员' });
  });
});

describe('chat images', () => {
  const boundary = '----kefu';
  const upload = (token: string, type: string, data: Buffer) =>
    t.app.inject({
      method: 'POST',
      url: `/api/chat/files?shop=idshop&visitor=${token}`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x"\r\nContent-Type: ${type}\r\n\r\n`),
        data,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });

  it('are taken by their bytes, not their declared type', async () => {
    const s = await shopper();
    const html = await upload(s.token, 'image/png', Buffer.from('<html><script>alert(1)</script></html>'));
    expect(html.statusCode).toBe(400);
    expect(json(html).fields).toEqual([expect.objectContaining({ field: 'file' })]);
    const gif = await upload(s.token, 'image/jpeg', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'));
    expect(gif.statusCode).toBe(201);
    expect((await t.app.inject({ url: json(gif).url })).headers['content-type']).toBe('image/gif');
  });
});

function text(body: string) {
  return { type: 'send', clientId: randomUUID(), kind: 'text', body };
}
