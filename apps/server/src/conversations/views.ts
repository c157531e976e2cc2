import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';

/** The conversation object of the chat protocol (docs/chat-protocol.md). */
export function conversationQuery(db: Db | Tx) {
  return db.selectFrom('conversations as c')
    .innerJoin('visitors as v', 'v.id', 'c.visitor_id')
    .leftJoin('customers as cu', 'cu.id', 'c.customer_id')
    .leftJoin('skill_groups as g', 'g.id', 'c.group_id')
    .leftJoin('users as u', 'u.id', 'c.agent_id')
    .select([
      'c.id', 'c.status', 'c.customer_id as customerId', 'cu.name as customerName', 'v.name as visitorName', 'c.visitor_id as visitorId',
      'c.group_id as groupId', 'g.name as groupName', 'c.agent_id as agentId', 'u.display_name as agentName', 'c.vip',
      sql<string[]>`c.tags || coalesce(cu.tags, '{}')`.as('tags'), 'c.last_seq as lastSeq', 'c.agent_read_seq as agentReadSeq',
      'c.shopper_read_seq as shopperReadSeq', 'c.waiting_since as waitingSince', 'c.overdue_flagged_at as overdueAt',
      'c.first_response_at as firstResponseAt', 'c.created_at as createdAt', 'c.closed_at as closedAt',
      'c.close_reason as closeReason', 'c.rating', 'c.ticket_id as ticketId',
      (eb) => eb.selectFrom('messages as m').select('m.body').whereRef('m.conversation_id', '=', 'c.id')
        .where('m.kind', '<>', 'note').orderBy('m.seq', 'desc').limit(1).as('lastBody'),
    ]);
}

export type ConversationView = Awaited<ReturnType<ReturnType<typeof conversationQuery>['executeTakeFirstOrThrow']>>;

export async function conversationView(db: Db | Tx, id: number): Promise<ConversationView | undefined> {
  return conversationQuery(db).where('c.id', '=', id).executeTakeFirst();
}

export function forShopper(c: ConversationView) {
  return { id: c.id, status: c.status, agentName: c.agentName, lastSeq: c.lastSeq, agentReadSeq: c.agentReadSeq, createdAt: c.createdAt, closedAt: c.closedAt, rating: c.rating };
}
