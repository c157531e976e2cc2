import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';

/**
 * Keeps `tickets.sla_due_at` — the earliest due time among the clocks running on a ticket and on its after-sales
 * and tasks — so the lists sort and filter by "due soon" on one indexed column. Called by sla/ after each change.
 */
export async function refreshTicketDue(tx: Tx, ticketIds: readonly number[]): Promise<void> {
  await sql`update tickets set sla_due_at = (
      select min(c.due_at) from sla_clocks c where c.ticket_id = tickets.id and c.state = 'running')
    where id = any(${ticketIds}::int[])`.execute(tx);
}
