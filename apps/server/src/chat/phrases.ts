import { findForbidden } from '@kefu/domain';
import type { Db } from '../db/database.ts';
import { refuse } from '../http/errors.ts';

/**
 * Live chat's part of "forbidden phrases on every outbound path" (quality/phrases.ts has the ticket reply's): an
 * agent's text that holds a phrase of the shop's 服务忌语 list is refused before it is stored or reaches the shopper,
 * each phrase logged (`chat`, blocked) for quality inspection. The refusal names the phrase and what to say instead;
 * over the socket it is an `error` frame (`invalid`) for the send's clientId, which the composer shows.
 */
export async function refuseForbiddenChat(db: Db, userId: number, conversationId: number, body: string): Promise<void> {
  const phrases = await db.selectFrom('forbidden_phrases').select(['phrase', 'suggestion']).orderBy('id').execute();
  const hits = findForbidden(body, phrases);
  if (!hits.length) return;
  await db
    .insertInto('quality_phrase_hits')
    .values(hits.map((h) => ({ channel: 'chat', conversation_id: conversationId, user_id: userId, phrase: h.phrase, blocked: true })))
    .execute();
  const reasons = hits.map((h) => `contains the forbidden phrase (服务忌语) "${h.phrase}"${h.suggestion ? `; say instead: "${h.suggestion}"` : ''}`);
  throw refuse('invalid_input', reasons.map((r) => `body: ${r}`).join('; '), {
    fields: reasons.map((reason) => ({ field: 'body', reason })),
    forbiddenPhrases: hits.map((h) => ({ phrase: h.phrase, suggestion: h.suggestion })),
  });
}
