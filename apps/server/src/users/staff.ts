import { DESK_ROLES, type AgentStatus, type Role } from '@kefu/domain';
import { sql } from 'kysely';
import { audit } from '../audit/audit.ts';
import { storeMaxChats } from '../conversations/presence.ts';
import type { Db } from '../db/database.ts';
import type { Principal } from '../http/context.ts';
import { badRequest, forbidden, notFound } from '../http/errors.ts';
import { listUsers } from './service.ts';

const count = (n: unknown) => Number(n ?? 0);

/**
 * The staff page: every account with its groups, its live-chat status and maximum, when it last logged in (the
 * newest session still on record) and the open work it holds — what a deactivation would hand over.
 */
export async function listStaff(db: Db, defaultMaxChats: number) {
  const [users, presence, logins, conversations, tickets, tasks, customers] = await Promise.all([
    listUsers(db),
    db.selectFrom('agent_presence').select(['user_id', 'status', 'max_chats']).execute(),
    db
      .selectFrom('sessions')
      .select(['user_id', sql<Date>`max(created_at)`.as('at')])
      .groupBy('user_id')
      .execute(),
    db
      .selectFrom('conversations')
      .select(['agent_id as id', sql<number>`count(*)::int`.as('n')])
      .where('status', 'in', ['bot', 'queued', 'active'])
      .where('agent_id', 'is not', null)
      .groupBy('agent_id')
      .execute(),
    db
      .selectFrom('tickets')
      .select(['assignee_id as id', sql<number>`count(*)::int`.as('n')])
      .where('status', 'not in', ['solved', 'closed'])
      .where('assignee_id', 'is not', null)
      .groupBy('assignee_id')
      .execute(),
    db
      .selectFrom('collab_tasks')
      .select(['owner_id as id', sql<number>`count(*)::int`.as('n')])
      .where('state', '!=', 'done')
      .where('owner_id', 'is not', null)
      .groupBy('owner_id')
      .execute(),
    db
      .selectFrom('customers')
      .select(['assigned_agent_id as id', sql<number>`count(*)::int`.as('n')])
      .where('merged_into_id', 'is', null)
      .where('assigned_agent_id', 'is not', null)
      .groupBy('assigned_agent_id')
      .execute(),
  ]);
  const of = (rows: { id: number | null; n: number }[], id: number) => count(rows.find((r) => r.id === id)?.n);
  return users.map((u) => {
    const p = presence.find((r) => r.user_id === u.id);
    return {
      ...u,
      presence: (u.active ? (p?.status ?? 'offline') : 'offline') as AgentStatus,
      maxChats: p?.max_chats ?? defaultMaxChats,
      lastLoginAt: logins.find((r) => r.user_id === u.id)?.at ?? null,
      openWork: {
        conversations: of(conversations, u.id),
        tickets: of(tickets, u.id),
        tasks: of(tasks, u.id),
        customers: of(customers, u.id),
      },
    };
  });
}

/**
 * A desk user's maximum of concurrent chats. Supervisors set it for agents, admins for anyone at the desk. A user
 * who was never online gets a presence row, offline, holding the maximum for when they are.
 */
export async function setMaxChats(db: Db, actor: Principal, userId: number, maxChats: number) {
  return db.transaction().execute(async (tx) => {
    const user = await tx.selectFrom('users').select(['id', 'role']).where('id', '=', userId).executeTakeFirst();
    if (!user) throw notFound('user');
    const role = user.role as Role;
    if (!DESK_ROLES.includes(role)) throw badRequest('params.id', 'only agents, supervisors and admins take chats');
    if (actor.role !== 'admin' && role !== 'agent') throw forbidden("supervisors set agents' maximum; an admin sets the others'");
    const before = await storeMaxChats(tx, userId, maxChats);
    await audit(tx, {
      actorId: actor.id,
      action: 'user.max_chats',
      entity: 'user',
      entityId: userId,
      detail: { from: before, to: maxChats },
    });
    return { userId, maxChats };
  });
}
