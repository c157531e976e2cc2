/**
 * Forbidden phrases (服务忌语) on every outbound path: live chat, a ticket reply and the e-mail it becomes, an
 * after-sale note to the shopper. One check, the one the chat composer uses (@kefu/domain findForbidden), before the
 * text is stored or sent; each hit is logged for quality inspection, and the text is refused naming the phrase and
 * what to say instead (over the chat socket an `error` frame for the send's clientId, which the composer shows).
 */
import { findForbidden } from '@kefu/domain';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { refuse } from '../http/errors.ts';

type Where = { channel: 'chat'; conversationId: number } | { channel: 'ticket' | 'email'; ticketId: number };

async function refuseForbidden(db: Db, userId: number, body: string, field: string, where: () => Promise<Where | null>): Promise<void> {
  const phrases = await db.selectFrom('forbidden_phrases').select(['phrase', 'suggestion']).orderBy('id').execute();
  const hits = findForbidden(body, phrases);
  if (!hits.length) return;
  const at = await where();
  // Nothing to log against (no such ticket): storing the text answers 404.
  if (!at) return;
  const subject = at.channel === 'chat' ? { conversation_id: at.conversationId } : { ticket_id: at.ticketId };
  await db
    .insertInto('quality_phrase_hits')
    .values(hits.map((h) => ({ channel: at.channel, ...subject, user_id: userId, phrase: h.phrase, blocked: true })))
    .execute();
  const fields = hits.map((h) => ({
    field,
    reason: `contains the forbidden phrase (服务忌语) "${h.phrase}"${h.suggestion ? `; say instead: "${h.suggestion}"` : ''}`,
  }));
  throw refuse('invalid_input', fields.map((f) => `${field}: ${f.reason}`).join('; '), {
    fields,
    forbiddenPhrases: hits.map((h) => ({ phrase: h.phrase, suggestion: h.suggestion })),
  });
}

/**
 * Refuses (400 invalid_input on `field`) a ticket reply by `userId` that holds a forbidden phrase, after logging each
 * phrase. `mailOn`: replies are e-mailed (SMTP is set), so a reply to a customer with an address is an e-mail.
 */
export function refuseForbiddenReply(db: Db, userId: number, ticketId: number, body: string, mailOn: boolean, field = 'body'): Promise<void> {
  return refuseForbidden(db, userId, body, field, async () => {
    const ticket = await db
      .selectFrom('tickets as t')
      .select(sql<boolean>`exists (select 1 from customer_identities ci where ci.customer_id = t.customer_id and ci.kind = 'email')`.as('has_email'))
      .where('t.id', '=', ticketId)
      .executeTakeFirst();
    return ticket ? { channel: mailOn && ticket.has_email ? 'email' : 'ticket', ticketId } : null;
  });
}

/** Refuses an agent's live-chat text that holds a forbidden phrase (internal notes are not checked). */
export function refuseForbiddenChat(db: Db, userId: number, conversationId: number, body: string): Promise<void> {
  return refuseForbidden(db, userId, body, 'body', async () => ({ channel: 'chat', conversationId }));
}
