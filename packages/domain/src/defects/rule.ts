import { refusal, type Refusal } from '../refusal.ts';

/**
 * The quality alarm (DOMAIN.md §7): when the same defect of one product is complained about `threshold` times within
 * `windowDays`, the supervisors and the product department are told at once (recall or fix).
 */
export interface DefectAlarmSettings {
  threshold: number;
  windowDays: number;
}
export const DEFAULT_DEFECT_ALARM_SETTINGS: DefectAlarmSettings = { threshold: 3, windowDays: 7 };
export const DEFECT_THRESHOLD_RANGE = { min: 2, max: 100 } as const;
export const DEFECT_WINDOW_DAYS_RANGE = { min: 1, max: 90 } as const;

/** open → acknowledged (someone is on it) → closed (recalled, fixed, or not a defect); a closed alarm stays closed. */
export const DEFECT_ALARM_STATES = ['open', 'acknowledged', 'closed'] as const;
export type DefectAlarmState = (typeof DEFECT_ALARM_STATES)[number];
const MOVES: Record<DefectAlarmState, readonly DefectAlarmState[]> = { open: ['acknowledged', 'closed'], acknowledged: ['closed'], closed: [] };

/** What a case of an alarm is: a complaint (or product-quality ticket) without an after-sale, or an after-sale request. */
export const DEFECT_CASE_KINDS = ['ticket', 'after_sale'] as const;
export type DefectCaseKind = (typeof DEFECT_CASE_KINDS)[number];

/** After-sale reasons that may be a defect of the goods; no-reason returns, sizes, late or wrong parcels are not. */
export const DEFECT_AFTER_SALE_REASONS = ['quality', 'damaged', 'other'] as const;
/** A case counts until its root cause is recorded as something other than the product (logistics, service, …). */
export const DEFECT_ROOT_CAUSE = 'product_defect';
export const countsAsDefect = (rootCause: string | null) => rootCause === null || rootCause === DEFECT_ROOT_CAUSE;

const DAY_MS = 86_400_000;

/** Whether `threshold` of these cases fall within one span of `windowDays` (any span, not only the latest). */
export function reachesThreshold(times: readonly Date[], settings: DefectAlarmSettings): boolean {
  const sorted = times.map((t) => t.getTime()).sort((a, b) => a - b);
  const span = settings.windowDays * DAY_MS;
  for (let i = 0; i + settings.threshold - 1 < sorted.length; i++) {
    if (sorted[i + settings.threshold - 1]! - sorted[i]! <= span) return true;
  }
  return false;
}

/** Why an alarm may not go from `from` to `to`, or null. */
export function defectAlarmMoveRefusal(from: DefectAlarmState, to: DefectAlarmState): Refusal<'invalid_transition'> | null {
  if (MOVES[from].includes(to)) return null;
  const allowed = MOVES[from].join(', ') || 'none (a closed alarm stays closed; a new spike opens a new alarm)';
  return refusal('invalid_transition', `an alarm cannot go from ${from} to ${to}; allowed: ${allowed}`);
}
