import { addWorkingDays } from '../calendar.ts';
import type { SlaPolicy, SlaTarget } from './policy.ts';
import { addServiceTime, nextDailyDeadline, serviceTimeBetween, type ServiceHours } from './service-hours.ts';

const UNIT_MS = { seconds: 1000, minutes: 60_000, hours: 3_600_000 } as const;

/**
 * When a target started at `start` falls due. A daily deadline ("before 16:00") is the next one after `start`,
 * or the next day's when today's update was just given (`updatedToday`).
 */
export function dueAt(start: Date, target: SlaTarget, hours: ServiceHours, updatedToday = false): Date {
  if ('dailyBefore' in target) return nextDailyDeadline(start, target.dailyBefore, hours, updatedToday);
  if (target.unit === 'working_days') return addWorkingDays(start, target.within);
  return addServiceTime(start, target.within * UNIT_MS[target.unit], hours);
}

/** When the warning goes out: after `percent` of the service time between start and due. */
export function warnAt(start: Date, due: Date, percent: number, hours: ServiceHours): Date {
  return addServiceTime(start, Math.floor((serviceTimeBetween(start, due, hours) * percent) / 100), hours);
}

/** A running clock's times under a policy. */
export function clockTimes(policy: Pick<SlaPolicy, 'hours' | 'warnAtPercent'>, target: SlaTarget, start: Date, updatedToday = false) {
  const due = dueAt(start, target, policy.hours, updatedToday);
  return { dueAt: due, warnAt: warnAt(start, due, policy.warnAtPercent, policy.hours) };
}

/** Pausing keeps the service time left (none once due); resuming spends it from the moment of resuming. */
export function remainingOnPause(now: Date, due: Date, hours: ServiceHours): number {
  return serviceTimeBetween(now, due, hours);
}

export function resumedTimes(policy: Pick<SlaPolicy, 'hours' | 'warnAtPercent'>, now: Date, remainingMs: number, totalMs: number) {
  const due = addServiceTime(now, remainingMs, policy.hours);
  // The warning keeps its place in the whole span: with 80% and half the time left, it is 30% of the total away;
  // once that place has passed, it is due now (the sweep warns once, if it has not already).
  const untilWarn = remainingMs - Math.ceil((totalMs * (100 - policy.warnAtPercent)) / 100);
  return { dueAt: due, warnAt: untilWarn > 0 ? addServiceTime(now, untilWarn, policy.hours) : now };
}

/** One step up: low → normal → high → urgent. */
export function raisedPriority<P extends 'low' | 'normal' | 'high' | 'urgent'>(priority: P): 'normal' | 'high' | 'urgent' {
  return priority === 'low' ? 'normal' : priority === 'normal' ? 'high' : 'urgent';
}
