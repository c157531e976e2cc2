import type { AgentStatus } from '@kefu/domain';
import type { Db } from '../db/database.ts';
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
