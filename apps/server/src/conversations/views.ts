import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import { presentConversation, type ConversationOut } from './presenter.ts';
import { overdueAt } from './response-clock.ts';

/** The rows behind the protocol's conversation object (presenter.ts presentConversation shapes them). */
export function conversationQuery(db: Db | Tx) {
  return db
    .selectFrom('conversations as c')
    .innerJoin('visitors as v', 'v.id', 'c.visitor_id')
    .leftJoin('customers as cu', 'cu.id', 'c.customer_id')
    .leftJoin('skill_groups as g', 'g.id', 'c.group_id')
    .leftJoin('users as u', 'u.id', 'c.agent_id')
    .select([
      'c.id',
      'c.status',
      'c.channel',
      'c.customer_id',
      'cu.name as customer_name',
      'v.name as visitor_name',
      'c.visitor_id',
      'c.group_id',
      'g.name as group_name',
      'c.agent_id',
      'u.display_name as agent_name',
      'c.priority',
      'c.vip',
      sql<string[]>`c.tags || coalesce(cu.tags, '{}')`.as('tags'),
      'c.last_seq',
      'c.agent_read_seq',
      'c.shopper_read_seq',
      'c.waiting_since',
      overdueAt.as('overdue_at'),
      'c.first_response_at',
      'c.created_at',
      'c.closed_at',
      'c.close_reason',
      'c.rating',
      'c.ticket_id',
      (eb) =>
        eb
          .selectFrom('messages as m')
          .select('m.body')
          .whereRef('m.conversation_id', '=', 'c.id')
          .where('m.kind', '<>', 'note')
          .orderBy('m.seq', 'desc')
          .limit(1)
          .as('last_body'),
    ]);
}

/** The conversations a query finds, as the protocol's conversation objects. */
export async function conversationsOf(q: ReturnType<typeof conversationQuery>): Promise<ConversationOut[]> {
  return (await q.execute()).map(presentConversation);
}

export async function conversationView(db: Db | Tx, id: number): Promise<ConversationOut | undefined> {
  const row = await conversationQuery(db).where('c.id', '=', id).executeTakeFirst();
  return row && presentConversation(row);
}
