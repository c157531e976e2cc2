/** Creating with duplicate candidates, stale edits, owners assigned in bulk, and reads of a customer file audited. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';

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

async function create(payload: Record<string, unknown>) {
  const res = await agent({ method: 'POST', url: '/api/customers', payload });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).customer as { id: number; version: number };
}

describe('duplicate candidates while creating', () => {
  it('finds the customer holding a phone or e-mail, or bearing the name, and refuses to double it', async () => {
    const first = await create({
      name: '刘洋',
      identities: [
        { kind: 'phone', value: '13811112222' },
        { kind: 'email', value: 'ly@qq.com' },
      ],
    });
    const byPhone = json(await agent({ url: '/api/customers/duplicates?phone=138-1111-2222' })).duplicates;
    expect(byPhone).toEqual([{ id: first.id, name: '刘洋', kind: 'phone', value: '13811112222', phone: '13811112222' }]);
    const byName = json(await agent({ url: `/api/customers/duplicates?name=${encodeURIComponent('刘 洋')}` })).duplicates;
    expect(byName).toEqual([{ id: first.id, name: '刘洋', kind: 'name', value: '刘洋', phone: '13811112222' }]);
    // The same customer found by contact and by name is one candidate.
    const both = json(await agent({ url: `/api/customers/duplicates?email=LY%40qq.com&name=${encodeURIComponent('刘洋')}` })).duplicates;
    expect(both.map((d: { id: number; kind: string }) => `${d.id}:${d.kind}`)).toEqual([`${first.id}:email`]);
    expect(json(await agent({ url: '/api/customers/duplicates?phone=1381111' })).duplicates).toEqual([]);

    const again = await agent({
      method: 'POST',
      url: '/api/customers',
      payload: { name: '刘先生', identities: [{ kind: 'phone', value: '+86 13811112222' }] },
    });
    expect(again.statusCode).toBe(409);
    expect(json(again).duplicates[0]).toMatchObject({ id: first.id, kind: 'phone' });
  });
});

describe('editing', () => {
  it('refuses an edit based on an old version with 409 stale_version and keeps the newer one', async () => {
    const c = await create({ name: '赵敏', tags: ['老顾客'] });
    const mine = await agent({
      method: 'PATCH',
      url: `/api/customers/${c.id}`,
      payload: { version: c.version, tags: ['老顾客', '大码'], assignedAgentId: t.users.agent!.id },
    });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(json(mine).customer).toMatchObject({ tags: ['老顾客', '大码'], assignedAgentName: 'agent用户' });
    const theirs = await supervisor({ method: 'PATCH', url: `/api/customers/${c.id}`, payload: { version: c.version, name: '赵敏敏' } });
    expect(theirs.statusCode).toBe(409);
    expect(json(theirs)).toMatchObject({ error: 'stale_version', currentVersion: c.version + 1 });
    expect(json(await agent({ url: `/api/customers/${c.id}` })).customer.name).toBe('赵敏');
  });

  it('only gives a customer to an active desk user', async () => {
    const c = await create({ name: '钟先生' });
    const res = await agent({
      method: 'PATCH',
      url: `/api/customers/${c.id}`,
      payload: { version: c.version, assignedAgentId: t.users.warehouse!.id },
    });
    expect(res.statusCode).toBe(400);
    expect(json(res).fields[0].field).toBe('body.assignedAgentId');
  });
});

describe('owners in bulk', () => {
  it('assigns the selected customers to an agent, and moves all of one agent’s customers to another', async () => {
    const a = await create({ name: '客户A' });
    const b = await create({ name: '客户B' });
    const c = await create({ name: '客户C', assignedAgentId: t.users.supervisor!.id });
    const agentId = t.users.agent!.id;
    expect((await agent({ method: 'POST', url: '/api/customers/assign', payload: { customerIds: [a.id], agentId } })).statusCode).toBe(403);
    const res = await supervisor({ method: 'POST', url: '/api/customers/assign', payload: { customerIds: [a.id, b.id, a.id], agentId } });
    expect(json(res)).toEqual({ updated: 2 });
    const mine = json(await agent({ url: `/api/customers?assignedAgentId=${agentId}&pageSize=200` })).customers;
    expect(mine.map((x: { id: number }) => x.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(mine.find((x: { id: number }) => x.id === a.id).assignedAgentName).toBe('agent用户');

    const moved = await supervisor({
      method: 'POST',
      url: '/api/customers/reassign',
      payload: { fromAgentId: agentId, toAgentId: t.users.supervisor!.id },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(json(moved).updated).toBeGreaterThanOrEqual(2);
    const owners = await t.ctx.db.selectFrom('customers').select(['id', 'assigned_agent_id']).where('id', 'in', [a.id, b.id, c.id]).execute();
    expect(owners.every((o) => o.assigned_agent_id === t.users.supervisor!.id)).toBe(true);
    const versions = json(await agent({ url: `/api/customers/${a.id}` })).customer.version;
    expect(versions).toBe(a.version + 2);

    const bad = await supervisor({ method: 'POST', url: '/api/customers/assign', payload: { customerIds: [a.id, 999_999], agentId } });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).fields[0].field).toBe('body.customerIds');
    expect(
      (await supervisor({ method: 'POST', url: '/api/customers/assign', payload: { customerIds: [a.id], agentId: t.users.finance!.id } })).statusCode,
    ).toBe(400);
  });
});

describe('reading a customer file is audited', () => {
  const views = async (customerId: number) =>
    t.ctx.db
      .selectFrom('audit_log')
      .select(['actor_id'])
      .where('action', '=', 'customer.view')
      .where('entity', '=', 'customer')
      .where('entity_id', '=', String(customerId))
      .execute();

  it('once per reader and file per ten minutes', async () => {
    const c = await create({ name: '保密客户' });
    await Promise.all([1, 2, 3].map(() => agent({ url: `/api/customers/${c.id}` })));
    await agent({ url: `/api/customers/${c.id}` });
    expect(await views(c.id)).toEqual([{ actor_id: t.users.agent!.id }]);
    await supervisor({ url: `/api/customers/${c.id}` });
    expect((await views(c.id)).length).toBe(2);
    await sql`update audit_log set at = now() - interval '11 minutes' where action = 'customer.view' and entity_id = ${String(c.id)}`.execute(
      t.ctx.db,
    );
    await agent({ url: `/api/customers/${c.id}` });
    expect((await views(c.id)).length).toBe(3);
    expect((await agent({ url: '/api/customers/999999' })).statusCode).toBe(404);
    expect(await views(999_999)).toEqual([]);
  });
});
