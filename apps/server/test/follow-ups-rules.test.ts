import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvent } from '../src/events/record.ts';
import { followUpsOfCustomer } from '../src/follow-ups/presenter.ts';
import { openDeliveredFollowUps } from '../src/follow-ups/rules.ts';
import { openFollowUp } from '../src/follow-ups/service.ts';
import { describeClocks } from '../src/sla/describe.ts';
import { sweepClocks } from '../src/sla/sweep.ts';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';

// Follow-ups (回访, issue 13): each rule opens exactly one follow-up, on the SLA clock, for the right owner.
let t: TestApp;
let agent: Client;
let admin: Client;
let serial = 0;
beforeAll(async () => {
  t = await createTestApp();
  agent = t.as('agent');
  admin = t.as('admin');
  await t.app.events.deliverNow();
});
afterAll(async () => {
  await t.close();
});

async function customer(segment = 'regular', ownerId: number | null = null): Promise<number> {
  const res = await agent({ method: 'POST', url: '/api/customers', payload: { name: `回访客户${++serial}` } });
  expect(res.statusCode, res.body).toBe(201);
  const id = json(res).customer.id as number;
  await t.ctx.db.updateTable('customers').set({ segment, assigned_agent_id: ownerId }).where('id', '=', id).execute();
  return id;
}

const followUps = (customerId: number) => t.ctx.db.selectFrom('follow_ups').selectAll().where('customer_id', '=', customerId).orderBy('id').execute();
const clocksOf = (id: number) =>
  t.ctx.db.selectFrom('sla_clocks').selectAll().where('subject_kind', '=', 'follow_up').where('subject_id', '=', id).orderBy('id').execute();

async function order(customerId: number, unitPriceFen: number) {
  const res = await agent({
    method: 'POST',
    url: '/api/orders',
    payload: {
      platform: 'taobao',
      orderNo: `FU2026113000${String(++serial).padStart(4, '0')}`,
      status: 'paid',
      customerId,
      lines: [{ sku: 'PJ-001', title: '真丝睡衣套装', quantity: 1, unitPriceFen }],
      createdAt: new Date().toISOString(),
      paidAt: new Date().toISOString(),
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  await t.app.events.deliverNow();
  return json(res).order as { id: number; orderNo: string; totalFen: number };
}

describe('a solved case', () => {
  it('opens one follow-up 24 hours after a ticket is solved, for the ticket’s agent, on the clock', async () => {
    const c = await customer();
    const created = await agent({
      method: 'POST',
      url: '/api/tickets',
      payload: { type: 'consultation', subject: '尺码怎么选', customerId: c, assigneeId: t.users.agent!.id },
    });
    expect(created.statusCode, created.body).toBe(201);
    const ticket = json(created).ticket;
    const solved = await agent({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, payload: { version: ticket.version, status: 'solved' } });
    expect(solved.statusCode, solved.body).toBe(200);
    await t.app.events.deliverNow();
    await t.app.events.deliverNow();
    const [f, ...more] = await followUps(c);
    expect(more).toHaveLength(0);
    expect(f).toMatchObject({ reason: 'case_solved', subject_kind: 'ticket', subject_id: ticket.id, owner_id: t.users.agent!.id, state: 'open' });
    const solvedAt = new Date(json(solved).ticket.solvedAt).getTime();
    const hours = (f!.due_at.getTime() - solvedAt) / 3600_000;
    expect(hours).toBeGreaterThanOrEqual(24 - 0.01);
    expect(hours).toBeLessThan(24 + 13); // moved into calling hours at most to the next 09:00
    expect(await clocksOf(f!.id)).toMatchObject([{ metric: 'follow_up', state: 'running', due_at: f!.due_at }]);

    // Reopened and solved again: still one.
    const reopened = await agent({
      method: 'PATCH',
      url: `/api/tickets/${ticket.id}`,
      payload: { version: json(solved).ticket.version, status: 'open' },
    });
    await agent({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, payload: { version: json(reopened).ticket.version, status: 'solved' } });
    await t.app.events.deliverNow();
    expect(await followUps(c)).toHaveLength(1);
  });
});

describe('orders', () => {
  it('opens one for a large order, at the threshold and not below, and one for any VIP order', async () => {
    const c = await customer();
    const small = await order(c, 199_999);
    expect(small.totalFen).toBe(199_999);
    expect(await followUps(c)).toHaveLength(0);
    const large = await order(c, 200_000);
    expect(await followUps(c)).toMatchObject([{ reason: 'large_order', subject_kind: 'order', subject_id: large.id, owner_id: null }]);

    const owner = t.users.supervisor!.id;
    const vip = await customer('vip', owner);
    const vipOrder = await order(vip, 5_000);
    expect(await followUps(vip)).toMatchObject([{ reason: 'vip_order', subject_id: vipOrder.id, owner_id: owner }]);
  });

  it('does not open a second one when the order is reported again', async () => {
    const c = await customer();
    const o = await order(c, 300_000);
    const again = await agent({
      method: 'POST',
      url: '/api/orders',
      payload: {
        platform: 'taobao',
        orderNo: o.orderNo,
        status: 'paid',
        customerId: c,
        lines: [{ sku: 'PJ-001', title: '真丝睡衣套装', quantity: 1, unitPriceFen: 300_000 }],
        createdAt: new Date().toISOString(),
        paidAt: new Date().toISOString(),
      },
    });
    expect(again.statusCode, again.body).toBeLessThan(300);
    await t.app.events.deliverNow();
    expect(await followUps(c)).toHaveLength(1);
  });
});

describe('low survey scores', () => {
  async function answered(c: number, score: number) {
    const survey = await t.ctx.db
      .insertInto('surveys')
      .values({
        kind: 'ticket',
        case_id: 1000 + ++serial,
        ticket_id: null,
        customer_id: c,
        agent_id: t.users.agent!.id,
        channel: 'email',
        token_hash: null,
        skip_reason: null,
        due_at: null,
        sent_at: new Date(),
        expires_at: null,
        answered_at: new Date(),
        score,
        comment: '等了太久',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const event = {
      type: 'survey.answered' as const,
      payload: { surveyId: survey.id, customerId: c, caseKind: 'ticket' as const, caseId: 1, score },
    };
    await recordEvent(t.ctx.db, event);
    await recordEvent(t.ctx.db, event); // delivered twice
    await t.app.events.deliverNow();
    return survey.id;
  }

  it('opens one for a score of 3 or less, for the agent rated, and none for 4', async () => {
    const c = await customer();
    await answered(c, 4);
    expect(await followUps(c)).toHaveLength(0);
    const surveyId = await answered(c, 3);
    expect(await followUps(c)).toMatchObject([{ reason: 'low_score', subject_kind: 'survey', subject_id: surveyId, owner_id: t.users.agent!.id }]);
  });
});

describe('deliveries (job)', () => {
  it('opens one per order delivered lately, however often the job runs, none for an old delivery', async () => {
    const c = await customer();
    const recent = await order(c, 100);
    const old = await order(c, 100);
    const now = new Date();
    await t.ctx.db
      .updateTable('orders')
      .set({ delivered_at: new Date(now.getTime() - 86_400_000) })
      .where('id', '=', recent.id)
      .execute();
    await t.ctx.db
      .updateTable('orders')
      .set({ delivered_at: new Date(now.getTime() - 10 * 86_400_000) })
      .where('id', '=', old.id)
      .execute();
    expect(await openDeliveredFollowUps(t.ctx.db, now)).toBeGreaterThanOrEqual(1);
    expect(await openDeliveredFollowUps(t.ctx.db, now)).toBe(0);
    const opened = await followUps(c);
    expect(opened).toMatchObject([{ reason: 'delivered', subject_id: recent.id, dedupe_key: `delivered:order:${recent.id}` }]);
    const dueInDays = (opened[0]!.due_at.getTime() - (now.getTime() - 86_400_000)) / 86_400_000;
    expect(dueInDays).toBeGreaterThanOrEqual(3 - 0.001);
    expect(dueInDays).toBeLessThan(3.6);
  });
});

describe('the clock and the rules', () => {
  it('breaches the clock of a follow-up not done by its due time', async () => {
    const c = await customer();
    const dueAt = new Date(Date.now() + 3600_000);
    const opened = await t.ctx.db.transaction().execute((tx) => openFollowUp(tx, { customerId: c, reason: 'manual', dueAt, dedupeKey: `test:${c}` }));
    expect(
      await t.ctx.db.transaction().execute((tx) => openFollowUp(tx, { customerId: c, reason: 'manual', dueAt, dedupeKey: `test:${c}` })),
    ).toBeNull();
    await sweepClocks(t.ctx.db, null, new Date(dueAt.getTime() + 60_000));
    const [clock] = await clocksOf(opened!.id);
    expect(clock!.breached_at).not.toBeNull();
    // The SLA board and the breach notice name the follow-up by its customer.
    const name = (await t.ctx.db.selectFrom('customers').select('name').where('id', '=', c).executeTakeFirstOrThrow()).name;
    expect((await describeClocks(t.ctx.db, [String(clock!.id)])).get(String(clock!.id))).toMatchObject({ title: `回访 · ${name}` });
    expect((await followUpsOfCustomer(t.ctx.db, c))[0]).toMatchObject({ id: opened!.id, reason: 'manual', state: 'open' });
  });

  it('lets only the admin change a rule, checks thresholds, and a rule turned off opens nothing', async () => {
    const rules = json(await agent({ method: 'GET', url: '/api/follow-ups/rules' })).rules as {
      rule: string;
      version: number;
      threshold: number | null;
    }[];
    const large = rules.find((r) => r.rule === 'large_order')!;
    expect(large.threshold).toBe(200_000);
    const change = { version: large.version, enabled: false, delayMinutes: 60, threshold: 200_000 };
    expect((await agent({ method: 'PUT', url: '/api/follow-ups/rules/large_order', payload: change })).statusCode).toBe(403);
    const bad = await admin({ method: 'PUT', url: '/api/follow-ups/rules/large_order', payload: { ...change, threshold: 0 } });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).fields[0].field).toBe('body.threshold');
    const ok = await admin({ method: 'PUT', url: '/api/follow-ups/rules/large_order', payload: change });
    expect(ok.statusCode, ok.body).toBe(200);
    const stale = await admin({ method: 'PUT', url: '/api/follow-ups/rules/large_order', payload: change });
    expect(stale.statusCode).toBe(409);
    expect(json(stale).error).toBe('stale_version');
    const c = await customer();
    await order(c, 900_000);
    expect(await followUps(c)).toHaveLength(0);
  });
});
