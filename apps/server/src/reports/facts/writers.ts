import { sql, type RawBuilder } from 'kysely';
import type { Db, Tx } from '../../db/database.ts';
import { afterSaleFacts } from './aftersale-facts.ts';
import { conversationFacts } from './conversation-facts.ts';
import { markSecondContacts } from './second-contact.ts';
import { ticketFacts } from './ticket-facts.ts';

/**
 * The per-event writers: the rebuild's statements (rebuild.ts) restricted to one case, in one transaction with the
 * second contacts of its customer. A customer's cases are marked one writer at a time (an advisory lock per
 * customer), so a chat and a ticket of the same shopper written at once by two processes both see each other.
 * Writing a case again gives the same row: redelivered events change nothing.
 */

/** A closed conversation's facts (a conversation still open has none yet: it is written when it closes). */
export async function writeConversationFact(db: Db, conversationId: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const customers = await lockCustomers(
      tx,
      sql`select customer_id from conversations where id = ${conversationId}
        union all select customer_id from report_conversations where conversation_id = ${conversationId}`,
    );
    await conversationFacts(sql`c.id = ${conversationId}`).execute(tx);
    await markCustomers(tx, customers);
  });
}

/**
 * A ticket's facts, and those that read the ticket: the conversation it was filed from (its category, product,
 * escalation) and its after-sales (their agent and root cause).
 */
export async function writeTicketFact(db: Db, ticketId: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const customers = await lockCustomers(
      tx,
      sql`select customer_id from tickets where id = ${ticketId}
        union all select customer_id from report_tickets where ticket_id = ${ticketId}`,
    );
    await ticketFacts(sql`t.id = ${ticketId}`).execute(tx);
    await conversationFacts(sql`c.id = (select k.conversation_id from tickets k where k.id = ${ticketId})`).execute(tx);
    await afterSaleFacts(sql`a.ticket_id = ${ticketId}`).execute(tx);
    await markCustomers(tx, customers);
  });
}

export async function writeAfterSaleFact(db: Db, afterSaleId: number): Promise<void> {
  await afterSaleFacts(sql`a.id = ${afterSaleId}`).execute(db);
}

/** Takes the customers' locks in id order (no deadlock between two writers) and returns them. */
async function lockCustomers(tx: Tx, customerIds: RawBuilder<unknown>): Promise<number[]> {
  const { rows } = await sql<{ customer_id: number }>`
    select distinct customer_id from (${customerIds}) as c (customer_id) where customer_id is not null order by customer_id`.execute(tx);
  const ids = rows.map((r) => r.customer_id);
  for (const id of ids) await sql`select pg_advisory_xact_lock(hashtext(current_schema() || '.report-customer:' || ${id}::text))`.execute(tx);
  return ids;
}

async function markCustomers(tx: Tx, customerIds: number[]): Promise<void> {
  if (customerIds.length) await markSecondContacts(sql`customer_id in (${sql.join(customerIds)})`).execute(tx);
}
