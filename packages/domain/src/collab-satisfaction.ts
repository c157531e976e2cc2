import type { TaskState } from './collaboration.ts';
import { DESK_ROLES, type Role } from './roles.ts';

/**
 * Collaboration satisfaction (DOMAIN.md §7, target ≥ 90%): when a department finishes a collaboration task it rates,
 * 1 to 5, how the service desk handed the work over (clear request, evidence attached, a sensible deadline).
 */
export const SATISFACTION_MIN = 1;
export const SATISFACTION_MAX = 5;

export interface SatisfactionWanted {
  state?: TaskState;
  satisfaction?: number;
  satisfactionComment?: string;
}

/**
 * Why a rating may not come with this change, as the input field it is about, or null. A rating comes with finishing
 * the task (moving it to done), from the department's side: the desk does not rate its own requests. A comment
 * explains a rating, so it needs one.
 */
export function satisfactionRefusal(
  task: { state: TaskState },
  actorRole: Role,
  change: SatisfactionWanted,
): { field: 'satisfaction' | 'satisfactionComment'; reason: string } | null {
  if (change.satisfactionComment !== undefined && change.satisfaction === undefined)
    return { field: 'satisfactionComment', reason: 'explains a satisfaction rating: give the rating too' };
  if (change.satisfaction === undefined) return null;
  if (change.state !== 'done' || task.state === 'done') return { field: 'satisfaction', reason: 'is given when the task is finished (state: done)' };
  if (DESK_ROLES.includes(actorRole))
    return { field: 'satisfaction', reason: "rates the service desk's request: the department gives it, not the desk" };
  return null;
}
