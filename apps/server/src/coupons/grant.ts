import { expiryDay } from '@kefu/domain';
import { randomBytes } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../db/database.ts';
import { badRequest, conflict } from '../http/errors.ts';

/**
 * Granting codes. A grant has a key (a campaign's day for one customer, an after-sale's compensation): granted again
 * under the same key it answers the code it gave the first time, never a second one. A customer holds at most the
 * definition's per-customer limit of its codes at a time (unused and not expired: next year's birthday coupon is
 * granted again).
 */

export type CouponSource = 'care' | 'compensation' | 'manual';
export interface GrantRequest {
  definitionId: number;
  customerId: number;
  grantKey: string;
  source: CouponSource;
  /** An amount of its own (a compensation's); default: the definition's. */
  amountFen?: number;
}
export interface GrantedCode {
  outcome: 'granted' | 'already_granted';
  id: number;
  code: string;
  expiresAt: Date;
}

/** 16 hex digits in groups of four, e.g. 3F9A-0C41-77DE-B2A0 (64 random bits: collisions are not a concern). */
export const newCode = () =>
  randomBytes(8)
    .toString('hex')
    .toUpperCase()
    .replace(/(.{4})(?=.)/g, '$1-');

/** The same in SQL from `r.h`, a random md5 per row of a set-based grant (a lateral subquery, so not one for all). */
const sqlCode = sql<string>`upper(substr(r.h, 1, 4) || '-' || substr(r.h, 5, 4) || '-' || substr(r.h, 9, 4) || '-' || substr(r.h, 13, 4))`;

/** The end of a China-time day, when a code expiring that day stops working. */
export const endOfChinaDay = (day: string) => new Date(`${day}T23:59:59.999+08:00`);

async function definitionFor(tx: Tx, definitionId: number) {
  // Locked, so two grants for one customer cannot both pass the limit.
  const def = await tx.selectFrom('coupon_definitions').selectAll().where('id', '=', definitionId).forUpdate().executeTakeFirst();
  if (!def) throw badRequest('couponDefinitionId', 'no such coupon');
  if (!def.enabled) throw conflict(`the coupon “${def.name}” is switched off`);
  return def;
}

export function expiryOf(def: { valid_from: string | null; valid_until: string | null; valid_days: number | null }, grantDay: string): Date {
  return endOfChinaDay(expiryDay({ validFrom: def.valid_from, validUntil: def.valid_until, validDays: def.valid_days }, grantDay));
}

/** Grants one code in the caller's transaction; the same grant key again answers the first code. */
export async function grantCoupon(tx: Tx, req: GrantRequest, grantDay: string): Promise<GrantedCode> {
  const earlier = await tx
    .selectFrom('coupon_codes')
    .select(['id', 'code', 'customer_id', 'expires_at'])
    .where('grant_key', '=', req.grantKey)
    .executeTakeFirst();
  if (earlier) {
    if (earlier.customer_id !== req.customerId) throw conflict('this grant was made to another customer');
    return { outcome: 'already_granted', id: earlier.id, code: earlier.code, expiresAt: earlier.expires_at };
  }
  const def = await definitionFor(tx, req.definitionId);
  const held = await tx
    .selectFrom('coupon_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('definition_id', '=', def.id)
    .where('customer_id', '=', req.customerId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .executeTakeFirstOrThrow();
  if (Number(held.n) >= def.per_customer_limit) {
    throw conflict(`the customer already holds ${def.per_customer_limit} “${def.name}” coupon(s), the limit per customer`);
  }
  const row = await tx
    .insertInto('coupon_codes')
    .values({
      definition_id: def.id,
      customer_id: req.customerId,
      code: newCode(),
      grant_key: req.grantKey,
      source: req.source,
      amount_fen: req.amountFen ?? null,
      expires_at: expiryOf(def, grantDay),
    })
    .returning(['id', 'code', 'expires_at'])
    .executeTakeFirstOrThrow();
  return { outcome: 'granted', id: row.id, code: row.code, expiresAt: row.expires_at };
}

/**
 * Set-based: grants definition `definitionId` to every customer in `due` (a table or CTE with `customer_id`), under
 * grant key `keyPrefix` + customer id, skipping those at the limit and those already granted under that key.
 * Returns how many codes were new.
 */
export async function grantCouponsTo(tx: Tx, definitionId: number, due: RawBuilder<unknown>, keyPrefix: string, grantDay: string): Promise<number> {
  const def = await definitionFor(tx, definitionId);
  const result = await sql`
    insert into coupon_codes (definition_id, customer_id, code, grant_key, source, expires_at)
    select ${def.id}, d.customer_id, ${sqlCode}, ${keyPrefix} || d.customer_id, 'care', ${expiryOf(def, grantDay)}
    from ${due} d cross join lateral (select md5(random()::text || d.customer_id::text) as h) r
    left join (
      select customer_id, count(*) as held from coupon_codes
      where definition_id = ${def.id} and used_at is null and expires_at > now() group by customer_id
    ) h on h.customer_id = d.customer_id
    where coalesce(h.held, 0) < ${def.per_customer_limit}
    on conflict (grant_key) do nothing`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * After-sale compensation by coupon (DOMAIN §3): the shop's compensation coupon, for the after-sale's amount (the
 * definition's when it names none), granted once per after-sale; null when the after-sale has no customer.
 */
export async function grantCompensationCoupon(
  tx: Tx,
  c: { afterSaleId: number; customerId: number | null; amountFen: number },
  grantDay: string,
): Promise<GrantedCode | null> {
  // An order no customer is linked to has nobody to hold a code: finance's hand-off task stays the way to compensate.
  if (c.customerId === null) return null;
  const def = await tx.selectFrom('coupon_definitions').select('id').where('for_compensation', '=', true).executeTakeFirst();
  if (!def) throw conflict('no compensation coupon is set up (优惠券 → 售后补偿券)');
  return grantCoupon(
    tx,
    {
      definitionId: def.id,
      customerId: c.customerId,
      grantKey: `aftersale:${c.afterSaleId}`,
      source: 'compensation',
      ...(c.amountFen > 0 && { amountFen: c.amountFen }),
    },
    grantDay,
  );
}
