import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import { afterSaleFacts } from './aftersale-facts.ts';
import { conversationFacts } from './conversation-facts.ts';
import { markSecondContacts } from './second-contact.ts';
import { ticketFacts } from './ticket-facts.ts';

const BATCH = 1000;
/** Batches per kind and run: a run stays short; the next run (every 10 minutes) goes on where this one stopped. */
const MAX_BATCHES = 20;

/**
 * The job `reports.backfill-facts`: writes the facts of cases that have none, or whose fact is older than the case
 * — data from before the listeners (an upgrade), or a change whose event a listener missed — in batches of ids,
 * with the rebuild's statements, then the second contacts of their customers.
 */
export async function backfillFacts(db: Db): Promise<{ conversations: number; tickets: number; afterSales: number }> {
  return {
    conversations: await inBatches(
      db,
      sql`select c.id from conversations c left join report_conversations f on f.conversation_id = c.id
        where c.closed_at is not null
          and (f.conversation_id is null or f.closed_at is distinct from c.closed_at or f.csat is distinct from c.rating)`,
      (ids) => conversationFacts(sql`c.id in (${ids})`),
      (ids) => sql`customer_id in (select customer_id from conversations where id in (${ids}))`,
    ),
    tickets: await inBatches(
      db,
      sql`select t.id from tickets t left join report_tickets f on f.ticket_id = t.id
        where f.ticket_id is null or f.updated_at < t.updated_at`,
      (ids) => ticketFacts(sql`t.id in (${ids})`),
      (ids) => sql`customer_id in (select customer_id from tickets where id in (${ids}))`,
    ),
    afterSales: await inBatches(
      db,
      sql`select a.id from after_sales a left join report_aftersales f on f.after_sale_id = a.id
        where f.after_sale_id is null or f.updated_at < a.updated_at`,
      (ids) => afterSaleFacts(sql`a.id in (${ids})`),
      null,
    ),
  };
}

async function inBatches(
  db: Db,
  stale: RawBuilder<unknown>,
  write: (ids: RawBuilder<unknown>) => RawBuilder<unknown>,
  customers: ((ids: RawBuilder<unknown>) => RawBuilder<boolean>) | null,
): Promise<number> {
  let done = 0;
  let after = 0;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    // By id from where the last batch ended: a case that stays stale (its clock ahead of ours) is not taken twice.
    const { rows } = await sql<{ id: number }>`select id from (${stale}) as s (id) where id > ${after} order by id limit ${BATCH}`.execute(db);
    if (!rows.length) break;
    after = rows.at(-1)!.id;
    const ids = sql.join(rows.map((r) => r.id));
    await db.transaction().execute(async (tx) => {
      await write(ids).execute(tx);
      if (customers) await markSecondContacts(customers(ids)).execute(tx);
    });
    done += rows.length;
    if (rows.length < BATCH) break;
  }
  return done;
}
