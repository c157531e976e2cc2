import type { SurveyKind } from '@kefu/domain';
import type { Db, Tx } from '../db/database.ts';

/** What a survey needs to know of its case: who to ask, whose work it rates, where the shopper came from. */
export interface CaseFacts {
  kind: SurveyKind;
  caseId: number;
  label: string;
  ticketId: number | null;
  customerId: number | null;
  agentId: number | null;
  conversationId: number | null;
  /** The case came in through the chat (the shopper is asked there first). */
  fromChat: boolean;
  /** The case is still done (solved, closed): a reopened case is not surveyed. */
  done: boolean;
}

export async function caseFacts(db: Db | Tx, kind: SurveyKind, caseId: number): Promise<CaseFacts | undefined> {
  if (kind === 'ticket') {
    const t = await db
      .selectFrom('tickets')
      .select(['id', 'number', 'customer_id', 'assignee_id', 'conversation_id', 'channel', 'status'])
      .where('id', '=', caseId)
      .executeTakeFirst();
    if (!t) return undefined;
    return {
      kind,
      caseId,
      label: t.number,
      ticketId: t.id,
      customerId: t.customer_id,
      agentId: t.assignee_id,
      conversationId: t.conversation_id,
      fromChat: t.conversation_id !== null || t.channel === 'chat',
      done: t.status === 'solved' || t.status === 'closed',
    };
  }
  if (kind === 'after_sale') {
    const a = await db
      .selectFrom('after_sales as a')
      .innerJoin('tickets as t', 't.id', 'a.ticket_id')
      .select([
        'a.id',
        'a.state',
        'a.customer_id',
        't.id as ticket_id',
        't.number',
        't.customer_id as ticket_customer_id',
        't.assignee_id',
        't.conversation_id',
        't.channel',
      ])
      .where('a.id', '=', caseId)
      .executeTakeFirst();
    if (!a) return undefined;
    return {
      kind,
      caseId,
      label: `${a.number} 售后 #${a.id}`,
      ticketId: a.ticket_id,
      customerId: a.customer_id ?? a.ticket_customer_id,
      agentId: a.assignee_id,
      conversationId: a.conversation_id,
      fromChat: a.conversation_id !== null || a.channel === 'chat',
      done: a.state === 'closed',
    };
  }
  const c = await db
    .selectFrom('conversations')
    .select(['id', 'customer_id', 'agent_id', 'ticket_id', 'status'])
    .where('id', '=', caseId)
    .executeTakeFirst();
  if (!c) return undefined;
  return {
    kind,
    caseId,
    label: `会话 #${c.id}`,
    ticketId: c.ticket_id,
    customerId: c.customer_id,
    agentId: c.agent_id,
    conversationId: c.id,
    fromChat: true,
    done: c.status === 'closed',
  };
}
