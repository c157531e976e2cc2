import type { Role } from '@kefu/domain';
import { audit } from '../audit/audit.ts';
import { hashPassword } from '../auth/passwords.ts';
import { forgetUser } from '../auth/principal-cache.ts';
import type { Db } from '../db/database.ts';
import type { Principal } from '../http/context.ts';
import { badRequest, notFound } from '../http/errors.ts';

export interface NewUser {
  username: string;
  displayName: string;
  email?: string | null;
  role: Role;
  password: string;
  groupIds?: number[];
}

const PUBLIC_COLUMNS = ['id', 'username', 'display_name', 'email', 'role', 'active', 'created_at'] as const;

export async function createUser(db: Db, actorId: number | null, input: NewUser) {
  const password_hash = await hashPassword(input.password);
  return db.transaction().execute(async (tx) => {
    const user = await tx
      .insertInto('users')
      .values({
        username: input.username,
        display_name: input.displayName,
        email: input.email ?? null,
        role: input.role,
        password_hash,
      })
      .returning(PUBLIC_COLUMNS)
      .executeTakeFirstOrThrow();
    if (input.groupIds?.length) {
      const known = await tx.selectFrom('skill_groups').select('id').where('id', 'in', input.groupIds).execute();
      if (known.length !== new Set(input.groupIds).size) throw badRequest('body.groupIds', 'unknown skill group');
      await tx
        .insertInto('user_groups')
        .values([...new Set(input.groupIds)].map((group_id) => ({ user_id: user.id, group_id })))
        .execute();
    }
    await audit(tx, { actorId, action: 'user.create', entity: 'user', entityId: user.id, detail: { username: user.username, role: user.role } });
    return user;
  });
}

export async function listUsers(db: Db) {
  const users = await db.selectFrom('users').select(PUBLIC_COLUMNS).orderBy('id').execute();
  const memberships = await db.selectFrom('user_groups').selectAll().execute();
  return users.map((u) => ({ ...u, groupIds: memberships.filter((m) => m.user_id === u.id).map((m) => m.group_id) }));
}

export interface UserChange {
  displayName?: string;
  email?: string | null;
  role?: Role;
  active?: boolean;
  password?: string;
  groupIds?: number[];
}

export async function updateUser(db: Db, actor: Principal, id: number, change: UserChange) {
  const password_hash = change.password ? await hashPassword(change.password) : undefined;
  const user = await db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('users').select(['id', 'role', 'active']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!existing) throw notFound('user');
    const columns = {
      ...(change.displayName !== undefined && { display_name: change.displayName }),
      ...(change.email !== undefined && { email: change.email }),
      ...(change.role !== undefined && { role: change.role }),
      ...(change.active !== undefined && { active: change.active }),
      ...(password_hash && { password_hash }),
    };
    // A change of groups only (or of nothing) sets no column: an empty UPDATE is not SQL.
    const user = Object.keys(columns).length
      ? await tx.updateTable('users').set(columns).where('id', '=', id).returning(PUBLIC_COLUMNS).executeTakeFirstOrThrow()
      : await tx.selectFrom('users').select(PUBLIC_COLUMNS).where('id', '=', id).executeTakeFirstOrThrow();
    if (change.groupIds) {
      await tx.deleteFrom('user_groups').where('user_id', '=', id).execute();
      if (change.groupIds.length) {
        await tx
          .insertInto('user_groups')
          .values([...new Set(change.groupIds)].map((group_id) => ({ user_id: id, group_id })))
          .execute();
      }
    }
    // A new password ends every way in that the old one opened: sessions, and API tokens (they may have leaked with it).
    if (change.active === false || password_hash) await tx.deleteFrom('sessions').where('user_id', '=', id).execute();
    const revoked = password_hash
      ? (
          await tx
            .updateTable('api_tokens')
            .set({ revoked_at: new Date() })
            .where('user_id', '=', id)
            .where('revoked_at', 'is', null)
            .returning('id')
            .execute()
        ).length
      : 0;
    const { password: _secret, ...shown } = change;
    await audit(tx, {
      actorId: actor.id,
      action: 'user.update',
      entity: 'user',
      entityId: id,
      detail: { ...shown, passwordChanged: Boolean(password_hash), ...(revoked && { apiTokensRevoked: revoked }) },
    });
    return user;
  });
  // After the commit: forgotten earlier, a request in between could remember the old role or password's tokens again.
  if (change.active !== undefined || change.role !== undefined || password_hash) forgetUser(id);
  return user;
}

export async function listGroups(db: Db) {
  return db.selectFrom('skill_groups').select(['id', 'name']).orderBy('id').execute();
}

export async function createGroup(db: Db, actor: Principal, name: string) {
  return db.transaction().execute(async (tx) => {
    const group = await tx.insertInto('skill_groups').values({ name }).returning(['id', 'name']).executeTakeFirstOrThrow();
    await audit(tx, { actorId: actor.id, action: 'group.create', entity: 'skill_group', entityId: group.id, detail: { name } });
    return group;
  });
}
