/** Staff accounts and skill groups (apps/server/src/users/routes.ts). */
import { ROLES } from '@kefu/domain';
import { z } from 'zod';
import { RowId, Timestamp } from './common.ts';

export const User = z.object({
  id: RowId,
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  role: z.enum(ROLES),
  active: z.boolean(),
  createdAt: Timestamp,
});
/** GET /api/users: each user with the skill groups they belong to. */
export const DirectoryUser = User.extend({ groupIds: z.array(RowId) });
export const UserList = z.object({ users: z.array(DirectoryUser) });
/** POST /api/users, PATCH /api/users/:id. */
export const UserAnswer = z.object({ user: User });

export const Group = z.object({ id: RowId, name: z.string() });
export const GroupList = z.object({ groups: z.array(Group) });
export const GroupAnswer = z.object({ group: Group });
