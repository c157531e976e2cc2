import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetPolicies } from '../src/sla/policies.ts';
import { sweepClocks } from '../src/sla/sweep.ts';
import { customerWrote } from '../src/tickets/clocks.ts';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';

// Tickets on the clock (docs/service-levels.md): the promises a ticket starts, what meets, pauses and cancels them.
interface Clock {
  id: string;
  metric: string;
  state: string;
  startedAt: string;
  dueAt: string;
  remainingMs: number | null;
  breachedAt: string | null;
}

let t: TestApp;
let agent: Client;
let supervisor: Client;
beforeAll(async () => {
  t = await createTestApp();
  agent = t.as('agent');
  supervisor = t.as('supervisor');
});
afterAll(async () => {
  await t.close();
});

const MIN = 60_000;
const HOUR = 60 * MIN;

async function create(payload: Record<string, unknown>) {
  const res = await agent({ method: 'POST', url: '/api/tickets', payload });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).ticket;
}
const complaint = (severity: string, extra: Record<string, unknown> = {}) =>
  create({ type: 'complaint', subject: `投诉 ${severity}`, category: 'product_quality', severity, ...extra });
const detail = async (id: number) => json(await agent({ method: 'GET', url: `/api/tickets/${id}` })).ticket;
const reply = (id: number, body = '您好，我们正在处理。') =>
  agent({ method: 'POST', url: `/api/tickets/${id}/messages`, payload: { kind: 'reply', body } });
async function patch(id: number, change: Record<string, unknown>) {
  const { version } = await detail(id);
  const res = await agent({ method: 'PATCH', url: `/api/tickets/${id}`, payload: { version, ...change } });
  expect(res.statusCode, res.body).toBe(200);
  return json(res).ticket;
}
const clocksOf = (ticket: { clocks: Clock[] }, metric: string) => ticket.clocks.filter((c) => c.metric === metric);
const open = (ticket: { clocks: Clock[] }, metric: string) => clocksOf(ticket, metric).find((c) => c.state === 'running' || c.state === 'paused');
const span = (c: Clock) => new Date(c.dueAt).getTime() - new Date(c.startedAt).getTime();

describe('a new ticket starts its promises', () => {
  it('gives a critical complaint DOMAIN.md numbers: acknowledged in 5 minutes, first feedback in 2 hours, solved in 24', async () => {
    const ticket = await complaint('critical');
    expect(ticket.clocks.map((c: Clock) => [c.metric, c.state, span(c)])).toEqual([
      ['first_response', 'running', 5 * MIN],
      ['first_feedback', 'running', 2 * HOUR],
      ['resolution', 'running', 24 * HOUR],
    ]);
    const first = open(ticket, 'first_response')!;
    expect(ticket.slaDueAt).toBe(first.dueAt);
    expect(ticket.answerDueAt).toBe(first.dueAt);
    expect(ticket.channel).toBe('web');
    expect(ticket.escalationLevel).toBeNull();
    expect(ticket.complaint).toMatchObject({ stage: 'acknowledge', solution: null, rootCause: null });
    // What the create answered is what is stored.
    expect((await detail(ticket.id)).clocks).toEqual(ticket.clocks);
  });

  it('gives other complaints 30 minutes to acknowledge, and other work the default promises', async () => {
    const major = await complaint('major');
    expect(span(open(major, 'first_response')!)).toBe(30 * MIN);
    expect(span(open(major, 'first_feedback')!)).toBe(2 * HOUR);
    expect(span(open(major, 'resolution')!)).toBe(24 * HOUR);
    const question = await create({ type: 'consultation', subject: '问尺码', channel: 'taobao' });
    expect(question.channel).toBe('taobao');
    expect(question.complaint).toBeNull();
    expect(question.clocks.map((c: Clock) => [c.metric, span(c)])).toEqual([
      ['first_response', 30 * MIN],
      ['resolution', 48 * HOUR],
    ]);
  });

  it("matches policies on the customer's segment", async () => {
    const none = { ticketTypes: [], categories: [], severities: [], priorities: [], channels: [] };
    await t.ctx.db
      .insertInto('sla_policies')
      .values({
        name: 'VIP 咨询',
        position: 1,
        match: JSON.stringify({ ...none, segments: ['vip'] }),
        hours: JSON.stringify({ kind: 'always' }),
        targets: JSON.stringify({ first_response: { within: 10, unit: 'minutes' } }),
        on_breach: JSON.stringify({ raisePriority: false, reassign: null }),
      })
      .execute();
    forgetPolicies(t.ctx.db);
    // The segment as the rules left it (the API never takes a hand-typed one).
    const customer = async (segment: string) =>
      (
        await t.ctx.db
          .insertInto('customers')
          .values({ name: `${segment}顾客`, segment })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const vip = await create({ type: 'consultation', subject: 'VIP 问尺码', customerId: await customer('vip') });
    const regular = await create({ type: 'consultation', subject: '问尺码', customerId: await customer('regular') });
    expect(span(open(vip, 'first_response')!)).toBe(10 * MIN);
    expect(span(open(regular, 'first_response')!)).toBe(30 * MIN);
    expect(span(open(vip, 'resolution')!)).toBe(48 * HOUR);
  });

  it('keeps the running promises when a ticket is made more severe later', async () => {
    const ticket = await complaint('minor');
    const before = open(ticket, 'first_response')!;
    const after = await patch(ticket.id, { severity: 'critical' });
    expect(open(after, 'first_response')).toEqual(before);
  });
});

describe('replies meet promises', () => {
  it('acknowledges with the first reply, gives first feedback with the next, and answers every shopper message', async () => {
    const ticket = await complaint('major');
    expect((await reply(ticket.id)).statusCode).toBe(201);
    let now = await detail(ticket.id);
    expect(clocksOf(now, 'first_response')).toMatchObject([{ state: 'met', breachedAt: null }]);
    expect(open(now, 'first_feedback')).toBeTruthy();
    expect(now.complaint.stage).toBe('feedback');
    expect(now.slaDueAt).toBe(open(now, 'first_feedback')!.dueAt);

    await t.ctx.db.transaction().execute((tx) => customerWrote(tx, ticket.id));
    now = await detail(ticket.id);
    expect(span(open(now, 'next_response')!)).toBe(2 * HOUR);

    await reply(ticket.id, '已经安排换货，今天发出。');
    now = await detail(ticket.id);
    expect(clocksOf(now, 'first_feedback')).toMatchObject([{ state: 'met' }]);
    expect(clocksOf(now, 'next_response')).toMatchObject([{ state: 'met' }]);
    expect(now.complaint.stage).toBe('solution');
    expect(now.slaDueAt).toBe(open(now, 'resolution')!.dueAt);
  });

  it("starts a periodic update over with each reply, due the next day once today's is given", async () => {
    // Phone cases are updated every day before 16:00 (a policy of this shop only: no default sets it).
    const none = { ticketTypes: [], categories: [], severities: [], priorities: [], segments: [] };
    await t.ctx.db
      .insertInto('sla_policies')
      .values({
        name: '电话回访',
        position: 5,
        match: JSON.stringify({ ...none, channels: ['phone'] }),
        hours: JSON.stringify({ kind: 'always' }),
        targets: JSON.stringify({ periodic_update: { dailyBefore: '16:00' } }),
        on_breach: JSON.stringify({ raisePriority: false, reassign: null }),
      })
      .execute();
    forgetPolicies(t.ctx.db);
    const chinaDay = (at: number) => new Date(at + 8 * HOUR).toISOString().slice(0, 10);
    const ticket = await create({ type: 'consultation', subject: '电话咨询安装', channel: 'phone' });
    const first = open(ticket, 'periodic_update')!;
    expect(new Date(first.dueAt).getTime()).toBeGreaterThan(Date.now());
    expect(new Date(first.dueAt).getTime() - Date.now()).toBeLessThanOrEqual(24 * HOUR);
    await reply(ticket.id);
    const after = await detail(ticket.id);
    expect(clocksOf(after, 'periodic_update').map((c) => c.state)).toEqual(['met', 'running']);
    const next = open(after, 'periodic_update')!;
    expect(chinaDay(new Date(next.dueAt).getTime())).toBe(chinaDay(Date.now() + 24 * HOUR));
    expect(next.dueAt).toMatch(/T08:00:00\.000Z$/); // 16:00 in China
    // Another ticket on the web is not covered.
    expect(open(await create({ type: 'consultation', subject: '网页咨询' }), 'periodic_update')).toBeUndefined();
  });

  it('does not meet anything with an internal note', async () => {
    const ticket = await complaint('critical');
    await agent({ method: 'POST', url: `/api/tickets/${ticket.id}/messages`, payload: { kind: 'note', body: '先查一下物流' } });
    expect(open(await detail(ticket.id), 'first_response')).toBeTruthy();
  });
});

describe('waiting on the shopper, solving, closing and reopening', () => {
  it('pauses while waiting on the shopper and resumes with the time that was left', async () => {
    const ticket = await complaint('major');
    const before = open(ticket, 'resolution')!;
    const paused = await patch(ticket.id, { status: 'pending_customer' });
    expect(paused.clocks.every((c: Clock) => c.state === 'paused')).toBe(true);
    expect(paused.slaDueAt).toBeNull();
    const left = open(paused, 'resolution')!.remainingMs!;
    expect(left).toBeGreaterThan(24 * HOUR - 5000);
    expect(left).toBeLessThanOrEqual(24 * HOUR);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const resumedAt = Date.now();
    const resumed = await patch(ticket.id, { status: 'open' });
    const after = open(resumed, 'resolution')!;
    expect(after).toMatchObject({ id: before.id, state: 'running', remainingMs: null });
    const due = new Date(after.dueAt).getTime();
    expect(due).toBeGreaterThanOrEqual(resumedAt + left - 50);
    expect(due - new Date(before.dueAt).getTime()).toBeGreaterThanOrEqual(250);
    expect(resumed.slaDueAt).toBe(open(resumed, 'first_response')!.dueAt);
  });

  it('resumes when the shopper writes, opening the case again', async () => {
    const ticket = await complaint('major');
    await patch(ticket.id, { status: 'pending_customer' });
    await t.ctx.db.transaction().execute((tx) => customerWrote(tx, ticket.id));
    const now = await detail(ticket.id);
    expect(now.status).toBe('open');
    expect(now.clocks.filter((c: Clock) => c.state === 'paused')).toEqual([]);
    expect(open(now, 'next_response')!.state).toBe('running');
    const timeline = json(await agent({ method: 'GET', url: `/api/tickets/${ticket.id}/timeline` })).events;
    expect(timeline.at(-1)).toMatchObject({ kind: 'status', data: { from: 'pending_customer', to: 'open' }, actorName: null });
  });

  it('meets the resolution when solved, cancels what else is open, and starts it again when reopened', async () => {
    const ticket = await create({ type: 'consultation', subject: '发票怎么开' });
    await reply(ticket.id);
    const solved = await patch(ticket.id, { status: 'solved' });
    expect(clocksOf(solved, 'resolution')).toMatchObject([{ state: 'met' }]);
    expect(solved.clocks.filter((c: Clock) => c.state === 'running')).toEqual([]);
    expect(solved.slaDueAt).toBeNull();

    const reopened = await patch(ticket.id, { status: 'open' });
    expect(clocksOf(reopened, 'resolution').map((c) => c.state)).toEqual(['met', 'running']);
    expect(clocksOf(reopened, 'first_response').map((c) => c.state)).toEqual(['met']);
    expect(reopened.slaDueAt).toBe(open(reopened, 'resolution')!.dueAt);
  });

  it('cancels an unanswered first response on solving, and restarts it when reopened', async () => {
    const ticket = await create({ type: 'consultation', subject: '重复的咨询' });
    const solved = await patch(ticket.id, { status: 'solved' });
    expect(clocksOf(solved, 'first_response')).toMatchObject([{ state: 'cancelled' }]);
    expect(solved.answerDueAt).toBeNull();
    const reopened = await patch(ticket.id, { status: 'open' });
    expect(clocksOf(reopened, 'first_response').map((c) => c.state)).toEqual(['cancelled', 'running']);
    expect(reopened.answerDueAt).toBe(open(reopened, 'first_response')!.dueAt);
  });

  it('cancels every open clock when closed', async () => {
    const ticket = await create({ type: 'consultation', subject: '广告' });
    const closed = await patch(ticket.id, { status: 'closed' });
    expect(closed.clocks.map((c: Clock) => c.state)).toEqual(['cancelled', 'cancelled']);
    expect(closed.slaDueAt).toBeNull();
  });
});

describe('the "due soon" lists', () => {
  const tag = '时效排序';
  const list = async (query: string) => {
    const res = await agent({ method: 'GET', url: `/api/tickets?tag=${encodeURIComponent(tag)}&${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return json(res);
  };

  it('sorts by due time, the most urgent first and tickets without a running promise last, page by page', async () => {
    const critical = await complaint('critical', { tags: [tag] }); // 5 minutes
    const question = await create({ type: 'consultation', subject: '问尺码', tags: [tag] }); // 30 minutes
    const major = await complaint('major', { tags: [tag], assigneeId: t.users.agent!.id }); // 30 minutes, later
    const done = await create({ type: 'consultation', subject: '已解决', tags: [tag] });
    await patch(done.id, { status: 'solved' });
    const closed = await create({ type: 'consultation', subject: '已关闭', tags: [tag] });
    await patch(closed.id, { status: 'closed' });
    // One promise already missed.
    await t.ctx.db
      .updateTable('tickets')
      .set({ sla_due_at: new Date(Date.now() - MIN) })
      .where('id', '=', question.id)
      .execute();

    const asc = await list('sort=sla_due_at&order=asc');
    expect(asc.tickets.map((r: { id: number }) => r.id)).toEqual([question.id, critical.id, major.id, done.id, closed.id]);
    expect(asc.total).toBe(5);
    expect(asc.tickets[1].slaDueAt).toBe(critical.slaDueAt);
    const desc = await list('sort=sla_due_at&order=desc');
    expect(desc.tickets.map((r: { id: number }) => r.id)).toEqual([major.id, critical.id, question.id, closed.id, done.id]);

    const pages = [];
    for (const page of [1, 2, 3]) pages.push(...(await list(`sort=sla_due_at&order=asc&pageSize=2&page=${page}`)).tickets);
    expect(pages.map((r: { id: number }) => r.id)).toEqual(asc.tickets.map((r: { id: number }) => r.id));
    expect((await list('sort=sla_due_at&order=asc&pageSize=2&page=3')).hasMore).toBe(false);

    const soon = await list('due=soon&sort=sla_due_at&order=asc');
    expect(soon.tickets.map((r: { id: number }) => r.id)).toEqual([question.id, critical.id, major.id]);
    expect(soon.total).toBe(3);
    const breached = await list('due=breached&sort=sla_due_at');
    expect(breached.tickets.map((r: { id: number }) => r.id)).toEqual([question.id]);
    const mine = await list('assigneeId=me&due=soon&sort=sla_due_at&order=asc');
    expect(mine.tickets.map((r: { id: number }) => r.id)).toEqual([major.id]);
  });

  it('leaves out what falls due after the next two hours', async () => {
    const later = await create({ type: 'consultation', subject: '下周再说', tags: [tag] });
    await t.ctx.db
      .updateTable('tickets')
      .set({ sla_due_at: new Date(Date.now() + 3 * HOUR) })
      .where('id', '=', later.id)
      .execute();
    expect((await list('due=soon')).tickets.map((r: { id: number }) => r.id)).not.toContain(later.id);
    expect((await list('sort=sla_due_at')).tickets.map((r: { id: number }) => r.id)).toContain(later.id);
  });

  it('refuses an unknown due filter or sort, naming it', async () => {
    const res = await agent({ method: 'GET', url: '/api/tickets?due=later' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('due');
  });
});

describe('the sweep on tickets', () => {
  it('breaches a missed promise once, raising the priority one step and noting it on the timeline', async () => {
    const ticket = await complaint('critical', { priority: 'normal' });
    const future = new Date(Date.now() + 6 * MIN);
    const first = await sweepClocks(t.ctx.db, null, future);
    expect(first.breached).toBeGreaterThanOrEqual(1);
    const after = await detail(ticket.id);
    expect(after.priority).toBe('high');
    expect(open(after, 'first_response')!.breachedAt).not.toBeNull();
    expect(await sweepClocks(t.ctx.db, null, future)).toMatchObject({ breached: 0 });
    expect((await detail(ticket.id)).priority).toBe('high');
    const events = json(await supervisor({ method: 'GET', url: `/api/tickets/${ticket.id}/timeline` })).events;
    expect(events.filter((e: { kind: string }) => e.kind === 'sla_breached')).toMatchObject([{ data: { metric: 'first_response' } }]);
    expect(events.filter((e: { kind: string }) => e.kind === 'priority')).toMatchObject([{ data: { from: 'normal', to: 'high' } }]);
    // Answering late still meets it, and the breach stays on record.
    await reply(ticket.id);
    expect(clocksOf(await detail(ticket.id), 'first_response')).toMatchObject([{ state: 'met', breachedAt: expect.any(String) }]);
  });
});
