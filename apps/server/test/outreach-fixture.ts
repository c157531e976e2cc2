import type { Db } from '../src/db/database.ts';

/** Customers with the contacts a test needs: an e-mail, a phone, a chat (written directly: tests set the scene). */
export async function makeCustomer(db: Db, name: string, has: { email?: string; phone?: string; chat?: boolean } = {}): Promise<number> {
  const { id } = await db.insertInto('customers').values({ name, tags: [] }).returning('id').executeTakeFirstOrThrow();
  if (has.email) await db.insertInto('customer_identities').values({ customer_id: id, kind: 'email', value: has.email }).execute();
  if (has.phone) await db.insertInto('customer_identities').values({ customer_id: id, kind: 'phone', value: has.phone }).execute();
  if (has.chat) await openChat(db, id);
  return id;
}

/** A closed chat of the customer's on the widget: where a chat message to them goes. */
export async function openChat(db: Db, customerId: number): Promise<{ conversationId: number; visitorId: number }> {
  let shop = await db.selectFrom('shops').select('id').executeTakeFirst();
  shop ??= await db
    .insertInto('shops')
    .values({ key: 'outreach-shop', name: '暖橙', identity_secret: 'x'.repeat(32) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const visitor = await db
    .insertInto('visitors')
    .values({ shop_id: shop.id, token_hash: `outreach-${customerId}-${Math.random()}`, customer_id: customerId, name: `访客${customerId}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const conv = await db
    .insertInto('conversations')
    .values({ shop_id: shop.id, visitor_id: visitor.id, customer_id: customerId, status: 'closed' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { conversationId: conv.id, visitorId: visitor.id };
}
