import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REFUSAL_CODES } from '@kefu/domain';
import { ERROR_CODES, ERRORS, ErrorBody } from '@kefu/protocol/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refuse } from '../src/http/errors.ts';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';

let t: TestApp;
let agent: Client;
beforeAll(async () => {
  t = await createTestApp();
  agent = t.as('agent');
});
afterAll(async () => {
  await t.close();
});

/** Checks an error answer: the status the catalogue gives `code`, and a body of the documented shape. */
function expectRefusal(res: { statusCode: number; body: string }, code: string) {
  expect({ status: res.statusCode, error: json(res).error }, res.body).toEqual({ status: ERRORS[code as keyof typeof ERRORS].status, error: code });
  expect(ErrorBody.safeParse(json(res)).success, res.body).toBe(true);
  return json(res);
}

async function refundRequest() {
  const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();
  const order = await agent({
    method: 'POST',
    url: '/api/orders',
    payload: {
      platform: 'tmall',
      orderNo: `EC${Date.now()}`,
      status: 'delivered',
      buyerNick: 'ec_buyer',
      receiver: { name: '林小姐', phone: '13912345678', province: '浙江省', city: '杭州市', address: '文三路 100 号' },
      lines: [{ sku: 'PJ-001', title: '睡衣', quantity: 1, unitPriceFen: 12_900 }],
      createdAt: at(5),
      paidAt: at(5),
      shippedAt: at(4),
      deliveredAt: at(2),
    },
  });
  expect(order.statusCode, order.body).toBe(201);
  const { id: orderId, lines } = json(order).order;
  const payload = { orderId, kind: 'refund', reason: 'other', lines: [{ lineId: lines[0].id, quantity: 1 }] };
  const res = await agent({ method: 'POST', url: '/api/aftersales', payload });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).afterSale as { id: number; version: number };
}

const transition = (client: Client, a: { id: number; version: number }, to: string) =>
  client({ method: 'POST', url: `/api/aftersales/${a.id}/transition`, payload: { version: a.version, to } });

describe('a domain refusal reaches the client as its catalogue code and status', () => {
  it('answers a step that belongs to another role with 403 wrong_role, naming the role', async () => {
    const requested = await refundRequest();
    const approved = await transition(agent, requested, 'approved');
    expect(approved.statusCode, approved.body).toBe(200);
    const body = expectRefusal(await transition(agent, json(approved).afterSale, 'refunded'), 'wrong_role');
    expect(body.message).toBe('only finance/supervisor/admin may move a refund request from approved to refunded');
  });

  it('answers a step the workflow does not have with 400 invalid_transition on the field', async () => {
    const requested = await refundRequest();
    const body = expectRefusal(await transition(t.as('admin'), requested, 'refunded'), 'invalid_transition');
    expect(body.fields).toEqual([{ field: 'body.to', reason: expect.stringMatching(/cannot go from requested to refunded; allowed: approved/) }]);
  });

  it('answers an edit based on a stale version with 409 stale_version and the current version', async () => {
    const requested = await refundRequest();
    expect((await transition(agent, requested, 'approved')).statusCode).toBe(200);
    const body = expectRefusal(await transition(agent, requested, 'cancelled'), 'stale_version');
    expect(body).toMatchObject({
      currentVersion: requested.version + 1,
      message: 'the after-sale request was changed by someone else; reload and try again',
    });
  });

  it('uses only codes the catalogue knows, so a refusal always has a status', () => {
    for (const code of REFUSAL_CODES) expect(ERROR_CODES, code).toContain(code);
  });
});

describe('errors the framework raises speak the catalogue too', () => {
  it('answers a body that is not JSON with 400 invalid_json', async () => {
    const cut = await agent({ method: 'POST', url: '/api/tickets', payload: '{"type":', headers: { 'content-type': 'application/json' } });
    expectRefusal(cut, 'invalid_json');
  });

  it('answers a body over the limit with 413 too_large', async () => {
    const big = JSON.stringify({ type: 'consultation', subject: 'x', description: 'x'.repeat(1_100_000) });
    expectRefusal(await agent({ method: 'POST', url: '/api/tickets', payload: big, headers: { 'content-type': 'application/json' } }), 'too_large');
  });

  it('answers a body of a type no route reads with 415 unsupported_media_type', async () => {
    const unknown = await agent({ method: 'POST', url: '/api/tickets', payload: 'x', headers: { 'content-type': 'application/x-unknown' } });
    expectRefusal(unknown, 'unsupported_media_type');
  });

  it('answers an unknown route with 404 not_found', async () => {
    expectRefusal(await agent({ url: '/api/no-such-thing' }), 'not_found');
  });
});

describe('the status of a refusal', () => {
  it("is always the catalogue's for its code", () => {
    for (const code of ERROR_CODES) expect(refuse(code).status, code).toBe(ERRORS[code].status);
  });

  it('is never chosen at a throw site: no HttpError is built outside http/errors.ts, and no refusal is read by its words', () => {
    const src = join(import.meta.dirname, '../src');
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const offenders = files.filter((f) => {
      const text = readFileSync(join(src, f), 'utf8');
      return (f !== join('http', 'errors.ts') && /new HttpError\(/.test(text)) || /startsWith\('only'\)/.test(text);
    });
    expect(offenders).toEqual([]);
  });
});
