import type { SlaPolicy } from '@kefu/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/chat/hub.ts';
import { pauseClocks, resumeClocks, startClocks, stopClocks, type PlannedClock } from '../../src/sla/clock.ts';
import { readPolicies } from '../../src/sla/policies.ts';
import { sweepClocks } from '../../src/sla/sweep.ts';
import { createTestApp, json, type TestApp } from '../helpers.ts';

let t: TestApp;
let policies: SlaPolicy[];
beforeAll(async () => {
  t = await createTestApp();
  policies = await readPolicies(t.ctx.db);
});
afterAll(() => t.close());

const MIN = 60_000;
const byName = (name: string) => policies.find((p) => p.name === name)!;
/** A clock that started `ago` ms ago and is due `dueIn` from now (negative: already past), under `policy`. */
const planned = (metric: PlannedClock['metric'], policy: SlaPolicy, ago: number, dueIn: number, warnIn = dueIn - MIN): PlannedClock => ({
  metric,
  policyId: policy.id,
  startedAt: new Date(Date.now() - ago),
  dueAt: new Date(Date.now() + dueIn),
  warnAt: new Date(Date.now() + warnIn),
  totalMs: ago + dueIn,
});

async function newTicket(subject: string) {
  const res = await t.as('agent')({ method: 'POST', url: '/api/tickets', payload: { type: 'consultation', subject, assigneeId: t.users.agent!.id } });
  expect(res.statusCode).toBe(201);
  return json(res).ticket.id as number;
}

/** Records the frames a sweep sends, by recipient. */
function fakeHub() {
  const sent: { to: string; frame: { type: string; event?: string } }[] = [];
  const hub = {
    toAgent: (id: number, frame: { type: string }) => sent.push({ to: `agent:${id}`, frame }),
    toSupervisors: (frame: { type: string }) => sent.push({ to: 'supervisors', frame }),
  } as unknown as Hub;
  return { hub, sent };
}

const clock = (subjectId: number, metric = 'task_due') =>
  t.ctx.db
    .selectFrom('sla_clocks')
    .selectAll()
    .where('subject_kind', '=', 'task')
    .where('subject_id', '=', subjectId)
    .where('metric', '=', metric)
    .executeTakeFirstOrThrow();

describe('the sweep', () => {
  it('breaches a missed promise exactly once, however many processes sweep, and runs the policy actions', async () => {
    const ticketId = await newTicket('超时的协同任务');
    const complaints = byName('投诉'); // raises priority on breach
    await t.ctx.db
      .transaction()
      .execute((tx) => startClocks(tx, { kind: 'task', id: 70001 }, ticketId, [planned('task_due', complaints, 2 * MIN, -MIN)]));
    const { hub, sent } = fakeHub();

    const [a, b, c] = await Promise.all([sweepClocks(t.ctx.db, hub), sweepClocks(t.ctx.db, hub), sweepClocks(t.ctx.db, hub)]);
    expect(a.breached + b.breached + c.breached).toBe(1);
    expect((await sweepClocks(t.ctx.db, hub)).breached).toBe(0);

    const breached = await clock(70001);
    expect(breached.breached_at).not.toBeNull();
    expect(breached.state).toBe('running'); // the work is still owed
    const timeline = await t.ctx.db.selectFrom('ticket_events').select(['kind', 'data']).where('ticket_id', '=', ticketId).orderBy('id').execute();
    expect(timeline.filter((e) => e.kind === 'sla_breached')).toHaveLength(1);
    expect(timeline.find((e) => e.kind === 'sla_breached')!.data).toMatchObject({
      metric: 'task_due',
      subjectKind: 'task',
      actions: ['raise_priority'],
    });
    expect(timeline.find((e) => e.kind === 'priority')!.data).toEqual({ from: 'normal', to: 'high' });
    const events = await t.ctx.db.selectFrom('domain_events').select('payload').where('type', '=', 'sla.breached').execute();
    expect(events.filter((e) => (e.payload as { clockId: string }).clockId === String(breached.id))).toHaveLength(1);
    expect(sent).toContainEqual({
      to: `agent:${t.users.agent!.id}`,
      frame: expect.objectContaining({ type: 'sla', event: 'breached', metric: 'task_due', ticketId }),
    });
    expect(sent).toContainEqual({ to: 'supervisors', frame: expect.objectContaining({ type: 'sla', event: 'breached' }) });
  });

  it('warns once before the breach, to the assignee only', async () => {
    const ticketId = await newTicket('快到期');
    await t.ctx.db
      .transaction()
      .execute((tx) => startClocks(tx, { kind: 'task', id: 70002 }, ticketId, [planned('task_due', byName('默认'), 8 * MIN, 2 * MIN, -1000)]));
    const { hub, sent } = fakeHub();
    expect((await sweepClocks(t.ctx.db, hub)).warned).toBeGreaterThanOrEqual(1);
    expect((await sweepClocks(t.ctx.db, hub)).warned).toBe(0);
    const mine = sent.filter((s) => s.frame.type === 'sla' && (s.frame as { ticketId?: number }).ticketId === ticketId);
    expect(mine).toEqual([
      { to: `agent:${t.users.agent!.id}`, frame: expect.objectContaining({ event: 'warned', title: expect.stringContaining('快到期') }) },
    ]);
    expect((await clock(70002)).breached_at).toBeNull();
  });

  it('keeps the ticket list due time on the earliest running clock', async () => {
    const ticketId = await newTicket('两个期限');
    const policy = byName('默认');
    await t.ctx.db.transaction().execute(async (tx) => {
      // Both before the ticket's own first response (30 minutes).
      await startClocks(tx, { kind: 'task', id: 70003 }, ticketId, [planned('task_due', policy, 0, 6 * MIN)]);
      await startClocks(tx, { kind: 'task', id: 70004 }, ticketId, [planned('task_due', policy, 0, 3 * MIN)]);
    });
    const due = async () =>
      (await t.ctx.db.selectFrom('tickets').select('sla_due_at').where('id', '=', ticketId).executeTakeFirstOrThrow()).sla_due_at!;
    const early = (await clock(70004)).due_at;
    expect(await due()).toEqual(early);
    await t.ctx.db.transaction().execute((tx) => stopClocks(tx, { kind: 'task', id: 70004 }, 'met'));
    expect(await due()).toEqual((await clock(70003)).due_at);
    expect((await clock(70004)).state).toBe('met');
  });

  it('pauses with the time left and resumes from it', async () => {
    const ticketId = await newTicket('等顾客回复');
    await t.ctx.db
      .transaction()
      .execute((tx) => startClocks(tx, { kind: 'task', id: 70005 }, ticketId, [planned('task_due', byName('默认'), 0, 20 * MIN)]));
    const before = await clock(70005);
    await t.ctx.db.transaction().execute((tx) => pauseClocks(tx, { kind: 'task', id: 70005 }));
    const paused = await clock(70005);
    expect(paused.state).toBe('paused');
    expect(Number(paused.remaining_ms)).toBeGreaterThan(19 * MIN);
    expect(Number(paused.remaining_ms)).toBeLessThanOrEqual(20 * MIN);
    // Paused clocks are not swept even long after their old due time.
    await sweepClocks(t.ctx.db, null, new Date(Date.now() + 60 * MIN));
    expect((await clock(70005)).breached_at).toBeNull();
    const later = new Date(Date.now() + 45 * MIN);
    await t.ctx.db.transaction().execute((tx) => resumeClocks(tx, { kind: 'task', id: 70005 }, later));
    const resumed = await clock(70005);
    expect(resumed.state).toBe('running');
    expect(resumed.due_at.getTime() - later.getTime()).toBe(Number(paused.remaining_ms));
    expect(resumed.due_at.getTime()).toBeGreaterThan(before.due_at.getTime());
  });

  it('keeps the promise made when a policy changes under a running clock', async () => {
    const ticketId = await newTicket('政策变更');
    const policy = byName('默认');
    await t.ctx.db
      .transaction()
      .execute((tx) => startClocks(tx, { kind: 'task', id: 70006 }, ticketId, [planned('task_due', policy, 0, 24 * 60 * MIN)]));
    const before = (await clock(70006)).due_at;
    const current = json(await t.as('admin')({ method: 'GET', url: `/api/sla/policies/${policy.id}` }));
    const { id: _id, version, updatedAt: _u, ...input } = current;
    const targets = input.targets.map((x: { metric: string }) => (x.metric === 'task_due' ? { metric: 'task_due', within: 1, unit: 'hours' } : x));
    const res = await t.as('admin')({ method: 'PUT', url: `/api/sla/policies/${policy.id}`, payload: { ...input, targets, version } });
    expect(res.statusCode).toBe(200);
    expect((await clock(70006)).due_at).toEqual(before);
  });
});

describe('the supervisor board', () => {
  it('shows breached and at-risk work with its title and assignee, and the escalation rate against 5%', async () => {
    const ticketId = await newTicket('看板上快到期');
    await t.ctx.db
      .transaction()
      .execute((tx) => startClocks(tx, { kind: 'task', id: 70007 }, ticketId, [planned('task_due', byName('默认'), 8 * MIN, 2 * MIN, -1000)]));
    const res = await t.as('supervisor')({ method: 'GET', url: '/api/sla/board' });
    expect(res.statusCode).toBe(200);
    const board = json(res);
    expect(board.breached).toContainEqual(
      expect.objectContaining({ metric: 'task_due', subjectKind: 'task', subjectId: 70001, assigneeName: 'agent用户' }),
    );
    expect(board.breached.find((b: { subjectId: number }) => b.subjectId === 70001).title).toContain('超时的协同任务');
    expect(board.atRisk).toContainEqual(expect.objectContaining({ subjectId: 70007, title: expect.stringContaining('看板上快到期') }));
    expect(board.escalationRate).toMatchObject({ target: 0.05, escalated: 0 });
    expect(board.escalationRate.tickets).toBeGreaterThanOrEqual(5);
    expect((await t.as('agent')({ method: 'GET', url: '/api/sla/board' })).statusCode).toBe(403);
  });
});
