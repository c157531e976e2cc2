/** Staff accounts and skill groups (apps/server/src/users/routes.ts). */
import { AGENT_STATUSES, ROLES } from '@kefu/domain';
import { z } from 'zod';
import { RowId, Timestamp } from './common.ts';

export const User = z.object({
  id: RowId,
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  role: z.enum(ROLES),
  active: z.boolean(),
  phoneExtension: z.string().nullable().describe("the agent's extension (分机号) on the shop's telephony system, for click-to-call"),
  createdAt: Timestamp,
});
/** GET /api/users: each user with the skill groups they belong to. */
export const DirectoryUser = User.extend({ groupIds: z.array(RowId) });
export const UserList = z.object({ users: z.array(DirectoryUser) });
/** POST /api/users, PATCH /api/users/:id. */
export const UserAnswer = z.object({ user: User });

export const Group = z.object({ id: RowId, name: z.string() });
export const GroupList = z.object({ groups: z.array(Group) });
/** POST /api/groups, PATCH /api/groups/:id, and the membership routes (the group with its members' ids). */
export const GroupAnswer = z.object({ group: Group });
export const GroupMembers = z.object({ group: Group, memberIds: z.array(RowId) });

/** POST /api/users: the new user, and the password kefu generated when the admin gave none (shown this once). */
export const CreatedUserAnswer = z.object({ user: User, generatedPassword: z.string().nullable() });

/** What a staff member still holds: handed over when they are deactivated. */
export const OpenWork = z.object({
  conversations: z.number().int(),
  tickets: z.number().int(),
  tasks: z.number().int(),
  customers: z.number().int(),
});

/** GET /api/users/staff (supervisors and admins): the staff page's rows. */
export const StaffMember = DirectoryUser.extend({
  presence: z.enum(AGENT_STATUSES),
  maxChats: z.number().int(),
  /** The newest session still on record; null when none is (logged out, or never logged in). */
  lastLoginAt: Timestamp.nullable(),
  openWork: OpenWork,
});
export const StaffList = z.object({ staff: z.array(StaffMember) });

/**
 * POST /api/users/:id/deactivate: to whom each kind of open work goes; null or absent sends conversations back to the
 * queue and leaves tickets, tasks and customers unassigned.
 */
export const HandOver = z.object({
  conversationsTo: RowId.nullable().optional(),
  ticketsTo: RowId.nullable().optional(),
  tasksTo: RowId.nullable().optional(),
  customersTo: RowId.nullable().optional(),
});
export const DeactivateAnswer = z.object({
  user: User,
  moved: OpenWork,
  sessionsEnded: z.number().int(),
  tokensRevoked: z.number().int(),
});

/** POST /api/users/:id/password: the generated password when the admin gave none (shown this once), else null. */
export const PasswordAnswer = z.object({ generatedPassword: z.string().nullable(), sessionsEnded: z.number().int() });

/** PUT /api/users/:id/max-chats. */
export const MaxChatsAnswer = z.object({ userId: RowId, maxChats: z.number().int() });
