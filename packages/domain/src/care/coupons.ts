/** Coupons (优惠券): money is integer fen. A definition says how much, from what order total, and for how long. */
export interface CouponValidity {
  validFrom: string | null;
  validUntil: string | null;
  validDays: number | null;
}

/** What is wrong with a validity, as [field, reason], or null: either fixed dates or N days from the grant. */
export function validityProblem(v: CouponValidity): [string, string] | null {
  const fixed = v.validFrom !== null || v.validUntil !== null;
  if (fixed && v.validDays !== null) return ['validDays', 'give either fixed dates or a number of days from the grant, not both'];
  if (!fixed && v.validDays === null) return ['validDays', 'say how long the coupon is valid: fixed dates or days from the grant'];
  if (fixed && (!v.validFrom || !v.validUntil)) return [v.validFrom ? 'validUntil' : 'validFrom', 'fixed validity needs both dates'];
  if (fixed && v.validUntil! < v.validFrom!) return ['validUntil', 'must not be before validFrom'];
  if (v.validDays !== null && (!Number.isInteger(v.validDays) || v.validDays < 1 || v.validDays > 366)) return ['validDays', 'must be 1 to 366 days'];
  return null;
}

/** The China-time day a code granted on `grantDay` expires at the end of. */
export function expiryDay(v: CouponValidity, grantDay: string): string {
  if (v.validUntil) return v.validUntil;
  return new Date(Date.parse(`${grantDay}T00:00:00Z`) + (v.validDays! - 1) * 86_400_000).toISOString().slice(0, 10);
}

/** A coupon code as printed: 16 characters in groups of four; what a shopper typed, found in free text. */
export const COUPON_CODE = /\b[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}\b/gi;

/** The coupon codes written in an order's coupon field (upper case, without repeats). */
export function codesIn(text: string | null): string[] {
  return [...new Set([...(text ?? '').matchAll(COUPON_CODE)].map((m) => m[0].toUpperCase()))];
}
