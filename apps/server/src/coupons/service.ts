import { codesIn, validityProblem } from '@kefu/domain';
import type { CouponDefinitionChange, CouponDefinitionInput } from '@kefu/protocol/api/coupons';
import { sql } from 'kysely';
import type { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { Db, Tx } from '../db/database.ts';
import { lockVersioned, nextVersion } from '../db/versioned.ts';
import type { Principal } from '../http/context.ts';
import { badRequest } from '../http/errors.ts';

type Input = z.output<typeof CouponDefinitionInput>;
type Change = z.output<typeof CouponDefinitionChange>;

function refuseValidity(v: { validFrom: string | null; validUntil: string | null; validDays: number | null }) {
  const problem = validityProblem(v);
  if (problem) throw badRequest(`body.${problem[0]}`, problem[1]);
}

/** The definitions, newest first, with how many codes were granted, redeemed and let expire. */
export async function listDefinitions(db: Db | Tx, now = new Date(), id?: number) {
  let q = db
    .selectFrom('coupon_definitions as d')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('coupon_codes')
          .select((e) => [
            'definition_id',
            e.fn.countAll<number>().as('granted'),
            sql<number>`count(*) filter (where used_at is not null)`.as('redeemed'),
            sql<number>`count(*) filter (where used_at is null and expires_at < ${now})`.as('expired'),
          ])
          .groupBy('definition_id')
          .as('c'),
      (join) => join.onRef('c.definition_id', '=', 'd.id'),
    )
    .selectAll('d')
    .select(['c.granted', 'c.redeemed', 'c.expired']);
  if (id !== undefined) q = q.where('d.id', '=', id);
  return q.orderBy('d.id', 'desc').execute();
}

export async function createDefinition(db: Db, actor: Principal, input: Input): Promise<number> {
  refuseValidity(input);
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('coupon_definitions')
      .values({
        name: input.name,
        amount_fen: input.amountFen,
        threshold_fen: input.thresholdFen,
        valid_from: input.validFrom,
        valid_until: input.validUntil,
        valid_days: input.validDays,
        per_customer_limit: input.perCustomerLimit,
        enabled: input.enabled,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, { actorId: actor.id, action: 'coupon.create', entity: 'coupon_definition', entityId: row.id, detail: { ...input } });
    return row.id;
  });
}

/** A change applies to codes granted from now on; codes already given keep their amount and expiry. */
export async function changeDefinition(db: Db, actor: Principal, id: number, change: Change): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const def = await lockVersioned(tx, 'coupon_definitions', id, change.version);
    const validity = {
      validFrom: change.validFrom !== undefined ? change.validFrom : def.valid_from,
      validUntil: change.validUntil !== undefined ? change.validUntil : def.valid_until,
      validDays: change.validDays !== undefined ? change.validDays : def.valid_days,
    };
    refuseValidity(validity);
    await tx
      .updateTable('coupon_definitions')
      .set({
        ...(change.name !== undefined && { name: change.name }),
        ...(change.amountFen !== undefined && { amount_fen: change.amountFen }),
        ...(change.thresholdFen !== undefined && { threshold_fen: change.thresholdFen }),
        ...(change.perCustomerLimit !== undefined && { per_customer_limit: change.perCustomerLimit }),
        ...(change.enabled !== undefined && { enabled: change.enabled }),
        valid_from: validity.validFrom,
        valid_until: validity.validUntil,
        valid_days: validity.validDays,
        version: nextVersion(),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    const { version: _v, ...detail } = change;
    await audit(tx, { actorId: actor.id, action: 'coupon.change', entity: 'coupon_definition', entityId: id, detail });
  });
}

/** A customer's codes, newest first, with the order each was used on. */
export async function couponsOfCustomer(db: Db, customerId: number) {
  return db
    .selectFrom('coupon_codes as c')
    .innerJoin('coupon_definitions as d', 'd.id', 'c.definition_id')
    .leftJoin('orders as o', 'o.id', 'c.order_id')
    .select([
      'c.id',
      'c.code',
      'd.name',
      sql<number>`coalesce(c.amount_fen, d.amount_fen)`.as('amount_fen'),
      'd.threshold_fen',
      'c.source',
      'c.granted_at',
      'c.expires_at',
      'c.used_at',
      'c.order_id',
      'o.order_no',
    ])
    .where('c.customer_id', '=', customerId)
    .orderBy('c.granted_at', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
}

/**
 * Redemption: an imported order whose coupon field names one of kefu's codes uses it (when the order was paid, or
 * placed). A code is used once; the same order ingested again changes nothing.
 */
export async function redeemOrderCoupons(db: Db, orderId: number): Promise<number> {
  const order = await db
    .selectFrom('orders')
    .select(['id', 'coupon', 'created_at', 'paid_at', 'status'])
    .where('id', '=', orderId)
    .executeTakeFirst();
  const codes = codesIn(order?.coupon ?? null);
  if (!order || !codes.length || order.status === 'cancelled') return 0;
  const used = await db
    .updateTable('coupon_codes')
    .set({ used_at: order.paid_at ?? order.created_at, order_id: order.id })
    .where('code', 'in', codes)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(used.numUpdatedRows);
}
