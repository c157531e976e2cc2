import type { Role } from '@kefu/domain';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Principal } from '../http/context.ts';
import { refuse } from '../http/errors.ts';
import { verifyPassword } from './passwords.ts';
import { forgetToken, recall, remember } from './principal-cache.ts';
import { newSecret, recordTokenUse, secretHash } from './tokens.ts';

const THROTTLE_WINDOW_MINUTES = 15;
const MAX_FAILURES_PER_USER = 5;
const MAX_FAILURES_PER_IP = 30;

function principalOf(u: { id: number; username: string; display_name: string; role: string }, via: Principal['via']): Principal {
  return { id: u.id, username: u.username, displayName: u.display_name, role: u.role as Role, via };
}

export async function login(db: Db, username: string, password: string, ip: string, ttlHours: number) {
  const since = sql<Date>`now() - make_interval(mins => ${THROTTLE_WINDOW_MINUTES})`;
  const failures = await db
    .selectFrom('login_failures')
    .select([sql<number>`count(*) filter (where username = ${username})`.as('by_user'), sql<number>`count(*) filter (where ip = ${ip})`.as('by_ip')])
    .where('at', '>', since)
    .where((eb) => eb.or([eb('username', '=', username), eb('ip', '=', ip)]))
    .executeTakeFirstOrThrow();
  if (Number(failures.by_user) >= MAX_FAILURES_PER_USER || Number(failures.by_ip) >= MAX_FAILURES_PER_IP) {
    throw refuse('too_many_attempts', `too many failed logins; try again in ${THROTTLE_WINDOW_MINUTES} minutes`);
  }
  const user = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  if (!user || !user.active || !(await verifyPassword(user.password_hash, password))) {
    await db.insertInto('login_failures').values({ username, ip }).execute();
    throw refuse('bad_credentials');
  }
  const token = newSecret('ks');
  await db
    .insertInto('sessions')
    .values({
      token_hash: secretHash(token),
      user_id: user.id,
      expires_at: sql<Date>`now() + make_interval(hours => ${ttlHours})` as unknown as Date,
    })
    .execute();
  await db.deleteFrom('login_failures').where('username', '=', username).execute();
  return { token, principal: principalOf(user, 'session') };
}

export async function logout(db: Db, sessionToken: string): Promise<void> {
  const hash = secretHash(sessionToken);
  forgetToken(hash);
  await db.deleteFrom('sessions').where('token_hash', '=', hash).execute();
}

export async function principalFromSession(db: Db, sessionToken: string): Promise<Principal | null> {
  const hash = secretHash(sessionToken);
  const known = recall(hash);
  if (known) return known;
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.username', 'users.display_name', 'users.role'])
    .where('sessions.token_hash', '=', hash)
    .where('sessions.expires_at', '>', sql<Date>`now()`)
    .where('users.active', '=', true)
    .executeTakeFirst();
  if (!row) return null;
  const principal = principalOf(row, 'session');
  remember(hash, principal);
  return principal;
}

export async function principalFromApiToken(db: Db, token: string): Promise<Principal | null> {
  const hash = secretHash(token);
  const known = recall(hash);
  if (known) return known;
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['users.id', 'users.username', 'users.display_name', 'users.role'])
    .where('api_tokens.token_hash', '=', hash)
    .where('api_tokens.revoked_at', 'is', null)
    .where('users.active', '=', true)
    .executeTakeFirst();
  if (!row) return null;
  await recordTokenUse(db, hash);
  const principal = principalOf(row, 'token');
  remember(hash, principal);
  return principal;
}
