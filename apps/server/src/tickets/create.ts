import {
  allowedTransitions,
  initialStatus,
  missingComplaintField,
  missingSuggestionField,
  type Channel,
  type Severity,
  type TicketCategory,
  type TicketPriority,
  type TicketStatus,
  type TicketType,
} from '@kefu/domain';
import { CompiledQuery, type Selectable } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';
import type { TicketsTable } from '../db/schema/people.ts';
import { auditInsertFromSql } from '../audit/audit.ts';
import { badRequest } from '../http/errors.ts';
import { indexableTokens } from '../search/tsvector.ts';
import { clockInsertFromArraysSql, clocksFromJson, earliestDue, insertedClocksJson } from '../sla/clock.ts';
import { openingMetrics, planTicketClocks } from './clocks.ts';
import { numberDraw, numberSql } from './numbering.ts';
import { timelineEntriesFromSql, timelineEventsFrom } from './timeline.ts';

export interface TicketInput {
  type: TicketType;
  subject: string;
  description?: string;
  priority?: TicketPriority;
  category?: TicketCategory | null;
  severity?: Severity | null;
  customerId?: number | null;
  orderId?: number | null;
  assigneeId?: number | null;
  groupId?: number | null;
  tags?: string[];
  /** Where the case came in (the web by default). */
  channel?: Channel;
  /** The product the case is about (a suggestion's product). */
  productId?: number | null;
}

const COLUMNS = [
  'id',
  'number',
  'type',
  'status',
  'priority',
  'category',
  'severity',
  'subject',
  'description',
  'customer_id',
  'order_id',
  'assignee_id',
  'group_id',
  'tags',
  'version',
  'created_at',
  'updated_at',
  'solved_at',
  'closed_at',
  'answered_at',
  'sla_due_at',
  'channel',
  'escalation_level',
  'root_cause',
  'product_id',
  'solution',
  'solution_at',
  'confirmed_at',
  'closed_unconfirmed_reason',
] as const;

type CreatedRow = Pick<Selectable<TicketsTable>, (typeof COLUMNS)[number]> & {
  customer_name: string | null;
  assignee_name: string | null;
  group_name: string | null;
  product_name: string | null;
  new_clocks: unknown[];
};

/**
 * The whole create as one statement, the same text every time (prepared once per connection where the driver
 * prepares): the ticket with its number drawn from its day's sequence, its clocks (arrays, so any number of them),
 * its "created" entry and domain event, the audit entry, and the answer from the inserted rows — the referenced
 * names by primary key, the clocks from their insert. Built once: the SQL fragments shared with other writers
 * (the entry's event, the inserted clocks) are compiled into it on first use.
 */
let createSql: string | undefined;

function createStatement(db: Db | Tx): string {
  if (createSql) return createSql;
  const events = timelineEventsFrom('e').compile(db);
  const clocks = insertedClocksJson('c').compile(db);
  if (events.parameters.length || clocks.parameters.length) throw new Error('shared fragments of the create must not take parameters');
  createSql = `with t as (
    insert into tickets (number, type, category, severity, priority, channel, status, subject, description,
      customer_id, order_id, product_id, assignee_id, group_id, tags, search, created_by, sla_due_at)
    select n.number, $4, $5, $6, $7, $8, $9, $10, $11, $12::int, $13::int, $14::int, $15::int, $16::int, $17::text[],
      array_to_tsvector(array_append($18::text[], lower(n.number))), $19::int, $20::timestamptz
    from (select ${numberSql('$1', '$2', '$3')} as number) as n
    returning ${COLUMNS.join(', ')}
  ), c as (${clockInsertFromArraysSql('t', 'ticket', 'id', 21)}
  ), e as (${timelineEntriesFromSql('t', '$19::int', 'created', "jsonb_build_object('type', t.type, 'status', t.status, 'number', t.number)")}
  ), ev as ${events.sql}, a as (${auditInsertFromSql('t', '$19::int', 'ticket.create', 'ticket', "jsonb_build_object('number', t.number)")}
  )
  select t.*, ${clocks.sql} as new_clocks,
    (select name from customers where id = t.customer_id) as customer_name,
    (select display_name from users where id = t.assignee_id) as assignee_name,
    (select name from skill_groups where id = t.group_id) as group_name,
    (select name from products where id = t.product_id) as product_name
  from t`;
  return (createSql = prepared(createSql));
}

/**
 * Opens a ticket in one statement (atomic on its own, one round trip; see `createStatement`), its clocks planned
 * under the policies this process last read. A reference to a record that does not exist fails on its foreign key,
 * which the error handler reports as a 400 naming the field. `actor.id` is null when the system opens the ticket
 * (a shopper's left message). In a caller's transaction, the ticket is that transaction's.
 */
export async function createTicket(db: Db | Tx, actor: { id: number | null }, input: TicketInput) {
  const missing = missingComplaintField(input.type, input.category, input.severity);
  if (missing) throw badRequest(`body.${missing}`, 'a complaint must be classified and given a severity');
  if (missingSuggestionField(input.type, input.description)) throw badRequest('body.description', 'a suggestion says why the shopper asks for it');
  const now = new Date();
  const status = initialStatus(input.type, input.assigneeId != null);
  const priority = input.priority ?? (input.type === 'complaint' ? 'high' : 'normal');
  const channel = input.channel ?? 'web';
  const facts = { type: input.type, category: input.category ?? null, severity: input.severity ?? null, priority, channel };
  // Both answer from memory on the hot path: the day's committed base, the policies this process last read.
  const draw = await numberDraw(db, input.type, now);
  const planned = await planTicketClocks(db as Db, db, { ...facts, customer_id: input.customerId ?? null }, openingMetrics(input.type), now);
  const tags = input.tags ?? [];
  const { rows } = await db.executeQuery<CreatedRow>(
    CompiledQuery.raw(createStatement(db), [
      draw.head,
      draw.sequence,
      draw.base,
      input.type,
      facts.category,
      facts.severity,
      priority,
      channel,
      status,
      input.subject,
      input.description ?? '',
      input.customerId ?? null,
      input.orderId ?? null,
      input.productId ?? null,
      input.assigneeId ?? null,
      input.groupId ?? null,
      tags,
      indexableTokens([input.subject, input.description], tags),
      actor.id,
      earliestDue(planned)?.toISOString() ?? null,
      planned.map((c) => c.metric),
      planned.map((c) => c.policyId),
      planned.map((c) => c.startedAt.toISOString()),
      planned.map((c) => c.dueAt.toISOString()),
      planned.map((c) => c.warnAt.toISOString()),
      planned.map((c) => c.totalMs),
    ]),
  );
  const { new_clocks, ...created } = rows[0]!;
  return {
    ...created,
    // A new ticket has had no reply, so no feedback either.
    fed_back: false,
    allowedStatuses: allowedTransitions(created.status as TicketStatus),
    clocks: clocksFromJson(new_clocks),
    escalations: [],
  };
}
