import type { Me } from '@kefu/protocol/api/auth';
import type { z } from 'zod';
import type { Principal } from '../http/context.ts';

export function presentMe(principal: Principal): z.output<typeof Me> {
  return { id: principal.id, username: principal.username, displayName: principal.displayName, role: principal.role, via: principal.via };
}
