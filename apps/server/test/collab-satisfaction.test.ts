/** Collaboration satisfaction (DOMAIN.md §7): the department rates the desk's request when it finishes the task. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type TestApp } from './helpers.ts';

let t: TestApp;
let ticketId: number;

beforeAll(async () => {
  t = await createTestApp();
  const ticket = await t.as('agent')({ method: 'POST', url: '/api/tickets', payload: { type: 'after_sale', subject: '退货包裹核实' } });
  ticketId = json(ticket).ticket.id;
});
afterAll(async () => {
  await t.close();
});

async function newTask(title: string) {
  const res = await t.as('agent')({ method: 'POST', url: `/api/tickets/${ticketId}/tasks`, payload: { department: 'warehouse', title } });
  expect(res.statusCode).toBe(201);
  return json(res).task as { id: number; version: number };
}

const finish = (role: string, task: { id: number; version: number }, extra: Record<string, unknown>) =>
  t.as(role)({
    method: 'PATCH',
    url: `/api/tasks/${task.id}`,
    payload: { version: task.version, state: 'done', answer: '已签收，鞋子完好', ...extra },
  });

describe('collaboration satisfaction', () => {
  it('is stored with the finished task and listed with it', async () => {
    const task = await newTask('请核实退货是否签收');
    const res = await finish('warehouse', task, { satisfaction: 4, satisfactionComment: '  单号写清楚了，照片少一张 ' });
    expect(res.statusCode).toBe(200);
    expect(json(res).task).toMatchObject({ state: 'done', satisfaction: 4, satisfactionComment: '单号写清楚了，照片少一张' });
    const listed = json(await t.as('warehouse')({ method: 'GET', url: `/api/tasks?ticketId=${ticketId}&state=done` })).tasks;
    expect(listed.find((x: { id: number }) => x.id === task.id)).toMatchObject({ satisfaction: 4, satisfactionComment: '单号写清楚了，照片少一张' });
    const row = await t.ctx.db
      .selectFrom('collab_tasks')
      .select(['satisfaction', 'satisfaction_comment'])
      .where('id', '=', task.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ satisfaction: 4, satisfaction_comment: '单号写清楚了，照片少一张' });
  });

  it('stays optional: a task finished without a rating has none', async () => {
    const task = await newTask('请称一下包裹重量');
    const res = await finish('warehouse', task, {});
    expect(res.statusCode).toBe(200);
    expect(json(res).task).toMatchObject({ state: 'done', satisfaction: null, satisfactionComment: null });
  });

  it('refuses a rating outside 1–5, a fraction, or a comment without a rating, naming the field', async () => {
    const task = await newTask('请核实破损');
    for (const [extra, field] of [
      [{ satisfaction: 0 }, 'body.satisfaction'],
      [{ satisfaction: 6 }, 'body.satisfaction'],
      [{ satisfaction: 4.5 }, 'body.satisfaction'],
      [{ satisfaction: '5' }, 'body.satisfaction'],
      [{ satisfactionComment: '很好' }, 'body.satisfactionComment'],
      [{ satisfaction: 5, satisfactionComment: 'x'.repeat(501) }, 'body.satisfactionComment'],
    ] as const) {
      const res = await finish('warehouse', task, extra);
      expect(res.statusCode, JSON.stringify(extra)).toBe(400);
      expect(json(res).error).toBe('invalid_input');
      expect(json(res).fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const row = await t.ctx.db.selectFrom('collab_tasks').select(['state', 'satisfaction']).where('id', '=', task.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'open', satisfaction: null });
  });

  it('comes only with finishing, and never from the desk rating its own request', async () => {
    const task = await newTask('请确认库存');
    const working = await t.as('warehouse')({
      method: 'PATCH',
      url: `/api/tasks/${task.id}`,
      payload: { version: task.version, state: 'working', satisfaction: 5 },
    });
    expect(working.statusCode).toBe(400);
    expect(json(working).fields).toEqual([{ field: 'body.satisfaction', reason: expect.stringMatching(/finished/) }]);
    const bySupervisor = await finish('supervisor', task, { satisfaction: 5 });
    expect(bySupervisor.statusCode).toBe(400);
    expect(json(bySupervisor).fields).toEqual([{ field: 'body.satisfaction', reason: expect.stringMatching(/department/) }]);
    const done = await finish('warehouse', task, { satisfaction: 5 });
    expect(json(done).task.satisfaction).toBe(5);
    const again = await t.as('supervisor')({
      method: 'PATCH',
      url: `/api/tasks/${task.id}`,
      payload: { version: json(done).task.version, satisfaction: 1 },
    });
    // A done task is read-only (taskChangeRefusal): its rating stays as the department gave it.
    expect(again.statusCode).toBe(409);
    expect(json(again).error).toBe('task_done');
    expect((await t.ctx.db.selectFrom('collab_tasks').select('satisfaction').where('id', '=', task.id).executeTakeFirstOrThrow()).satisfaction).toBe(
      5,
    );
  });
});
