import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from '../helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const any = { ticketTypes: [], categories: [], severities: [], priorities: [], channels: [], segments: [] };
const policy = (over: Record<string, unknown> = {}) => ({
  name: 'VIP 咨询',
  position: 15,
  match: { ...any, segments: ['vip'] },
  hours: { kind: 'business', days: 'working', from: '09:00', to: '18:00' },
  targets: [{ metric: 'first_response', within: 10, unit: 'minutes' }],
  onBreach: { raisePriority: true, reassign: null },
  ...over,
});
type Fields = { fields: { field: string; reason: string }[] };

describe('service-level policies', () => {
  it("starts with DOMAIN.md's numbers, in order", async () => {
    const res = await t.as('agent')({ method: 'GET', url: '/api/sla/policies' });
    expect(res.statusCode).toBe(200);
    const { policies } = json(res);
    expect(policies.map((p: { name: string }) => p.name)).toEqual([
      '紧急投诉',
      '投诉',
      '问题订单',
      '售后',
      '淘宝/天猫 3分钟人工响应',
      '京东 30秒应答',
      '拼多多 3分钟人工回复',
      '默认',
    ]);
    // The marketplaces' own response rules, each for its channel's chats only.
    expect(policies[4]).toMatchObject({ match: { channels: ['taobao'] }, targets: [{ metric: 'chat_response', within: 3, unit: 'minutes' }] });
    expect(policies[5]).toMatchObject({ match: { channels: ['jd'] }, targets: [{ metric: 'chat_response', within: 30, unit: 'seconds' }] });
    expect(policies[6]).toMatchObject({ match: { channels: ['pdd'] }, targets: [{ metric: 'chat_response', within: 3, unit: 'minutes' }] });
    const complaint = policies[1];
    expect(complaint.targets).toEqual([
      { metric: 'first_response', within: 30, unit: 'minutes' },
      { metric: 'first_feedback', within: 2, unit: 'hours' },
      { metric: 'next_response', within: 2, unit: 'hours' },
      { metric: 'resolution', within: 24, unit: 'hours' },
    ]);
    expect(policies[3].targets).toContainEqual({ metric: 'repair_progress', dailyBefore: '16:00' });
    expect(policies[3].targets).toContainEqual({ metric: 'aftersale_plan', within: 1, unit: 'working_days' });
    expect(policies[7].targets).toContainEqual({ metric: 'chat_response', within: 30, unit: 'seconds' });
  });

  it('creates, edits and deletes a policy, each change audited and version-checked', async () => {
    const admin = t.as('admin');
    const created = await admin({ method: 'POST', url: '/api/sla/policies', payload: policy() });
    expect(created.statusCode).toBe(201);
    const p = json(created);
    expect(p).toMatchObject({ name: 'VIP 咨询', version: 1, enabled: true, warnAtPercent: 80, pauseOnCustomer: true });

    const edited = await admin({ method: 'PUT', url: `/api/sla/policies/${p.id}`, payload: { ...policy({ warnAtPercent: 90 }), version: 1 } });
    expect(edited.statusCode).toBe(200);
    expect(json(edited)).toMatchObject({ warnAtPercent: 90, version: 2 });
    const stale = await admin({ method: 'PUT', url: `/api/sla/policies/${p.id}`, payload: { ...policy({ warnAtPercent: 70 }), version: 1 } });
    expect(stale.statusCode).toBe(409);
    expect(json(stale)).toMatchObject({ error: 'stale_version', currentVersion: 2 });

    expect((await admin({ method: 'DELETE', url: `/api/sla/policies/${p.id}?version=2` })).statusCode).toBe(204);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'sla_policy')
      .where('entity_id', '=', String(p.id))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['sla_policy.create', 'sla_policy.update', 'sla_policy.delete']);
  });

  it('refuses zero, negative and over-long targets, naming the field', async () => {
    const admin = t.as('admin');
    for (const [target, field] of [
      [{ metric: 'first_response', within: 0, unit: 'minutes' }, 'body.targets.0.within'],
      [{ metric: 'first_response', within: -5, unit: 'minutes' }, 'body.targets.0.within'],
      [{ metric: 'first_response', within: 90, unit: 'working_days' }, 'body.targets.0.within'],
      [{ metric: 'first_response', within: 5 }, 'body.targets.0.unit'],
      [{ metric: 'repair_progress', dailyBefore: '25:00' }, 'body.targets.0.dailyBefore'],
    ] as const) {
      const res = await admin({ method: 'POST', url: '/api/sla/policies', payload: policy({ targets: [target] }) });
      expect(res.statusCode, JSON.stringify(target)).toBe(400);
      expect((json(res) as Fields).fields.map((f) => f.field)).toContain(field);
    }
    const none = await admin({ method: 'POST', url: '/api/sla/policies', payload: policy({ targets: [] }) });
    expect((json(none) as Fields).fields.map((f) => f.field)).toContain('body.targets');
    const hours = await admin({
      method: 'POST',
      url: '/api/sla/policies',
      payload: policy({ hours: { kind: 'business', days: 'every', from: '18:00', to: '09:00' } }),
    });
    expect((json(hours) as Fields).fields.map((f) => f.field)).toContain('body.hours.to');
  });

  it('refuses a policy whose target an earlier one always takes (overlapping filters)', async () => {
    const admin = t.as('admin');
    // Behind 投诉 (position 20), a policy for logistics complaints would never set their first response.
    const shadowed = await admin({
      method: 'POST',
      url: '/api/sla/policies',
      payload: policy({ name: '物流投诉', position: 25, match: { ...any, ticketTypes: ['complaint'], categories: ['logistics'] } }),
    });
    expect(shadowed.statusCode).toBe(400);
    expect(json(shadowed).fields[0]).toMatchObject({ field: 'body.match' });
    expect(json(shadowed).fields[0].reason).toContain('投诉');
    // The same policy placed before 投诉 is a legitimate exception.
    const first = await admin({
      method: 'POST',
      url: '/api/sla/policies',
      payload: policy({ name: '物流投诉', position: 15, match: { ...any, ticketTypes: ['complaint'], categories: ['logistics'] } }),
    });
    expect(first.statusCode).toBe(201);
    const count = await t.ctx.db
      .selectFrom('sla_policies')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(9);
  });

  it('refuses a reassignment to a group or person that does not exist', async () => {
    const res = await t.as('admin')({
      method: 'POST',
      url: '/api/sla/policies',
      payload: policy({ onBreach: { raisePriority: false, reassign: { groupId: 9999 } } }),
    });
    expect(res.statusCode).toBe(400);
    expect(json(res).fields[0].field).toBe('body.onBreach.reassign.groupId');
  });

  it('lets only admins change policies', async () => {
    for (const role of ['supervisor', 'agent']) {
      expect((await t.as(role)({ method: 'POST', url: '/api/sla/policies', payload: policy() })).statusCode).toBe(403);
    }
  });
});
