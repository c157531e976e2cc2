import { numberPrefix, shanghaiDay } from '@kefu/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numberDraw } from '../src/tickets/numbering.ts';
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

async function create(payload: Record<string, unknown>): Promise<{ id: number; number: string }> {
  const res = await agent({ method: 'POST', url: '/api/tickets', payload });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).ticket;
}

const count = (number: string) => Number(number.split('-')[1]);

describe('ticket numbers drawn from a sequence per type and day', () => {
  it('continues the day after the numbers the counter rows already gave out (the seed numbers days that way)', async () => {
    await sql`insert into ticket_counters (prefix, day, last) values ('XT', ${shanghaiDay(new Date())}, 41)`.execute(t.ctx.db);
    const first = await create({ type: 'collaboration', subject: '仓库协同核对库存' });
    expect(first.number).toBe(`XT${shanghaiDay(new Date())}-0042`);
  });

  it('counts each type on its own: other types created in between take none of its numbers', async () => {
    const a = await create({ type: 'after_sale', subject: '申请换货' });
    const between = await create({ type: 'consultation', subject: '尺码咨询' });
    const b = await create({ type: 'after_sale', subject: '申请退货' });
    expect(between.number).toMatch(/^ZX\d{8}-\d{4}$/);
    expect(count(b.number)).toBe(count(a.number) + 1);
  });

  it('refuses a create whose reference does not exist and still numbers the next one uniquely', async () => {
    const before = await create({ type: 'problem_order', subject: '订单地址异常' });
    const refused = await agent({
      method: 'POST',
      url: '/api/tickets',
      payload: { type: 'problem_order', subject: '无此客户', customerId: 999_999 },
    });
    expect(refused.statusCode, refused.body).toBe(400);
    expect(json(refused).fields[0].field).toBe('body.customerId');
    const after = await create({ type: 'problem_order', subject: '订单缺货' });
    expect(count(after.number)).toBeGreaterThan(count(before.number));
    const rows = await t.ctx.db.selectFrom('tickets').select('number').where('number', 'like', 'WT%').execute();
    expect(new Set(rows.map((r) => r.number)).size).toBe(rows.length);
  });

  it('widens the count past 9999 instead of wrapping', async () => {
    const first = await create({ type: 'suggestion', subject: '希望增加大码', description: '顾客反馈常缺 3XL' });
    const { rows } = await sql<{ base: number }>`select base from ticket_number_days where prefix = 'JY'`.execute(t.ctx.db);
    await sql`select setval('ticket_numbers_jy', ${Number(rows[0]!.base) + 9999})`.execute(t.ctx.db);
    const wide = await create({ type: 'suggestion', subject: '希望增加小码', description: '顾客反馈常缺 XS' });
    expect(count(first.number)).toBe(1);
    expect(wide.number).toBe(`JY${shanghaiDay(new Date())}-10000`);
    const found = json(await agent({ url: `/api/tickets?q=${encodeURIComponent(wide.number)}` })).tickets;
    expect(found.map((x: { id: number }) => x.id)).toEqual([wide.id]);
  });

  it("remembers a day's base once committed, not the one a transaction wrote and rolled back", async () => {
    const day = new Date('2027-03-01T04:00:00Z');
    const prefix = numberPrefix('complaint');
    let rolledBack: number | undefined;
    await t.ctx.db
      .transaction()
      .execute(async (tx) => {
        const [first, again] = [await numberDraw(tx, 'complaint', day), await numberDraw(tx, 'complaint', day)];
        expect(again.base).toBe(first.base);
        rolledBack = first.base;
        throw new Error('roll back');
      })
      .catch((err: Error) => expect(err.message).toBe('roll back'));
    const committed = await t.ctx.db.transaction().execute((tx) => numberDraw(tx, 'complaint', day));
    const { rows } = await sql<{ base: string }>`select base from ticket_number_days where prefix = ${prefix} and day = '20270301'`.execute(t.ctx.db);
    expect(committed.base).toBe(Number(rows[0]!.base));
    expect(committed.base).not.toBe(rolledBack);
    // Committed now: a later transaction draws the same base (from memory, or the row).
    await expect(t.ctx.db.transaction().execute((tx) => numberDraw(tx, 'complaint', day))).resolves.toMatchObject({ base: committed.base });
  });
});
