import type { CareCampaign } from '@kefu/protocol/api/care';
import type { Wire } from '@kefu/protocol/api/common';
import type { CouponDefinition, CustomerCoupon } from '@kefu/protocol/api/coupons';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCareDay } from '../src/care/daily.ts';
import { grantCoupon } from '../src/coupons/grant.ts';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';
import { makeCustomer } from './outreach-fixture.ts';

// Care dates and coupons (issue 13): the daily job greets exactly the customers due, grants each coupon once,
// and codes are redeemed by imported orders.
let t: TestApp;
let admin: Client;
const at = (chinaWall: string) => new Date(`${chinaWall}+08:00`);
const MID_AUTUMN = at('2026-09-25T09:00:00'); // 中秋 2026, also 农历八月十五
// The job's split as on PostgreSQL (two transactions side by side); the run again below is one transaction.
const TWO_PARTS = { parts: 2 };
type Who =
  'solar' | 'lunar' | 'solarOtherDay' | 'lunarOtherDay' | 'none' | 'leap' | 'merged' | 'firstOrder' | 'firstOrderThisYear' | 'firstOrderDayBefore';
const who = {} as Record<Who, number>;

async function customer(name: string, birthday: string | null, lunar = false, segment = 'regular') {
  const id = await makeCustomer(t.ctx.db, name, { email: `${name}@example.com` });
  await t.ctx.db.updateTable('customers').set({ birthday, birthday_lunar: lunar, segment }).where('id', '=', id).execute();
  return id;
}
type Campaign = Wire<typeof CareCampaign>;
type Coupon = Wire<typeof CustomerCoupon>;
const campaignsByName = async () =>
  new Map(json<{ campaigns: Campaign[] }>(await admin({ method: 'GET', url: '/api/care/campaigns' })).campaigns.map((c) => [c.name, c]));
async function enable(name: string, change: Record<string, unknown> = {}) {
  const c = (await campaignsByName()).get(name)!;
  const res = await admin({ method: 'PATCH', url: `/api/care/campaigns/${c.id}`, payload: { version: c.version, enabled: true, ...change } });
  expect(res.statusCode, res.body).toBe(200);
  return json(res).campaign;
}
const sends = (templateKey: string) =>
  t.ctx.db
    .selectFrom('outreach_sends')
    .select(['customer_id', 'body', 'dedupe_key'])
    .where('template_key', '=', templateKey)
    .orderBy('customer_id')
    .execute();
const codesOf = (prefix: string) =>
  t.ctx.db.selectFrom('coupon_codes').select(['customer_id', 'code']).where('grant_key', 'like', `${prefix}%`).orderBy('customer_id').execute();
let serial = 0;
function order(customerId: number, createdAt: Date, extra: Record<string, unknown> = {}) {
  return admin({
    method: 'POST',
    url: '/api/orders',
    payload: {
      platform: 'tmall',
      orderNo: `CARE${++serial}`,
      status: 'delivered',
      customerId,
      lines: [{ sku: 'PJ-001', title: '睡衣', quantity: 1, unitPriceFen: 12_900 }],
      createdAt: createdAt.toISOString(),
      paidAt: createdAt.toISOString(),
      shippedAt: createdAt.toISOString(),
      deliveredAt: createdAt.toISOString(),
      ...extra,
    },
  });
}

beforeAll(async () => {
  t = await createTestApp();
  admin = t.as('admin');
  who.solar = await customer('阳历生日', '1990-09-25');
  who.lunar = await customer('农历生日', '1988-08-15', true);
  who.solarOtherDay = await customer('八月十五阳历', '1990-08-15');
  who.lunarOtherDay = await customer('农历九月', '1990-09-25', true);
  who.none = await customer('无生日', null);
  who.leap = await customer('闰日生日', '2000-02-29');
  who.merged = await customer('已合并', '1990-09-25');
  await t.ctx.db.updateTable('customers').set({ merged_into_id: who.solar }).where('id', '=', who.merged).execute();
  who.firstOrder = await customer('首单一年', null, false, 'vip');
  expect((await order(who.firstOrder, at('2025-09-25T12:00:00'))).statusCode).toBe(201);
  who.firstOrderThisYear = await customer('今年首单', null);
  expect((await order(who.firstOrderThisYear, at('2026-09-25T08:00:00'))).statusCode).toBe(201);
  who.firstOrderDayBefore = await customer('前一天首单', null);
  expect((await order(who.firstOrderDayBefore, at('2025-09-24T12:00:00'))).statusCode).toBe(201);
  await t.app.events.deliverNow();
});
afterAll(async () => {
  await t.close();
});

describe('the daily care job', () => {
  it('greets exactly the customers due on 中秋 2026, with one coupon each', async () => {
    await enable('生日祝福');
    await enable('中秋问候');
    await enable('首单周年');
    const results = await runCareDay(t.ctx.db, MID_AUTUMN, TWO_PARTS);
    const live = await t.ctx.db.selectFrom('customers').select('id').where('merged_into_id', 'is', null).execute();
    expect(results.map((r) => r.due)).toEqual([2, live.length, 1]);

    const birthdays = await sends('care.birthday');
    expect(birthdays.map((s) => s.customer_id)).toEqual([who.solar, who.lunar].sort((a, b) => a - b));
    const birthdayCodes = await codesOf('care:1:2026-09-25:');
    expect(birthdayCodes.map((c) => c.customer_id)).toEqual(birthdays.map((s) => s.customer_id));
    // Each greeting carries the customer's own code, the amount in yuan and the expiry in China time.
    for (const s of birthdays) {
      const code = birthdayCodes.find((c) => c.customer_id === s.customer_id)!.code;
      expect(s.body).toContain(code);
      expect(s.body).toContain('20元专享券（满100元可用');
      expect(s.body).toContain('2026年10月24日前有效');
    }
    expect((await sends('care.holiday')).map((s) => s.customer_id).sort()).toEqual(live.map((c) => c.id).sort());
    expect((await sends('care.first_order')).map((s) => s.customer_id)).toEqual([who.firstOrder]);
    expect(birthdays[0]!.dedupe_key).toBe('care:birthday:1:2026-09-25');
  });

  it('sends nothing twice: run again the same day, or after a run cut short', async () => {
    const before = await t.ctx.db
      .selectFrom('outreach_sends')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const codes = await codesOf('care:');
    expect(await runCareDay(t.ctx.db, new Date(MID_AUTUMN.getTime() + 3600_000))).toEqual([]);
    // Its record deleted by hand: the run starts as new, meets the codes and greetings on the unique indexes, and resumes.
    await t.ctx.db.deleteFrom('care_runs').execute();
    const again = await runCareDay(t.ctx.db, MID_AUTUMN);
    expect(again.map((r) => [r.granted, r.queued])).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    const after = await t.ctx.db
      .selectFrom('outreach_sends')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(await codesOf('care:')).toEqual(codes);
  });

  it('a run cut short after granting greets with the codes already granted, in both parts', async () => {
    // As if the process died after the codes were committed and before the greetings were: sends gone, codes kept.
    const codes = await codesOf('care:1:2026-09-25:');
    expect(codes.length).toBe(2);
    await t.ctx.db.deleteFrom('outreach_sends').where('template_key', '=', 'care.birthday').execute();
    // The claim of a run that never finished.
    await t.ctx.db.updateTable('care_runs').set({ finished_at: null }).execute();
    expect(json<{ runs: unknown[] }>(await admin({ method: 'GET', url: '/api/care/runs' })).runs).toEqual([]);
    const again = await runCareDay(t.ctx.db, MID_AUTUMN, TWO_PARTS);
    expect(again.find((r) => r.campaignId === 1)).toMatchObject({ granted: 0, queued: codes.length });
    const resent = await sends('care.birthday');
    expect(resent.map((s) => s.customer_id)).toEqual(codes.map((c) => c.customer_id));
    for (const s of resent) expect(s.body).toContain(codes.find((c) => c.customer_id === s.customer_id)!.code);
    expect(await codesOf('care:1:2026-09-25:')).toEqual(codes);
  });

  it('codes count up in their first half and are random in the second', async () => {
    const codes = (await codesOf('care:')).map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
    const serials = codes.map((c) => parseInt(c.slice(0, 9).replace('-', ''), 16)).sort((a, b) => a - b);
    expect(serials[0]).toBeGreaterThanOrEqual(0x10000000);
    expect(new Set(serials).size).toBe(codes.length);
    expect(new Set(codes.map((c) => c.slice(10))).size).toBe(codes.length);
  });

  it('keeps a 2月29日 birthday on 2月28日 in 2026', async () => {
    const [run] = (await runCareDay(t.ctx.db, at('2026-02-28T09:00:00'), TWO_PARTS)).filter((r) => r.occasionDay === '2026-02-28');
    expect(run?.due).toBe(1);
    expect((await codesOf('care:1:2026-02-28:')).map((c) => c.customer_id)).toEqual([who.leap]);
  });

  it('announces 双11 seven days ahead to the chosen segment only', async () => {
    await enable('双11 预售提醒', { segments: ['vip'] });
    const results = await runCareDay(t.ctx.db, at('2026-11-04T09:00:00'), TWO_PARTS);
    expect(results.find((r) => r.occasionDay === '2026-11-11')).toMatchObject({ due: 1 });
    expect((await sends('care.presale')).map((s) => s.customer_id)).toEqual([who.firstOrder]);
  });

  it('shows the coming greetings with their counts', async () => {
    const res = await admin({ method: 'GET', url: '/api/care/calendar?from=2026-09-24&days=3' });
    expect(res.statusCode, res.body).toBe(200);
    const [, mid] = json(res).days;
    expect(mid.day).toBe('2026-09-25');
    expect(mid.holidays).toEqual(['中秋节']);
    const counts = Object.fromEntries(mid.greetings.map((g: { name: string; customers: number }) => [g.name, g.customers]));
    expect(counts['生日祝福']).toBe(2);
    expect(counts['首单周年']).toBe(1);
    const campaigns = await campaignsByName();
    expect(campaigns.get('中秋问候')!.nextDay).toMatch(/^20\d\d-\d\d-\d\d$/);
  });
});

describe('coupons', () => {
  it('answers the same code when a grant is repeated, and refuses one past the limit', async () => {
    const grant = (customerId: number, grantKey: string) =>
      t.ctx.db.transaction().execute((tx) => grantCoupon(tx, { definitionId: 1, customerId, grantKey, source: 'manual' }, '2026-11-30'));
    const first = await grant(who.none, 'manual:test:1');
    const second = await grant(who.none, 'manual:test:1');
    expect(first.outcome).toBe('granted');
    expect(second).toMatchObject({ outcome: 'already_granted', code: first.code });
    await expect(grant(who.solarOtherDay, 'manual:test:1')).rejects.toThrow(/another customer/);
    // 生日专享券 is one per customer at a time.
    await expect(grant(who.none, 'manual:test:2')).rejects.toThrow(/limit per customer/);
    expect((await t.ctx.db.selectFrom('coupon_codes').select('id').where('customer_id', '=', who.none).execute()).length).toBe(1);
  });

  it('is redeemed by an imported order that names the code, once', async () => {
    const [mine] = await codesOf(`care:1:2026-09-25:${who.solar}`);
    const placed = await order(who.solar, at('2026-10-01T10:00:00'), { coupon: `生日券 ${mine!.code.toLowerCase()}` });
    expect(placed.statusCode, placed.body).toBe(201);
    await t.app.events.deliverNow();
    const list = json(await t.as('agent')({ method: 'GET', url: `/api/customers/${who.solar}/coupons` })).coupons;
    const used = list.find((c: Coupon) => c.code === mine!.code);
    expect(used).toMatchObject({ state: 'used', orderNo: json(placed).order.orderNo, amountFen: 2000, source: 'care' });
    // Another order naming the same code does not take it over.
    await order(who.lunar, at('2026-10-02T10:00:00'), { coupon: mine!.code });
    await t.app.events.deliverNow();
    const again = await t.ctx.db.selectFrom('coupon_codes').select('order_id').where('code', '=', mine!.code).executeTakeFirstOrThrow();
    expect(again.order_id).toBe(json(placed).order.id);
  });

  it('grants a real code for an approved coupon compensation', async () => {
    const placed = json(await order(who.lunarOtherDay, new Date(Date.now() - 3 * 86_400_000)));
    const opened = await t.as('agent')({
      method: 'POST',
      url: '/api/aftersales',
      payload: { orderId: placed.order.id, kind: 'compensation', reason: 'late', compensationKind: 'coupon', amountFen: 1500, lines: [] },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const a = json(opened).afterSale;
    const approved = await t.as('agent')({
      method: 'POST',
      url: `/api/aftersales/${a.id}/transition`,
      payload: { version: a.version, to: 'approved' },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    const list = json(await admin({ method: 'GET', url: `/api/customers/${who.lunarOtherDay}/coupons` })).coupons;
    const comp = list.filter((c: Coupon) => c.source === 'compensation');
    expect(comp).toHaveLength(1);
    expect(comp[0]).toMatchObject({ name: '售后补偿券', amountFen: 1500, state: 'valid' });
    expect(comp[0].code).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
  });

  it('creates and changes definitions with their counts', async () => {
    const res = await admin({
      method: 'POST',
      url: '/api/coupons',
      payload: { name: '双11 满减券', amountFen: 3000, thresholdFen: 19_900, validFrom: '2026-11-01', validUntil: '2026-11-12' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = json(res).coupon;
    expect(c).toMatchObject({ granted: 0, redeemed: 0, perCustomerLimit: 1, validDays: null });
    const changed = await admin({ method: 'PATCH', url: `/api/coupons/${c.id}`, payload: { version: c.version, enabled: false } });
    expect(json(changed).coupon).toMatchObject({ enabled: false, version: c.version + 1 });
    const stale = await admin({ method: 'PATCH', url: `/api/coupons/${c.id}`, payload: { version: c.version, name: '旧' } });
    expect(stale.statusCode).toBe(409);
    const list = json(await admin({ method: 'GET', url: '/api/coupons' })).coupons;
    const birthday = list.find((d: Wire<typeof CouponDefinition>) => d.name === '生日专享券')!;
    expect(birthday.redeemed).toBe(1);
    expect(birthday.granted).toBeGreaterThanOrEqual(4);
  });
});

describe('bad input and roles', () => {
  const field = (res: { body: string }) => json(res).fields?.[0]?.field;
  it('refuses a campaign with an unknown variable, a day that does not exist or a missing coupon, writing nothing', async () => {
    const base = { name: '测试', occasion: 'presale', eventMonthDay: '11-11', daysAhead: 3, title: '预售', body: '{{name}} 预售开始' };
    const count = async () => (await campaignsByName()).size;
    const before = await count();
    const post = (payload: Record<string, unknown>) => admin({ method: 'POST', url: '/api/care/campaigns', payload: { ...base, ...payload } });
    const unknown = await post({ body: '{{nmae}} 预售开始' });
    expect(unknown.statusCode).toBe(400);
    expect(field(unknown)).toBe('body.body');
    expect(json(unknown).message).toContain('{{nmae}}');
    expect(field(await post({ eventMonthDay: '02-30' }))).toBe('body.eventMonthDay');
    expect(field(await post({ occasion: 'holiday', eventMonthDay: null }))).toBe('body.holiday');
    expect(field(await post({ body: '券码 {{couponCode}}' }))).toBe('body.body');
    expect(field(await post({ couponDefinitionId: 9999, body: '券码 {{couponCode}}' }))).toBe('body.couponDefinitionId');
    expect(field(await post({ daysAhead: 61 }))).toBe('body.daysAhead');
    expect(await count()).toBe(before);
    const ok = await post({});
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('refuses a coupon without a clear validity', async () => {
    const post = (payload: Record<string, unknown>) =>
      admin({ method: 'POST', url: '/api/coupons', payload: { name: '坏券', amountFen: 500, ...payload } });
    expect(field(await post({}))).toBe('body.validDays');
    expect(field(await post({ validDays: 7, validFrom: '2026-12-01', validUntil: '2026-12-31' }))).toBe('body.validDays');
    expect(field(await post({ validFrom: '2026-12-31', validUntil: '2026-12-01' }))).toBe('body.validUntil');
    expect(field(await post({ validDays: 7, amountFen: 0 }))).toBe('body.amountFen');
  });

  it('lets leads manage care and the desk read a customer’s coupons', async () => {
    const agent = t.as('agent');
    expect((await agent({ method: 'GET', url: '/api/care/campaigns' })).statusCode).toBe(403);
    expect((await agent({ method: 'GET', url: '/api/coupons' })).statusCode).toBe(403);
    expect((await agent({ method: 'POST', url: '/api/care/preview', payload: { title: 'x', body: 'y' } })).statusCode).toBe(403);
    expect((await t.as('warehouse')({ method: 'GET', url: `/api/customers/${who.solar}/coupons` })).statusCode).toBe(403);
    expect((await agent({ method: 'GET', url: '/api/customers/999999/coupons' })).statusCode).toBe(404);
    const preview = await t.as('supervisor')({
      method: 'POST',
      url: '/api/care/preview',
      payload: { title: '{{shopName}}', body: '{{name}}，送您{{couponAmount}}元券 {{couponCode}}', couponDefinitionId: 1 },
    });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(json(preview).body).toMatch(/^王小明，送您20元券 [0-9A-F]{4}-/);
  });
});
