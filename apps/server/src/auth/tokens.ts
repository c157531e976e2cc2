import { createHash, randomBytes } from 'node:crypto';
import type { ApiToken } from '@kefu/protocol/api/tokens';
import { sql } from 'kysely';
import type { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { Db } from '../db/database.ts';
import type { Principal } from '../http/context.ts';
import { notFound } from '../http/errors.ts';
import { forgetToken } from './principal-cache.ts';

/** Secrets are shown once and stored only as their SHA-256. */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`;
}

export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * Notes that a token was just used. To the minute: a busy integration writes at most once a minute per token (the
 * principal cache spares most lookups anyway), and "last used" needs no finer grain.
 */
export async function recordTokenUse(db: Db, tokenHash: string): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: sql<Date>`now()` as unknown as Date })
    .where('token_hash', '=', tokenHash)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`)]))
    .execute();
}

export async function createApiToken(db: Db, actor: Principal, name: string) {
  const token = newSecret('kt');
  const row = await db.transaction().execute(async (tx) => {
    const created = await tx
      .insertInto('api_tokens')
      .values({ user_id: actor.id, name, token_hash: secretHash(token) })
      .returning(['id', 'name', 'created_at'])
      .executeTakeFirstOrThrow();
    await audit(tx, { actorId: actor.id, action: 'api_token.create', entity: 'api_token', entityId: created.id, detail: { name } });
    return created;
  });
  return { ...row, token };
}

/** One user's tokens, or (`userId` null, for admins) everyone's; newest first. */
export async function listApiTokens(db: Db, userId: number | null) {
  let q = db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id', 't.name', 't.created_at', 't.last_used_at', 't.revoked_at', 'u.id as owner_id', 'u.display_name as owner_name'])
    .orderBy('t.id', 'desc');
  if (userId !== null) q = q.where('t.user_id', '=', userId);
  return q.execute();
}

/** The owner revokes their token, an admin anyone's; anyone else's is a 404, as if it did not exist. */
export async function revokeApiToken(db: Db, actor: Principal, id: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const token = await tx.selectFrom('api_tokens').select(['id', 'user_id', 'token_hash']).where('id', '=', id).executeTakeFirst();
    if (!token || (token.user_id !== actor.id && actor.role !== 'admin')) throw notFound('API token');
    forgetToken(token.token_hash);
    await tx.updateTable('api_tokens').set({ revoked_at: new Date() }).where('id', '=', id).where('revoked_at', 'is', null).execute();
    await audit(tx, { actorId: actor.id, action: 'api_token.revoke', entity: 'api_token', entityId: id });
  });
}

export function presentApiToken(row: Awaited<ReturnType<typeof listApiTokens>>[number]): z.output<typeof ApiToken> {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    owner: { id: row.owner_id, displayName: row.owner_name },
  };
}
