/**
 * Shopper codes are not an oracle (does this order exist?), a spray gun (codes to many customers, guesses at many
 * codes) or a lockout (a stranger keeping the real customer out): issue 9, item 3 follow-up.
 */
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { secretHash } from '../src/auth/tokens.ts';
import type { SmsGateway } from '../src/channels/sms/gateway.ts';
import type { Config } from '../src/config.ts';
import { ChatClient, expectFramesFitProtocol } from './chat-client.ts';
import { pruneShopperCodes } from '../src/conversations/verification.ts';
import { createTestApp, type TestApp } from './helpers.ts';

let t: TestApp;
let base: string;
let defaults: Config;
const texts: { to: string; text: string }[] = [];
const open: ChatClient[] = [];
const recordingGateway: SmsGateway = {
  provider: 'test',
  send: async (m) => {
    texts.push({ to: m.phone, text: m.text });
    return { providerId: null };
  },
};
let victimId: number;
const VICTIM_PHONE = '13812345678';
const VICTIM_ORDER = 'TB20260301888';
const MAIL_ONLY_ORDER = 'TB20260301889';
const NO_CONTACT_ORDER = 'TB20260301890';

beforeAll(async () => {
  // Behind a proxy: X-Forwarded-For gives each test shopper its own client address.
  t = await createTestApp({ TRUST_PROXY: 'true', SHOPPER_CODE_ANSWER_MS: '0' });
  defaults = { ...t.ctx.config };
  await t.ctx.db.insertInto('shops').values({ key: 'abuse', name: '暖橙', identity_secret: 'secret-abuse' }).execute();
  const customer = async (name: string, identities: { kind: string; value: string }[]) => {
    const row = await t.ctx.db.insertInto('customers').values({ name }).returning('id').executeTakeFirstOrThrow();
    if (identities.length)
      await t.ctx.db
        .insertInto('customer_identities')
        .values(identities.map((i) => ({ customer_id: row.id, ...i })))
        .execute();
    return row.id;
  };
  victimId = await customer('林小姐', [{ kind: 'phone', value: VICTIM_PHONE }]);
  const mailOnly = await customer('周先生', [{ kind: 'email', value: 'zhou@qq.com' }]);
  const nobody = await customer('无联系方式', []);
  for (const [orderNo, customerId] of [
    [VICTIM_ORDER, victimId],
    [MAIL_ONLY_ORDER, mailOnly],
    [NO_CONTACT_ORDER, nobody],
  ] as const) {
    await t.ctx.db
      .insertInto('orders')
      .values({ platform: 'taobao', order_no: orderNo, customer_id: customerId, status: 'paid', total_fen: 100 })
      .execute();
  }
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  await t.close();
});
afterEach(expectFramesFitProtocol);
beforeEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  Object.assign(t.ctx.config, defaults);
  t.ctx.sms = recordingGateway;
  texts.length = 0;
  await t.ctx.db.deleteFrom('shopper_codes').execute();
  await t.ctx.db.deleteFrom('shopper_code_requests').execute();
  await t.ctx.db.updateTable('visitors').set({ customer_id: null }).execute();
});

let nextIp = 1;
/** A fresh visitor (or the visitor of `token`) from a client address of its own unless one is given. */
async function shopper(ip = `198.51.100.${nextIp++}`, token?: string) {
  const c = await ChatClient.connect(`${base}/ws/shopper?shop=abuse${token ? `&visitor=${token}` : ''}`, { 'x-forwarded-for': ip });
  open.push(c);
  const welcome = await c.type('welcome');
  return { c, ip, token: welcome.visitor.token as string };
}

type Shopper = Awaited<ReturnType<typeof shopper>>;
async function ask(s: Shopper, frame: Record<string, unknown>) {
  const from = s.c.frames.length;
  s.c.send(frame);
  return s.c.next((f) => f.type === 'code_sent' || f.type === 'error' || f.type === 'identified', 5000, from);
}
/** Texts and codes before the last request: a new code's text is sent while the (fixed-time) answer waits, maybe after it. */
let before = { texts: 0, codes: 0 };
const codeCount = async () =>
  Number(
    (
      await t.ctx.db
        .selectFrom('shopper_codes')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
async function requestCode(s: Shopper, what: Record<string, string>) {
  before = { texts: texts.length, codes: await codeCount() };
  return ask(s, { type: 'request_code', ...what });
}
const verify = (s: Shopper, code: string) => ask(s, { type: 'verify', code });
/** The code of the last text; when the last request made a new code, its text is waited for (5 s at most). */
async function lastCode(): Promise<string> {
  if ((await codeCount()) > before.codes)
    for (const end = Date.now() + 5000; texts.length <= before.texts && Date.now() < end;) await new Promise((r) => setTimeout(r, 10));
  return /\b(\d{6})\b/.exec(texts.at(-1)!.text)![1]!;
}
const wrongFor = (code: string) => (code === '000000' ? '111111' : '000000');
const visitorOf = (s: Shopper) =>
  t.ctx.db.selectFrom('visitors').select(['id', 'customer_id']).where('token_hash', '=', secretHash(s.token)).executeTakeFirstOrThrow();
const linkedTo = async (s: Shopper) => (await visitorOf(s)).customer_id;
/** Moves every code back in time, as if the minutes had passed. */
async function ageCodes(seconds: number) {
  await sql`update shopper_codes set created_at = created_at - make_interval(secs => ${seconds}), expires_at = expires_at - make_interval(secs => ${seconds})`.execute(
    t.ctx.db,
  );
}

describe('request_code is no order oracle', () => {
  it('with neither SMS nor e-mail, refuses every order number alike, from the configuration alone', async () => {
    t.ctx.sms = undefined;
    const answers = [];
    for (const orderNo of [VICTIM_ORDER, MAIL_ONLY_ORDER, 'NO-SUCH-ORDER']) answers.push(await requestCode(await shopper(), { orderNo }));
    expect(answers[0]).toMatchObject({ type: 'error', code: 'codes_unavailable' });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it('answers every order number alike, whether it exists, can be reached, or by which channel', async () => {
    const answers = [];
    for (const orderNo of [VICTIM_ORDER, MAIL_ONLY_ORDER, NO_CONTACT_ORDER, 'NO-SUCH-ORDER'])
      answers.push(await requestCode(await shopper(), { orderNo }));
    for (const a of answers) expect(a).toEqual({ type: 'code_sent', via: 'order', expiresInSeconds: 600 });
    // Only the order whose customer can be reached (SMS only here) got a code.
    expect(texts.map((x) => x.to)).toEqual([VICTIM_PHONE]);
  });

  it('answers no sooner than SHOPPER_CODE_ANSWER_MS, and no later for a slow SMS gateway', async () => {
    t.ctx.config.SHOPPER_CODE_ANSWER_MS = 200;
    const slowTexts: string[] = [];
    t.ctx.sms = {
      provider: 'test',
      send: async (m) => {
        await new Promise((r) => setTimeout(r, 1500));
        slowTexts.push(m.phone);
        return { providerId: null };
      },
    };
    const timed = async (orderNo: string) => {
      const s = await shopper();
      const started = performance.now();
      expect(await requestCode(s, { orderNo })).toEqual({ type: 'code_sent', via: 'order', expiresInSeconds: 600 });
      return performance.now() - started;
    };
    for (const took of [await timed(VICTIM_ORDER), await timed('NO-SUCH-ORDER')]) {
      expect(took).toBeGreaterThanOrEqual(195);
      expect(took).toBeLessThan(1000);
    }
  });
});

describe('request_code limits, checked before anything is looked up', () => {
  it('one request a minute per visitor, for unknown orders too', async () => {
    const s = await shopper();
    expect(await requestCode(s, { orderNo: 'NO-SUCH-1' })).toMatchObject({ type: 'code_sent' });
    expect(await requestCode(s, { orderNo: 'NO-SUCH-2' })).toMatchObject({
      type: 'error',
      code: 'rate_limited',
      retryAfterSeconds: expect.any(Number),
    });
  });

  it('per client address, whatever fresh visitors it uses', async () => {
    t.ctx.config.SHOPPER_CODES_PER_IP_PER_HOUR = 3;
    const ip = '203.0.113.7';
    const answers = [];
    for (const orderNo of [VICTIM_ORDER, 'NO-SUCH-1', 'NO-SUCH-2', MAIL_ONLY_ORDER]) answers.push(await requestCode(await shopper(ip), { orderNo }));
    expect(answers.map((a) => a.type)).toEqual(['code_sent', 'code_sent', 'code_sent', 'error']);
    expect(answers[3]).toMatchObject({ code: 'rate_limited', retryAfterSeconds: expect.any(Number) });
    expect(await requestCode(await shopper('203.0.113.8'), { orderNo: MAIL_ONLY_ORDER })).toMatchObject({ type: 'code_sent' });
  });

  it('per shop per minute, from any addresses', async () => {
    t.ctx.config.SHOPPER_CODES_PER_SHOP_PER_MINUTE = 3;
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await requestCode(await shopper(), { phone: `1370000000${i}` }));
    expect(answers.map((a) => a.type)).toEqual(['code_sent', 'code_sent', 'code_sent', 'error']);
    expect(answers[3]).toMatchObject({ code: 'rate_limited' });
    expect(texts).toHaveLength(3);
  });
});

describe('guessing', () => {
  it('is capped per destination across every request and code: ten wrong tries an hour, then no code is accepted', async () => {
    for (const tries of [4, 4, 2]) {
      const stranger = await shopper();
      await requestCode(stranger, { orderNo: VICTIM_ORDER });
      for (let i = 0; i < tries; i++) expect(await verify(stranger, wrongFor(await lastCode()))).toMatchObject({ code: 'code_wrong' });
    }
    const customer = await shopper();
    await requestCode(customer, { phone: VICTIM_PHONE });
    // The right code is answered like a wrong one: nobody learns the destination is closed.
    expect(await verify(customer, await lastCode())).toMatchObject({ type: 'error', code: 'code_wrong', triesLeft: 4 });
    expect(await linkedTo(customer)).toBeNull();

    // An hour on, the strangers' tries no longer count.
    const own = (await visitorOf(customer)).id;
    await sql`update shopper_code_requests set created_at = created_at - interval '61 minutes' where visitor_id <> ${own}`.execute(t.ctx.db);
    expect(await verify(customer, await lastCode())).toMatchObject({ type: 'identified', customerId: victimId });
  });

  it('is capped per client address, whichever address the code was asked from', async () => {
    t.ctx.config.SHOPPER_CODE_WRONG_TRIES_PER_IP_PER_HOUR = 6;
    const ip = '203.0.113.20';
    const first = await shopper(ip);
    await requestCode(first, { phone: '13900000001' });
    for (let i = 0; i < 5; i++) await verify(first, wrongFor(await lastCode()));
    const second = await shopper(ip);
    await requestCode(second, { phone: '13900000002' });
    expect(await verify(second, wrongFor(await lastCode()))).toMatchObject({ code: 'code_wrong', triesLeft: 4 });
    expect(await verify(second, await lastCode())).toMatchObject({ type: 'error', code: 'too_many_tries', retryAfterSeconds: expect.any(Number) });
    // The same visitor from another address is still held to the address that asked for its code.
    const moved = await shopper('203.0.113.21', second.token);
    expect(await verify(moved, await lastCode())).toMatchObject({ type: 'error', code: 'too_many_tries' });
    expect(await linkedTo(second)).toBeNull();
  });
});

describe('a stranger cannot lock the real customer out', () => {
  it('however many codes strangers ask for, the customer asks too and the latest code sent works', async () => {
    for (let i = 0; i < 7; i++) expect(await requestCode(await shopper(), { orderNo: VICTIM_ORDER })).toMatchObject({ type: 'code_sent' });
    // One text a minute to a phone, however many ask.
    expect(texts).toHaveLength(1);
    const customer = await shopper();
    expect(await requestCode(customer, { orderNo: VICTIM_ORDER })).toEqual({ type: 'code_sent', via: 'order', expiresInSeconds: 600 });
    expect(await verify(customer, await lastCode())).toMatchObject({ type: 'identified', customerId: victimId });
  });

  it('after five codes to the phone this hour, the latest keeps working, even once its 10 minutes are up', async () => {
    for (let i = 0; i < 5; i++) {
      await requestCode(await shopper(), { orderNo: VICTIM_ORDER });
      await ageCodes(61);
    }
    expect(texts).toHaveLength(5);
    await ageCodes(1200);
    const customer = await shopper();
    expect(await requestCode(customer, { phone: VICTIM_PHONE })).toEqual({ type: 'code_sent', via: 'sms', to: '138****5678', expiresInSeconds: 600 });
    expect(texts).toHaveLength(5);
    expect(await verify(customer, await lastCode())).toMatchObject({ type: 'identified', customerId: victimId });
  });
});

describe('what is kept', () => {
  it('forgets requests and codes a day after every limit window has passed, and keeps the rest', async () => {
    const shop = await t.ctx.db.selectFrom('shops').select('id').where('key', '=', 'abuse').executeTakeFirstOrThrow();
    const visitor = await t.ctx.db
      .insertInto('visitors')
      .values({ shop_id: shop.id, token_hash: secretHash('kv_prune'), name: '访客' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3600_000);
    for (const hoursAgo of [30, 2]) {
      await t.ctx.db
        .insertInto('shopper_code_requests')
        .values({ shop_id: shop.id, visitor_id: visitor.id, ip: '10.9.9.9', created_at: at(hoursAgo) })
        .execute();
      await t.ctx.db
        .insertInto('shopper_codes')
        .values({
          shop_id: shop.id,
          visitor_id: visitor.id,
          channel: 'sms',
          destination: VICTIM_PHONE,
          salt: 's',
          code_hash: 'h',
          expires_at: at(hoursAgo - 0.2),
          created_at: at(hoursAgo),
        })
        .execute();
    }
    await pruneShopperCodes(t.ctx.db);
    const left = await sql<{
      n: number;
    }>`select (select count(*) from shopper_code_requests)::int + (select count(*) from shopper_codes)::int as n`.execute(t.ctx.db);
    expect(left.rows[0]!.n).toBe(2);
  });
});
