import { ticketCategoryForIntent, type Severity, type TicketCategory, type TicketType } from '@kefu/domain';
import { calibratedIntent } from '@kefu/nlp';
import type { Db } from '../db/database.ts';
import { conflict } from '../http/errors.ts';
import { createTicket, getTicket } from '../tickets/service.ts';
import { conversationFor, type StaffMember } from './access.ts';
import { INTENT_LABEL } from './bot-turns.ts';

export type FileAsTicket =
  | {
      new: {
        /** Left out: what the conversation is about decides it (`filingForIntent`). */
        type?: TicketType;
        subject: string;
        category?: TicketCategory;
        severity?: Severity;
        transcript: string;
        /** What the shopper wrote, oldest first: the conversation's intent is read from it. */
        shopperTexts?: string[];
      };
    }
  | { existingTicketId: number };

let intentOf: ReturnType<typeof calibratedIntent> | undefined;

/**
 * What a conversation is about: the intent of @kefu/nlp's model most of the shopper's messages carry, the earliest
 * winning a tie (the question that opened it; later lines are follow-ups); 'other' when none says anything. A size
 * question followed by "好的，什么时候发货" is a size question, not the intent of its last line.
 */
export function conversationIntent(texts: readonly string[]): string {
  intentOf ??= calibratedIntent();
  const counts = new Map<string, { n: number; first: number }>();
  texts.forEach((text, i) => {
    const { intent } = intentOf!(text);
    if (intent === 'other') return;
    counts.set(intent, { n: (counts.get(intent)?.n ?? 0) + 1, first: counts.get(intent)?.first ?? i });
  });
  const ranked = [...counts.entries()].sort((a, b) => b[1].n - a[1].n || a[1].first - b[1].first);
  return ranked[0]?.[0] ?? 'other';
}

/** The ticket an intent files as: its type, its category (问题分类) and a tag naming what was asked (尺码). */
export function filingForIntent(intent: string): { type: TicketType; category: TicketCategory | null; tags: string[] } {
  const type: TicketType =
    intent === 'complaint' ? 'complaint' : intent === 'return_refund' || intent === 'exchange' || intent === 'repair' ? 'after_sale' : 'consultation';
  return { type, category: ticketCategoryForIntent(intent), tags: intent in INTENT_LABEL ? [INTENT_LABEL[intent]!] : [] };
}

/**
 * Files a conversation as a ticket (a new one, or one that exists) in one transaction that holds the conversation
 * row, so two requests at once file it once: the later one finds the link made. A conversation files at most one
 * ticket: asking again answers the ticket it has (`alreadyLinked`); naming a different ticket is a 409 that says
 * which one it has. A new ticket keeps the conversation's skill group, and takes its type, category and tag from what
 * the conversation is about unless the agent chose them.
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
      const { subject, severity, transcript } = request.new;
      const { group_id } = await tx.selectFrom('conversations').select('group_id').where('id', '=', conversationId).executeTakeFirstOrThrow();
      const derived = filingForIntent(conversationIntent(request.new.shopperTexts ?? []));
      const type = request.new.type ?? derived.type;
      // The agent's category wins; a derived one only on the type it was derived for.
      const category = request.new.category ?? (type === derived.type ? (derived.category ?? undefined) : undefined);
      ticketId = (
        await createTicket(tx, me, {
          type,
          subject,
          description: transcript,
          customerId: conv.customer_id,
          assigneeId: me.id,
          groupId: group_id,
          tags: derived.tags,
          category,
          severity,
        })
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
