import type { Role } from '@kefu/domain';

/** The colleague taking a leaving user's work: who, and (for tasks) what their role may own. */
export interface Colleague {
  id: number;
  name: string;
  role: Role;
}
