import { randomUUID } from 'node:crypto';
import type { AgentStatus } from '@kefu/domain';
import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import type { Principal } from '../http/context.ts';
import type { Routing } from './routing.ts';

/** A process whose sockets were not confirmed for this long has died: its agents' sockets no longer count. */
const SOCKETS_STALE_MS = 60_000;

/**
 * Agents' status (online, busy, away, offline) and their maximum of concurrent chats. Every process counts its agents'
 * open chat sockets in `agent_sockets`, so an agent goes offline only when their last socket in any process closes.
 */
export class Presence {
  /** This process, in `agent_sockets`. */
  readonly processId = randomUUID();

  constructor(
    private readonly db: Db,
    private readonly defaultMaxChats: number,
    private readonly routing: Routing,
  ) {}

  /** An agent's chat socket opened in this process: counted before the status is read, so a close elsewhere sees it. */
  async socketOpened(agentId: number): Promise<void> {
    await this.db
      .insertInto('agent_sockets')
      .values({ process_id: this.processId, user_id: agentId, sockets: 1 })
      .onConflict((oc) => oc.columns(['user_id', 'process_id']).doUpdateSet({ sockets: sql`agent_sockets.sockets + 1`, seen_at: new Date() }))
      .execute();
  }

  /**
   * An agent's last chat socket in this process closed: offline unless a live process still holds one. The presence row
   * is locked first, so a socket opening elsewhere at the same moment either is counted here or finds the agent offline
   * (and puts them online again).
   */
  async socketsClosed(agent: Principal): Promise<AgentStatus | null> {
    return this.db.transaction().execute(async (tx) => {
      await tx.selectFrom('agent_presence').select('user_id').where('user_id', '=', agent.id).forUpdate().executeTakeFirst();
      await tx.deleteFrom('agent_sockets').where('user_id', '=', agent.id).where('process_id', '=', this.processId).execute();
      const elsewhere = await tx
        .selectFrom('agent_sockets')
        .select(sql<number>`coalesce(sum(sockets), 0)::int`.as('n'))
        .where('user_id', '=', agent.id)
        .where('seen_at', '>', new Date(Date.now() - SOCKETS_STALE_MS))
        .executeTakeFirstOrThrow();
      if (elsewhere.n > 0) return null;
      await tx.updateTable('agent_presence').set({ status: 'offline', updated_at: new Date() }).where('user_id', '=', agent.id).execute();
      return 'offline';
    });
  }

  /** This process is alive (a job, every process): its counts stay live; a dead process's rows are dropped. */
  async confirmSockets(now = new Date()): Promise<void> {
    await this.db.updateTable('agent_sockets').set({ seen_at: now }).where('process_id', '=', this.processId).execute();
    await this.db
      .deleteFrom('agent_sockets')
      .where('seen_at', '<', new Date(now.getTime() - SOCKETS_STALE_MS))
      .execute();
  }

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
