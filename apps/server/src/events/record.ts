import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
// From the schema, not db/database.ts: the database wraps its driver with commit-signal.ts, which reads this file.
import type { DB } from '../db/schema.ts';
import { subjectOf, type DomainEvent } from './types.ts';

/** A statement that records events: the commit that makes it visible wakes delivery (commit-signal.ts). */
export const RECORDS_EVENTS = /insert\s+into\s+"?domain_events"?/i;

const ROWS_PER_STATEMENT = 5000;

/**
 * Records events in the caller's transaction, so they exist exactly when the change commits; one statement
 * (per 5,000 events). Delivery to listeners starts after the commit (room.ts).
 */
export async function recordEvents(db: Kysely<DB> | Transaction<DB>, events: readonly DomainEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += ROWS_PER_STATEMENT) {
    await db
      .insertInto('domain_events')
      .values(
        events.slice(i, i + ROWS_PER_STATEMENT).map((e) => ({
          subject: subjectOf(e),
          type: e.type,
          payload: JSON.stringify(e.payload),
        })),
      )
      .execute();
  }
}

export function recordEvent(db: Kysely<DB> | Transaction<DB>, event: DomainEvent): Promise<void> {
  return recordEvents(db, [event]);
}

/**
 * The INSERT of events computed in SQL from the rows of `from` (a CTE of the same statement), in parentheses, to
 * append to a statement as one more CTE: a hot path records its events without another round trip, e.g.
 * `with m as (insert into messages … returning *), ev as ${eventsFrom({ subject: sql`'conversation:' || m.conversation_id`, … },
 * sql`m`, sql`m.id`)} select … from m`, or as a Kysely `.with('ev', () => eventsFrom(…))`. The payload must match
 * the type's schema in types.ts (checked on delivery).
 */
export function eventsFrom(
  columns: { subject: RawBuilder<string>; type: RawBuilder<string>; payload: RawBuilder<unknown> },
  from: RawBuilder<unknown>,
  orderBy: RawBuilder<unknown>,
): RawBuilder<never> {
  return sql<never>`(insert into domain_events (subject, type, payload)
    select ${columns.subject}, ${columns.type}, ${columns.payload} from ${from} order by ${orderBy})`;
}
