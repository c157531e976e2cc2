import { createHmac, timingSafeEqual } from 'node:crypto';
import { normalizeEmail, normalizePhone, type TicketCategory } from '@kefu/domain';
import { audit } from '../audit/audit.ts';
import { newSecret, secretHash } from '../auth/tokens.ts';
import type { Db, Tx } from '../db/database.ts';
import { badRequest } from '../http/errors.ts';
import { tokensVector } from '../search/tsvector.ts';
import { createTicket } from '../tickets/service.ts';

/** A shop the widget belongs to (by its public key); its identity secret signs its shoppers' identities. */
export interface Shop {
  id: number;
  key: string;
  name: string;
  identity_secret: string;
  default_group_id: number | null;
}
/** A shopper's browser: anonymous (访客0012) until it proves a customer (`customer_id`, and the customer's name). */
export interface Visitor {
  id: number;
  shop_id: number;
  customer_id: number | null;
  name: string;
}

/** Every installation has at least one shop, so the widget works from the first start. */
export async function ensureShop(db: Db): Promise<void> {
  const any = await db.selectFrom('shops').select('id').limit(1).executeTakeFirst();
  if (!any)
    await db
      .insertInto('shops')
      .values({ key: 'default', name: '我的店铺', identity_secret: newSecret('ki') })
      .execute();
}

export async function shopByKey(db: Db, key: string): Promise<Shop | undefined> {
  return db.selectFrom('shops').select(['id', 'key', 'name', 'identity_secret', 'default_group_id']).where('key', '=', key).executeTakeFirst();
}

export async function visitorByToken(db: Db, shopId: number, token: string): Promise<Visitor | undefined> {
  return db
    .selectFrom('visitors')
    .select(['id', 'shop_id', 'customer_id', 'name'])
    .where('token_hash', '=', secretHash(token))
    .where('shop_id', '=', shopId)
    .executeTakeFirst();
}

export async function createVisitor(db: Db, shopId: number): Promise<{ visitor: Visitor; token: string }> {
  const token = newSecret('kv');
  const row = await db
    .insertInto('visitors')
    .values({ shop_id: shopId, token_hash: secretHash(token), name: '访客' })
    .returning(['id', 'shop_id', 'customer_id', 'name'])
    .executeTakeFirstOrThrow();
  const named = await db
    .updateTable('visitors')
    .set({ name: `访客${String(row.id).padStart(4, '0')}` })
    .where('id', '=', row.id)
    .returning(['id', 'shop_id', 'customer_id', 'name'])
    .executeTakeFirstOrThrow();
  return { visitor: named, token };
}

/**
 * A marketplace buyer's visitor (channels/marketplace): one per shop, channel and the platform's buyer id, filed
 * under `customerId` (the platform proved who they are). Made at their first message; two at once make one.
 */
export async function marketplaceVisitor(
  db: Db | Tx,
  shopId: number,
  channel: string,
  buyerId: string,
  name: string,
  customerId: number | null,
): Promise<Visitor> {
  return (
    db
      .insertInto('visitors')
      // No browser token: the hash column holds a value no token hashes to, so no socket can claim this visitor.
      .values({ shop_id: shopId, token_hash: `${channel}:${shopId}:${buyerId}`, channel, external_id: buyerId, customer_id: customerId, name })
      .onConflict((oc) =>
        oc
          .columns(['shop_id', 'channel', 'external_id'])
          .where('external_id', 'is not', null)
          .doUpdateSet((eb) => ({ customer_id: eb.fn.coalesce('visitors.customer_id', eb.ref('excluded.customer_id')) })),
      )
      .returning(['id', 'shop_id', 'customer_id', 'name'])
      .executeTakeFirstOrThrow()
  );
}

export interface SignedIdentity {
  ref: string;
  name: string;
  phone?: string;
  ts: number;
  sig: string;
}

/** A shop vouches for its logged-in shopper with an HMAC over "ref.phone.ts", valid for 10 minutes. */
export function verifyIdentity(secret: string, identity: SignedIdentity, now = Date.now()): boolean {
  if (Math.abs(now / 1000 - identity.ts) > 600) return false;
  const expected = createHmac('sha256', secret)
    .update(`${identity.ref}.${identity.phone ?? ''}.${identity.ts}`)
    .digest();
  const given = Buffer.from(identity.sig, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The customer with this identity (the one it was merged into, if any), or a new one. */
export async function findOrCreateCustomer(tx: Tx, name: string, identities: { kind: string; value: string }[]) {
  for (const i of identities) {
    const found = await tx
      .selectFrom('customer_identities')
      .innerJoin('customers', 'customers.id', 'customer_identities.customer_id')
      .select(['customers.id', 'customers.merged_into_id'])
      .where('kind', '=', i.kind)
      .where('value', '=', i.value)
      .executeTakeFirst();
    if (found) return customerById(tx, found.merged_into_id ?? found.id);
  }
  const created = await tx
    .insertInto('customers')
    .values({
      name,
      search: tokensVector(
        [name],
        identities.map((i) => i.value),
      ),
    })
    .returning(['id', 'name'])
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('customer_identities')
    .values(identities.map((i) => ({ customer_id: created.id, ...i })))
    .execute();
  await audit(tx, { actorId: null, action: 'customer.create', entity: 'customer', entityId: created.id, detail: { name, via: 'chat' } });
  return created;
}

export async function customerById(tx: Tx, id: number): Promise<{ id: number; name: string }> {
  const row = await tx.selectFrom('customers').select(['id', 'name', 'merged_into_id']).where('id', '=', id).executeTakeFirstOrThrow();
  return row.merged_into_id ? customerById(tx, row.merged_into_id) : { id: row.id, name: row.name };
}

/**
 * Files a visitor under a customer whose identity they PROVED (a signed identity or a one-time code): the
 * visitor takes the customer's name, and its conversations, earlier ones too, move into that file.
 */
export async function linkVisitor(tx: Tx, visitorId: number, customer: { id: number; name: string }, via: string): Promise<void> {
  await tx.updateTable('visitors').set({ customer_id: customer.id, name: customer.name }).where('id', '=', visitorId).execute();
  const segment = await tx.selectFrom('customers').select('segment').where('id', '=', customer.id).executeTakeFirstOrThrow();
  await tx
    .updateTable('conversations')
    .set({ customer_id: customer.id, vip: segment.segment === 'vip' })
    .where('visitor_id', '=', visitorId)
    .execute();
  await audit(tx, { actorId: null, action: 'visitor.identify', entity: 'visitor', entityId: visitorId, detail: { customerId: customer.id, via } });
}

/** The shop vouches for its logged-in shopper (docs/chat-protocol.md, "Signed identity"). */
export async function identifyBySignature(db: Db, shop: Shop, visitor: Visitor, identity: SignedIdentity) {
  if (!verifyIdentity(shop.identity_secret, identity)) throw badRequest('identity', 'the signature is wrong or expired');
  return db.transaction().execute(async (tx) => {
    const phone = identity.phone ? normalizePhone(identity.phone) : null;
    const customer = await findOrCreateCustomer(tx, identity.name, [
      { kind: 'shop', value: identity.ref },
      ...(phone ? [{ kind: 'phone', value: phone }] : []),
    ]);
    await linkVisitor(tx, visitor.id, customer, 'signed_identity');
    return customer;
  });
}

/**
 * A left message becomes a ticket; what the message is about (its intent) files it under a category and a tag.
 * A visitor who has not proved who they are is not linked to any customer by it: the ticket goes to the file
 * of the phone or address they typed (so the staff answer the real owner there), marked as unverified.
 */
export async function leaveMessage(
  db: Db,
  visitor: Visitor,
  input: { body: string; name?: string; phone?: string; email?: string },
  about: { category: TicketCategory | null; tag: string | null; complaint: boolean } = { category: null, tag: null, complaint: false },
) {
  const phone = input.phone ? normalizePhone(input.phone) : null;
  if (input.phone && !phone) throw badRequest('phone', 'not a valid phone number');
  const email = input.email ? normalizeEmail(input.email) : null;
  if (input.email && !email) throw badRequest('email', 'not a valid e-mail address');
  if (!phone && !email && !visitor.customer_id) throw badRequest('phone', 'leave a phone number or an e-mail address so we can answer');
  const proven = visitor.customer_id;
  const customerId =
    proven ??
    (await db
      .transaction()
      .execute(
        async (tx) =>
          (
            await findOrCreateCustomer(tx, input.name?.trim() || visitor.name, [
              ...(phone ? [{ kind: 'phone', value: phone }] : []),
              ...(email ? [{ kind: 'email', value: email }] : []),
            ])
          ).id,
      ));
  const contact = [input.name && `称呼：${input.name}`, phone && `手机：${phone}`, email && `邮箱：${email}`].filter(Boolean).join('，');
  const unverified = proven ? '' : '\n（访客未验证身份，联系方式由访客填写）';
  const ticket = await createTicket(
    db,
    { id: null },
    {
      type: 'consultation',
      subject: `访客留言：${input.body.slice(0, 40)}`,
      description: `${input.body}\n\n${contact}${unverified}`,
      customerId,
      tags: ['留言', ...(about.tag ? [about.tag] : [])],
      category: about.category,
      priority: about.complaint ? 'high' : 'normal',
    },
  );
  return ticket;
}
