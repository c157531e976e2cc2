/** Balanced owners (专属客服): preview and apply, skill groups, spreading a leaving agent's customers, first contacts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/users/service.ts';
import { createTestApp, json, PASSWORD, type Client, type TestApp } from './helpers.ts';

let t: TestApp;
let supervisor: Client;
let agent: Client;
const staff: Record<string, number> = {};
let vipGroup = 0;

beforeAll(async () => {
  t = await createTestApp();
  supervisor = t.as('supervisor');
  agent = t.as('agent');
  for (const name of ['a1', 'a2', 'a3', 'a4'])
    staff[name] = (await createUser(t.ctx.db, null, { username: name, displayName: `客服${name}`, role: 'agent', password: PASSWORD })).id;
  vipGroup = (await t.ctx.db.insertInto('skill_groups').values({ name: 'VIP组' }).returning('id').executeTakeFirstOrThrow()).id;
  await t.ctx.db.insertInto('user_groups').values({ user_id: staff.a3!, group_id: vipGroup }).execute();
});
afterAll(async () => {
  await t.close();
});

async function customers(n: number, tag: string, extra: { segment?: string; assigned_agent_id?: number } = {}) {
  const rows = await t.ctx.db
    .insertInto('customers')
    .values(
      Array.from({ length: n }, (_, i) => ({
        name: `${tag}-${i}`,
        tags: [tag],
        segment: extra.segment ?? 'regular',
        assigned_agent_id: extra.assigned_agent_id ?? null,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}
const ownersOf = async (ids: number[]) =>
  t.ctx.db.selectFrom('customers').select(['id', 'assigned_agent_id', 'version']).where('id', 'in', ids).orderBy('id').execute();
const balance = (payload: Record<string, unknown>) => supervisor({ method: 'POST', url: '/api/customers/balance', payload });

describe('balanced assignment', () => {
  it('previews who gets how many without writing, then applies it audited with a first contact due in a week', async () => {
    await customers(2, 'old-a1', { assigned_agent_id: staff.a1 });
    const ids = await customers(7, 'batch');
    const payload = { tag: 'batch', unassigned: true, agentIds: [staff.a1, staff.a2, staff.a4] };
    const preview = await balance(payload);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(json(preview)).toMatchObject({ customers: 7, kept: 0, moved: 7, followUps: 0 });
    expect(json(preview).loads.map((l: { after: number }) => l.after)).toEqual([3, 3, 3]);
    expect((await ownersOf(ids)).every((c) => c.assigned_agent_id === null)).toBe(true);

    const applied = await balance({ ...payload, dryRun: false });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(json(applied)).toMatchObject({ moved: 7, followUps: 7 });
    const after = await ownersOf(ids);
    const count = (id: number) => after.filter((c) => c.assigned_agent_id === id).length;
    expect([count(staff.a1!), count(staff.a2!), count(staff.a4!)]).toEqual([1, 3, 3]);
    expect(after.every((c) => c.version === 2)).toBe(true);

    const audits = await t.ctx.db
      .selectFrom('audit_log')
      .select(['entity_id', 'detail'])
      .where('action', '=', 'customer.assign')
      .where('entity_id', 'in', ids.map(String))
      .execute();
    expect(audits).toHaveLength(7);
    const followUps = await t.ctx.db
      .selectFrom('follow_ups')
      .select(['customer_id', 'owner_id', 'reason', 'due_at'])
      .where('customer_id', 'in', ids)
      .execute();
    expect(followUps).toHaveLength(7);
    for (const f of followUps) {
      expect(f.reason).toBe('new_owner');
      expect(f.owner_id).toBe(after.find((c) => c.id === f.customer_id)!.assigned_agent_id);
      const days = (new Date(f.due_at).getTime() - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(6.9);
      expect(days).toBeLessThanOrEqual(7);
    }

    // Again: everyone keeps their owner, nothing is written twice.
    const again = await balance({ tag: 'batch', agentIds: [staff.a1, staff.a2, staff.a4], dryRun: false });
    expect(json(again)).toMatchObject({ customers: 7, kept: 7, moved: 0, followUps: 0 });
    expect(await t.ctx.db.selectFrom('follow_ups').select('id').where('customer_id', 'in', ids).execute()).toHaveLength(7);
  });

  it('rebalances owned customers only when asked, and sends VIPs to the VIP group', async () => {
    const owned = await customers(4, 'heavy', { assigned_agent_id: staff.a2 });
    const kept = json(await balance({ tag: 'heavy', agentIds: [staff.a2, staff.a3] }));
    expect(kept).toMatchObject({ kept: 4, moved: 0 });
    const moved = json(await balance({ tag: 'heavy', agentIds: [staff.a2, staff.a3], rebalance: true }));
    expect(moved.moved).toBeGreaterThan(0);
    expect(moved.moves.every((m: { fromAgentId: number; toAgentId: number }) => m.fromAgentId === staff.a2 && m.toAgentId === staff.a3)).toBe(true);
    expect((await ownersOf(owned)).every((c) => c.assigned_agent_id === staff.a2)).toBe(true);

    const vips = await customers(3, 'vip-batch', { segment: 'vip' });
    const res = json(await balance({ tag: 'vip-batch', agentIds: [staff.a2, staff.a3, staff.a4], segmentGroups: { vip: vipGroup }, dryRun: false }));
    expect(res.moved).toBe(3);
    expect((await ownersOf(vips)).every((c) => c.assigned_agent_id === staff.a3)).toBe(true);
    const byGroup = json(await balance({ tag: 'vip-batch', groupId: vipGroup, rebalance: true }));
    expect(byGroup.loads.map((l: { agentId: number }) => l.agentId)).toEqual([staff.a3]);
  });

  it('refuses bad input by field and writes nothing', async () => {
    const ids = await customers(2, 'refused');
    const cases: [Record<string, unknown>, string][] = [
      [{ tag: 'refused' }, 'body.agentIds'],
      [{ tag: 'refused', agentIds: [staff.a1, 999_999], dryRun: false }, 'body.agentIds'],
      [{ tag: 'refused', agentIds: [t.users.warehouse!.id], dryRun: false }, 'body.agentIds'],
      [{ tag: 'refused', agentIds: [staff.a1], segmentGroups: { gold: 1 } }, 'body.segmentGroups'],
    ];
    for (const [payload, field] of cases) {
      const res = await balance(payload);
      expect(res.statusCode, res.body).toBe(400);
      expect(json(res).fields[0].field).toContain(field);
    }
    expect((await ownersOf(ids)).every((c) => c.assigned_agent_id === null && c.version === 1)).toBe(true);
    expect((await agent({ method: 'POST', url: '/api/customers/balance', payload: { tag: 'refused', agentIds: [staff.a1] } })).statusCode).toBe(403);
    expect((await agent({ url: '/api/customers/owners' })).statusCode).toBe(403);
  });

  it('shows each agent’s customers by segment and the unassigned ones', async () => {
    const overview = json(await supervisor({ url: '/api/customers/owners' }));
    const a3 = overview.agents.find((a: { agentId: number }) => a.agentId === staff.a3);
    expect(a3.bySegment.vip).toBe(3);
    expect(a3.groupIds).toEqual([vipGroup]);
    expect(overview.unassigned.total).toBeGreaterThanOrEqual(2);
    expect(overview.agents.some((a: { agentId: number }) => a.agentId === t.users.warehouse!.id)).toBe(false);
  });
});

describe('an agent leaves', () => {
  it('spreads their customers over the chosen colleagues by load, audited on the leaving agent', async () => {
    const leaving = (await createUser(t.ctx.db, null, { username: 'leaver', displayName: '离职客服', role: 'agent', password: PASSWORD })).id;
    const ids = await customers(6, 'leaver', { assigned_agent_id: leaving });
    const bad = await supervisor({ method: 'POST', url: '/api/customers/spread', payload: { fromAgentId: leaving, agentIds: [leaving, staff.a1] } });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).fields[0].field).toBe('body.agentIds');

    const preview = json(
      await supervisor({ method: 'POST', url: '/api/customers/spread', payload: { fromAgentId: leaving, agentIds: [staff.a1, staff.a4] } }),
    );
    expect(preview).toMatchObject({ customers: 6, moved: 6, followUps: 0 });
    expect((await ownersOf(ids)).every((c) => c.assigned_agent_id === leaving)).toBe(true);

    const before = json(await supervisor({ url: '/api/customers/owners' })).agents;
    const load = (list: { agentId: number; total: number }[], id: number) => list.find((a) => a.agentId === id)!.total;
    const res = await supervisor({
      method: 'POST',
      url: '/api/customers/spread',
      payload: { fromAgentId: leaving, agentIds: [staff.a1, staff.a4], dryRun: false },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res).followUps).toBe(6);
    const after = json(await supervisor({ url: '/api/customers/owners' })).agents;
    expect(Math.abs(load(after, staff.a1!) - load(after, staff.a4!))).toBeLessThanOrEqual(1);
    expect(load(after, staff.a1!) + load(after, staff.a4!)).toBe(load(before, staff.a1!) + load(before, staff.a4!) + 6);
    expect((await ownersOf(ids)).some((c) => c.assigned_agent_id === leaving)).toBe(false);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'customer.reassign')
      .where('entity_id', '=', String(leaving))
      .execute();
    expect(audit).toHaveLength(1);
  });
});
