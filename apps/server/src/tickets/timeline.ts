import { sql, type RawBuilder } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import { eventsFrom } from '../events/record.ts';
import type { TicketEntryKind } from '../events/types.ts';

type Change = { from: unknown; to: unknown };

/** What each kind of timeline entry keeps in `data` (the web app shows these fields). */
export interface TimelineData {
  created: { type: string; status: string; number: string };
  status: Change;
  reopened: Change;
  priority: Change;
  category: Change;
  severity: Change;
  subject: Change;
  assignee: Change;
  group: Change;
  customer: Change;
  order: Change;
  tags: Change;
  reply: { afterSaleId?: number; progress?: boolean };
  note: Record<string, never>;
  attachment: { filename: string; size: number };
  after_sale: {
    afterSaleId: number;
    kind?: string;
    from?: string;
    to?: string;
    amountFen?: number;
    override?: boolean;
    plan?: boolean;
    overdue?: string[];
  };
  answer_overdue: { dueAt: Date };
  /** A promise on the ticket (or its after-sale or task) was missed; `actions` what the policy then did. */
  sla_breached: { clockId: string; metric: string; dueAt: Date; subjectKind: string; subjectId: number; actions: string[] };
  escalated: { escalationId: number; level: string; external: boolean };
  /** A step of the complaint loop (DOMAIN §4): a solution proposed, the shopper's confirmation, closed without it. */
  complaint: { step: 'solution' | 'confirmed' | 'unconfirmed' | 'root_cause'; rootCause?: string; productId?: number | null; reason?: string };
  email_sent: { to: string };
  email_failed: { to: string; reason: string };
  /** `to` masked (138****5678): the timeline is read by everyone who works the ticket. */
  sms_sent: { to: string };
  sms_failed: { to: string; reason: string };
  /** A phone call with the shopper, from the CTI or logged by hand; `body` is the agent's note. */
  call: {
    callId: number;
    source: 'cti' | 'manual';
    direction: 'in' | 'out';
    to: string;
    state: 'answered' | 'missed';
    durationSeconds: number | null;
    recordingUrl: string | null;
  };
  task: { taskId: number; department: string; title: string; state: string; from?: string };
  /** The shopper wrote (an e-mail, an SMS; later marketplace messages): `body` is the text. */
  customer_message: { channel: string; from: string; subject?: string; attachments?: number; skippedAttachments?: string[] };
}

/** One entry on a ticket's timeline; `body` is the text of a reply, note, plan or answer. */
export type TimelineEntry = { [K in TicketEntryKind]: { kind: K; data: TimelineData[K]; body?: string | null } }[TicketEntryKind];
export interface TimelineRow {
  ticketId: number;
  actorId: number | null;
  entry: TimelineEntry;
  at?: Date;
}

/**
 * The one writer of the ticket timeline (`ticket_events`). Each entry is written with its domain event —
 * `ticket.created` for the first, `ticket.changed` for every other — in the same statement, so in the caller's
 * transaction and without another round trip. Returns the entries' ids and times, in order.
 */
export async function writeTimeline(db: Db | Tx, rows: readonly TimelineRow[]): Promise<{ id: string; at: Date }[]> {
  if (!rows.length) return [];
  const values = sql.join(
    rows.map(
      (r, n) => sql`(${r.ticketId}::int, ${r.actorId}::int, ${r.entry.kind}::text, ${r.entry.body ?? null}::text,
    ${JSON.stringify(r.entry.data)}::jsonb, ${r.at ?? null}::timestamptz, ${n}::int)`,
    ),
  );
  const { rows: written } = await sql<{ id: string; at: Date }>`
    with e as (
      insert into ticket_events (ticket_id, actor_id, kind, body, data, at)
      select ticket_id, actor_id, kind, body, data, coalesce(at, now())
      from (values ${values}) as v (ticket_id, actor_id, kind, body, data, at, n) order by n
      returning id, ticket_id, actor_id, kind, data, at
    ), ev as ${timelineEventsFrom('e')}
    select id::text as id, at from e order by e.id`.execute(db);
  return written;
}

/** One entry: see `writeTimeline`. */
export async function writeTimelineEntry(db: Db | Tx, ticketId: number, actorId: number | null, entry: TimelineEntry) {
  const [written] = await writeTimeline(db, [{ ticketId, actorId, entry }]);
  return written!;
}

/**
 * For a statement that also writes the tickets: the INSERT of one `kind` entry per row of the CTE `from` (whose
 * `id` is the ticket's), in parentheses, to add as a CTE, followed by `timelineEventsFrom(<that CTE>)` as another.
 * `data` may be SQL over `from`'s columns.
 */
export function timelineEntriesFrom<K extends TicketEntryKind>(
  from: string,
  actorId: number | null,
  kind: K,
  data: TimelineData[K] | RawBuilder<unknown>,
): RawBuilder<{ id: string; ticket_id: number }> {
  const json = isSql(data) ? data : sql`${JSON.stringify(data)}::jsonb`;
  return sql`(insert into ticket_events (ticket_id, actor_id, kind, data)
    select ${sql.ref(`${from}.id`)}, ${actorId}::int, ${kind}::text, ${json} from ${sql.table(from)}
    returning id, ticket_id, actor_id, kind, data, at)`;
}

/**
 * `timelineEntriesFrom` for one constant statement (a prepared hot path): `actor` is the statement's parameter for
 * the actor (e.g. `$19::int`), `data` SQL over `from`'s columns.
 */
export const timelineEntriesFromSql = (from: string, actor: string, kind: TicketEntryKind, data: string) =>
  `insert into ticket_events (ticket_id, actor_id, kind, data)
    select ${from}.id, ${actor}, '${kind}', ${data} from ${from}
    returning id, ticket_id, actor_id, kind, data, at`;

/** The domain events of the entries a CTE `entries` wrote (its RETURNING as above): one more CTE of the statement. */
export function timelineEventsFrom(entries: string): RawBuilder<never> {
  const e = (column: string) => sql.ref(`${entries}.${column}`);
  return eventsFrom(
    {
      subject: sql<string>`'ticket:' || ${e('ticket_id')}`,
      type: sql<string>`case when ${e('kind')} = 'created' then 'ticket.created' else 'ticket.changed' end`,
      payload: sql`jsonb_build_object('ticketId', ${e('ticket_id')}, 'entryId', ${e('id')}::text, 'kind', ${e('kind')},
      'actorId', ${e('actor_id')}, 'data', ${e('data')})`,
    },
    sql.table(entries),
    e('id'),
  );
}

const isSql = (value: unknown): value is RawBuilder<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as RawBuilder<unknown>).toOperationNode === 'function';
