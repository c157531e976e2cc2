import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../src/http/context.ts';
import { queueOutreach, queueOutreachMany, type OutreachRequest } from '../src/outreach/send.ts';
import { createTestContext } from './helpers.ts';
import { makeCustomer } from './outreach-fixture.ts';

// The outreach queue (issue 13): every first contact with a shopper is decided here — channel, time, or why not.
let ctx: AppContext;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ ctx, close } = await createTestContext());
});
afterAll(async () => {
  await close();
});

/** 13:00 China time on a Monday: outside the default quiet hours (21:00–09:00). */
const NOON = new Date('2026-11-30T05:00:00Z');
let seq = 0;
const req = (customerId: number, over: Partial<OutreachRequest> = {}): OutreachRequest => ({
  customerId,
  purpose: 'notification',
  templateKey: 'order.shipped',
  title: '您的订单已发货',
  body: '订单 A1 已由顺丰发出',
  dedupeKey: `k${++seq}`,
  ...over,
});
const queue = (r: OutreachRequest, now = NOON) => ctx.db.transaction().execute((tx) => queueOutreach(tx, r, now));
const rowsOf = (customerId: number) => ctx.db.selectFrom('outreach_sends').selectAll().where('customer_id', '=', customerId).orderBy('id').execute();

describe('choosing the channel', () => {
  it('uses chat, then e-mail, then SMS, and logs a customer with none as no_channel', async () => {
    const chat = await makeCustomer(ctx.db, '小陈', { chat: true, email: 'chen@example.com' });
    const email = await makeCustomer(ctx.db, '小王', { email: 'wang@example.com', phone: '13800000001' });
    const sms = await makeCustomer(ctx.db, '小李', { phone: '13800000002' });
    const none = await makeCustomer(ctx.db, '小赵');
    expect(await queue(req(chat))).toMatchObject({ outcome: 'queued', channel: 'chat', sendAt: NOON });
    expect(await queue(req(email))).toMatchObject({ outcome: 'queued', channel: 'email' });
    expect(await queue(req(sms))).toMatchObject({ outcome: 'queued', channel: 'sms' });
    expect(await queue(req(none))).toEqual({ outcome: 'skipped', reason: 'no_channel' });
    expect(await rowsOf(none)).toMatchObject([{ state: 'skipped', reason: 'no_channel', channel: null, template_key: 'order.shipped' }]);
    // A wanted channel list is the only one tried.
    expect(await queue(req(chat, { channels: ['sms'] }))).toEqual({ outcome: 'skipped', reason: 'no_channel' });
    expect(await queue(req(chat, { channels: ['email', 'chat'] }))).toMatchObject({ outcome: 'queued', channel: 'email' });
  });

  it('prefers e-mail when the shopper last wrote by e-mail', async () => {
    const id = await makeCustomer(ctx.db, '小周', { chat: true, email: 'zhou@example.com' });
    await ctx.db
      .insertInto('tickets')
      .values({
        number: `T-OUT-${id}`,
        type: 'inquiry',
        status: 'open',
        priority: 'normal',
        subject: '邮件咨询',
        customer_id: id,
        channel: 'email',
        created_at: new Date(Date.now() + 60_000),
      } as never)
      .execute();
    expect(await queue(req(id))).toMatchObject({ outcome: 'queued', channel: 'email' });
  });
});

describe('what is never sent', () => {
  it('the same dedupe key twice, in one batch or in two calls, is one row', async () => {
    const id = await makeCustomer(ctx.db, '小吴', { chat: true });
    const first = await queue(req(id, { dedupeKey: 'order:1:shipped' }));
    expect(first.outcome).toBe('queued');
    expect(await queue(req(id, { dedupeKey: 'order:1:shipped' }))).toEqual({ outcome: 'skipped', reason: 'duplicate' });
    const batch = await ctx.db
      .transaction()
      .execute((tx) => queueOutreachMany(tx, [req(id, { dedupeKey: 'order:2:shipped' }), req(id, { dedupeKey: 'order:2:shipped' })], NOON));
    expect(batch.map((r) => r.outcome)).toEqual(['queued', 'skipped']);
    expect((await rowsOf(id)).map((r) => r.dedupe_key)).toEqual(['order:1:shipped', 'order:2:shipped']);
  });

  it('concurrent duplicates leave one row', async () => {
    const id = await makeCustomer(ctx.db, '小郑', { chat: true });
    const results = await Promise.all([1, 2, 3].map(() => queue(req(id, { dedupeKey: 'race' }))));
    expect(results.filter((r) => r.outcome === 'queued')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'skipped' && r.reason === 'duplicate')).toHaveLength(2);
    expect(await rowsOf(id)).toHaveLength(1);
  });

  it('honours opt-outs: a channel, or all marketing (service messages still go)', async () => {
    const id = await makeCustomer(ctx.db, '小孙', { chat: true, email: 'sun@example.com' });
    await ctx.db.insertInto('outreach_opt_outs').values({ customer_id: id, scope: 'chat', source: 'staff', created_by: null }).execute();
    expect(await queue(req(id))).toMatchObject({ outcome: 'queued', channel: 'email' });
    await ctx.db.insertInto('outreach_opt_outs').values({ customer_id: id, scope: 'email', source: 'shopper', created_by: null }).execute();
    expect(await queue(req(id))).toEqual({ outcome: 'skipped', reason: 'opted_out' });

    const other = await makeCustomer(ctx.db, '小钱', { chat: true });
    await ctx.db.insertInto('outreach_opt_outs').values({ customer_id: other, scope: 'marketing', source: 'staff', created_by: null }).execute();
    expect(await queue(req(other, { purpose: 'care', templateKey: 'care.birthday' }))).toEqual({ outcome: 'skipped', reason: 'opted_out' });
    expect(await queue(req(other, { purpose: 'survey' }))).toMatchObject({ outcome: 'queued' });
    expect((await rowsOf(other)).map((r) => [r.purpose, r.state, r.reason])).toEqual([
      ['care', 'skipped', 'opted_out'],
      ['survey', 'queued', null],
    ]);
  });

  it('caps marketing at two per customer in seven days; surveys and notifications do not count', async () => {
    const id = await makeCustomer(ctx.db, '小冯', { chat: true });
    const care = (n: number) => req(id, { purpose: 'care', templateKey: 'care.holiday', dedupeKey: `care-${n}` });
    const outcomes = await ctx.db
      .transaction()
      .execute((tx) => queueOutreachMany(tx, [care(1), req(id, { purpose: 'survey' }), care(2), care(3)], NOON));
    expect(outcomes.map((o) => (o.outcome === 'skipped' ? o.reason : o.outcome))).toEqual(['queued', 'queued', 'queued', 'frequency_cap']);
    expect(await queue(req(id, { purpose: 'review_invite', dedupeKey: 'invite' }))).toEqual({ outcome: 'skipped', reason: 'frequency_cap' });
    expect(await queue(req(id))).toMatchObject({ outcome: 'queued' });
    // Eight days later the window has moved on.
    expect(await queue(care(4), new Date(NOON.getTime() + 8 * 86_400_000))).toMatchObject({ outcome: 'queued' });
  });
});

describe('when it goes out', () => {
  it('delays all but notifications to the end of quiet hours, China time, and keeps a scheduled time', async () => {
    const id = await makeCustomer(ctx.db, '小褚', { chat: true });
    const night = new Date('2026-11-30T14:30:00Z'); // 22:30 China time
    expect(await queue(req(id, { purpose: 'survey' }), night)).toMatchObject({ sendAt: new Date('2026-12-01T01:00:00Z') });
    expect(await queue(req(id, { purpose: 'notification' }), night)).toMatchObject({ sendAt: night });
    const early = new Date('2026-11-30T22:10:00Z'); // 06:10 China time on Dec 1
    expect(await queue(req(id, { purpose: 'follow_up' }), early)).toMatchObject({ sendAt: new Date('2026-12-01T01:00:00Z') });
    const later = new Date('2026-12-03T06:00:00Z');
    expect(await queue(req(id, { purpose: 'survey', notBefore: later }))).toMatchObject({ sendAt: later });
  });

  it('queues a large batch across chunks in one call', async () => {
    const ids = await Promise.all(
      Array.from({ length: 30 }, (_, i) => makeCustomer(ctx.db, `批量${i}`, { phone: `1390000${String(i).padStart(4, '0')}` })),
    );
    const reqs = Array.from({ length: 6000 }, (_, i) => req(ids[i % ids.length]!, { purpose: 'survey', dedupeKey: `bulk-${i}` }));
    const results = await ctx.db.transaction().execute((tx) => queueOutreachMany(tx, reqs, NOON));
    expect(results).toHaveLength(6000);
    expect(results.every((r) => r.outcome === 'queued' && r.channel === 'sms')).toBe(true);
    expect(new Set(results.map((r) => (r.outcome === 'queued' ? r.id : 0))).size).toBe(6000);
  });
});
