import { randomBytes } from 'node:crypto';
import type { Role } from '@kefu/domain';
import { audit } from '../audit/audit.ts';
import { hashPassword } from '../auth/passwords.ts';
import { forgetUser } from '../auth/principal-cache.ts';
import { markOffline } from '../conversations/presence.ts';
import type { Db, Tx } from '../db/database.ts';
import type { Principal } from '../http/context.ts';
import { badRequest, conflict, notFound } from '../http/errors.ts';
import { handOverWork, type HandOverTo } from './handover.ts';

export interface NewUser {
  username: string;
  displayName: string;
  email?: string | null;
  role: Role;
  password: string;
  groupIds?: number[];
  phoneExtension?: string | null;
}

const PUBLIC_COLUMNS = ['id', 'username', 'display_name', 'email', 'role', 'active', 'phone_extension', 'created_at'] as const;

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
        phone_extension: input.phoneExtension ?? null,
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
  phoneExtension?: string | null;
}

/** A password for someone to type once and change: 12 characters without look-alikes (no 0/O, 1/l/I). */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return [...randomBytes(12)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** Nobody locks themselves out, and the shop always keeps an active admin. */
async function assertAdminsRemain(tx: Tx, actor: Principal, target: { id: number; role: string; active: boolean }, change: UserChange) {
  const losesAdmin = target.role === 'admin' && target.active && (change.active === false || (change.role !== undefined && change.role !== 'admin'));
  if (target.id === actor.id && (change.active === false || (change.role !== undefined && change.role !== target.role))) {
    throw conflict('you cannot deactivate yourself or change your own role; ask another admin');
  }
  if (!losesAdmin) return;
  const others = await tx
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('active', '=', true)
    .where('id', '!=', target.id)
    .execute();
  if (others.length === 0) throw conflict('the shop must keep at least one active admin');
}

/**
 * Changes an account. Deactivating (`active: false`) hands the user's open work over (`handOver`, handover.ts), ends
 * their sessions and revokes their API tokens, all in one transaction; so does a new password, without the hand-over.
 */
export async function updateUser(db: Db, actor: Principal, id: number, change: UserChange, handOver: HandOverTo = {}) {
  const password_hash = change.password ? await hashPassword(change.password) : undefined;
  const result = await db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('users').select(['id', 'role', 'active']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!existing) throw notFound('user');
    await assertAdminsRemain(tx, actor, existing, change);
    const leaving = change.active === false && existing.active;
    const columns = {
      ...(change.displayName !== undefined && { display_name: change.displayName }),
      ...(change.email !== undefined && { email: change.email }),
      ...(change.role !== undefined && { role: change.role }),
      ...(change.active !== undefined && { active: change.active }),
      ...(change.phoneExtension !== undefined && { phone_extension: change.phoneExtension }),
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
    const handedOver = leaving ? await handOverWork(tx, actor, id, handOver) : null;
    if (leaving) await markOffline(tx, id);
    // Leaving, or a new password, ends every way in: sessions, and API tokens (they may have leaked with the password).
    const shut = change.active === false || Boolean(password_hash);
    const sessionsEnded = shut ? (await tx.deleteFrom('sessions').where('user_id', '=', id).returning('user_id').execute()).length : 0;
    const tokensRevoked = shut
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
      detail: {
        ...shown,
        passwordChanged: Boolean(password_hash),
        ...(sessionsEnded && { sessionsEnded }),
        ...(tokensRevoked && { apiTokensRevoked: tokensRevoked }),
      },
    });
    return { user, handedOver, sessionsEnded, tokensRevoked };
  });
  // After the commit: forgotten earlier, a request in between could remember the old role or password's tokens again.
  if (change.active !== undefined || change.role !== undefined || password_hash) forgetUser(id);
  return result;
}
