import { expiryDay } from '@kefu/domain';
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

/**
 * A code: 16 hex digits in groups of four, e.g. 1000-2A4F-77DE-B2A0. The first eight count up (coupon_code_serial),
 * so a million codes granted at once append to the unique index instead of landing on a random page each (it halved
 * a holiday's grant); the last eight are 32 bits of the database's strong random generator, so one code does not
 * give away another. Unique by the serial part alone.
 *
 * CODE_PARTS is selected in a subquery (once per row: volatile), CODE then reads them from its alias `p`.
 */
const CODE_PARTS = sql`lpad(to_hex(nextval('coupon_code_serial')), 8, '0') as code_serial, gen_random_uuid()::text as code_random`;
const CODE = sql<string>`upper(substr(p.code_serial, 1, 4) || '-' || substr(p.code_serial, 5, 4) || '-' || substr(p.code_random, 1, 4) || '-' || substr(p.code_random, 5, 4))`;

/** How a code looks, for a preview of a greeting that will carry one. */
export const SAMPLE_CODE = '1000-2A4F-77DE-B2A0';

/** The end of a China-time day, when a code expiring that day stops working. */
export const endOfChinaDay = (day: string) => new Date(`${day}T23:59:59.999+08:00`);

async function definitionFor(tx: Tx, definitionId: number, lock: 'update' | 'share' = 'update') {
  // Locked, so two grants for one customer cannot both pass the limit.
  const q = tx.selectFrom('coupon_definitions').selectAll().where('id', '=', definitionId);
  const def = await (lock === 'update' ? q.forUpdate() : q.forShare()).executeTakeFirst();
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
  const { rows } = await sql<{ id: number; code: string; expires_at: Date }>`
    insert into coupon_codes (definition_id, customer_id, code, grant_key, source, amount_fen, expires_at)
    select ${def.id}, ${req.customerId}::int, ${CODE}, ${req.grantKey}, ${req.source}, ${req.amountFen ?? null}::int, ${expiryOf(def, grantDay)}
    from (select ${CODE_PARTS}) p
    returning id, code, expires_at`.execute(tx);
  const row = rows[0]!;
  return { outcome: 'granted', id: row.id, code: row.code, expiresAt: row.expires_at };
}

/** A table a set-based grant writes each customer's code into (the caller's temporary table). */
export const GRANTED_COLUMNS = 'customer_id integer not null, code text not null, expires_at timestamptz not null';

/**
 * Set-based: grants definition `definitionId` to every customer in `due` (a table with `customer_id`), under grant
 * key `keyPrefix` + customer id, skipping those at the limit, and writes the code each of them holds under that key
 * (new, or granted by an earlier run cut short) into `into` (GRANTED_COLUMNS). Returns how many codes were new.
 * `fresh`: no code was granted under these keys before (a run nobody started), so plain inserts do; a key granted
 * meanwhile then fails the statement on the unique index rather than giving a second code.
 *
 * The definition is locked to share: the parts of one campaign's run grant side by side, while a single grant (which
 * locks it for update) waits, so the limit per customer holds.
 */
export async function grantCouponsTo(
  tx: Tx,
  definitionId: number,
  due: RawBuilder<unknown>,
  keyPrefix: string,
  grantDay: string,
  into: RawBuilder<unknown>,
  fresh = false,
): Promise<number> {
  const def = await definitionFor(tx, definitionId, 'share');
  const held = sql`
    select customer_id, count(*) as held from coupon_codes
    where definition_id = ${def.id} and used_at is null and expires_at > now() and grant_key <> ${keyPrefix} || customer_id
    group by customer_id`;
  const grants = sql`
    select ${def.id}, p.customer_id, ${CODE}, ${keyPrefix} || p.customer_id, 'care', ${expiryOf(def, grantDay)}
    from (
      select d.customer_id, ${CODE_PARTS} from ${due} d left join (${held}) h on h.customer_id = d.customer_id
      where coalesce(h.held, 0) < ${def.per_customer_limit}
    ) p`;
  if (fresh) {
    const result = await sql`
      with granted as (
        insert into coupon_codes (definition_id, customer_id, code, grant_key, source, expires_at) ${grants}
        returning customer_id, code, expires_at
      )
      insert into ${into} (customer_id, code, expires_at) select customer_id, code, expires_at from granted`.execute(tx);
    return Number(result.numAffectedRows ?? 0);
  }
  // A code already under the key (a run cut short) is answered again, not counted and not against the limit; the
  // no-op update is what makes RETURNING give it (xmax = 0 only on a row this statement inserted).
  const { rows } = await sql<{ granted: number }>`
    with granted as (
      insert into coupon_codes (definition_id, customer_id, code, grant_key, source, expires_at) ${grants}
      on conflict (grant_key) do update set grant_key = excluded.grant_key
      returning customer_id, code, expires_at, xmax = 0 as new
    ), written as (
      insert into ${into} (customer_id, code, expires_at) select customer_id, code, expires_at from granted
    )
    select count(*) filter (where new)::int as granted from granted`.execute(tx);
  return rows[0]?.granted ?? 0;
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
