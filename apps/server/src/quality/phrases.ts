/**
 * Forbidden phrases (服务忌语) on the outbound paths that are not live chat: a ticket reply, and the e-mail it becomes.
 * One check, the one the chat composer uses (@kefu/domain findForbidden), before the reply is stored or mailed; each
 * hit is logged for quality inspection, and the reply is refused naming the phrase and what to say instead.
 */
import { findForbidden } from '@kefu/domain';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { refuse } from '../http/errors.ts';

/**
 * Refuses (400 invalid_input on `field`) a ticket reply by `userId` that holds a forbidden phrase, after logging each
 * phrase. `mailOn`: replies are e-mailed (SMTP is set), so a reply to a customer with an address is an e-mail.
 */
export async function refuseForbiddenReply(db: Db, userId: number, ticketId: number, body: string, mailOn: boolean, field = 'body'): Promise<void> {
  const phrases = await db.selectFrom('forbidden_phrases').select(['phrase', 'suggestion']).orderBy('id').execute();
  const hits = findForbidden(body, phrases);
  if (!hits.length) return;
  const ticket = await db
    .selectFrom('tickets as t')
    .select(sql<boolean>`exists (select 1 from customer_identities ci where ci.customer_id = t.customer_id and ci.kind = 'email')`.as('has_email'))
    .where('t.id', '=', ticketId)
    .executeTakeFirst();
  // No such ticket: nothing to log; storing the reply answers 404.
  if (!ticket) return;
  const channel = mailOn && ticket.has_email ? 'email' : 'ticket';
  await db
    .insertInto('quality_phrase_hits')
    .values(hits.map((h) => ({ channel, ticket_id: ticketId, user_id: userId, phrase: h.phrase, blocked: true })))
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
