/** A closed conversation read for inspection: its messages, each shopper text's intent and mood, the shop's phrases. */
import { negativeEmotion } from '@kefu/nlp';
import type { QualityMessage, QualityTranscript } from '@kefu/domain';
import type { Db, Tx } from '../db/database.ts';
import { understanding, type Understanding } from '../knowledge/bot.ts';

/** The longest conversation read whole; a longer one is inspected on its first messages. */
const MAX_MESSAGES = 2000;

let reader: Understanding | undefined;
/** The shopper-message reading live chat routes with (the intent model, the negative-emotion cues), loaded on first use. */
const understand = (text: string) => (reader ??= understanding((t) => negativeEmotion(t)))(text);

export interface ClosedConversation {
  transcript: QualityTranscript;
  /** Every agent's text messages (a colleague's before a transfer too): the chat's forbidden-phrase hits are logged from them. */
  agentTexts: QualityMessage[];
}

/** Reads conversation `id` for inspection as agent `agentId`'s (the one it closed with), or undefined when it is gone. */
export async function readClosedConversation(db: Db | Tx, id: number, agentId: number): Promise<ClosedConversation | undefined> {
  const conv = await db
    .selectFrom('conversations as c')
    .leftJoin('tickets as t', 't.id', 'c.ticket_id')
    .select(['c.id', 'c.assigned_at', 't.order_id'])
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (!conv) return undefined;
  const [rows, phrases] = await Promise.all([
    db
      .selectFrom('messages')
      .select(['id', 'seq', 'sender_kind', 'sender_id', 'kind', 'body', 'at'])
      .where('conversation_id', '=', id)
      .orderBy('seq')
      .limit(MAX_MESSAGES)
      .execute(),
    db.selectFrom('forbidden_phrases').select(['phrase', 'suggestion']).orderBy('id').execute(),
  ]);
  const messages = rows.map((m): QualityMessage => {
    const reading = m.sender_kind === 'shopper' && m.kind === 'text' ? understand(m.body) : undefined;
    return {
      id: String(m.id),
      seq: m.seq,
      from: m.sender_kind as QualityMessage['from'],
      senderId: m.sender_id,
      kind: m.kind,
      body: m.body,
      at: m.at,
      intent: reading?.intent ?? null,
      negative: reading?.negative ?? false,
    };
  });
  return {
    transcript: { agentId, assignedAt: conv.assigned_at, orderLinked: conv.order_id !== null, messages, phrases },
    agentTexts: messages.filter((m) => m.from === 'agent' && m.kind === 'text'),
  };
}
