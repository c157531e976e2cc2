import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../src/http/signed-delivery.ts';
import { createTestApp, json, type TestApp } from './helpers.ts';
import { makeCustomer } from './outreach-fixture.ts';

// Phone: the shop's telephony system (CTI) reports calls by a signed webhook; agents log calls by hand on a ticket.
const SECRET = 'cti-secret-0123456789abcdef';
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ CTI_WEBHOOK_SECRET: SECRET });
});
afterAll(() => t.close());

function post(body: unknown, options: { secret?: string; at?: number } = {}) {
  const payload = JSON.stringify(body);
  const ts = options.at ?? Math.floor(Date.now() / 1000);
  return t.app.inject({
    method: 'POST',
    url: '/api/channels/phone/events',
    headers: {
      'content-type': 'application/json',
      'x-kefu-timestamp': String(ts),
      'x-kefu-signature': signWebhook(options.secret ?? SECRET, ts, payload),
    },
    payload,
  });
}
const at = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000).toISOString();
const event = (callId: string, e: string, extra: Record<string, unknown> = {}) => ({
  callId,
  event: e,
  direction: 'in',
  customerNumber: '13800001111',
  at: at(60),
  ...extra,
});
const entriesOf = (id: number) =>
  t.ctx.db.selectFrom('ticket_events').select(['kind', 'body', 'data', 'actor_id']).where('ticket_id', '=', id).orderBy('id').execute();

async function openTicket(customerId: number, subject: string): Promise<number> {
  const res = await t.as('agent')({ method: 'POST', url: '/api/tickets', payload: { type: 'consultation', subject, customerId, channel: 'phone' } });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).ticket.id;
}

describe('calls reported by the CTI', () => {
  it("puts an answered call, with its talk time and recording, on the caller's open ticket once", async () => {
    const customerId = await makeCustomer(t.ctx.db, '冯女士', { phone: '13800001111' });
    const ticketId = await openTicket(customerId, '沙发什么时候送到');
    for (const e of [event('c-1', 'ringing', { at: at(300) }), event('c-1', 'answered', { at: at(290), agentExtension: '8001' })]) {
      const res = await post(e);
      expect(res.statusCode, res.body).toBe(200);
    }
    const ended = await post(event('c-1', 'ended', { durationSeconds: 200, recordingUrl: 'https://cti.example/rec/c-1.mp3' }));
    expect(json(ended)).toEqual({ callId: expect.any(Number), state: 'ended', ticketId, changed: true });
    // The same event again, and a late "answered", change nothing.
    expect(json(await post(event('c-1', 'ended', { durationSeconds: 200 })))).toMatchObject({ changed: false });
    expect(json(await post(event('c-1', 'answered')))).toMatchObject({ changed: false, state: 'ended' });
    const calls = (await entriesOf(ticketId)).filter((e) => e.kind === 'call');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.data).toEqual({
      callId: json(ended).callId,
      source: 'cti',
      direction: 'in',
      to: '138****1111',
      state: 'answered',
      durationSeconds: 200,
      recordingUrl: 'https://cti.example/rec/c-1.mp3',
    });
    const row = await t.ctx.db.selectFrom('calls').selectAll().where('call_id', '=', 'c-1').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ customer_id: customerId, agent_extension: '8001', state: 'ended', duration_seconds: 200 });
  });

  it('opens a call-back ticket for a missed call from a number kefu does not know, on a new file', async () => {
    const res = await post(event('c-2', 'ended', { customerNumber: '+86 139 0000 2222', durationSeconds: 0 }));
    expect(res.statusCode, res.body).toBe(200);
    const { ticketId, state } = json(res);
    expect(state).toBe('missed');
    const ticket = await t.ctx.db.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirstOrThrow();
    expect(ticket).toMatchObject({ channel: 'phone', subject: '未接来电：请回拨 139****2222' });
    const file = await t.ctx.db.selectFrom('customer_identities').selectAll().where('value', '=', '13900002222').executeTakeFirstOrThrow();
    expect(file.customer_id).toBe(ticket.customer_id);
    expect((await entriesOf(ticketId)).at(-1)).toMatchObject({ kind: 'call', data: { state: 'missed', direction: 'in' } });
  });

  it('keeps an unanswered outgoing call without opening a ticket', async () => {
    const res = await post(event('c-3', 'ended', { direction: 'out', customerNumber: '13900003333', durationSeconds: 0 }));
    expect(json(res)).toMatchObject({ state: 'missed', ticketId: null });
  });

  it('refuses a forged, stale or malformed event, naming the field, and writes nothing', async () => {
    const before = await t.ctx.db
      .selectFrom('calls')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const forged = await post(event('c-9', 'ended'), { secret: 'not-the-secret-at-all-0000' });
    expect(forged.statusCode).toBe(401);
    expect(json(forged).error).toBe('bad_signature');
    const stale = await post(event('c-9', 'ended'), { at: Math.floor(Date.now() / 1000) - 3600 });
    expect(json(stale).error).toBe('stale');
    const bad = await post({ ...event('c-9', 'hung_up') });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('body.event');
    const notPhone = await post(event('c-9', 'ended', { customerNumber: 'abc' }));
    expect(notPhone.statusCode).toBe(400);
    expect(notPhone.body).toContain('body.customerNumber');
    const after = await t.ctx.db
      .selectFrom('calls')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});

describe('calls logged by hand', () => {
  it("logs an agent's call-back on the ticket with the note; refuses a ticket whose customer has no phone", async () => {
    const customerId = await makeCustomer(t.ctx.db, '卫先生', { phone: '13800004444' });
    const ticketId = await openTicket(customerId, '电话下单：两套四件套');
    const res = await t.as('agent')({
      method: 'POST',
      url: `/api/tickets/${ticketId}/calls`,
      payload: { direction: 'out', durationSeconds: 150, note: '回拨确认：两套四件套，颜色米白，地址不变' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const entry = (await entriesOf(ticketId)).at(-1)!;
    expect(entry).toMatchObject({
      kind: 'call',
      actor_id: t.users.agent!.id,
      body: '回拨确认：两套四件套，颜色米白，地址不变',
      data: { source: 'manual', direction: 'out', to: '138****4444', state: 'answered', durationSeconds: 150 },
    });
    const noPhone = await makeCustomer(t.ctx.db, '褚女士', { email: 'chu@example.com' });
    const other = await openTicket(noPhone, '咨询');
    const refused = await t.as('agent')({
      method: 'POST',
      url: `/api/tickets/${other}/calls`,
      payload: { direction: 'out', durationSeconds: 0, note: '未接通' },
    });
    expect(refused.statusCode).toBe(400);
    const empty = await t.as('agent')({
      method: 'POST',
      url: `/api/tickets/${ticketId}/calls`,
      payload: { direction: 'out', durationSeconds: 10, note: '  ' },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('body.note');
    expect(
      (
        await t.as('warehouse')({
          method: 'POST',
          url: `/api/tickets/${ticketId}/calls`,
          payload: { direction: 'out', durationSeconds: 0, note: 'x' },
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('a call answers the customer', () => {
  const firstResponse = (ticketId: number) =>
    t.ctx.db
      .selectFrom('sla_clocks')
      .select(['state', 'stopped_at'])
      .where('ticket_id', '=', ticketId)
      .where('metric', '=', 'first_response')
      .executeTakeFirstOrThrow();
  const ticketRow = (id: number) => t.ctx.db.selectFrom('tickets').select(['status', 'answered_at']).where('id', '=', id).executeTakeFirstOrThrow();

  it("meets the ticket's first response when the agent reached them, and not when nobody picked up", async () => {
    const customerId = await makeCustomer(t.ctx.db, '沈女士', { phone: '13800005555' });
    const ticketId = await openTicket(customerId, '请回电：改收货地址');
    expect(await firstResponse(ticketId)).toMatchObject({ state: 'running' });
    const log = (durationSeconds: number, note: string) =>
      t.as('agent')({ method: 'POST', url: `/api/tickets/${ticketId}/calls`, payload: { direction: 'out', durationSeconds, note } });
    expect((await log(0, '未接通')).statusCode).toBe(201);
    expect(await firstResponse(ticketId)).toMatchObject({ state: 'running' });
    expect(await ticketRow(ticketId)).toEqual({ status: 'new', answered_at: null });
    expect((await log(95, '已改地址')).statusCode).toBe(201);
    expect(await firstResponse(ticketId)).toMatchObject({ state: 'met' });
    expect(await ticketRow(ticketId)).toMatchObject({ status: 'open', answered_at: expect.any(Date) });
  });

  it('counts a CTI call from when it was picked up, and knows the agent by their extension', async () => {
    await t.as('admin')({ method: 'PATCH', url: `/api/users/${t.users.supervisor!.id}`, payload: { phoneExtension: '8010' } });
    const customerId = await makeCustomer(t.ctx.db, '韩先生', { phone: '13800006666' });
    const ticketId = await openTicket(customerId, '发票抬头写错了');
    const moment = { direction: 'in', customerNumber: '13800006666', agentExtension: '8010' };
    await post({ ...moment, callId: 'c-sla', event: 'answered', at: at(120) });
    expect(await firstResponse(ticketId)).toMatchObject({ state: 'running' });
    const ended = json(await post({ ...moment, callId: 'c-sla', event: 'ended', at: at(30), durationSeconds: 90 }));
    expect(ended).toMatchObject({ state: 'ended', ticketId });
    const clock = await firstResponse(ticketId);
    expect(clock.state).toBe('met');
    expect(Math.abs(clock.stopped_at!.getTime() - (Date.now() - 120_000))).toBeLessThan(5000);
    const call = await t.ctx.db.selectFrom('calls').select('agent_id').where('call_id', '=', 'c-sla').executeTakeFirstOrThrow();
    expect(call.agent_id).toBe(t.users.supervisor!.id);
  });
});
