import { sql, type Kysely, type RawBuilder } from 'kysely';
import { analyzeTables } from '../../db/maintenance.ts';
import type { DB } from '../../db/schema.ts';
import { afterSaleFacts } from './aftersale-facts.ts';
import { conversationFacts } from './conversation-facts.ts';
import { markSecondContacts } from './second-contact.ts';
import { ticketFacts } from './ticket-facts.ts';

const SOURCES = ['conversations', 'messages', 'bot_answers', 'tickets', 'ticket_events', 'ticket_escalations', 'after_sales', 'order_lines'];
const FACTS = ['report_conversations', 'report_tickets', 'report_aftersales'];

export interface RebuildOptions {
  /** Only cases opened, moved or closed since then (and second contacts among their customers' cases). */
  since?: Date;
}

/**
 * (Re)writes the reporting facts of every case in bulk — closed conversations, tickets, after-sales — then marks
 * second contacts: a few set-based statements, the same ones the per-event writers run for one case (writers.ts).
 * Used by the demo seed, the benchmarks and after an upgrade; safe to run again (each row is rewritten whole).
 */
export async function rebuildFacts(
  db: Kysely<DB>,
  options: RebuildOptions = {},
): Promise<{ conversations: number; tickets: number; afterSales: number }> {
  const { since } = options;
  const started = (await sql<{ now: Date }>`select now() as now`.execute(db)).rows[0]!.now;
  const all = sql<boolean>`true`;
  // A whole rebuild follows bulk writes (the demo seed, a benchmark fill, an upgrade): plan it on fresh statistics.
  if (!since) await analyzeTables(db, SOURCES);
  const conversations = await written(db, conversationFacts(since ? sql`(c.closed_at >= ${since} or c.created_at >= ${since})` : all));
  const tickets = await written(db, ticketFacts(since ? sql`(t.updated_at >= ${since} or t.created_at >= ${since})` : all));
  const afterSales = await written(db, afterSaleFacts(since ? sql`(a.updated_at >= ${since} or a.created_at >= ${since})` : all));
  await markSecondContacts(since ? customersWrittenSince(started) : all).execute(db);
  if (!since) await analyzeTables(db, FACTS);
  return { conversations, tickets, afterSales };
}

/** The customers with a fact written at or after `at`: whose second contacts may have changed. */
function customersWrittenSince(at: Date): RawBuilder<boolean> {
  return sql`customer_id in (
    select f.customer_id from report_conversations f where f.updated_at >= ${at}
    union select f.customer_id from report_tickets f where f.updated_at >= ${at})`;
}

async function written(db: Kysely<DB>, statement: RawBuilder<{ n: number }>): Promise<number> {
  return (await statement.execute(db)).rows[0]?.n ?? 0;
}
