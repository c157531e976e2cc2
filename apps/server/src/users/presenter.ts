import type { Role } from '@kefu/domain';
import type { DirectoryUser, Group, StaffMember, User } from '@kefu/protocol/api/users';
import type { z } from 'zod';
import type { listStaff } from './staff.ts';

/** The user columns the API may show: never the password hash. */
interface UserRow {
  id: number;
  username: string;
  display_name: string;
  email: string | null;
  role: string;
  active: boolean;
  phone_extension: string | null;
  created_at: Date;
}

export function presentUser(row: UserRow): z.output<typeof User> {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    role: row.role as Role,
    active: row.active,
    phoneExtension: row.phone_extension,
    createdAt: row.created_at,
  };
}

export function presentDirectoryUser(row: UserRow & { groupIds: number[] }): z.output<typeof DirectoryUser> {
  return { ...presentUser(row), groupIds: row.groupIds };
}

export function presentGroup(row: { id: number; name: string }): z.output<typeof Group> {
  return { id: row.id, name: row.name };
}

export function presentStaffMember(row: Awaited<ReturnType<typeof listStaff>>[number]): z.output<typeof StaffMember> {
  return {
    ...presentDirectoryUser(row),
    presence: row.presence,
    maxChats: row.maxChats,
    lastLoginAt: row.lastLoginAt,
    openWork: row.openWork,
  };
}
