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
 * Tickets' facts, and those that read the tickets: the conversations they were filed from (category, product,
 * escalation) and their after-sales (agent and root cause). Many tickets in one transaction: under load the
 * listener gets its events in batches, and a statement per batch costs little more than one per ticket.
 */
export async function writeTicketFacts(db: Db, ticketIds: number[]): Promise<void> {
  const ids = [...new Set(ticketIds)];
  if (!ids.length) return;
  await db.transaction().execute(async (tx) => {
    const customers = await lockCustomers(
      tx,
      sql`select customer_id from tickets where id = any(${ids}::bigint[])
        union all select customer_id from report_tickets where ticket_id = any(${ids}::bigint[])`,
    );
    await ticketFacts(sql`t.id = any(${ids}::bigint[])`).execute(tx);
    // Most tickets come from no chat and have no after-sale: those statements are skipped, not run on nothing.
    const { rows } = await sql<{ conversations: number[]; after_sales: boolean }>`
      select coalesce(array_agg(distinct conversation_id) filter (where conversation_id is not null), '{}') as conversations,
        exists (select 1 from after_sales where ticket_id = any(${ids}::bigint[])) as after_sales
      from tickets where id = any(${ids}::bigint[])`.execute(tx);
    const conversations = rows[0]?.conversations ?? [];
    if (conversations.length) await conversationFacts(sql`c.id = any(${conversations}::bigint[])`).execute(tx);
    if (rows[0]?.after_sales) await afterSaleFacts(sql`a.ticket_id = any(${ids}::bigint[])`).execute(tx);
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
  if (ids.length) {
    await sql`select pg_advisory_xact_lock(hashtext(current_schema() || '.report-customer:' || id::text))
      from unnest(${ids}::bigint[]) with ordinality as c (id, n) order by n`.execute(tx);
  }
  return ids;
}

async function markCustomers(tx: Tx, customerIds: number[]): Promise<void> {
  if (customerIds.length) await markSecondContacts(sql`customer_id in (${sql.join(customerIds)})`).execute(tx);
}
