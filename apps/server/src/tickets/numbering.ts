import { formatTicketNumber, numberPrefix, shanghaiDay, type TicketType } from '@kefu/domain';
import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';

/**
 * The next readable number of the day for this ticket type, e.g. TS20261122-0042; unique across processes.
 * Called outside the ticket's own transaction (its own short statement), the day's counter row is locked only
 * for that statement, not for the whole creation; a creation that then fails leaves a gap, never a duplicate.
 */
export async function nextTicketNumber(tx: Db | Tx, type: TicketType, now = new Date()): Promise<string> {
  const prefix = numberPrefix(type);
  const day = shanghaiDay(now);
  const row = await tx
    .insertInto('ticket_counters')
    .values({ prefix, day, last: 1 })
    .onConflict((oc) => oc.columns(['prefix', 'day']).doUpdateSet({ last: sql<number>`ticket_counters.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return formatTicketNumber(type, day, row.last);
}
