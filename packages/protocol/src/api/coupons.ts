/** Coupons (优惠券; routes in apps/server/src/coupons): definitions, and codes granted per customer. Money in fen. */
import { z } from 'zod';
import { Day, Fen, RowId, Timestamp } from './common.ts';

const Validity = {
  validFrom: Day.nullable().describe('fixed validity: first day (China time)'),
  validUntil: Day.nullable().describe('fixed validity: last day (China time)'),
  validDays: z.number().int().min(1).max(366).nullable().describe('or: valid for this many days from the grant'),
};

export const CouponDefinition = z.object({
  id: RowId,
  name: z.string(),
  amountFen: Fen,
  thresholdFen: Fen.describe('the order total from which the coupon applies; 0: any order'),
  ...Validity,
  perCustomerLimit: z.number().int().describe('how many codes of this coupon one customer may hold'),
  enabled: z.boolean(),
  granted: z.number().int(),
  redeemed: z.number().int(),
  expired: z.number().int().describe('granted, not used, past their expiry'),
  version: z.number().int(),
  updatedAt: Timestamp,
});
export const CouponDefinitionList = z.object({ coupons: z.array(CouponDefinition) });
export const CouponDefinitionAnswer = z.object({ coupon: CouponDefinition });

const Name = z.string().trim().min(1).max(40);
const Amount = z.number().int().min(1).max(10_000_000);
const Threshold = z.number().int().min(0).max(100_000_000);
export const CouponDefinitionInput = z
  .object({
    name: Name,
    amountFen: Amount,
    thresholdFen: Threshold.default(0),
    validFrom: Day.nullable().default(null),
    validUntil: Day.nullable().default(null),
    validDays: z.number().int().min(1).max(366).nullable().default(null),
    perCustomerLimit: z.number().int().min(1).max(100).default(1),
    enabled: z.boolean().default(true),
  })
  .strict();
export const CouponDefinitionChange = z
  .object({
    version: z.number().int().positive(),
    name: Name.optional(),
    amountFen: Amount.optional(),
    thresholdFen: Threshold.optional(),
    validFrom: Day.nullable().optional(),
    validUntil: Day.nullable().optional(),
    validDays: z.number().int().min(1).max(366).nullable().optional(),
    perCustomerLimit: z.number().int().min(1).max(100).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

export const COUPON_STATES = ['valid', 'used', 'expired'] as const;
export const CustomerCoupon = z.object({
  id: RowId,
  code: z.string(),
  name: z.string(),
  amountFen: Fen,
  thresholdFen: Fen,
  source: z.enum(['care', 'compensation', 'manual']),
  state: z.enum(COUPON_STATES),
  grantedAt: Timestamp,
  expiresAt: Timestamp,
  usedAt: Timestamp.nullable(),
  orderId: RowId.nullable(),
  orderNo: z.string().nullable(),
});
export const CustomerCouponList = z.object({ coupons: z.array(CustomerCoupon) });
