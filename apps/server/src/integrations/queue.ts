import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Delivered } from '../events/types.ts';

/** What a receiver gets for an event: its id (for de-duplication on their side), type, time and payload (ids and facts). */
export function eventBody(event: Pick<Delivered, 'id' | 'type' | 'occurredAt' | 'payload'>): string {
  return JSON.stringify({ id: String(event.id), type: event.type, occurredAt: event.occurredAt.toISOString(), data: event.payload });
}

/**
 * Queues one delivery per event and active subscription that wants its type, in one statement; an event seen twice
 * (the room delivers at least once) is queued once. Returns how many were queued.
 */
export async function queueEventSends(db: Db, events: Delivered[]): Promise<number> {
  if (!events.length) return 0;
  const { rows } = await sql<{ n: number }>`
    with queued as (
      insert into webhook_sends (subscription_id, event_id, event_type, body)
      select s.id, e.id, e.type, e.body
      from unnest(${events.map((e) => e.id)}::bigint[], ${events.map((e) => e.type)}::text[], ${events.map(eventBody)}::text[])
        with ordinality as e(id, type, body, n)
      join webhook_subscriptions s on s.active and e.type = any(s.event_types)
      order by e.n, s.id
      on conflict (subscription_id, event_id) do nothing
      returning 1)
    select count(*)::int as n from queued`.execute(db);
  return rows[0]?.n ?? 0;
}
