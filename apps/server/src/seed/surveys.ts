import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** Scores by position, mostly content, as a shop near its 90% goal sees them. */
const SCORES = [5, 5, 4, 5, 3, 5, 4, 2, 5, 4, 5, 1, 4, 5, 5, 3];
const COMMENTS: Record<number, string[]> = {
  5: ['处理很快，点赞', '客服很耐心，问题解决了', '换货很顺利，谢谢'],
  4: ['还可以，就是等得有点久', '问题解决了'],
  3: ['一般，来回沟通了好几次'],
  2: ['退款太慢了'],
  1: ['一直没人管，很失望'],
};

/**
 * The demo's satisfaction surveys: the rated chats become answered surveys (as the migration does for an existing
 * shop), and the solved tickets and closed after-sales get theirs — most answered, some still open, some expired.
 */
export async function seedSurveys(tx: Tx, now: Date): Promise<void> {
  await sql`
    insert into surveys (kind, case_id, ticket_id, customer_id, agent_id, channel, state, sent_at, answered_at, score, comment, created_at)
    select 'conversation', c.id, c.ticket_id, c.customer_id, c.agent_id, 'chat', 'answered',
      coalesce(c.closed_at, c.created_at), coalesce(c.closed_at, c.created_at), c.rating, left(c.rating_comment, 500), coalesce(c.closed_at, c.created_at)
    from conversations c where c.rating between 1 and 5
    on conflict (kind, case_id) do nothing`.execute(tx);
  const tickets = await tx
    .selectFrom('tickets')
    .select(['id', 'customer_id', 'assignee_id', 'conversation_id', 'solved_at'])
    .where('status', 'in', ['solved', 'closed'])
    .where('customer_id', 'is not', null)
    .where('solved_at', 'is not', null)
    .orderBy('id')
    .execute();
  const afterSales = await tx
    .selectFrom('after_sales as a')
    .innerJoin('tickets as t', 't.id', 'a.ticket_id')
    .select(['a.id', 'a.ticket_id', 'a.customer_id', 't.assignee_id', 't.conversation_id', 'a.updated_at'])
    .where('a.state', '=', 'closed')
    .where('a.customer_id', 'is not', null)
    .orderBy('a.id')
    .execute();
  const cases = [
    ...tickets.map((t) => ({
      kind: 'ticket',
      caseId: t.id,
      ticketId: t.id,
      customerId: t.customer_id,
      agentId: t.assignee_id,
      fromChat: t.conversation_id !== null,
      at: t.solved_at!,
    })),
    ...afterSales.map((a) => ({
      kind: 'after_sale',
      caseId: a.id,
      ticketId: a.ticket_id,
      customerId: a.customer_id,
      agentId: a.assignee_id,
      fromChat: a.conversation_id !== null,
      at: a.updated_at,
    })),
  ];
  if (!cases.length) return;
  const rows = cases.map((c, i) => {
    const sentAt = new Date(Math.min(c.at.getTime() + HOUR, now.getTime()));
    const expiresAt = new Date(sentAt.getTime() + 7 * DAY);
    const open = expiresAt > now;
    // Two in three answer; of the rest, the old ones have expired.
    const answered = i % 3 !== 2;
    const score = SCORES[i % SCORES.length]!;
    const comments = COMMENTS[score]!;
    return {
      kind: c.kind,
      case_id: c.caseId,
      ticket_id: c.ticketId,
      customer_id: c.customerId,
      agent_id: c.agentId,
      channel: c.fromChat ? 'chat' : i % 4 === 0 ? 'sms' : 'email',
      state: answered ? 'answered' : open ? 'sent' : 'expired',
      sent_at: sentAt,
      expires_at: expiresAt,
      answered_at: answered ? new Date(Math.min(sentAt.getTime() + ((i % 5) + 1) * HOUR, now.getTime())) : null,
      score: answered ? score : null,
      comment: answered && i % 2 === 0 ? comments[i % comments.length]! : null,
      created_at: sentAt,
    };
  });
  await tx
    .insertInto('surveys')
    .values(rows)
    .onConflict((oc) => oc.columns(['kind', 'case_id']).doNothing())
    .execute();
}
