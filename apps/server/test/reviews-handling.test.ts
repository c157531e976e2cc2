import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeClocks } from '../src/sla/describe.ts';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';
import { deliverReviews, review, REVIEW_SECRET, seedShop } from './reviews-fixture.ts';

let t: TestApp;
let agent: Client;
let shop: Awaited<ReturnType<typeof seedShop>>;
beforeAll(async () => {
  t = await createTestApp({ ORDER_WEBHOOK_SECRET: REVIEW_SECRET });
  agent = t.as('agent');
  shop = await seedShop(t);
  await t.ctx.db.updateTable('users').set({ email: 'lead@example.com' }).where('id', '=', t.users.supervisor!.id).execute();
});
afterAll(async () => {
  await t.close();
});

/** A fresh 1-star review of the seeded order; its id and version. */
async function badReview(overrides: Record<string, unknown> = {}) {
  const res = await deliverReviews(t, {
    review: review({ orderNo: 'TB20261120001', sku: 'PJ-001', stars: 1, content: '质量太差，洗一次就坏了', ...overrides }),
  });
  expect(res.statusCode, res.body).toBe(200);
  const id = json(res).ids[0] as number;
  return { id, version: 1 };
}
const get = async (id: number) => json(await agent({ method: 'GET', url: `/api/reviews/${id}` })).review;
const clockOf = (id: number) =>
  t.ctx.db.selectFrom('sla_clocks').selectAll().where('subject_kind', '=', 'review').where('subject_id', '=', id).executeTakeFirstOrThrow();

describe('handling a 中差评', () => {
  it('lists unanswered 中差评 first with their clock, and filters', async () => {
    const { id } = await badReview();
    await deliverReviews(t, { review: review({ platform: 'jd', content: '很好' }) });
    const list = json(await agent({ method: 'GET', url: '/api/reviews?answered=false&middling=true' }));
    expect(list.items[0]).toMatchObject({ id, middling: true, repliedAt: null });
    expect(list.items[0].dueAt).not.toBeNull();
    const clock = await clockOf(id);
    expect((await describeClocks(t.ctx.db, [String(clock.id)])).get(String(clock.id))).toMatchObject({ title: '中差评 · 质量太差，洗一次就坏了' });
    const jd = json(await agent({ method: 'GET', url: '/api/reviews?platform=jd' }));
    expect(jd.items.every((r: { platform: string }) => r.platform === 'jd')).toBe(true);
    expect(jd.total).toBeGreaterThan(0);
    expect((await agent({ method: 'GET', url: '/api/reviews?stars=9' })).statusCode).toBe(400);
  });

  it('drafts a reply from the complaint kind, and replying keeps the promise (the clock is met)', async () => {
    const { id, version } = await badReview();
    const draft = json(await agent({ method: 'GET', url: `/api/reviews/${id}/draft` }));
    expect(draft.source).toBe('template');
    expect(draft.text).toContain('质量问题');
    const res = await agent({ method: 'POST', url: `/api/reviews/${id}/reply`, payload: { text: draft.text, version } });
    expect(res.statusCode, res.body).toBe(200);
    const after = json(res).review;
    expect(after).toMatchObject({ reply: draft.text, repliedBy: 'agent用户', dueAt: null, version: 2 });
    expect((await clockOf(id)).state).toBe('met');
    expect(after.events.map((e: { kind: string }) => e.kind)).toEqual(['received', 'replied']);
    const stale = await agent({ method: 'POST', url: `/api/reviews/${id}/reply`, payload: { text: '再说一次', version } });
    expect(stale.statusCode).toBe(409);
    const empty = await agent({ method: 'POST', url: `/api/reviews/${id}/reply`, payload: { text: ' ', version: 2 } });
    expect(empty.statusCode).toBe(400);
    expect(json(empty).message).toContain('body.text');
  });

  it('opens an after-sale on the linked order once', async () => {
    const { id, version } = await badReview();
    const res = await agent({ method: 'POST', url: `/api/reviews/${id}/after-sale`, payload: { kind: 'reissue', version } });
    expect(res.statusCode, res.body).toBe(201);
    const { afterSaleId, review: after } = json(res);
    const sale = await t.ctx.db.selectFrom('after_sales').selectAll().where('id', '=', afterSaleId).executeTakeFirstOrThrow();
    expect(sale).toMatchObject({ order_id: shop.orderId, kind: 'reissue', reason: 'quality', state: 'requested' });
    expect(after).toMatchObject({ afterSaleId, afterSaleTicketId: sale.ticket_id });
    const twice = await agent({ method: 'POST', url: `/api/reviews/${id}/after-sale`, payload: { kind: 'reissue', version: after.version } });
    expect(twice.statusCode).toBe(409);
    const unlinked = await badReview({ orderNo: 'NO-SUCH-ORDER' });
    const refused = await agent({ method: 'POST', url: `/api/reviews/${unlinked.id}/after-sale`, payload: { kind: 'refund', version: 1 } });
    expect(refused.statusCode).toBe(400);
  });

  it('escalates to PR or legal once, telling the leads by e-mail', async () => {
    const { id, version } = await badReview({ content: '假货！我要去12315投诉，还要发微博曝光你们' });
    const noReason = await agent({ method: 'POST', url: `/api/reviews/${id}/escalate`, payload: { to: 'pr', reason: '', version } });
    expect(noReason.statusCode).toBe(400);
    expect(json(noReason).message).toContain('body.reason');
    const res = await agent({ method: 'POST', url: `/api/reviews/${id}/escalate`, payload: { to: 'legal', reason: '顾客称要投诉并曝光', version } });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res).review).toMatchObject({ escalation: 'legal', escalationReason: '顾客称要投诉并曝光' });
    const mail = await t.ctx.db.selectFrom('email_outbox').selectAll().where('recipient', '=', 'lead@example.com').execute();
    expect(mail.map((m) => m.subject)).toEqual([expect.stringContaining('法务')]);
    const events = await t.ctx.db.selectFrom('domain_events').select('payload').where('type', '=', 'review.escalated').execute();
    expect(events.map((e) => (e.payload as { reviewId: number }).reviewId)).toContain(id);
    const again = await agent({ method: 'POST', url: `/api/reviews/${id}/escalate`, payload: { to: 'pr', reason: '再次', version: 2 } });
    expect(again.statusCode).toBe(409);
  });

  it('opens a follow-up of the reviewer once', async () => {
    const { id, version } = await badReview();
    const res = await agent({ method: 'POST', url: `/api/reviews/${id}/follow-up`, payload: { version } });
    expect(res.statusCode, res.body).toBe(201);
    const followUpId = json(res).review.followUpId;
    const row = await t.ctx.db.selectFrom('follow_ups').selectAll().where('id', '=', followUpId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ customer_id: shop.customerId, reason: 'review', subject_kind: 'review', subject_id: id });
    expect((await agent({ method: 'POST', url: `/api/reviews/${id}/follow-up`, payload: { version: 2 } })).statusCode).toBe(409);
  });

  it('invites a revision only after the answer and the solved case, and only once', async () => {
    const { id } = await badReview();
    const early = await agent({ method: 'POST', url: `/api/reviews/${id}/invite`, payload: { version: 1 } });
    expect(early.statusCode).toBe(409);
    expect(json(early).message).toMatch(/answer the review first/);
    await agent({ method: 'POST', url: `/api/reviews/${id}/reply`, payload: { text: '非常抱歉，已为您处理', version: 1 } });
    expect((await get(id)).inviteRefusal).toBeNull();
    const res = await agent({ method: 'POST', url: `/api/reviews/${id}/invite`, payload: { version: 2 } });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res).review.invitedAt).not.toBeNull();
    const sends = await t.ctx.db.selectFrom('outreach_sends').selectAll().where('purpose', '=', 'review_invite').where('case_id', '=', id).execute();
    expect(sends).toHaveLength(1);
    expect(sends[0]).toMatchObject({ customer_id: shop.customerId, channel: 'email', case_kind: 'review' });
    const twice = await agent({ method: 'POST', url: `/api/reviews/${id}/invite`, payload: { version: 3 } });
    expect(twice.statusCode).toBe(409);
    expect(
      await t.ctx.db.selectFrom('outreach_sends').select('id').where('case_id', '=', id).where('purpose', '=', 'review_invite').execute(),
    ).toHaveLength(1);
  });

  it('is for the desk: warehouse and product staff may not see or answer reviews', async () => {
    const { id } = await badReview();
    for (const role of ['warehouse', 'product', 'finance']) {
      expect((await t.as(role)({ method: 'GET', url: '/api/reviews' })).statusCode).toBe(403);
      expect((await t.as(role)({ method: 'POST', url: `/api/reviews/${id}/reply`, payload: { text: '好', version: 1 } })).statusCode).toBe(403);
    }
    expect((await t.as('supervisor')({ method: 'GET', url: `/api/reviews/${id}` })).statusCode).toBe(200);
    expect((await agent({ method: 'GET', url: '/api/reviews/999999' })).statusCode).toBe(404);
  });
});
