import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { up as surveysMigration } from '../src/db/migrations/0033_surveys.ts';
import { sendDueSurveys, sendSurvey, surveyCase } from '../src/surveys/send.ts';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';

// Satisfaction surveys (issue 13): one per case, sent on the shopper's channel, answered once before it expires.
let t: TestApp;
let agent: Client;
let supervisor: Client;
let customerId: number;
beforeAll(async () => {
  t = await createTestApp();
  agent = t.as('agent');
  supervisor = t.as('supervisor');
  // Listeners start from the events recorded after their first delivery.
  await t.app.events.deliverNow();
  const res = await agent({
    method: 'POST',
    url: '/api/customers',
    payload: { name: '陈静', identities: [{ kind: 'email', value: 'chen.jing@example.com' }] },
  });
  expect(res.statusCode, res.body).toBe(201);
  customerId = json(res).customer.id;
});
afterAll(async () => {
  await t.close();
});

let serial = 0;
async function solvedTicket(options: { customer?: number | null } = {}) {
  const created = await agent({
    method: 'POST',
    url: '/api/tickets',
    payload: {
      type: 'problem_order',
      subject: `发错颜色 ${++serial}`,
      ...(options.customer !== null && { customerId: options.customer ?? customerId }),
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  const ticket = json(created).ticket;
  const solved = await agent({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, payload: { version: ticket.version, status: 'solved' } });
  expect(solved.statusCode, solved.body).toBe(200);
  await t.app.events.deliverNow();
  return json(solved).ticket as { id: number; version: number; number: string };
}

const surveysOf = (kind: string, caseId: number) =>
  t.ctx.db.selectFrom('surveys').selectAll().where('kind', '=', kind).where('case_id', '=', caseId).execute();

/** The token of the link queued (through outreach) for a ticket's survey. */
async function linkToken(ticketId: number): Promise<string> {
  const send = await t.ctx.db
    .selectFrom('outreach_sends')
    .select('link')
    .where('case_kind', '=', 'ticket')
    .where('case_id', '=', ticketId)
    .executeTakeFirst();
  const token = /\/s\/([\w-]+)$/.exec(send?.link ?? '')?.[1];
  if (!token) throw new Error(`no survey link for ticket ${ticketId}`);
  return token;
}

const answer = (token: string, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/public/surveys/${token}`, payload });

describe('sending', () => {
  it('surveys a solved ticket once, by e-mail with a link through outreach, however often it is solved', async () => {
    const ticket = await solvedTicket();
    const [survey] = await surveysOf('ticket', ticket.id);
    expect(survey).toMatchObject({ state: 'sent', channel: 'email', customer_id: customerId, agent_id: null });
    expect(survey!.expires_at!.getTime() - survey!.sent_at!.getTime()).toBe(7 * 86_400_000);
    expect(await linkToken(ticket.id)).toHaveLength(32);
    // Reopened and solved again: still one survey, one e-mail.
    const reopened = await agent({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, payload: { version: ticket.version, status: 'open' } });
    expect(reopened.statusCode, reopened.body).toBe(200);
    const again = await agent({
      method: 'PATCH',
      url: `/api/tickets/${ticket.id}`,
      payload: { version: json(reopened).ticket.version, status: 'solved' },
    });
    expect(again.statusCode, again.body).toBe(200);
    await t.app.events.deliverNow();
    expect(await surveysOf('ticket', ticket.id)).toHaveLength(1);
    const sends = await t.ctx.db.selectFrom('outreach_sends').selectAll().where('dedupe_key', '=', `survey:ticket:${ticket.id}`).execute();
    expect(sends).toMatchObject([{ purpose: 'survey', channel: 'email', customer_id: customerId, state: 'queued' }]);
    expect(sends[0]!.body).toContain(ticket.number);
  });

  it('records a shopper no channel reaches as skipped, with the reason', async () => {
    const ticket = await solvedTicket({ customer: null });
    expect(await surveysOf('ticket', ticket.id)).toMatchObject([{ state: 'skipped', skip_reason: 'unreachable', token_hash: null }]);
  });

  it('waits out the delay after solving, and does not ask about a case reopened meanwhile', async () => {
    await t.ctx.db.updateTable('survey_settings').set({ delay_minutes: 60 }).execute();
    try {
      const ticket = await solvedTicket();
      expect(await surveysOf('ticket', ticket.id)).toMatchObject([{ state: 'pending', sent_at: null }]);
      expect((await sendDueSurveys(t.ctx.db)).sent).toBe(0);
      expect((await sendDueSurveys(t.ctx.db, new Date(Date.now() + 61 * 60_000))).sent).toBe(1);
      expect(await surveysOf('ticket', ticket.id)).toMatchObject([{ state: 'sent', channel: 'email' }]);

      const other = await solvedTicket();
      await agent({ method: 'PATCH', url: `/api/tickets/${other.id}`, payload: { version: other.version, status: 'open' } });
      await sendDueSurveys(t.ctx.db, new Date(Date.now() + 61 * 60_000));
      expect(await surveysOf('ticket', other.id)).toMatchObject([{ state: 'skipped', skip_reason: 'reopened' }]);
    } finally {
      await t.ctx.db.updateTable('survey_settings').set({ delay_minutes: 0 }).execute();
    }
  });

  it('sends nothing for a kind the admin turned off', async () => {
    const admin = t.as('admin');
    const current = json(await admin({ url: '/api/surveys/settings' }));
    const off = await admin({
      method: 'PUT',
      url: '/api/surveys/settings',
      payload: { ...current.settings, ticket: false, version: current.version },
    });
    expect(off.statusCode, off.body).toBe(200);
    const stale = await admin({ method: 'PUT', url: '/api/surveys/settings', payload: { ...current.settings, version: current.version } });
    expect(json(stale).error).toBe('stale_version');
    const bad = await admin({
      method: 'PUT',
      url: '/api/surveys/settings',
      payload: { ...current.settings, expiryDays: 0, version: json(off).version },
    });
    expect(json(bad).fields[0].field).toBe('body.expiryDays');
    const ticket = await solvedTicket();
    expect(await surveysOf('ticket', ticket.id)).toEqual([]);
    await admin({ method: 'PUT', url: '/api/surveys/settings', payload: { ...current.settings, version: json(off).version } });
  });

  it('surveys an after-sale when it is closed', async () => {
    const ticket = json(await agent({ method: 'POST', url: '/api/tickets', payload: { type: 'after_sale', subject: '补偿', customerId } })).ticket;
    const order = await t.ctx.db
      .insertInto('orders')
      .values({ platform: 'tmall', order_no: 'SV-1', status: 'delivered', customer_id: customerId, total_fen: 10_000 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const afterSale = await t.ctx.db
      .insertInto('after_sales')
      .values({
        ticket_id: ticket.id,
        order_id: order.id,
        customer_id: customerId,
        kind: 'compensation',
        state: 'granted',
        reason: 'late',
        lines: '[]',
        checks: '[]',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const moved = await agent({ method: 'POST', url: `/api/aftersales/${afterSale.id}/transition`, payload: { version: 1, to: 'closed' } });
    expect(moved.statusCode, moved.body).toBe(200);
    await t.app.events.deliverNow();
    expect(await surveysOf('after_sale', afterSale.id)).toMatchObject([{ state: 'sent', channel: 'email', ticket_id: ticket.id }]);
  });
});

describe('answering', () => {
  it('takes one answer from the link: the page, the score, the event; twice is 409', async () => {
    const ticket = await solvedTicket();
    const token = await linkToken(ticket.id);
    const page = await t.app.inject({ url: `/s/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('服务满意度评价');
    expect(page.body).not.toContain('chen.jing');
    expect((await t.app.inject({ url: `/s/${token}?lang=en` })).body).toContain('How did we do?');
    const info = json(await t.app.inject({ url: `/api/public/surveys/${token}` }));
    expect(info).toEqual({ shopName: expect.any(String), kind: 'ticket', state: 'sent', expiresAt: expect.any(String), score: null });

    const res = await answer(token, { score: 2, comment: '  等太久了 ' });
    expect(res.statusCode, res.body).toBe(200);
    const [survey] = await surveysOf('ticket', ticket.id);
    expect(survey).toMatchObject({ state: 'answered', score: 2, comment: '等太久了' });
    const events = await t.ctx.db.selectFrom('domain_events').select('payload').where('type', '=', 'survey.answered').execute();
    expect(events.map((e) => e.payload)).toContainEqual({ surveyId: survey!.id, customerId, caseKind: 'ticket', caseId: ticket.id, score: 2 });

    // The reports' ticket CSAT reads the answer.
    await t.app.events.deliverNow();
    const fact = await t.ctx.db.selectFrom('report_tickets').select('csat').where('ticket_id', '=', ticket.id).executeTakeFirstOrThrow();
    expect(fact.csat).toBe(2);

    const twice = await answer(token, { score: 5 });
    expect(twice.statusCode).toBe(409);
    expect(json(twice).error).toBe('survey_answered');
    expect((await surveysOf('ticket', ticket.id))[0]).toMatchObject({ score: 2 });
    expect((await t.app.inject({ url: `/s/${token}` })).body).toContain('已经提交过了');
  });

  it('answers through the HTML form too, and says what is wrong with a bad score', async () => {
    const ticket = await solvedTicket();
    const token = await linkToken(ticket.id);
    const form = (body: string) =>
      t.app.inject({ method: 'POST', url: `/s/${token}`, payload: body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const bad = await form('score=9&comment=x');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('请选择 1–5 颗星');
    expect((await surveysOf('ticket', ticket.id))[0]).toMatchObject({ state: 'sent', score: null });
    const ok = await form(`score=5&comment=${encodeURIComponent('很满意')}`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.body).toContain('感谢您的评价');
    expect((await surveysOf('ticket', ticket.id))[0]).toMatchObject({ state: 'answered', score: 5, comment: '很满意' });
  });

  it('refuses a bad score or a long comment naming the field, an unknown token, and an expired link', async () => {
    const ticket = await solvedTicket();
    const token = await linkToken(ticket.id);
    const low = await answer(token, { score: 0 });
    expect(low.statusCode).toBe(400);
    expect(json(low).fields[0].field).toBe('body.score');
    const long = await answer(token, { score: 4, comment: '长'.repeat(501) });
    expect(json(long).fields[0].field).toBe('body.comment');
    expect((await answer('x'.repeat(32), { score: 4 })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/s/${'y'.repeat(32)}` })).statusCode).toBe(404);
    expect((await surveysOf('ticket', ticket.id))[0]).toMatchObject({ state: 'sent', score: null });

    await t.ctx.db
      .updateTable('surveys')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('kind', '=', 'ticket')
      .where('case_id', '=', ticket.id)
      .execute();
    const late = await answer(token, { score: 4 });
    expect(late.statusCode).toBe(410);
    expect(json(late).error).toBe('survey_expired');
    expect((await t.app.inject({ url: `/s/${token}` })).statusCode).toBe(410);
    await sendDueSurveys(t.ctx.db);
    expect((await surveysOf('ticket', ticket.id))[0]).toMatchObject({ state: 'expired', score: null });
  });

  it("makes a chat's stars its answered survey, told once", async () => {
    const shop = await t.ctx.db
      .insertInto('shops')
      .values({ key: 'survey-shop', name: '小店', identity_secret: 's'.repeat(32) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const visitor = await t.ctx.db
      .insertInto('visitors')
      .values({ shop_id: shop.id, token_hash: 'survey-visitor', customer_id: customerId, name: '访客' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const conv = await t.ctx.db
      .insertInto('conversations')
      .values({
        shop_id: shop.id,
        visitor_id: visitor.id,
        customer_id: customerId,
        agent_id: t.users.agent!.id,
        status: 'closed',
        closed_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.app.chat.shoppers.rate(visitor.id, conv.id, 4, '挺好');
    await t.app.events.deliverNow();
    await t.app.chat.shoppers.rate(visitor.id, conv.id, 5, '很好');
    await t.app.events.deliverNow();
    expect(await surveysOf('conversation', conv.id)).toMatchObject([
      { state: 'answered', channel: 'chat', score: 5, comment: '很好', agent_id: t.users.agent!.id },
    ]);
    const told = await t.ctx.db
      .selectFrom('domain_events')
      .select('payload')
      .where('type', '=', 'survey.answered')
      .where(sql`payload->>'caseKind'`, '=', 'conversation')
      .execute();
    expect(told).toHaveLength(1);
  });
});

describe('the supervisor page', () => {
  it('counts sent, answered and expired by kind, channel and agent, with CSAT against the goal', async () => {
    const res = await supervisor({ url: '/api/surveys/summary?kind=ticket' });
    expect(res.statusCode, res.body).toBe(200);
    const summary = json(res);
    const rows = await t.ctx.db.selectFrom('surveys').select(['state', 'score']).where('kind', '=', 'ticket').execute();
    const answered = rows.filter((r) => r.state === 'answered');
    expect(summary.total).toMatchObject({
      answered: answered.length,
      expired: rows.filter((r) => r.state === 'expired').length,
      sent: rows.filter((r) => ['sent', 'answered', 'expired'].includes(r.state)).length,
      skipped: rows.filter((r) => r.state === 'skipped').length,
    });
    expect(summary.total.responseRate).toBeCloseTo(answered.length / summary.total.sent);
    expect(summary.distribution).toEqual([1, 2, 3, 4, 5].map((s) => answered.filter((r) => r.score === s).length));
    expect(summary.total.csat).toBeCloseTo(answered.filter((r) => r.score! >= 4).length / answered.length);
    expect(summary.goal).toBe(0.9);
    expect(summary.byKind.map((k: { key: string }) => k.key)).toEqual(['ticket']);
    expect(summary.byChannel.find((c: { key: string }) => c.key === 'email').answered).toBe(answered.length);
    expect(summary.byPeriod.length).toBeGreaterThan(0);
  });

  it('lists the comments with their cases, filters them, and exports Excel', async () => {
    const list = json(await supervisor({ url: '/api/surveys?commented=true&kind=ticket' }));
    expect(list.surveys.length).toBeGreaterThan(0);
    expect(list.surveys.every((s: { comment: string | null }) => s.comment)).toBe(true);
    expect(list.surveys[0]).toMatchObject({ kind: 'ticket', caseLabel: expect.stringMatching(/^\w+-\d+/), ticketId: expect.any(Number) });
    const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const today = json(await supervisor({ url: `/api/surveys?from=${day}&to=${day}&commented=true&kind=ticket` }));
    expect(today.total).toBe(list.total);
    const tomorrow = new Date(Date.now() + 32 * 3600_000).toISOString().slice(0, 10);
    expect(json(await supervisor({ url: `/api/surveys/summary?from=${tomorrow}&to=${tomorrow}` })).total.sent).toBe(0);
    const low = json(await supervisor({ url: '/api/surveys?score=2' }));
    expect(low.surveys.map((s: { score: number }) => s.score)).toEqual(low.surveys.map(() => 2));
    const xlsx = await supervisor({ url: '/api/surveys/export.xlsx?kind=ticket' });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it("shows a case's result to the desk, and the figures only to leads", async () => {
    const [row] = await t.ctx.db
      .selectFrom('surveys')
      .select(['case_id', 'score'])
      .where('kind', '=', 'ticket')
      .where('state', '=', 'answered')
      .execute();
    const mine = json(await agent({ url: `/api/surveys/case/ticket/${row!.case_id}` }));
    expect(mine.survey).toMatchObject({ state: 'answered', score: row!.score });
    expect(json(await agent({ url: '/api/surveys/case/ticket/999999' })).survey).toBeNull();
    expect((await agent({ url: '/api/surveys/summary' })).statusCode).toBe(403);
    expect((await agent({ url: '/api/surveys' })).statusCode).toBe(403);
    expect((await t.as('warehouse')({ url: `/api/surveys/case/ticket/${row!.case_id}` })).statusCode).toBe(403);
    expect((await supervisor({ method: 'PUT', url: '/api/surveys/settings', payload: {} })).statusCode).toBe(403);
  });
});

describe('the service functions', () => {
  it('sends a pending survey once even when asked twice', async () => {
    const ticket = await solvedTicket({ customer: null });
    await t.ctx.db.updateTable('tickets').set({ customer_id: customerId }).where('id', '=', ticket.id).execute();
    await t.ctx.db
      .updateTable('surveys')
      .set({ state: 'pending', skip_reason: null })
      .where('kind', '=', 'ticket')
      .where('case_id', '=', ticket.id)
      .execute();
    const sends: number[] = [];
    const deliver = async (_tx: unknown, inv: { surveyId: number }) => (
      sends.push(inv.surveyId),
      { queued: true as const, channel: 'sms' as const, sendAt: new Date() }
    );
    const [first, second] = await Promise.all([
      sendSurvey(t.ctx.db, (await surveysOf('ticket', ticket.id))[0]!.id, new Date(), deliver),
      surveyCase(t.ctx.db, 'ticket', ticket.id, new Date(), deliver),
    ]);
    expect([first, second].filter((x) => typeof x === 'string')).toHaveLength(1);
    expect(sends).toHaveLength(1);
    expect(await surveysOf('ticket', ticket.id)).toMatchObject([{ state: 'sent', channel: 'sms' }]);
  });
});

describe('the migration', () => {
  it('turns the chats rated before it into answered surveys', async () => {
    const shop = await t.ctx.db
      .insertInto('shops')
      .values({ key: 'backfill-shop', name: '旧店', identity_secret: 'b'.repeat(32) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const visitor = await t.ctx.db
      .insertInto('visitors')
      .values({ shop_id: shop.id, token_hash: 'backfill-visitor', name: '访客' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const closedAt = new Date('2026-10-01T02:00:00Z');
    const rated = await t.ctx.db
      .insertInto('conversations')
      .values([
        { shop_id: shop.id, visitor_id: visitor.id, status: 'closed', closed_at: closedAt, rating: 3, rating_comment: '一般' },
        { shop_id: shop.id, visitor_id: visitor.id, status: 'closed', closed_at: closedAt },
      ])
      .returning('id')
      .execute();
    await sql`drop table surveys; drop table survey_settings`.execute(t.ctx.db);
    await surveysMigration(t.ctx.db);
    const backfilled = await t.ctx.db.selectFrom('surveys').selectAll().where('kind', '=', 'conversation').execute();
    expect(backfilled.find((s) => s.case_id === rated[0]!.id)).toMatchObject({
      state: 'answered',
      channel: 'chat',
      score: 3,
      comment: '一般',
      answered_at: closedAt,
    });
    expect(backfilled.find((s) => s.case_id === rated[1]!.id)).toBeUndefined();
  });
});

describe('the public page', () => {
  it('slows down a client guessing links', async () => {
    const answers = [];
    for (let i = 0; i < 40; i++) answers.push(await t.app.inject({ url: `/api/public/surveys/${'g'.repeat(31)}${i % 10}` }));
    const limited = answers.filter((r) => r.statusCode === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(json(limited[0]!).error).toBe('rate_limited');
    expect(answers.filter((r) => r.statusCode !== 429).every((r) => r.statusCode === 404)).toBe(true);
  });
});
