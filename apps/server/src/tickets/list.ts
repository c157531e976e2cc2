import { mayFindByContact, ticketForRole, type Role, type TicketPriority, type TicketStatus, type TicketType } from '@kefu/domain';
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { wordsQuery } from '../search/tsvector.ts';

export interface TicketFilter {
  status?: TicketStatus[];
  type?: TicketType[];
  priority?: TicketPriority[];
  /** a user id, or 'none' for unassigned */
  assigneeId?: number | 'none';
  groupId?: number;
  tag?: string;
  customerId?: number;
  q?: string;
  sort: 'updated_at' | 'created_at' | 'priority';
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

const TICKET_NUMBER = /^[A-Z]{2}\d{8}-\d{4,}$/i;
const PRIORITY_RANK = sql<number>`array_position(array['low','normal','high','urgent'], tickets.priority)`;
/** A text search first looks among this many most recently updated tickets (see listTickets). */
const RECENT_WINDOW = 2000;

type Tickets = SelectQueryBuilder<DB, 'tickets', object>;

function filtered(q: Tickets, f: TicketFilter): Tickets {
  if (f.status?.length) q = q.where('tickets.status', 'in', f.status);
  if (f.type?.length) q = q.where('tickets.type', 'in', f.type);
  if (f.priority?.length) q = q.where('tickets.priority', 'in', f.priority);
  if (f.assigneeId === 'none') q = q.where('tickets.assignee_id', 'is', null);
  else if (f.assigneeId) q = q.where('tickets.assignee_id', '=', f.assigneeId);
  if (f.groupId) q = q.where('tickets.group_id', '=', f.groupId);
  if (f.customerId) q = q.where('tickets.customer_id', '=', f.customerId);
  if (f.tag) q = q.where('tickets.tags', '@>', sql<string[]>`array[${f.tag}]::text[]`);
  const text = f.q?.trim();
  if (text && TICKET_NUMBER.test(text)) return q.where('tickets.number', '=', text.toUpperCase());
  if (text) {
    const words = wordsQuery(text);
    // A query with no words at all (only punctuation or emoji) matches nothing rather than everything.
    return words ? q.where(sql<boolean>`tickets.search @@ ${words}`) : q.where(sql<boolean>`false`);
  }
  return q;
}

/** One page of ids in order; customers and agents are joined after the limit, for the page only. */
async function pageOf(db: Db, q: Tickets, f: TicketFilter) {
  const sortColumn = f.sort === 'priority' ? PRIORITY_RANK : sql.ref(`tickets.${f.sort}`);
  const direction = f.order === 'asc' ? sql`asc` : sql`desc`;
  const page = q
    .select(['tickets.id', sql<unknown>`${sortColumn}`.as('sort_key')])
    .orderBy(sql`${sortColumn} ${direction}`)
    .orderBy('tickets.id', f.order)
    .limit(f.pageSize + 1)
    .offset((f.page - 1) * f.pageSize);
  const rows = await db
    .with('page', () => page)
    .selectFrom('page')
    .innerJoin('tickets', 'tickets.id', 'page.id')
    .leftJoin('customers', 'customers.id', 'tickets.customer_id')
    .leftJoin('users', 'users.id', 'tickets.assignee_id')
    .select([
      'tickets.id',
      'tickets.number',
      'tickets.type',
      'tickets.status',
      'tickets.priority',
      'tickets.category',
      'tickets.subject',
      'tickets.tags',
      'tickets.customer_id',
      'tickets.assignee_id',
      'tickets.created_at',
      'tickets.updated_at',
      'customers.name as customer_name',
      'users.display_name as assignee_name',
    ])
    .orderBy(sql`page.sort_key ${direction}`)
    .orderBy('tickets.id', f.order)
    .execute();
  return rows;
}

/**
 * A page of tickets as `viewer` may see them (`ticketForRole`); a search for a phone number or an e-mail address
 * finds nothing for roles that do not serve the shopper (`mayFindByContact`). A text search sorted by most recent update first looks among the RECENT_WINDOW most
 * recently updated tickets: when that holds a full page, it is exactly the page the whole table would give
 * (every ticket outside is older), and PostgreSQL cannot misjudge a common phrase into sorting thousands
 * of matches. Otherwise it searches the whole table.
 */
export async function listTickets(db: Db, viewer: { role: Role }, f: TicketFilter) {
  if (f.q && !mayFindByContact(viewer.role, f.q)) return { tickets: [], hasMore: false };
  const needed = f.page * f.pageSize + 1;
  let rows: Awaited<ReturnType<typeof pageOf>> | undefined;
  if (f.q && f.sort === 'updated_at' && f.order === 'desc' && needed <= RECENT_WINDOW) {
    const recent = db.selectFrom('tickets').selectAll().orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(RECENT_WINDOW).as('tickets');
    const windowed = await pageOf(db, filtered(db.selectFrom(recent) as unknown as Tickets, f), f);
    if (windowed.length === f.pageSize + 1) rows = windowed;
  }
  rows ??= await pageOf(db, filtered(db.selectFrom('tickets'), f), f);
  const total = f.q
    ? undefined
    : Number(
        (
          await filtered(db.selectFrom('tickets'), f)
            .select(sql<number>`count(*)`.as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
  return {
    tickets: rows.slice(0, f.pageSize).map((row) => ticketForRole(row, viewer.role)),
    hasMore: rows.length > f.pageSize,
    ...(total !== undefined && { total }),
  };
}
