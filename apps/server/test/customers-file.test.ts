/** The editable customer file: birthdays (lunar too) checked by field, stale edits refused, and the whole history. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

async function create(payload: Record<string, unknown>) {
  const res = await agent({ method: 'POST', url: '/api/customers', payload });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).customer as { id: number; version: number };
}

describe('birthdays', () => {
  it('keeps a lunar birthday and refuses impossible dates naming the field', async () => {
    const c = await create({ name: '林黛玉' });
    const patch = (payload: Record<string, unknown>) =>
      agent({ method: 'PATCH', url: `/api/customers/${c.id}`, payload: { version: c.version, ...payload } });
    for (const payload of [
      { birthday: '1990-02-30' },
      { birthday: '2025-04-30', birthdayLunar: true },
      { birthday: '2099-01-01' },
      { birthday: '1850-01-01' },
    ]) {
      const res = await patch(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(json(res).fields[0].field).toBe('body.birthday');
    }
    const bad = await agent({ method: 'POST', url: '/api/customers', payload: { name: '未来人', birthday: '2030-01-01' } });
    expect(bad.statusCode).toBe(400);
    expect((await t.ctx.db.selectFrom('customers').select('id').where('name', '=', '未来人').execute()).length).toBe(0);

    const ok = await patch({ birthday: '1990-08-15', birthdayLunar: true, tags: ['中秋生日'] });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json(ok).customer).toMatchObject({ birthday: '1990-08-15', birthdayLunar: true, tags: ['中秋生日'], version: c.version + 1 });

    // Turning the switch on alone checks the kept date as a lunar one: 2025's fourth lunar month has 29 days.
    const d = await create({ name: '薛宝钗', birthday: '2025-04-30' });
    const flip = await agent({ method: 'PATCH', url: `/api/customers/${d.id}`, payload: { version: d.version, birthdayLunar: true } });
    expect(flip.statusCode).toBe(400);
    expect(json(flip).fields[0].field).toBe('body.birthday');
  });

  it('refuses a stale edit of the contacts with 409 and keeps the newer ones', async () => {
    const c = await create({ name: '贾宝玉', identities: [{ kind: 'phone', value: '13900001111' }] });
    const first = await agent({
      method: 'PATCH',
      url: `/api/customers/${c.id}`,
      payload: {
        version: c.version,
        identities: [
          { kind: 'phone', value: '13900001111' },
          { kind: 'taobao', value: 'baoyu_tb' },
        ],
      },
    });
    expect(first.statusCode).toBe(200);
    const stale = await agent({ method: 'PATCH', url: `/api/customers/${c.id}`, payload: { version: c.version, identities: [] } });
    expect(stale.statusCode).toBe(409);
    expect(json(stale).error).toBe('stale_version');
    const file = json(await agent({ url: `/api/customers/${c.id}` })).customer;
    expect(file.identities.map((i: { kind: string }) => i.kind)).toEqual(['phone', 'taobao']);
    const badPhone = await agent({
      method: 'PATCH',
      url: `/api/customers/${c.id}`,
      payload: { version: file.version, identities: [{ kind: 'phone', value: '123' }] },
    });
    expect(badPhone.statusCode).toBe(400);
    expect(json(badPhone).fields[0].field).toBe('body.identities.0.value');
  });
});

describe('history', () => {
  it('lists conversations, tickets, orders, surveys and follow-ups of the customer, newest first', async () => {
    const c = await create({ name: '王熙凤' });
    const ticket = await agent({
      method: 'POST',
      url: '/api/tickets',
      payload: { subject: '尺码不合适', type: 'consultation', customerId: c.id, description: '想换大一号' },
    });
    expect(ticket.statusCode, ticket.body).toBe(201);
    const ticketId = json(ticket).ticket.id;
    const order = await t.ctx.db
      .insertInto('orders')
      .values({ platform: 'taobao', order_no: 'TB-HIST-1', status: 'paid', total_fen: 12_900, customer_id: c.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.ctx.db
      .insertInto('follow_ups')
      .values({
        customer_id: c.id,
        reason: 'new_owner',
        owner_id: t.users.agent!.id,
        due_at: new Date(Date.now() + 86_400_000),
        note: '首次联系',
        dedupe_key: `h:${c.id}`,
      })
      .execute();
    await sql`update follow_ups set created_at = now() + interval '1 minute' where customer_id = ${c.id}`.execute(t.ctx.db);

    const res = await agent({ url: `/api/customers/${c.id}/history` });
    expect(res.statusCode, res.body).toBe(200);
    const entries = json(res).entries as { kind: string; id: number; link: string | null; title: string }[];
    expect(entries[0]).toMatchObject({ kind: 'follow_up', title: 'new_owner' });
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'ticket', id: ticketId, link: `/tickets/${ticketId}` }),
        expect.objectContaining({ kind: 'order', id: order.id, title: 'TB-HIST-1', link: `/orders/${order.id}` }),
      ]),
    );
    expect((await agent({ url: '/api/customers/999999/history' })).statusCode).toBe(404);
    expect((await t.as('warehouse')({ url: `/api/customers/${c.id}/history` })).statusCode).toBe(403);
  });
});
