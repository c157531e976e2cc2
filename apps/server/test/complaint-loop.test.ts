import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';

// The complaint loop (DOMAIN.md §4): acknowledged → first feedback → solution → confirmation (or the reason it was
// closed without) → closed, with a root cause and the product concerned.
let t: TestApp;
let agent: Client;
let productId: number;
beforeAll(async () => {
  t = await createTestApp();
  agent = t.as('agent');
  productId = (
    await t.ctx.db
      .insertInto('products')
      .values({ sku: 'PJ-001', name: '纯棉长袖睡衣套装', category: '睡衣', price_fen: 12_900, warranty_days: 0 })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await t.close();
});

async function complaint(severity = 'major') {
  const res = await agent({
    method: 'POST',
    url: '/api/tickets',
    payload: { type: 'complaint', subject: '睡衣洗一次就起球', category: 'product_quality', severity },
  });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).ticket;
}
const detail = async (id: number) => json(await agent({ method: 'GET', url: `/api/tickets/${id}` })).ticket;
const reply = (id: number, body: string) => agent({ method: 'POST', url: `/api/tickets/${id}/messages`, payload: { kind: 'reply', body } });
async function step(id: number, body: Record<string, unknown>, version?: number) {
  return agent({ method: 'POST', url: `/api/tickets/${id}/complaint`, payload: { version: version ?? (await detail(id)).version, ...body } });
}
async function ok(id: number, body: Record<string, unknown>) {
  const res = await step(id, body);
  expect(res.statusCode, res.body).toBe(200);
  return json(res).ticket;
}
async function setStatus(id: number, status: string) {
  return agent({ method: 'PATCH', url: `/api/tickets/${id}`, payload: { version: (await detail(id)).version, status } });
}
const firstFeedback = (ticket: { clocks: { metric: string; state: string }[] }) => ticket.clocks.find((c) => c.metric === 'first_feedback')!;

describe('the complaint loop', () => {
  it('walks from acknowledgement to closed, each step on the timeline', async () => {
    const ticket = await complaint();
    expect(ticket.complaint.stage).toBe('acknowledge');
    await reply(ticket.id, '非常抱歉，我们马上核实。');
    expect((await detail(ticket.id)).complaint.stage).toBe('feedback');

    const proposed = await ok(ticket.id, { step: 'solution', text: '为您换一套新的，并补偿 20 元。' });
    expect(proposed.complaint).toMatchObject({ stage: 'confirmation', solution: '为您换一套新的，并补偿 20 元。', solutionAt: expect.any(String) });
    expect(firstFeedback(proposed).state).toBe('met');

    const refusedSolve = await setStatus(ticket.id, 'solved');
    expect(refusedSolve.statusCode).toBe(400);
    expect(json(refusedSolve).fields).toEqual([{ field: 'complaint.rootCause', reason: expect.stringContaining('root cause') }]);

    const caused = await ok(ticket.id, { step: 'root_cause', rootCause: 'product_defect', productId });
    expect(caused.complaint).toMatchObject({ rootCause: 'product_defect', productId, productName: '纯棉长袖睡衣套装' });
    expect((await setStatus(ticket.id, 'solved')).statusCode).toBe(200);

    const refusedClose = await setStatus(ticket.id, 'closed');
    expect(refusedClose.statusCode).toBe(400);
    expect(json(refusedClose).fields).toEqual([{ field: 'complaint.confirmedAt', reason: expect.stringContaining('confirmation') }]);

    const confirmed = await ok(ticket.id, { step: 'confirmed' });
    expect(confirmed.complaint).toMatchObject({ stage: 'close', confirmedAt: expect.any(String), unconfirmedReason: null });
    expect((await setStatus(ticket.id, 'closed')).statusCode).toBe(200);
    expect((await detail(ticket.id)).complaint.stage).toBe('closed');

    const events = json(await agent({ method: 'GET', url: `/api/tickets/${ticket.id}/timeline` })).events;
    expect(events.filter((e: { kind: string }) => e.kind === 'complaint')).toMatchObject([
      { data: { step: 'solution' }, body: '为您换一套新的，并补偿 20 元。' },
      { data: { step: 'root_cause', rootCause: 'product_defect', productId } },
      { data: { step: 'confirmed' } },
    ]);
    const closedStep = await step(ticket.id, { step: 'confirmed' });
    expect(closedStep.statusCode).toBe(400);
    expect(json(closedStep).message).toContain('closed');
  });

  it('closes without the confirmation only with the reason, and asks again after a new solution or a reopening', async () => {
    const ticket = await complaint();
    await ok(ticket.id, { step: 'solution', text: '已为您办理退款。' });
    await ok(ticket.id, { step: 'root_cause', rootCause: 'logistics', productId: null });
    expect((await setStatus(ticket.id, 'solved')).statusCode).toBe(200);
    const reasoned = await ok(ticket.id, { step: 'unconfirmed', reason: '三次电话未接通' });
    expect(reasoned.complaint).toMatchObject({ stage: 'close', unconfirmedReason: '三次电话未接通', confirmedAt: null });
    expect((await setStatus(ticket.id, 'closed')).statusCode).toBe(200);

    expect((await setStatus(ticket.id, 'open')).statusCode).toBe(200);
    const reopened = await detail(ticket.id);
    expect(reopened.complaint).toMatchObject({ stage: 'confirmation', unconfirmedReason: null, solution: '已为您办理退款。' });
    await ok(ticket.id, { step: 'confirmed' });
    const again = await ok(ticket.id, { step: 'solution', text: '改为换货。' });
    expect(again.complaint).toMatchObject({ stage: 'confirmation', confirmedAt: null });
  });

  it('refuses to solve without a solution, and a confirmation before one, naming the field', async () => {
    const ticket = await complaint();
    const solve = await setStatus(ticket.id, 'solved');
    expect(solve.statusCode).toBe(400);
    expect(json(solve).fields[0].field).toBe('complaint.solution');
    const confirm = await step(ticket.id, { step: 'confirmed' });
    expect(confirm.statusCode).toBe(400);
    expect(json(confirm).fields[0].field).toBe('complaint.solution');
    expect((await detail(ticket.id)).status).toBe('new');
  });

  it('checks the version, the product, the root cause and the ticket type', async () => {
    const ticket = await complaint();
    const stale = await step(ticket.id, { step: 'solution', text: '补发一件。' }, ticket.version + 5);
    expect(stale.statusCode).toBe(409);
    expect(json(stale).error).toBe('stale_version');
    const noProduct = await step(ticket.id, { step: 'root_cause', rootCause: 'product_defect', productId: 999_999 });
    expect(noProduct.statusCode).toBe(400);
    expect(json(noProduct).fields[0].field).toBe('body.productId');
    const badCause = await step(ticket.id, { step: 'root_cause', rootCause: 'bad_luck', productId: null });
    expect(badCause.statusCode).toBe(400);
    expect(badCause.body).toContain('rootCause');
    const unknownStep = await step(ticket.id, { step: 'archive' });
    expect(unknownStep.statusCode).toBe(400);
    expect((await detail(ticket.id)).complaint).toMatchObject({ solution: null, rootCause: null });

    const question = json(await agent({ method: 'POST', url: '/api/tickets', payload: { type: 'consultation', subject: '问尺码' } })).ticket;
    const notComplaint = await step(question.id, { step: 'solution', text: '建议选大一码。' });
    expect(notComplaint.statusCode).toBe(400);
    expect(json(notComplaint).message).toContain('not a complaint');
    expect((await step(999_999, { step: 'confirmed' }, 1)).statusCode).toBe(404);
    expect(
      (await t.as('warehouse')({ method: 'POST', url: `/api/tickets/${ticket.id}/complaint`, payload: { step: 'confirmed', version: 1 } }))
        .statusCode,
    ).toBe(403);
  });

  it('masks contacts in the solution for roles that do not serve the shopper', async () => {
    const ticket = await complaint();
    await ok(ticket.id, { step: 'solution', text: '请联系售后专员 13812345678 安排上门取件。' });
    // Finance sees the ticket once it holds a task on it (confidentiality.test.ts).
    const task = await t.as('agent')({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/tasks`,
      payload: { department: 'finance', title: '请退运费' },
    });
    expect(task.statusCode, task.body).toBe(201);
    const seen = json(await t.as('finance')({ method: 'GET', url: `/api/tickets/${ticket.id}` })).ticket;
    expect(seen.complaint.solution).toContain('138****5678');
    expect(seen.complaint.solution).not.toContain('13812345678');
  });
});
