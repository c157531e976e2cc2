import type { Severity, TicketCategory, TicketType } from '@kefu/domain';
import type { Db } from '../db/database.ts';
import { conflict } from '../http/errors.ts';
import { createTicket, getTicket } from '../tickets/service.ts';
import { conversationFor, type StaffMember } from './access.ts';

export type FileAsTicket =
  { new: { type: TicketType; subject: string; category?: TicketCategory; severity?: Severity; transcript: string } } | { existingTicketId: number };

/**
 * Files a conversation as a ticket (a new one, or one that exists) in one transaction that holds the conversation
 * row, so two requests at once file it once: the later one finds the link made. A conversation files at most one
 * ticket: asking again answers the ticket it has (`alreadyLinked`); naming a different ticket is a 409 that says
 * which one it has.
 */
export async function fileConversationAsTicket(db: Db, me: StaffMember, conversationId: number, request: FileAsTicket) {
  return db.transaction().execute(async (tx) => {
    // The gate again, under the lock: the conversation may have moved to someone else since the request came in.
    const conv = await conversationFor(tx, me, conversationId, 'convert', { forUpdate: true });
    if (conv.ticket_id !== null) {
      if ('existingTicketId' in request && request.existingTicketId !== conv.ticket_id) {
        throw conflict(`this conversation is already linked to ticket #${conv.ticket_id}`, { ticketId: conv.ticket_id });
      }
      return { ticket: await getTicket(tx, conv.ticket_id, me), alreadyLinked: true };
    }
    let ticketId: number;
    if ('existingTicketId' in request) {
      ticketId = (await getTicket(tx, request.existingTicketId, me)).id;
    } else {
      const { type, subject, category, severity, transcript } = request.new;
      ticketId = (
        await createTicket(tx, me, { type, subject, description: transcript, customerId: conv.customer_id, assigneeId: me.id, category, severity })
      ).id;
    }
    await tx.updateTable('conversations').set({ ticket_id: ticketId }).where('id', '=', conversationId).execute();
    // A ticket keeps the first conversation it was filed from.
    await tx
      .updateTable('tickets')
      .set({ conversation_id: conversationId })
      .where('id', '=', ticketId)
      .where('conversation_id', 'is', null)
      .execute();
    return { ticket: await getTicket(tx, ticketId, me), alreadyLinked: false };
  });
}
