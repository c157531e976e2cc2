/**
 * The automatic inspection (listener `quality.inspect` of `conversation.closed`): scores the conversation, decides
 * whether it goes to review, and logs the forbidden phrases its agents used. One inspection per conversation: a
 * redelivered or repeated close finds it made and changes nothing.
 */
import { findForbidden, inspectConversation, isInspectable, sampleReason } from '@kefu/domain';
import type { Db } from '../db/database.ts';
import type { PayloadOf } from '../events/types.ts';
import { ruleFromRow, ruleRows, samplingSettings } from './rules.ts';
import { readClosedConversation, type ClosedConversation } from './transcript.ts';

export type InspectOutcome = 'inspected' | 'already' | 'not_inspected';

/** `draw` (0 ≤ draw < 1) decides the random sample; tests pass their own. */
export async function inspectClosedConversation(
  db: Db,
  p: PayloadOf<'conversation.closed'>,
  draw: () => number = Math.random,
): Promise<InspectOutcome> {
  const agentId =
    p.agentId ?? (await db.selectFrom('conversations').select('agent_id').where('id', '=', p.conversationId).executeTakeFirst())?.agent_id;
  if (!agentId) return 'not_inspected';
  const already = await db
    .selectFrom('quality_inspections')
    .select('conversation_id')
    .where('conversation_id', '=', p.conversationId)
    .executeTakeFirst();
  if (already) return 'already';
  const closed = await readClosedConversation(db, p.conversationId, agentId);
  if (!closed) return 'not_inspected';
  await logChatPhrases(db, p.conversationId, closed);
  if (!isInspectable(closed.transcript)) return 'not_inspected';

  const [rules, sampling] = await Promise.all([ruleRows(db), samplingSettings(db)]);
  const result = inspectConversation(closed.transcript, rules.map(ruleFromRow));
  const reason = sampleReason(result, sampling, draw());
  const inserted = await db
    .insertInto('quality_inspections')
    .values({
      conversation_id: p.conversationId,
      agent_id: agentId,
      auto_score: result.score,
      final_score: result.score,
      hits: JSON.stringify(result.hits),
      fatal: result.fatal,
      sampled: reason !== null,
      sample_reason: reason,
    })
    .onConflict((oc) => oc.column('conversation_id').doNothing())
    .returning('conversation_id')
    .executeTakeFirst();
  return inserted ? 'inspected' : 'already';
}

/** Live chat warns the agent and lets the message go; what was sent is logged here, once per message and phrase. */
async function logChatPhrases(db: Db, conversationId: number, closed: ClosedConversation): Promise<void> {
  const hits = closed.agentTexts.flatMap((m) =>
    findForbidden(m.body, closed.transcript.phrases).map((h) => ({
      channel: 'chat',
      conversation_id: conversationId,
      message_id: m.id,
      user_id: m.senderId,
      phrase: h.phrase,
      at: m.at,
    })),
  );
  if (!hits.length) return;
  await db
    .insertInto('quality_phrase_hits')
    .values(hits)
    .onConflict((oc) => oc.columns(['message_id', 'phrase']).where('message_id', 'is not', null).doNothing())
    .execute();
}
