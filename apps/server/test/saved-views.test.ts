import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';

// Saved ticket views (issue 16): everyone keeps their own; supervisors and admins share views with the team.
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

type View = { id: number; name: string; shared: boolean; editable: boolean; version: number; filters: Record<string, unknown> };
const views = async (client: Client): Promise<View[]> => json(await client({ method: 'GET', url: '/api/ticket-views' })).views;
const create = (client: Client, payload: Record<string, unknown>) => client({ method: 'POST', url: '/api/ticket-views', payload });

describe('saved ticket views', () => {
  it('starts with the shared defaults, which only leads may change', async () => {
    const seen = await views(agent);
    expect(seen.map((v) => v.name)).toEqual(['我的·处理中', '未分配', '未分配投诉']);
    expect(seen.every((v) => v.shared && !v.editable)).toBe(true);
    expect(seen[2]!.filters).toMatchObject({ assignee: 'none', type: ['complaint'] });
    expect((await views(supervisor)).every((v) => v.editable)).toBe(true);
    const complaints = seen[2]!;
    const res = await agent({ method: 'PATCH', url: `/api/ticket-views/${complaints.id}`, payload: { version: complaints.version, name: '改名' } });
    expect(res.statusCode).toBe(403);
    expect((await agent({ method: 'DELETE', url: `/api/ticket-views/${complaints.id}` })).statusCode).toBe(403);
  });

  it('creates, renames, changes and deletes a private view that no one else sees', async () => {
    const res = await create(agent, {
      name: '我的·未结',
      filters: { assignee: 'me', status: ['open', 'pending_customer'], sort: 'sla_due_at', order: 'asc' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const view = json(res).view;
    expect(view).toMatchObject({ name: '我的·未结', shared: false, editable: true, ownerId: t.users.agent!.id, ownerName: 'agent用户' });
    expect((await views(agent)).map((v) => v.id)).toContain(view.id);
    expect((await views(supervisor)).map((v) => v.id)).not.toContain(view.id);
    // Someone else's private view does not exist for them.
    expect(
      (await supervisor({ method: 'PATCH', url: `/api/ticket-views/${view.id}`, payload: { version: view.version, name: 'x' } })).statusCode,
    ).toBe(404);
    expect((await supervisor({ method: 'DELETE', url: `/api/ticket-views/${view.id}` })).statusCode).toBe(404);

    const renamed = await agent({
      method: 'PATCH',
      url: `/api/ticket-views/${view.id}`,
      payload: { version: view.version, name: '我的·待回复', filters: { assignee: 'me', due: 'soon' } },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(json(renamed).view).toMatchObject({ name: '我的·待回复', filters: { assignee: 'me', due: 'soon' }, version: view.version + 1 });
    // An edit based on the old version is refused and changes nothing.
    const stale = await agent({ method: 'PATCH', url: `/api/ticket-views/${view.id}`, payload: { version: view.version, name: '旧版本' } });
    expect(stale.statusCode).toBe(409);
    expect(json(stale).error).toBe('stale_version');
    expect((await agent({ method: 'DELETE', url: `/api/ticket-views/${view.id}` })).statusCode).toBe(204);
    expect((await views(agent)).map((v) => v.id)).not.toContain(view.id);
  });

  it('lets only supervisors and admins share a view with the team', async () => {
    expect((await create(agent, { name: '团队·紧急', filters: { priority: ['urgent'] }, shared: true })).statusCode).toBe(403);
    const own = json(await create(agent, { name: '紧急', filters: { priority: ['urgent'] } })).view;
    expect((await agent({ method: 'PATCH', url: `/api/ticket-views/${own.id}`, payload: { version: own.version, shared: true } })).statusCode).toBe(
      403,
    );

    const res = await create(supervisor, { name: '团队·紧急', filters: { priority: ['urgent'] }, shared: true });
    expect(res.statusCode, res.body).toBe(201);
    const shared = json(res).view;
    const seenByAgent = (await views(agent)).find((v) => v.id === shared.id);
    expect(seenByAgent).toMatchObject({ shared: true, editable: false });
    expect((await views(t.as('admin'))).find((v) => v.id === shared.id)).toMatchObject({ editable: true });
    expect((await t.as('admin')({ method: 'DELETE', url: `/api/ticket-views/${shared.id}` })).statusCode).toBe(204);
  });

  it('refuses bad input with the field named, and a name used twice', async () => {
    for (const payload of [
      { name: '', filters: {} },
      { name: 'x'.repeat(41), filters: {} },
      { name: '坏', filters: { status: ['nope'] } },
      { name: '坏', filters: { assignee: 'someone' } },
      { name: '坏', filters: { unknown: 1 } },
    ]) {
      const res = await create(agent, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(json(res).error).toBe('invalid_input');
    }
    expect((await create(agent, { name: '同名', filters: {} })).statusCode).toBe(201);
    const twice = await create(agent, { name: '同名', filters: {} });
    expect(twice.statusCode).toBe(400);
    expect(json(twice).fields[0].field).toBe('body.name');
    // Another person's private name is theirs alone.
    expect((await create(supervisor, { name: '同名', filters: {} })).statusCode).toBe(201);
    expect((await agent({ method: 'PATCH', url: '/api/ticket-views/999999', payload: { version: 1, name: 'x' } })).statusCode).toBe(404);
  });
});
