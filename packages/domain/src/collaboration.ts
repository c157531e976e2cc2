import { refusal, type Refusal } from './refusal.ts';
import type { Role } from './roles.ts';

/** Departments that receive collaboration tasks (协同工单), DOMAIN §8, and the staff role that answers for each. */
export const DEPARTMENTS = ['warehouse', 'logistics', 'tech', 'finance', 'product', 'purchasing'] as const;
export type Department = (typeof DEPARTMENTS)[number];

const ANSWERED_BY: Record<Department, Role> = {
  warehouse: 'warehouse',
  logistics: 'warehouse',
  tech: 'tech',
  finance: 'finance',
  product: 'product',
  purchasing: 'product',
};

export function departmentRole(d: Department): Role {
  return ANSWERED_BY[d];
}

export function departmentsOf(role: Role): Department[] {
  return DEPARTMENTS.filter((d) => ANSWERED_BY[d] === role);
}

/** open → working ("working on it") → done; a supervisor or admin may reopen a task whose answer does not settle it. */
export const TASK_STATES = ['open', 'working', 'done'] as const;
export type TaskState = (typeof TASK_STATES)[number];

const TASK_MOVES: Record<TaskState, TaskState[]> = { open: ['working', 'done'], working: ['done'], done: ['open'] };

/** Why `role` may not move a task of `department` from one state to another, or null. */
export function taskTransitionError(
  department: Department,
  from: TaskState,
  to: TaskState,
  role: Role,
): Refusal<'invalid_transition' | 'wrong_role'> | null {
  if (!TASK_MOVES[from].includes(to)) {
    return refusal('invalid_transition', `a task cannot go from ${from} to ${to}; allowed: ${TASK_MOVES[from].join(', ')}`);
  }
  const lead = role === 'supervisor' || role === 'admin';
  if (to === 'open') return lead ? null : refusal('wrong_role', 'only a supervisor or admin reopens a task');
  return role === ANSWERED_BY[department] || lead ? null : refusal('wrong_role', `only ${ANSWERED_BY[department]} answers a ${department} task`);
}

/**
 * Hours a department has to settle a task when neither the desk nor a service-level policy (`task_due`) sets a due
 * time: "working on it" must come sooner.
 */
export const TASK_DUE_HOURS = 24;
