import type { AgentStatus } from '@kefu/domain';
import type { Db, Tx } from '../db/database.ts';
import type { Principal } from '../http/context.ts';
import type { Routing } from './routing.ts';

/** Agents' status (online, busy, away, offline) and their maximum of concurrent chats. */
export class Presence {
  constructor(
    private readonly db: Db,
    private readonly defaultMaxChats: number,
    private readonly routing: Routing,
  ) {}

  /** Sets the agent's status; going online pulls waiting conversations. */
  async set(agent: Principal, status: AgentStatus): Promise<{ status: AgentStatus; maxChats: number }> {
    const row = await this.db
      .insertInto('agent_presence')
      .values({ user_id: agent.id, status, max_chats: this.defaultMaxChats })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ status, updated_at: new Date() }))
      .returning(['status', 'max_chats'])
      .executeTakeFirstOrThrow();
    if (status === 'online') await this.routing.dispatchAndTell();
    return { status: row.status as AgentStatus, maxChats: row.max_chats };
  }

  async of(agentId: number): Promise<{ status: AgentStatus; maxChats: number }> {
    const row = await this.db.selectFrom('agent_presence').select(['status', 'max_chats']).where('user_id', '=', agentId).executeTakeFirst();
    return { status: (row?.status ?? 'offline') as AgentStatus, maxChats: row?.max_chats ?? this.defaultMaxChats };
  }
}

/** Stores a user's maximum of concurrent chats (a presence row, offline, for one never online); answers the one before. */
export async function storeMaxChats(tx: Tx, userId: number, maxChats: number): Promise<number | null> {
  const before = await tx.selectFrom('agent_presence').select('max_chats').where('user_id', '=', userId).executeTakeFirst();
  await tx
    .insertInto('agent_presence')
    .values({ user_id: userId, status: 'offline', max_chats: maxChats })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ max_chats: maxChats, updated_at: new Date() }))
    .execute();
  return before?.max_chats ?? null;
}

/** A user who leaves is offline: routing sends them nothing more. */
export async function markOffline(tx: Tx, userId: number): Promise<void> {
  await tx.updateTable('agent_presence').set({ status: 'offline', updated_at: new Date() }).where('user_id', '=', userId).execute();
}
