import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentLoads } from '../src/conversations/dispatch.ts';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';

// Issue 16: skill groups and their members (routing follows membership), and API tokens with their last use.
let t: TestApp;
let admin: Client;
let agentId: number;
beforeAll(async () => {
  t = await createTestApp();
  admin = t.as('admin');
  agentId = t.users.agent!.id;
});
afterAll(async () => {
  await t.close();
});

describe('skill groups', () => {
  it('are created, renamed and given members, which routing then counts as the group’s agents', async () => {
    const created = await admin({ method: 'POST', url: '/api/groups', payload: { name: '售前' } });
    expect(created.statusCode).toBe(201);
    const { id } = json(created).group;
    const renamed = await admin({ method: 'PATCH', url: `/api/groups/${id}`, payload: { name: '售前咨询' } });
    expect(json(renamed).group).toEqual({ id, name: '售前咨询' });

    const added = await admin({ method: 'POST', url: `/api/groups/${id}/members`, payload: { userId: agentId } });
    expect(json(added)).toEqual({ group: { id, name: '售前咨询' }, memberIds: [agentId] });
    // Adding again changes nothing.
    expect(json(await admin({ method: 'POST', url: `/api/groups/${id}/members`, payload: { userId: agentId } })).memberIds).toEqual([agentId]);
    const listed = json(await t.as('agent')({ url: '/api/users' })).users.find((u: { id: number }) => u.id === agentId);
    expect(listed.groupIds).toEqual([id]);

    await t.ctx.db.insertInto('agent_presence').values({ user_id: agentId, status: 'online', max_chats: 5 }).execute();
    expect((await agentLoads(t.ctx.db)).find((a) => a.id === agentId)?.groupIds).toEqual([id]);

    const removed = await admin({ method: 'DELETE', url: `/api/groups/${id}/members/${agentId}` });
    expect(json(removed).memberIds).toEqual([]);
    expect((await agentLoads(t.ctx.db)).find((a) => a.id === agentId)?.groupIds).toEqual([]);
    expect(json(await t.as('agent')({ url: `/api/groups/${id}/members` })).memberIds).toEqual([]);

    const audit = json(await t.as('supervisor')({ url: `/api/audit?entity=skill_group&entityId=${id}` })).entries.map(
      (e: { action: string }) => e.action,
    );
    expect(audit).toEqual(['group.remove_member', 'group.add_member', 'group.rename', 'group.create']);
  });

  it('keeps 售后 (routing sends complaints there) and a group still in use; deletes an unused one', async () => {
    const afterSales = json(await admin({ method: 'POST', url: '/api/groups', payload: { name: '售后' } })).group;
    expect((await admin({ method: 'PATCH', url: `/api/groups/${afterSales.id}`, payload: { name: '售后服务' } })).statusCode).toBe(409);
    expect((await admin({ method: 'DELETE', url: `/api/groups/${afterSales.id}` })).statusCode).toBe(409);

    const used = json(await admin({ method: 'POST', url: '/api/groups', payload: { name: '物流' } })).group;
    await t.as('supervisor')({ method: 'POST', url: '/api/tickets', payload: { type: 'consultation', subject: '查物流', groupId: used.id } });
    expect((await admin({ method: 'DELETE', url: `/api/groups/${used.id}` })).statusCode).toBe(409);

    const spare = json(await admin({ method: 'POST', url: '/api/groups', payload: { name: '临时' } })).group;
    await admin({ method: 'POST', url: `/api/groups/${spare.id}/members`, payload: { userId: agentId } });
    expect((await admin({ method: 'DELETE', url: `/api/groups/${spare.id}` })).statusCode).toBe(204);
    expect(json(await admin({ url: '/api/groups' })).groups.map((g: { id: number }) => g.id)).not.toContain(spare.id);
    expect((await admin({ method: 'DELETE', url: `/api/groups/${spare.id}` })).statusCode).toBe(404);
  });

  it('refuses bad input and non-admins', async () => {
    const group = json(await admin({ method: 'POST', url: '/api/groups', payload: { name: '夜班' } })).group;
    expect((await admin({ method: 'POST', url: `/api/groups/${group.id}/members`, payload: { userId: 999999 } })).statusCode).toBe(400);
    expect((await admin({ method: 'POST', url: `/api/groups/${group.id}/members`, payload: { userId: 'x' } })).statusCode).toBe(400);
    expect((await admin({ method: 'PATCH', url: `/api/groups/${group.id}`, payload: { name: '' } })).statusCode).toBe(400);
    expect((await admin({ method: 'POST', url: '/api/groups/999999/members', payload: { userId: agentId } })).statusCode).toBe(404);
    expect((await t.as('supervisor')({ method: 'POST', url: `/api/groups/${group.id}/members`, payload: { userId: agentId } })).statusCode).toBe(403);
    expect((await admin({ method: 'POST', url: '/api/groups', payload: { name: '夜班' } })).statusCode).toBe(409);
  });
});

describe('API tokens', () => {
  it('record when they were last used', async () => {
    const created = json(await t.as('finance')({ method: 'POST', url: '/api/auth/tokens', payload: { name: '对账' } }));
    const before = json(await t.as('finance')({ url: '/api/auth/tokens' })).tokens.find((x: { id: number }) => x.id === created.id);
    expect(before).toMatchObject({ lastUsedAt: null, revokedAt: null, owner: { id: t.users.finance!.id, displayName: 'finance用户' } });

    const used = await t.app.inject({ url: '/api/tickets', headers: { authorization: `Bearer ${created.token}` } });
    expect(used.statusCode).toBe(200);
    const after = json(await t.as('finance')({ url: '/api/auth/tokens' })).tokens.find((x: { id: number }) => x.id === created.id);
    expect(Date.now() - Date.parse(after.lastUsedAt)).toBeLessThan(60_000);
  });

  it('are all listed for an admin, who may revoke any; others see only their own', async () => {
    const created = json(await t.as('agent')({ method: 'POST', url: '/api/auth/tokens', payload: { name: '脚本' } }));
    expect((await t.as('supervisor')({ url: '/api/auth/tokens?scope=all' })).statusCode).toBe(403);
    expect(json(await t.as('supervisor')({ url: '/api/auth/tokens' })).tokens.map((x: { id: number }) => x.id)).not.toContain(created.id);
    const all = json(await admin({ url: '/api/auth/tokens?scope=all' })).tokens;
    expect(all.find((x: { id: number }) => x.id === created.id)).toMatchObject({ name: '脚本', owner: { id: agentId } });
    expect((await admin({ method: 'DELETE', url: `/api/auth/tokens/${created.id}` })).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/tickets', headers: { authorization: `Bearer ${created.token}` } })).statusCode).toBe(401);
  });
});
