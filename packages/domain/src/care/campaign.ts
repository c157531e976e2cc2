import { renderTemplate, templateVariables, validateTemplate } from '../outreach/template.ts';
import { CareDateError, HOLIDAY_KEYS, parseMonthDay, type HolidayKey } from './dates.ts';

/** What a care greeting is for (DOMAIN §5): a birthday, a holiday, the first order's anniversary, a pre-sale. */
export const OCCASIONS = ['birthday', 'holiday', 'first_order', 'presale'] as const;
export type Occasion = (typeof OCCASIONS)[number];

/** The variables a care template may use; anything else in {{ }} is refused when the template is saved. */
export const CARE_VARIABLES = ['name', 'shopName', 'occasion', 'couponName', 'couponAmount', 'couponThreshold', 'couponCode', 'expiresAt'] as const;
export type CareVariable = (typeof CARE_VARIABLES)[number];
export const COUPON_VARIABLES: readonly CareVariable[] = ['couponName', 'couponAmount', 'couponThreshold', 'couponCode', 'expiresAt'];

/** What is wrong with a template, or null: an unknown variable, a malformed {{ }}, a coupon variable without a coupon. */
export function templateProblem(text: string, hasCoupon: boolean): string | null {
  const problem = validateTemplate(text, CARE_VARIABLES);
  if (problem) return problem.message;
  const coupon = templateVariables(text).find((v) => COUPON_VARIABLES.includes(v as CareVariable));
  if (coupon && !hasCoupon) return `{{${coupon}}} needs a coupon attached to the campaign`;
  return null;
}

/** The greeting for one customer: every variable the template uses must be given (renderTemplate refuses a gap). */
export function renderCare(text: string, vars: Partial<Record<CareVariable, string>>): string {
  return renderTemplate(text, vars);
}

/** Fen as the yuan a shopper reads: 2000 → "20", 1990 → "19.90". */
export function yuanText(fen: number): string {
  return fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2);
}

/** When a campaign's greeting is due, per occasion: which holiday, which pre-sale day (MM-DD). */
export interface CampaignTiming {
  occasion: Occasion;
  holiday: HolidayKey | null;
  eventMonthDay: string | null;
  daysAhead: number;
}

/** What is wrong with a campaign's timing, as [field, reason], or null. */
export function timingProblem(t: CampaignTiming): [string, string] | null {
  if (!Number.isInteger(t.daysAhead) || t.daysAhead < 0 || t.daysAhead > 60) return ['daysAhead', 'must be a whole number of days from 0 to 60'];
  if (t.occasion === 'holiday' && (!t.holiday || !HOLIDAY_KEYS.includes(t.holiday))) return ['holiday', `choose one of ${HOLIDAY_KEYS.join(', ')}`];
  if (t.occasion !== 'holiday' && t.holiday) return ['holiday', 'only a holiday campaign names a holiday'];
  if (t.occasion === 'presale') {
    if (!t.eventMonthDay) return ['eventMonthDay', 'say the day of the sale, e.g. 06-18 or 11-11'];
    try {
      parseMonthDay(t.eventMonthDay);
    } catch (err) {
      if (err instanceof CareDateError) return ['eventMonthDay', err.message];
      throw err;
    }
  } else if (t.eventMonthDay) return ['eventMonthDay', 'only a pre-sale campaign has a sale day'];
  return null;
}
