import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifySignature } from '../src/integrations/signing.ts';
import { phoneRoutes } from '../src/channels/phone/routes.ts';
import { createTestApp, json, type TestApp } from './helpers.ts';
import { ctiEvent, startFakeCti, type FakeCti } from './fixtures/cti-server.ts';
import { makeCustomer } from './outreach-fixture.ts';

// Click-to-call against a local telephony system (CTI) that checks kefu's signature; the test then reports the call's
// moments back on kefu's call webhook, as a real CTI does once it has rung the agent's extension and the customer.
const SECRET = 'cti-secret-0123456789abcdef';
let cti: FakeCti;
const asked = () => cti.asked;

let t: TestApp;
beforeAll(async () => {
  cti = await startFakeCti(SECRET);
  t = await createTestApp({ CTI_WEBHOOK_SECRET: SECRET, CTI_CALL_URL: cti.url });
});
afterAll(async () => {
  await t.close();
  await cti.close();
});
beforeEach(() => {
  cti.asked.length = 0;
  cti.answers.length = 0;
});

const setExtension = (role: string, phoneExtension: string | null) =>
  t.as('admin')({ method: 'PATCH', url: `/api/users/${t.users[role]!.id}`, payload: { phoneExtension } });
const dial = (customerId: number, payload: Record<string, unknown> = {}) =>
  t.as('agent')({ method: 'POST', url: `/api/customers/${customerId}/calls`, payload });
/** The CTI reporting a moment of the call on kefu's webhook. */
const report = (body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/channels/phone/events', ...ctiEvent(SECRET, body) });
const callsOf = (customerId: number) => t.ctx.db.selectFrom('calls').selectAll().where('customer_id', '=', customerId).execute();

describe('extensions', () => {
  it('are set by an admin, two to eight digits, one agent each', async () => {
    const bad = await setExtension('agent', '80a1');
    expect(bad.statusCode).toBe(400);
    expect(json(bad).fields[0].field).toBe('body.phoneExtension');
    const set = await setExtension('agent', ' 8001 ');
    expect(set.statusCode, set.body).toBe(200);
    expect(json(set).user.phoneExtension).toBe('8001');
    const taken = await setExtension('supervisor', '8001');
    expect(taken.statusCode).toBe(409);
    expect(json(taken).fields).toEqual([{ field: 'body.phoneExtension', reason: 'already exists' }]);
    expect((await t.as('agent')({ method: 'PATCH', url: `/api/users/${t.users.agent!.id}`, payload: { phoneExtension: '8002' } })).statusCode).toBe(
      403,
    );
    const staff = json(await t.as('admin')({ method: 'GET', url: '/api/users/staff' })).staff;
    expect(staff.find((s: { id: number }) => s.id === t.users.agent!.id).phoneExtension).toBe('8001');
  });
});

describe('click-to-call', () => {
  it("rings the agent's extension, then the customer; the CTI's events put the call on the ticket and the history", async () => {
    await setExtension('agent', '8001');
    const status = json(await t.as('agent')({ method: 'GET', url: '/api/channels/phone/dialing' }));
    expect(status).toEqual({ available: true, extension: '8001' });
    const customerId = await makeCustomer(t.ctx.db, '冯女士', { phone: '13800001111' });
    await t.ctx.db.insertInto('customer_identities').values({ customer_id: customerId, kind: 'phone', value: '13900002222' }).execute();
    const ticket = await t.as('agent')({
      method: 'POST',
      url: '/api/tickets',
      payload: { type: 'consultation', subject: '回拨确认地址', customerId },
    });
    const ticketId = json(ticket).ticket.id as number;

    const res = await dial(customerId, { phone: '139 0000 2222', ticketId });
    expect(res.statusCode, res.body).toBe(201);
    const { call } = json(res);
    expect(call).toMatchObject({ to: '139****2222', extension: '8001', ticketId, callId: expect.stringMatching(/^kefu-/) });
    // The CTI got the whole number, signed; the agent's page only ever sees it masked.
    expect(asked()).toHaveLength(1);
    expect(verifySignature(SECRET, asked()[0]!.headers, asked()[0]!.body)).toBe(true);
    expect(JSON.parse(asked()[0]!.body)).toEqual({
      callId: call.callId,
      agentExtension: '8001',
      customerNumber: '13900002222',
      agent: { id: t.users.agent!.id, name: 'agent用户' },
    });

    const moment = { callId: call.callId, direction: 'out', customerNumber: '13900002222', agentExtension: '8001' };
    const now = Date.now();
    expect((await report({ ...moment, event: 'answered', at: new Date(now - 200_000).toISOString() })).statusCode).toBe(200);
    const ended = json(await report({ ...moment, event: 'ended', at: new Date(now).toISOString(), durationSeconds: 187 }));
    // The ticket it was placed from, not the customer's newest.
    expect(ended).toEqual({ callId: call.id, state: 'ended', ticketId, changed: true });
    const [row] = await callsOf(customerId);
    expect(row).toMatchObject({
      source: 'cti',
      direction: 'out',
      phone: '13900002222',
      agent_id: t.users.agent!.id,
      ticket_id: ticketId,
      duration_seconds: 187,
    });

    const timeline = await t.ctx.db
      .selectFrom('ticket_events')
      .select(['kind', 'data'])
      .where('ticket_id', '=', ticketId)
      .where('kind', '=', 'call')
      .execute();
    expect(timeline.map((e) => e.data)).toEqual([
      expect.objectContaining({ direction: 'out', to: '139****2222', state: 'answered', durationSeconds: 187 }),
    ]);
    const history = json(await t.as('agent')({ method: 'GET', url: `/api/customers/${customerId}/history` })).entries;
    expect(history.find((e: { kind: string }) => e.kind === 'call')).toMatchObject({
      id: call.id,
      title: 'out',
      status: 'ended',
      detail: '3:07 · agent用户',
      link: `/tickets/${ticketId}`,
    });
    const audited = await t.ctx.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'customer.call').execute();
    expect(audited).toContainEqual({ action: 'customer.call', entity_id: String(customerId) });
  });

  it('keeps nothing when the CTI refuses or cannot be reached, and says why', async () => {
    await setExtension('agent', '8001');
    const customerId = await makeCustomer(t.ctx.db, '蒋先生', { phone: '13700003333' });
    cti.answers.push({ status: 409, message: '分机 8001 未签入' });
    const refused = await dial(customerId);
    expect(refused.statusCode).toBe(502);
    expect(json(refused)).toMatchObject({ error: 'cti_unavailable', reason: 'HTTP 409: 分机 8001 未签入' });
    cti.answers.push('drop');
    const dropped = await dial(customerId);
    expect(dropped.statusCode).toBe(502);
    expect(json(dropped).error).toBe('cti_unavailable');
    expect(asked()).toHaveLength(2);
    expect(await callsOf(customerId)).toEqual([]);
    // The first number on file when none is named.
    const ok = await dial(customerId);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(JSON.parse(asked()[2]!.body).customerNumber).toBe('13700003333');
  });

  it('refuses a number, ticket or customer that is not the one on file, and an agent without an extension', async () => {
    await setExtension('agent', '8001');
    const customerId = await makeCustomer(t.ctx.db, '韩女士', { phone: '13600004444' });
    const other = await makeCustomer(t.ctx.db, '别人', { phone: '13500005555' });
    const ticket = await t.as('agent')({
      method: 'POST',
      url: '/api/tickets',
      payload: { type: 'consultation', subject: '别人的', customerId: other },
    });
    const cases: [Record<string, unknown>, number, string][] = [
      [{ phone: '13500005555' }, 400, 'body.phone'],
      [{ ticketId: json(ticket).ticket.id }, 400, 'body.ticketId'],
      [{ phone: 'x'.repeat(40) }, 400, 'body.phone'],
      [{ extension: '8009' }, 400, 'body'],
    ];
    for (const [payload, status, field] of cases) {
      const res = await dial(customerId, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      expect(JSON.stringify(json(res).fields ?? []), JSON.stringify(payload)).toContain(field);
    }
    expect((await dial(999_999)).statusCode).toBe(404);
    const noPhone = await makeCustomer(t.ctx.db, '无电话');
    expect(json(await dial(noPhone)).fields).toEqual([{ field: 'customer', reason: 'the customer has no phone number on file' }]);
    await setExtension('agent', null);
    const none = await dial(customerId);
    expect([none.statusCode, json(none).error]).toEqual([409, 'no_extension']);
    expect(json(await t.as('agent')({ method: 'GET', url: '/api/channels/phone/dialing' }))).toEqual({ available: true, extension: null });
    expect(asked()).toEqual([]);
    expect(await callsOf(customerId)).toEqual([]);
  });
});

describe('settings', () => {
  it('is off without CTI_CALL_URL, and will not start with it but no secret', async () => {
    const config = t.ctx.config;
    const customerId = await makeCustomer(t.ctx.db, '卫女士', { phone: '13300006666' });
    t.ctx.config = { ...config, CTI_CALL_URL: undefined };
    try {
      expect(json(await t.as('agent')({ method: 'GET', url: '/api/channels/phone/dialing' }))).toMatchObject({ available: false });
      const res = await dial(customerId);
      expect([res.statusCode, json(res).error]).toEqual([404, 'click_to_call_off']);
    } finally {
      t.ctx.config = config;
    }
    expect(asked()).toEqual([]);
    const unsigned = { ...t.ctx, config: { ...config, CTI_WEBHOOK_SECRET: undefined } };
    expect(() => phoneRoutes(t.app, unsigned)).toThrow('CTI_CALL_URL is set, so kefu also needs CTI_WEBHOOK_SECRET');
  });
});
