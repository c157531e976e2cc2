/** The admin console's staff, skill-group and API-token calls, typed from the wire contracts. */
import type { Wire } from '@kefu/protocol/api/common';
import type { ApiTokenList, CreatedApiToken } from '@kefu/protocol/api/tokens';
import type {
  CreatedUserAnswer,
  DeactivateAnswer,
  GroupAnswer,
  GroupMembers,
  HandOver,
  MaxChatsAnswer,
  PasswordAnswer,
  StaffList,
  UserAnswer,
} from '@kefu/protocol/api/users';
import { api } from '../../api.ts';

export type StaffMember = Wire<typeof StaffList>['staff'][number];
export type HandOverInput = Wire<typeof HandOver>;
export type ApiToken = Wire<typeof ApiTokenList>['tokens'][number];
export type NewToken = Wire<typeof CreatedApiToken>;

export interface NewStaff {
  username: string;
  displayName: string;
  email?: string | null;
  role: string;
  password?: string;
  groupIds?: number[];
  phoneExtension?: string | null;
}

export interface StaffEdit {
  displayName?: string;
  email?: string | null;
  role?: string;
  groupIds?: number[];
  phoneExtension?: string | null;
}

export const staffApi = {
  list: () => api.get<Wire<typeof StaffList>>('/api/users/staff'),
  create: (input: NewStaff) => api.post<Wire<typeof CreatedUserAnswer>>('/api/users', input),
  update: (id: number, change: StaffEdit) => api.patch<Wire<typeof UserAnswer>>(`/api/users/${id}`, change),
  deactivate: (id: number, to: HandOverInput) => api.post<Wire<typeof DeactivateAnswer>>(`/api/users/${id}/deactivate`, to),
  reactivate: (id: number) => api.post<Wire<typeof UserAnswer>>(`/api/users/${id}/reactivate`),
  resetPassword: (id: number, password?: string) => api.post<Wire<typeof PasswordAnswer>>(`/api/users/${id}/password`, password ? { password } : {}),
  setMaxChats: (id: number, maxChats: number) => api.put<Wire<typeof MaxChatsAnswer>>(`/api/users/${id}/max-chats`, { maxChats }),
};

export const groupApi = {
  create: (name: string) => api.post<Wire<typeof GroupAnswer>>('/api/groups', { name }),
  rename: (id: number, name: string) => api.patch<Wire<typeof GroupAnswer>>(`/api/groups/${id}`, { name }),
  remove: (id: number) => api.delete<void>(`/api/groups/${id}`),
  addMember: (id: number, userId: number) => api.post<Wire<typeof GroupMembers>>(`/api/groups/${id}/members`, { userId }),
  removeMember: (id: number, userId: number) => api.delete<Wire<typeof GroupMembers>>(`/api/groups/${id}/members/${userId}`),
};

export const tokenApi = {
  list: (all: boolean) => api.get<Wire<typeof ApiTokenList>>('/api/auth/tokens', { scope: all ? 'all' : 'mine' }),
  create: (name: string) => api.post<NewToken>('/api/auth/tokens', { name }),
  revoke: (id: number) => api.delete<void>(`/api/auth/tokens/${id}`),
};

/** Routing sends complaints to the group of this name (server users/groups.ts): it keeps its name. */
export const AFTER_SALES_GROUP = '售后';
