import type { Db } from '../db/database.ts';
import type { Delivered } from '../events/types.ts';
import { recordChatRating } from './answer.ts';
import { surveyCase } from './send.ts';

/** `ticket.changed`: a ticket moved to solved is surveyed (once: surveyCase keeps one per case). */
export async function surveySolvedTicket(db: Db, event: Delivered<'ticket.changed'>) {
  const { kind, data, ticketId } = event.payload;
  if (kind === 'status' && data.to === 'solved') await surveyCase(db, 'ticket', ticketId);
}

/** `aftersale.moved`: an after-sale closed is surveyed. */
export async function surveyClosedAfterSale(db: Db, event: Delivered<'aftersale.moved'>) {
  if (event.payload.to === 'closed') await surveyCase(db, 'after_sale', event.payload.afterSaleId);
}

/** `conversation.rated`: the chat's stars are its survey's answer. */
export const surveyRatedChat = (db: Db, event: Delivered<'conversation.rated'>) => recordChatRating(db, event.payload.conversationId);
