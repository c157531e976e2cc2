import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTask } from '../src/collaboration/service.ts';
import { createTestApp, json, PASSWORD, type Client, type TestApp } from './helpers.ts';

// Issue 16: staff and roles — deactivation hands the open work over, password resets, maximum chats, who may do what.
let t: TestApp;
let admin: Client;
let supervisor: Client;
let shopId: number;
let groupId: number;
beforeAll(async () => {
  t = await createTestApp();
  admin = t.as('admin');
  supervisor = t.as('supervisor');
  groupId = (await t.ctx.db.insertInto('skill_groups').values({ name: '售前' }).returning('id').executeTakeFirstOrThrow()).id;
  shopId = (
    await t.ctx.db
      .insertInto('shops')
      .values({ key: 'staff-shop', name: '测试店', identity_secret: 'secret-1', default_group_id: groupId })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await t.close();
});

let serial = 0;
/** A new staff member created through the API, logged in, with an API token. */
async function newStaff(role: string) {
  const username = `staff${++serial}`;
  const created = await admin({ method: 'POST', url: '/api/users', payload: { username, displayName: `员工${serial}`, role, groupIds: [groupId] } });
  expect(created.statusCode, created.body).toBe(201);
  const { user, generatedPassword } = json(created);
  expect(generatedPassword).toMatch(/^[a-zA-Z2-9]{12}$/);
  const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: generatedPassword } });
  expect(login.statusCode, login.body).toBe(200);
  const cookie = `kefu_session=${login.cookies.find((c) => c.name === 'kefu_session')!.value}`;
  const as: Client = (options) => t.app.inject({ ...options, headers: { ...options.headers, cookie } });
  const { token } = json(await as({ method: 'POST', url: '/api/auth/tokens', payload: { name: 'ERP' } }));
  return { id: user.id as number, username, password: generatedPassword as string, cookie, token: token as string, as };
}

async function openConversation(agentId: number) {
  const visitor = await t.ctx.db
    .insertInto('visitors')
    .values({ shop_id: shopId, token_hash: `v${++serial}`, name: '访客' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return t.ctx.db
    .insertInto('conversations')
    .values({ shop_id: shopId, visitor_id: visitor.id, group_id: groupId, agent_id: agentId, status: 'active' })
    .returning('id')
    .executeTakeFirstOrThrow();
}

async function assignedTicket(assigneeId: number) {
  const res = await supervisor({ method: 'POST', url: '/api/tickets', payload: { type: 'consultation', subject: '尺码咨询', assigneeId } });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).ticket as { id: number; version: number };
}

describe('deactivating a staff member', () => {
  it('hands their open conversation, ticket and customers over, ends their sessions and refuses their login and token', async () => {
    const leaver = await newStaff('agent');
    const colleague = await newStaff('agent');
    const conv = await openConversation(leaver.id);
    const ticket = await assignedTicket(leaver.id);
    const customer = json(
      await supervisor({ method: 'POST', url: '/api/customers', payload: { name: '王女士', assignedAgentId: leaver.id } }),
    ).customer;
    const staff = json(await supervisor({ url: '/api/users/staff' })).staff.find((s: { id: number }) => s.id === leaver.id);
    expect(staff.openWork).toEqual({ conversations: 1, tickets: 1, tasks: 0, customers: 1 });
    expect(staff.lastLoginAt).not.toBeNull();

    const res = await admin({
      method: 'POST',
      url: `/api/users/${leaver.id}/deactivate`,
      payload: { ticketsTo: colleague.id, customersTo: colleague.id },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({
      user: { active: false },
      moved: { conversations: 1, tickets: 1, tasks: 0 },
      sessionsEnded: 1,
      tokensRevoked: 1,
    });

    const after = await t.ctx.db
      .selectFrom('conversations')
      .select(['status', 'agent_id', 'group_id'])
      .where('id', '=', conv.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ status: 'queued', agent_id: null, group_id: groupId });
    const lines = await t.ctx.db.selectFrom('messages').select(['kind', 'body']).where('conversation_id', '=', conv.id).execute();
    expect(lines).toEqual([{ kind: 'system', body: '会话已转回排队，请稍候' }]);
    const moved = json(await supervisor({ url: `/api/tickets/${ticket.id}` })).ticket;
    expect(moved.assigneeId).toBe(colleague.id);
    expect(moved.version).toBeGreaterThan(ticket.version);
    const timeline = json(await supervisor({ url: `/api/tickets/${ticket.id}/timeline` })).events;
    expect(timeline.at(-1)).toMatchObject({ kind: 'assignee', data: { from: leaver.id, to: colleague.id } });
    const owner = await t.ctx.db.selectFrom('customers').select('assigned_agent_id').where('id', '=', customer.id).executeTakeFirstOrThrow();
    expect(owner.assigned_agent_id).toBe(colleague.id);

    expect((await leaver.as({ url: '/api/auth/me' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/tickets', headers: { authorization: `Bearer ${leaver.token}` } })).statusCode).toBe(401);
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: leaver.username, password: leaver.password } });
    expect(login.statusCode).toBe(401);
    const audit = json(await supervisor({ url: `/api/audit?entity=user&entityId=${leaver.id}` })).entries.map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['user.hand_over', 'user.update']));

    // Reactivated, they log in again (with a fresh password: the old tokens stay revoked).
    expect((await admin({ method: 'POST', url: `/api/users/${leaver.id}/reactivate` })).statusCode).toBe(200);
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: leaver.username, password: leaver.password } });
    expect(again.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/tickets', headers: { authorization: `Bearer ${leaver.token}` } })).statusCode).toBe(401);
  });

  it('gives open conversations to a chosen colleague, and a department member’s tasks to a supervisor', async () => {
    const leaver = await newStaff('agent');
    const colleague = await newStaff('agent');
    const conv = await openConversation(leaver.id);
    const res = await admin({ method: 'POST', url: `/api/users/${leaver.id}/deactivate`, payload: { conversationsTo: colleague.id } });
    expect(res.statusCode, res.body).toBe(200);
    const after = await t.ctx.db.selectFrom('conversations').select(['status', 'agent_id']).where('id', '=', conv.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ status: 'active', agent_id: colleague.id });

    const keeper = await newStaff('warehouse');
    const ticket = await assignedTicket(colleague.id);
    const task = await t.ctx.db
      .transaction()
      .execute((tx) => createTask(tx, t.users.supervisor!.id, { ticketId: ticket.id, department: 'warehouse', title: '查件', ownerId: keeper.id }));
    // An agent cannot own a warehouse task: refused, and nothing of the deactivation is written.
    const refused = await admin({ method: 'POST', url: `/api/users/${keeper.id}/deactivate`, payload: { tasksTo: colleague.id } });
    expect(refused.statusCode).toBe(400);
    expect(json(refused).fields[0].field).toBe('body.tasksTo');
    const still = await t.ctx.db.selectFrom('users').select('active').where('id', '=', keeper.id).executeTakeFirstOrThrow();
    expect(still.active).toBe(true);
    expect((await keeper.as({ url: '/api/auth/me' })).statusCode).toBe(200);

    const ok = await admin({ method: 'POST', url: `/api/users/${keeper.id}/deactivate`, payload: { tasksTo: t.users.supervisor!.id } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok).moved.tasks).toBe(1);
    const owner = await t.ctx.db.selectFrom('collab_tasks').select(['owner_id', 'version']).where('id', '=', task.id).executeTakeFirstOrThrow();
    expect(owner.owner_id).toBe(t.users.supervisor!.id);
  });

  it('refuses a colleague who is inactive or the leaver, and keeps the last admin and the admin themselves', async () => {
    const leaver = await newStaff('agent');
    const self = await admin({ method: 'POST', url: `/api/users/${leaver.id}/deactivate`, payload: { ticketsTo: leaver.id } });
    expect(self.statusCode).toBe(400);
    expect((await admin({ method: 'POST', url: `/api/users/${t.users.admin!.id}/deactivate`, payload: {} })).statusCode).toBe(409);
    expect((await admin({ method: 'PATCH', url: `/api/users/${t.users.admin!.id}`, payload: { role: 'agent' } })).statusCode).toBe(409);
    expect((await admin({ method: 'POST', url: '/api/users/999999/deactivate', payload: {} })).statusCode).toBe(404);
    expect((await supervisor({ method: 'POST', url: `/api/users/${leaver.id}/deactivate`, payload: {} })).statusCode).toBe(403);
  });
});

describe('resetting a password', () => {
  it('ends the old sessions and tokens; a generated password is shown once and works', async () => {
    const user = await newStaff('agent');
    const res = await admin({ method: 'POST', url: `/api/users/${user.id}/password`, payload: {} });
    expect(res.statusCode, res.body).toBe(200);
    const { generatedPassword, sessionsEnded } = json(res);
    expect(sessionsEnded).toBe(1);
    expect((await user.as({ url: '/api/auth/me' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/tickets', headers: { authorization: `Bearer ${user.token}` } })).statusCode).toBe(401);
    const old = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password: user.password } });
    expect(old.statusCode).toBe(401);
    const fresh = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user.username, password: generatedPassword } });
    expect(fresh.statusCode).toBe(200);

    const chosen = await admin({ method: 'POST', url: `/api/users/${user.id}/password`, payload: { password: 'chosen-by-admin-1' } });
    expect(json(chosen)).toMatchObject({ generatedPassword: null, sessionsEnded: 1 });
    expect((await admin({ method: 'POST', url: `/api/users/${user.id}/password`, payload: { password: 'short' } })).statusCode).toBe(400);
    expect((await supervisor({ method: 'POST', url: `/api/users/${user.id}/password`, payload: {} })).statusCode).toBe(403);
  });
});

describe('maximum concurrent chats', () => {
  it('a supervisor sets an agent’s maximum, which routing uses; not a supervisor’s, and never a role', async () => {
    const agent = await newStaff('agent');
    const res = await supervisor({ method: 'PUT', url: `/api/users/${agent.id}/max-chats`, payload: { maxChats: 8 } });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toEqual({ userId: agent.id, maxChats: 8 });
    const presence = await t.ctx.db
      .selectFrom('agent_presence')
      .select(['max_chats', 'status'])
      .where('user_id', '=', agent.id)
      .executeTakeFirstOrThrow();
    expect(presence).toEqual({ max_chats: 8, status: 'offline' });
    const row = json(await supervisor({ url: '/api/users/staff' })).staff.find((s: { id: number }) => s.id === agent.id);
    expect(row).toMatchObject({ maxChats: 8, presence: 'offline' });

    expect((await supervisor({ method: 'PUT', url: `/api/users/${t.users.admin!.id}/max-chats`, payload: { maxChats: 3 } })).statusCode).toBe(403);
    expect((await admin({ method: 'PUT', url: `/api/users/${t.users.supervisor!.id}/max-chats`, payload: { maxChats: 3 } })).statusCode).toBe(200);
    expect((await admin({ method: 'PUT', url: `/api/users/${t.users.warehouse!.id}/max-chats`, payload: { maxChats: 3 } })).statusCode).toBe(400);
    expect((await supervisor({ method: 'PUT', url: `/api/users/${agent.id}/max-chats`, payload: { maxChats: 0 } })).statusCode).toBe(400);
    expect((await supervisor({ method: 'PATCH', url: `/api/users/${agent.id}`, payload: { role: 'supervisor' } })).statusCode).toBe(403);
    expect((await t.as('agent')({ method: 'PUT', url: `/api/users/${agent.id}/max-chats`, payload: { maxChats: 9 } })).statusCode).toBe(403);
    expect((await t.as('agent')({ url: '/api/users/staff' })).statusCode).toBe(403);
    const audit = json(await supervisor({ url: `/api/audit?entity=user&entityId=${agent.id}` })).entries;
    expect(audit[0]).toMatchObject({ action: 'user.max_chats', detail: { from: null, to: 8 } });
  });

  it('an admin changes a role, audited', async () => {
    const agent = await newStaff('agent');
    const res = await admin({ method: 'PATCH', url: `/api/users/${agent.id}`, payload: { role: 'supervisor' } });
    expect(json(res).user.role).toBe('supervisor');
    expect((await agent.as({ url: '/api/auth/me' })).statusCode === 200 && json(await agent.as({ url: '/api/auth/me' })).user.role).toBe(
      'supervisor',
    );
  });
});

describe('creating staff', () => {
  it('keeps an admin-chosen password unshown, and the created user appears on the staff list', async () => {
    const res = await admin({
      method: 'POST',
      url: '/api/users',
      payload: { username: 'chosen', displayName: '小新', role: 'agent', password: PASSWORD },
    });
    expect(json(res).generatedPassword).toBeNull();
    const staff = json(await admin({ url: '/api/users/staff' })).staff;
    expect(staff.find((s: { username: string }) => s.username === 'chosen')).toMatchObject({
      displayName: '小新',
      active: true,
      lastLoginAt: null,
      openWork: { conversations: 0, tickets: 0, tasks: 0, customers: 0 },
    });
  });
});
