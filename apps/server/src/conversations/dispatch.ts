import { canTake, CONVERSATION_PRIORITIES, pickAgent, priorityRank, queueOrder, transition, type AgentLoad, type AgentStatus } from '@kefu/domain';
import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';

/** Held while conversations are given to agents (the dispatcher, an accept): one at a time across processes. */
export const DISPATCH_LOCK = 7324001;

export interface Assignment {
  conversationId: number;
  visitorId: number;
  agentId: number;
  agentName: string;
}

/** An ORDER BY term putting urgent conversations first, then high, then the rest (domain queueOrder, in SQL). */
export function priorityFirst(column: string) {
  return sql`case ${sql.ref(column)} ${sql.join(
    CONVERSATION_PRIORITIES.map((p) => sql`when ${sql.lit(p)} then ${sql.lit(-priorityRank(p))}`),
    sql` `,
  )} else 0 end`;
}

/** Online agents with their load (active conversations), maximum and skill groups. */
export async function agentLoads(db: Db | Tx): Promise<(AgentLoad & { name: string })[]> {
  const rows = await db
    .selectFrom('agent_presence as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select([
      'u.id',
      'u.display_name as name',
      'p.status',
      'p.max_chats',
      (eb) =>
        eb
          .selectFrom('conversations')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('agent_id', '=', 'u.id')
          .where('status', '=', 'active')
          .as('load'),
      (eb) =>
        eb
          .selectFrom('user_groups')
          .select(sql<number[]>`coalesce(array_agg(group_id), '{}')`.as('g'))
          .whereRef('user_id', '=', 'u.id')
          .as('groupIds'),
    ])
    .where('u.active', '=', true)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    status: r.status as AgentStatus,
    maxChats: r.max_chats,
    load: Number(r.load ?? 0),
    groupIds: r.groupIds ?? [],
  }));
}

/**
 * Assigns waiting conversations to agents who can take them. One dispatcher at a time across all
 * processes (an advisory lock), so two processes never give one agent more than their maximum.
 */
export async function dispatch(db: Db): Promise<Assignment[]> {
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${sql.lit(DISPATCH_LOCK)})`.execute(tx);
    const assign = transition('assign');
    // Every agent busy (the usual state of a long queue): nothing to assign, and the queue is not read.
    const agents = await agentLoads(tx);
    if (!agents.some((a) => canTake(a, null))) return [];
    const queued = await tx
      .selectFrom('conversations as c')
      .leftJoin('customers as cu', 'cu.id', 'c.customer_id')
      .select(['c.id', 'c.priority', 'c.vip', 'c.created_at', 'c.group_id', 'c.visitor_id', 'cu.assigned_agent_id'])
      .where('c.status', 'in', assign.from)
      .orderBy(priorityFirst('c.priority'))
      .orderBy('c.vip', 'desc')
      .orderBy('c.created_at')
      .limit(200)
      .execute();
    if (queued.length === 0) return [];
    const assignments: Assignment[] = [];
    const ordered = queued.map((q) => ({ ...q, createdAt: q.created_at })).sort(queueOrder);
    for (const conv of ordered) {
      const agent = pickAgent(agents, conv.group_id, conv.assigned_agent_id);
      if (!agent) continue;
      agent.load += 1;
      await tx
        .updateTable('conversations')
        .set({ status: assign.to, agent_id: agent.id, assigned_at: new Date() })
        .where('id', '=', conv.id)
        .execute();
      assignments.push({ conversationId: conv.id, visitorId: conv.visitor_id, agentId: agent.id, agentName: agent.name });
    }
    return assignments;
  });
}

/**
 * Positions in the queue (1 = next) of the waiting web-chat conversations, per group, in queueOrder (priority, VIPs,
 * age). Ranked by PostgreSQL among every waiting conversation; only the web's come back, for only a browser has a
 * socket to be told on (a marketplace buyer waits in the platform's own chat). Told after every dispatcher run, so a
 * queue of thousands of marketplace buyers costs one ranking, not thousands of rows to the server (issue 14).
 */
export async function queuePositions(db: Db): Promise<{ conversationId: number; visitorId: number; position: number }[]> {
  const rows = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('conversations')
        .select([
          'id',
          'visitor_id',
          'channel',
          sql<number>`row_number() over (partition by group_id order by ${priorityFirst('priority')}, vip desc, created_at, id)::int`.as('position'),
        ])
        .where('status', '=', 'queued')
        .as('q'),
    )
    .select(['id', 'visitor_id', 'position'])
    .where('channel', '=', 'web')
    .execute();
  return rows.map((r) => ({ conversationId: r.id, visitorId: r.visitor_id, position: Number(r.position) }));
}

export async function onlineAgentCount(db: Db): Promise<number> {
  const row = await db
    .selectFrom('agent_presence')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('status', '=', 'online')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
