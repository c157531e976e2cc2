/**
 * The job `quality.catch-up`: inspects the recently closed chats an agent answered that have no inspection — chats
 * closed before the listener first ran (an upgrade, a new shop's history) or whose event it missed. Newest first,
 * a batch a run, so a run stays short on the embedded database; the next run (every 10 minutes) goes on.
 */
import type { Db } from '../db/database.ts';
import { inspectClosedConversation } from './inspect.ts';

const BATCH = 200;
/** Older chats are left alone: an inspection is worth making while the agent still remembers the chat. */
const WINDOW_DAYS = 30;

export async function inspectMissed(db: Db, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - WINDOW_DAYS * 86_400_000);
  const missed = await db
    .selectFrom('conversations as c')
    .select(['c.id', 'c.agent_id'])
    .where('c.status', '=', 'closed')
    .where('c.agent_id', 'is not', null)
    .where('c.closed_at', '>=', since)
    .where(({ exists, not, selectFrom }) =>
      not(exists(selectFrom('quality_inspections as q').select('q.conversation_id').whereRef('q.conversation_id', '=', 'c.id'))),
    )
    // Only what the inspection takes (@kefu/domain isInspectable): the agent it closed with answered the shopper.
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('messages as m')
          .select('m.id')
          .whereRef('m.conversation_id', '=', 'c.id')
          .where('m.sender_kind', '=', 'agent')
          .whereRef('m.sender_id', '=', 'c.agent_id')
          .where('m.kind', 'not in', ['note', 'system']),
      ),
    )
    .orderBy('c.closed_at', 'desc')
    .limit(BATCH)
    .execute();
  let inspected = 0;
  for (const c of missed) {
    if ((await inspectClosedConversation(db, { conversationId: c.id, agentId: c.agent_id, reason: null })) === 'inspected') inspected++;
  }
  return inspected;
}
