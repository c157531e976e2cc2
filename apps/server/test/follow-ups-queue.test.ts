import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFollowUp } from '../src/follow-ups/service.ts';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';

// Follow-up queues (我的回访), outcomes and the summary report (回访总结报告), issue 13.
let t: TestApp;
let agent: Client;
let supervisor: Client;
let warehouse: Client;
let customerId: number;
let serial = 0;
beforeAll(async () => {
  t = await createTestApp();
  agent = t.as('agent');
  supervisor = t.as('supervisor');
  warehouse = t.as('warehouse');
  const res = await agent({ method: 'POST', url: '/api/customers', payload: { name: '周女士' } });
  customerId = json(res).customer.id;
});
afterAll(async () => {
  await t.close();
});

type FollowUp = {
  id: number;
  version: number;
  state: string;
  attempts: number;
  outcome: string | null;
  ticketId: number | null;
  dueAt: string;
  ownerId: number | null;
};

async function open(ownerId: number | null, dueInHours = 24): Promise<number> {
  const opened = await t.ctx.db
    .transaction()
    .execute((tx) =>
      openFollowUp(tx, { customerId, reason: 'delivered', ownerId, dueAt: new Date(Date.now() + dueInHours * 3600_000), dedupeKey: `q:${++serial}` }),
    );
  return opened!.id;
}
const get = async (client: Client, id: number) => json(await client({ method: 'GET', url: `/api/follow-ups/${id}` }));
const outcome = (client: Client, id: number, payload: Record<string, unknown>) =>
  client({ method: 'POST', url: `/api/follow-ups/${id}/outcome`, payload });
const list = async (client: Client, query: string) => {
  const res = await client({ method: 'GET', url: `/api/follow-ups?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return json(res) as { followUps: FollowUp[]; total: number; counts: Record<string, number> };
};
const runningClocks = (id: number) =>
  t.ctx.db
    .selectFrom('sla_clocks')
    .selectAll()
    .where('subject_kind', '=', 'follow_up')
    .where('subject_id', '=', id)
    .where('state', '=', 'running')
    .execute();

describe('queues', () => {
  it('shows the agent their own, due and overdue apart, and the pool; everyone’s only to leads', async () => {
    const mine = await open(t.users.agent!.id);
    const late = await open(t.users.agent!.id, -2);
    const theirs = await open(t.users.supervisor!.id);
    const pooled = await open(null);
    const due = await list(agent, 'tab=due');
    expect(due.followUps.map((f) => f.id)).toContain(mine);
    expect(due.followUps.map((f) => f.id)).not.toContain(theirs);
    expect((await list(agent, 'tab=overdue')).followUps.map((f) => f.id)).toEqual([late]);
    expect((await list(agent, 'tab=pool')).followUps.map((f) => f.id)).toContain(pooled);
    expect(due.counts).toMatchObject({ overdue: 1 });
    expect((await agent({ method: 'GET', url: '/api/follow-ups?scope=all' })).statusCode).toBe(403);
    expect((await warehouse({ method: 'GET', url: '/api/follow-ups' })).statusCode).toBe(403);
    const all = await list(supervisor, `scope=all&ownerId=${t.users.supervisor!.id}&reason=delivered`);
    expect(all.followUps.map((f) => f.id)).toEqual([theirs]);
    expect((await agent({ method: 'GET', url: `/api/follow-ups/${theirs}` })).statusCode).toBe(403);
    const bad = await supervisor({ method: 'GET', url: '/api/follow-ups?scope=all&reason=birthday' });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).fields[0].field).toMatch(/reason/);
  });

  it('lets an agent claim from the pool once, and a supervisor assign', async () => {
    const id = await open(null);
    const f = (await get(agent, id)).followUp as FollowUp;
    const claimed = await agent({ method: 'POST', url: `/api/follow-ups/${id}/claim`, payload: { version: f.version } });
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect(json(claimed).followUp).toMatchObject({ ownerId: t.users.agent!.id, version: f.version + 1 });
    expect((await supervisor({ method: 'POST', url: `/api/follow-ups/${id}/claim`, payload: { version: f.version + 1 } })).statusCode).toBe(409);
    expect(
      (await agent({ method: 'POST', url: `/api/follow-ups/${id}/assign`, payload: { version: f.version + 1, ownerId: null } })).statusCode,
    ).toBe(403);
    const assigned = await supervisor({
      method: 'POST',
      url: `/api/follow-ups/${id}/assign`,
      payload: { version: f.version + 1, ownerId: t.users.supervisor!.id },
    });
    expect(json(assigned).followUp.ownerId).toBe(t.users.supervisor!.id);
  });
});

describe('opening by hand', () => {
  it('opens a manual follow-up for the agent, refusing a due time in the past or an unknown customer', async () => {
    const dueAt = new Date(Date.now() + 48 * 3600_000).toISOString();
    const past = await agent({ method: 'POST', url: '/api/follow-ups', payload: { customerId, dueAt: new Date(Date.now() - 60_000).toISOString() } });
    expect(past.statusCode).toBe(400);
    expect(json(past).fields[0].field).toBe('body.dueAt');
    const unknown = await agent({ method: 'POST', url: '/api/follow-ups', payload: { customerId: 999_999, dueAt } });
    expect(unknown.statusCode).toBe(400);
    expect(json(unknown).fields[0].field).toBe('body.customerId');
    const before = await t.ctx.db.selectFrom('follow_ups').select('id').execute();
    const res = await agent({ method: 'POST', url: '/api/follow-ups', payload: { customerId, dueAt, note: '确认尺码是否合适' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(json(res).followUp).toMatchObject({ reason: 'manual', ownerId: t.users.agent!.id, note: '确认尺码是否合适', state: 'open' });
    expect(await t.ctx.db.selectFrom('follow_ups').select('id').execute()).toHaveLength(before.length + 1);
    expect(
      (await agent({ method: 'POST', url: '/api/follow-ups', payload: { customerId, dueAt, ownerId: t.users.supervisor!.id } })).statusCode,
    ).toBe(403);
  });
});

describe('outcomes', () => {
  it('shows the script filled from the case beside the follow-up', async () => {
    const detail = await get(agent, await open(t.users.agent!.id));
    expect(detail.script).toContain('agent用户');
    expect(detail.context.customer).toMatchObject({ id: customerId, name: '周女士' });
  });

  it('ends a follow-up reached and fine once, stopping its clock; a stale or second outcome is refused', async () => {
    const id = await open(t.users.agent!.id);
    expect(await runningClocks(id)).toHaveLength(1);
    const f = (await get(agent, id)).followUp as FollowUp;
    const res = await outcome(agent, id, { version: f.version, outcome: 'fine', note: '很满意' });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res).followUp).toMatchObject({ state: 'done', outcome: 'fine', outcomeNote: '很满意', attempts: 1 });
    expect(await runningClocks(id)).toHaveLength(0);
    const stale = await outcome(agent, id, { version: f.version, outcome: 'problem', note: 'x' });
    expect(stale.statusCode).toBe(409);
    expect(json(stale).error).toBe('stale_version');
    const again = await outcome(agent, id, { version: f.version + 1, outcome: 'problem', note: 'x' });
    expect(again.statusCode).toBe(409);
    expect((await get(agent, id)).followUp).toMatchObject({ outcome: 'fine', ticketId: null });
  });

  it('opens a ticket linked to the follow-up for a problem, and refuses one without a word on it', async () => {
    const id = await open(t.users.agent!.id);
    const f = (await get(agent, id)).followUp as FollowUp;
    const silent = await outcome(agent, id, { version: f.version, outcome: 'problem' });
    expect(silent.statusCode).toBe(400);
    expect(json(silent).fields[0].field).toBe('body.note');
    const long = await outcome(agent, id, { version: f.version, outcome: 'problem', note: '长'.repeat(201) });
    expect(long.statusCode).toBe(400);
    expect(json(long).fields[0].field).toBe('body.note');
    const res = await outcome(agent, id, { version: f.version, outcome: 'problem', note: '睡衣洗后掉色' });
    expect(res.statusCode, res.body).toBe(200);
    const ticketId = json(res).ticketId as number;
    expect(json(res).followUp).toMatchObject({ state: 'done', outcome: 'problem', ticketId });
    const ticket = await t.ctx.db.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirstOrThrow();
    expect(ticket).toMatchObject({ customer_id: customerId, assignee_id: t.users.agent!.id, tags: ['回访'] });
    expect(ticket.subject).toContain('睡衣洗后掉色');
  });

  it('schedules the next try when the customer is not reached, and closes after the third', async () => {
    const id = await open(t.users.agent!.id);
    let f = (await get(agent, id)).followUp as FollowUp;
    for (const attempt of [1, 2]) {
      const res = await outcome(agent, id, { version: f.version, outcome: 'unreachable', note: '无人接听' });
      expect(res.statusCode, res.body).toBe(200);
      const next = json(res).followUp as FollowUp;
      expect(next).toMatchObject({ state: 'open', attempts: attempt, outcome: null });
      expect(new Date(next.dueAt).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
      const clocks = await runningClocks(id);
      expect(clocks).toHaveLength(1);
      expect(clocks[0]!.due_at.toISOString()).toBe(new Date(next.dueAt).toISOString());
      f = next;
    }
    const last = await outcome(agent, id, { version: f.version, outcome: 'unreachable' });
    expect(json(last).followUp).toMatchObject({ state: 'unreachable', outcome: 'unreachable', attempts: 3 });
    expect(await runningClocks(id)).toHaveLength(0);
  });
});

describe('the summary report', () => {
  it('counts opened, on time, overdue, outcomes and tickets by owner and reason, and exports them', async () => {
    const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const res = await supervisor({ method: 'GET', url: `/api/follow-ups/report?from=${day}&to=${day}` });
    expect(res.statusCode, res.body).toBe(200);
    const report = json(res);
    const agentRow = report.rows.find((r: { ownerId: number | null }) => r.ownerId === t.users.agent!.id);
    // The agent's: 2 in the queue test, the claimed one moved to the supervisor, the script's, fine, problem, 3 × unreachable.
    expect(agentRow).toMatchObject({
      reason: 'delivered',
      opened: 6,
      done: 3,
      doneOnTime: 3,
      overdue: 1,
      fine: 1,
      problem: 1,
      unreachable: 1,
      tickets: 1,
    });
    expect(report.totals.opened).toBe(report.rows.reduce((s: number, r: { opened: number }) => s + r.opened, 0));
    expect((await agent({ method: 'GET', url: `/api/follow-ups/report?from=${day}&to=${day}` })).statusCode).toBe(403);
    const bad = await supervisor({ method: 'GET', url: `/api/follow-ups/report?from=${day}&to=2020-01-01` });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).fields[0].field).toBe('query.to');
    const file = await supervisor({ method: 'GET', url: `/api/follow-ups/report.xlsx?from=${day}&to=${day}` });
    expect(file.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).values).toContain('转工单');
    expect(sheet.getRow(sheet.rowCount).getCell(1).value).toBe('合计');
  });
});
