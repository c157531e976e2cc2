/**
 * Merging two customer files moves everything that points at the merged-away one — conversations, visitors,
 * after-sales, orders, tickets, notes, contacts — in one transaction, and the old id answers with where it went.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_REFERENCES } from '../src/customers/merge.ts';
import { createTestApp, json, type Client, type TestApp } from './helpers.ts';

let t: TestApp;
let agent: Client;
let supervisor: Client;
let shopId: number;
beforeAll(async () => {
  t = await createTestApp();
  agent = t.as('agent');
  supervisor = t.as('supervisor');
  shopId = (
    await t.ctx.db.insertInto('shops').values({ key: 'merge-shop', name: '测试店', identity_secret: 's' }).returning('id').executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await t.close();
});

async function create(payload: Record<string, unknown>) {
  const res = await agent({ method: 'POST', url: '/api/customers', payload });
  expect(res.statusCode, res.body).toBe(201);
  return json(res).customer as { id: number; version: number };
}

let serial = 0;
/** A conversation with its visitor, an order with an after-sale (and its ticket), and a ticket of its own, all on `customerId`. */
async function history(customerId: number) {
  const visitor = await t.ctx.db
    .insertInto('visitors')
    .values({ shop_id: shopId, token_hash: `h${++serial}`, customer_id: customerId, name: '访客' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const conversation = await t.ctx.db
    .insertInto('conversations')
    .values({
      shop_id: shopId,
      visitor_id: visitor.id,
      customer_id: customerId,
      status: 'closed',
      group_id: null,
      agent_id: null,
      ticket_id: null,
      close_reason: null,
      rating: null,
      rating_comment: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const delivered = new Date(Date.now() - 2 * 86_400_000).toISOString();
  const orderRes = await agent({
    method: 'POST',
    url: '/api/orders',
    payload: {
      platform: 'tmall',
      orderNo: `MG${serial}`,
      status: 'delivered',
      customerId,
      receiver: { name: '孙丽', phone: '13600001234', province: '浙江省', city: '杭州市', address: '文三路 1 号' },
      lines: [{ title: '睡衣', quantity: 1, unitPriceFen: 12_900 }],
      createdAt: delivered,
      paidAt: delivered,
      shippedAt: delivered,
      deliveredAt: delivered,
    },
  });
  expect(orderRes.statusCode, orderRes.body).toBe(201);
  const order = json(orderRes).order;
  const afterRes = await agent({
    method: 'POST',
    url: '/api/aftersales',
    payload: { orderId: order.id, kind: 'refund', reason: 'other', lines: [{ lineId: order.lines[0].id, quantity: 1 }] },
  });
  expect(afterRes.statusCode, afterRes.body).toBe(201);
  const ticketRes = await agent({ method: 'POST', url: '/api/tickets', payload: { type: 'consultation', subject: '问尺码', customerId } });
  expect(ticketRes.statusCode, ticketRes.body).toBe(201);
  return {
    visitorId: visitor.id,
    conversationId: conversation.id,
    orderId: order.id as number,
    afterSaleId: json(afterRes).afterSale.id as number,
    ticketId: json(ticketRes).ticket.id as number,
  };
}

const customerOf = async (table: 'visitors' | 'conversations' | 'orders' | 'after_sales' | 'tickets', id: number) =>
  (await t.ctx.db.selectFrom(table).select('customer_id').where('id', '=', id).executeTakeFirstOrThrow()).customer_id;

describe('merging customers', () => {
  it('moves conversations, visitors, after-sales, orders, tickets, notes and contacts, and the old id redirects', async () => {
    const target = await create({ name: '孙丽', identities: [{ kind: 'phone', value: '13600001234' }], addresses: [] });
    const source = await create({ name: '孙丽(淘宝)', identities: [{ kind: 'taobao', value: 'sunli88' }] });
    await agent({ method: 'POST', url: `/api/customers/${source.id}/notes`, payload: { body: '淘宝老买家' } });
    const rows = await history(source.id);

    const preview = json(await supervisor({ url: `/api/customers/${target.id}/merge-preview?sourceId=${source.id}` }));
    const moves = Object.fromEntries(preview.moves.map((m: { table: string; count: number }) => [m.table, m.count]));
    expect(moves).toMatchObject({ conversations: 1, visitors: 1, after_sales: 1, orders: 1, customer_notes: 1, customer_identities: 1 });
    expect(moves.tickets).toBeGreaterThanOrEqual(2); // its own and the after-sale's
    expect(preview.source).toMatchObject({ id: source.id, name: '孙丽(淘宝)' });

    const res = await supervisor({
      method: 'POST',
      url: `/api/customers/${target.id}/merge`,
      payload: { sourceId: source.id, version: target.version },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await customerOf('visitors', rows.visitorId)).toBe(target.id);
    expect(await customerOf('conversations', rows.conversationId)).toBe(target.id);
    expect(await customerOf('orders', rows.orderId)).toBe(target.id);
    expect(await customerOf('after_sales', rows.afterSaleId)).toBe(target.id);
    expect(await customerOf('tickets', rows.ticketId)).toBe(target.id);
    const merged = json(res).customer;
    expect(merged.identities.map((i: { value: string }) => i.value).sort()).toEqual(['13600001234', 'sunli88']);
    expect(merged.notes.map((n: { body: string }) => n.body)).toEqual(['淘宝老买家']);

    // Nothing is left on the old file, which answers with where it went.
    for (const { table, column } of CUSTOMER_REFERENCES.filter((r) => r.table !== 'customers')) {
      const left = await sql<{ n: string }>`select count(*) as n from ${sql.id(table)} where ${sql.id(column)} = ${source.id}`.execute(t.ctx.db);
      expect(Number(left.rows[0]!.n), table).toBe(0);
    }
    const old = json(await agent({ url: `/api/customers/${source.id}` })).customer;
    expect(old.mergedIntoId).toBe(target.id);
    const note = await agent({ method: 'POST', url: `/api/customers/${source.id}/notes`, payload: { body: '迟到的备注' } });
    expect(note.statusCode).toBe(409);
    expect(json(note)).toMatchObject({ mergedInto: target.id });

    const audit = json(await supervisor({ url: `/api/audit?entity=customer&entityId=${target.id}` })).entries;
    const entry = audit.find((e: { action: string }) => e.action === 'customer.merge');
    expect(entry.detail).toMatchObject({ sourceId: source.id, moved: { conversations: 1, visitors: 1, after_sales: 1, orders: 1 } });
  });

  it('keeps the redirect one hop when the kept file is merged again', async () => {
    const a = await create({ name: '甲' });
    const b = await create({ name: '乙' });
    const c = await create({ name: '丙' });
    expect(
      (await supervisor({ method: 'POST', url: `/api/customers/${b.id}/merge`, payload: { sourceId: a.id, version: b.version } })).statusCode,
    ).toBe(200);
    const bNow = json(await agent({ url: `/api/customers/${b.id}` })).customer;
    expect(
      (await supervisor({ method: 'POST', url: `/api/customers/${c.id}/merge`, payload: { sourceId: b.id, version: c.version } })).statusCode,
    ).toBe(200);
    expect(json(await agent({ url: `/api/customers/${a.id}` })).customer.mergedIntoId).toBe(c.id);
    expect(bNow.mergedIntoId).toBeNull();
  });

  it('writes nothing when the merge is refused', async () => {
    const target = await create({ name: '钱多多' });
    const source = await create({ name: '钱多多2' });
    const rows = await history(source.id);
    const stale = await supervisor({
      method: 'POST',
      url: `/api/customers/${target.id}/merge`,
      payload: { sourceId: source.id, version: target.version + 5 },
    });
    expect(stale.statusCode).toBe(409);
    expect(await customerOf('conversations', rows.conversationId)).toBe(source.id);
    expect(await customerOf('orders', rows.orderId)).toBe(source.id);
    expect((await agent({ url: `/api/customers/${target.id}/merge-preview?sourceId=${source.id}` })).statusCode).toBe(403);
    expect((await supervisor({ url: `/api/customers/${target.id}/merge-preview?sourceId=${target.id}` })).statusCode).toBe(400);
  });
});

describe('the merge knows every table that points at a customer', () => {
  it('handles each customer column the database has (a new customer_id table fails here until the merge moves it)', async () => {
    const columns = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
       where table_schema = current_schema() and (column_name = 'customer_id' or column_name like '%\\_customer\\_id')
      union
      select kcu.table_name, kcu.column_name
        from information_schema.referential_constraints rc
        join information_schema.key_column_usage kcu on kcu.constraint_name = rc.constraint_name and kcu.constraint_schema = rc.constraint_schema
        join information_schema.key_column_usage ref on ref.constraint_name = rc.unique_constraint_name and ref.constraint_schema = rc.unique_constraint_schema
       where rc.constraint_schema = current_schema() and ref.table_name = 'customers'`.execute(t.ctx.db);
    const inDatabase = columns.rows.map((c) => `${c.table_name}.${c.column_name}`).sort();
    const handled = CUSTOMER_REFERENCES.map((r) => `${r.table}.${r.column}`).sort();
    expect(inDatabase).toContain('conversations.customer_id');
    expect(inDatabase).toContain('customers.merged_into_id');
    expect(handled).toEqual(inDatabase);
  });
});
