import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';

// Escalation as an act with a reason (DOMAIN.md §4): who may escalate where, and what it changes on the ticket.
let t: TestApp;
let agent: Client;
let supervisor: Client;
let admin: Client;
beforeAll(async () => {
  t = await createTestApp();
  agent = t.as('agent');
  supervisor = t.as('supervisor');
  admin = t.as('admin');
});
afterAll(async () => {
  await t.close();
});

async function create(payload: Record<string, unknown> = {}) {
  const res = await agent({ method: 'POST', url: '/api/tickets', payload: { type: 'consultation', subject: '顾客要求赔偿', ...payload } });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).ticket;
}
const escalate = (who: Client, id: number, level: string, reason = '超出客服权限，需要主管处理') =>
  who({ method: 'POST', url: `/api/tickets/${id}/escalations`, payload: { level, reason } });
const detail = async (id: number) => json(await agent({ method: 'GET', url: `/api/tickets/${id}` })).ticket;
const timeline = async (id: number) => json(await agent({ method: 'GET', url: `/api/tickets/${id}/timeline` })).events;

describe('escalating a ticket', () => {
  it('lets an agent hand a case to a supervisor: recorded, priority raised to high, on the timeline and audited', async () => {
    const ticket = await create();
    const res = await escalate(agent, ticket.id, 'supervisor');
    expect(res.statusCode, res.body).toBe(201);
    const escalation = json(res);
    expect(escalation).toMatchObject({
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      level: 'supervisor',
      external: false,
      reason: '超出客服权限，需要主管处理',
      actorId: t.users.agent!.id,
      actorName: 'agent用户',
    });
    const now = await detail(ticket.id);
    expect(now).toMatchObject({ escalationLevel: 'supervisor', priority: 'high', version: ticket.version + 1 });
    expect(now.escalations).toEqual([escalation]);
    const events = await timeline(ticket.id);
    expect(events.slice(-2)).toMatchObject([
      { kind: 'escalated', body: '超出客服权限，需要主管处理', data: { escalationId: escalation.id, level: 'supervisor', external: false } },
      { kind: 'priority', data: { from: 'normal', to: 'high' } },
    ]);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'ticket.escalate')
      .where('entity_id', '=', String(ticket.id))
      .execute();
    expect(audit).toHaveLength(1);
    const listed = json(await agent({ method: 'GET', url: `/api/tickets?q=${ticket.number}` })).tickets;
    expect(listed[0]).toMatchObject({ id: ticket.id, escalationLevel: 'supervisor' });
  });

  it('refuses an agent escalating past the supervisor, writing nothing', async () => {
    const ticket = await create();
    for (const level of ['manager', 'platform', 'regulator', 'media']) {
      const res = await escalate(agent, ticket.id, level);
      expect(res.statusCode).toBe(403);
      expect(json(res).message).toContain('supervisor');
    }
    expect(await detail(ticket.id)).toMatchObject({ escalationLevel: null, priority: 'normal', escalations: [] });
  });

  it('lets supervisors and admins escalate anywhere, outside the shop flagged external, keeping the highest level', async () => {
    const ticket = await create({ priority: 'urgent' });
    const platform = json(await escalate(supervisor, ticket.id, 'platform', '顾客申请平台介入'));
    expect(platform).toMatchObject({ level: 'platform', external: true });
    expect(json(await escalate(admin, ticket.id, 'regulator', '顾客已投诉到12315'))).toMatchObject({ level: 'regulator', external: true });
    expect(json(await escalate(supervisor, ticket.id, 'manager', '需要经理批准补偿'))).toMatchObject({ level: 'manager', external: false });
    const now = await detail(ticket.id);
    expect(now.escalationLevel).toBe('regulator');
    expect(now.priority).toBe('urgent');
    expect(now.escalations.map((e: { level: string }) => e.level)).toEqual(['manager', 'regulator', 'platform']);
    // Priority was already above high: no priority entry.
    expect((await timeline(ticket.id)).filter((e: { kind: string }) => e.kind === 'priority')).toEqual([]);
    const listed = json(await supervisor({ method: 'GET', url: `/api/tickets/${ticket.id}/escalations` }));
    expect(listed.escalations.map((e: { level: string }) => e.level)).toEqual(['manager', 'regulator', 'platform']);
  });

  it('refuses a closed ticket, saying why', async () => {
    const ticket = await create();
    const res = await agent({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, payload: { version: ticket.version, status: 'closed' } });
    expect(res.statusCode, res.body).toBe(200);
    const refused = await escalate(supervisor, ticket.id, 'manager');
    expect(refused.statusCode).toBe(409);
    expect(json(refused).message).toContain('closed');
    expect((await detail(ticket.id)).escalations).toEqual([]);
  });

  it('asks for a level and a reason, naming the field', async () => {
    const ticket = await create();
    const noReason = await escalate(agent, ticket.id, 'supervisor', ' ');
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('reason');
    const badLevel = await escalate(supervisor, ticket.id, 'ceo');
    expect(badLevel.statusCode).toBe(400);
    expect(badLevel.body).toContain('level');
    expect((await escalate(agent, 999_999, 'supervisor')).statusCode).toBe(404);
    expect((await agent({ method: 'GET', url: '/api/tickets/999999/escalations' })).statusCode).toBe(404);
  });

  it("is the desk's: department collaborators neither escalate nor read escalations", async () => {
    const ticket = await create();
    const warehouse = t.as('warehouse');
    expect((await escalate(warehouse, ticket.id, 'supervisor')).statusCode).toBe(403);
    expect((await warehouse({ method: 'GET', url: `/api/tickets/${ticket.id}/escalations` })).statusCode).toBe(403);
  });

  it('masks contacts in the reasons for roles that do not serve the shopper', async () => {
    const ticket = await create();
    await escalate(agent, ticket.id, 'supervisor', '顾客留了电话 13912345678 要求主管回电');
    const finance = t.as('finance');
    // A department sees only the cases it holds a task on (the others answer 404): give finance one, to read the ticket.
    expect((await finance({ method: 'GET', url: `/api/tickets/${ticket.id}` })).statusCode).toBe(404);
    const task = await agent({ method: 'POST', url: `/api/tickets/${ticket.id}/tasks`, payload: { department: 'finance', title: '核对赔偿金额' } });
    expect(task.statusCode, task.body).toBe(201);
    const res = await finance({ method: 'GET', url: `/api/tickets/${ticket.id}` });
    expect(res.statusCode, res.body).toBe(200);
    const seen = json(res).ticket;
    expect(seen.escalations[0].reason).toContain('139****5678');
    expect(seen.escalations[0].reason).not.toContain('13912345678');
  });
});
