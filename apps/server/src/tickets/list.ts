import { mayFindByContact, ticketForRole, type Department, type Role, type TicketPriority, type TicketStatus, type TicketType } from '@kefu/domain';
import { sql, type SelectQueryBuilder } from 'kysely';
import { departmentsInScope, receiverSight, ticketInScope } from '../confidentiality/scope.ts';
import type { Db } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { orderNumberHas } from '../search/order-number.ts';
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
  /** `breached`: a promise is past due; `soon`: one falls due within DUE_SOON_MS or is past due. */
  due?: 'breached' | 'soon';
  sort: 'updated_at' | 'created_at' | 'priority' | 'sla_due_at';
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
  /** Set by listTickets for a department role: only tickets holding a task of these departments (DOMAIN §5). */
  departments?: Department[];
}

const TICKET_NUMBER = /^[A-Z]{2}\d{8}-\d{4,}$/i;
const PRIORITY_RANK = sql<number>`array_position(array['low','normal','high','urgent'], tickets.priority)`;
/** A text search first looks among this many most recently updated tickets (see listTickets). */
const RECENT_WINDOW = 2000;
/**
 * A list counts its matches up to this many; past it the total is left out and the client pages on `hasMore`:
 * counting a million open tickets would cost the list ten times what its page does.
 */
const COUNT_CAP = 10_000;
/** "Due soon": within the next two hours. */
export const DUE_SOON_MS = 2 * 3600_000;
/**
 * Tickets with a promise running: the predicate of the index `tickets_sla_due (sla_due_at, id)`, written as the
 * index writes it (constants, not parameters) so PostgreSQL proves the index applies. A solved or closed ticket
 * counts as having none (an after-sale clock may still run on it; the board shows it).
 */
const DUE_INDEXED = sql<boolean>`tickets.sla_due_at is not null and tickets.status not in ('solved', 'closed')`;

type Tickets = SelectQueryBuilder<DB, 'tickets', object>;

function filtered(q: Tickets, f: TicketFilter): Tickets {
  if (f.departments) q = q.where(ticketInScope(f.departments));
  if (f.status?.length) q = q.where('tickets.status', 'in', f.status);
  if (f.type?.length) q = q.where('tickets.type', 'in', f.type);
  if (f.priority?.length) q = q.where('tickets.priority', 'in', f.priority);
  if (f.assigneeId === 'none') q = q.where('tickets.assignee_id', 'is', null);
  else if (f.assigneeId) q = q.where('tickets.assignee_id', '=', f.assigneeId);
  if (f.groupId) q = q.where('tickets.group_id', '=', f.groupId);
  if (f.customerId) q = q.where('tickets.customer_id', '=', f.customerId);
  if (f.tag) q = q.where('tickets.tags', '@>', sql<string[]>`array[${f.tag}]::text[]`);
  if (f.due) {
    const by = f.due === 'soon' ? new Date(Date.now() + DUE_SOON_MS) : new Date();
    q = q.where(DUE_INDEXED).where('tickets.sla_due_at', '<=', by);
  }
  const text = f.q?.trim();
  if (text && TICKET_NUMBER.test(text)) return q.where('tickets.number', '=', text.toUpperCase());
  if (text) {
    const words = wordsQuery(text);
    // Part of an order number also finds the tickets about that order.
    const part = orderNumberHas(text, sql`o.order_no`);
    const aboutOrder = part ? sql<boolean>`tickets.order_id in (select o.id from orders o where ${part})` : sql<boolean>`false`;
    // A query with no words at all (only punctuation or emoji) matches nothing rather than everything.
    return q.where(words ? sql<boolean>`(tickets.search @@ ${words} or ${aboutOrder})` : aboutOrder);
  }
  return q;
}

/**
 * Sorted by due time, tickets with a promise running come first (most urgent first when ascending), from the index;
 * the others follow by id. Each part is its own query, so the first never sorts the whole table.
 */
async function dueOrderedPage(db: Db, q: Tickets, f: TicketFilter) {
  const offset = (f.page - 1) * f.pageSize;
  const running = await pageOf(db, q.where(DUE_INDEXED), f, sql.ref('tickets.sla_due_at'), offset, f.pageSize + 1);
  if (running.length > f.pageSize || f.due) return running;
  const before = running.length || offset === 0 ? 0 : await count(q.where(DUE_INDEXED));
  const rest = q.where(sql<boolean>`not (${DUE_INDEXED})`);
  const others = await pageOf(db, rest, f, sql.ref('tickets.id'), running.length ? 0 : offset - before, f.pageSize + 1 - running.length);
  return [...running, ...others];
}

async function count(q: Tickets): Promise<number> {
  return Number((await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
}

/** The number of matches, or undefined when there are more than COUNT_CAP. */
async function total(db: Db, q: Tickets): Promise<number | undefined> {
  const capped = q.select(sql<number>`1`.as('one')).limit(COUNT_CAP + 1);
  const { n } = await db
    .selectFrom(capped.as('m'))
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(n) > COUNT_CAP ? undefined : Number(n);
}

/** One page of ids in order; customers and agents are joined after the limit, for the page only. */
async function pageOf(db: Db, q: Tickets, f: TicketFilter, sortColumn = sortColumnOf(f), offset = (f.page - 1) * f.pageSize, limit = f.pageSize + 1) {
  const direction = f.order === 'asc' ? sql`asc` : sql`desc`;
  const page = q
    .select(['tickets.id', sql<unknown>`${sortColumn}`.as('sort_key')])
    .orderBy(sql`${sortColumn} ${direction}`)
    .orderBy('tickets.id', f.order)
    .limit(limit)
    .offset(offset);
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
      'tickets.sla_due_at',
      'tickets.channel',
      'tickets.escalation_level',
      'customers.name as customer_name',
      'users.display_name as assignee_name',
    ])
    .orderBy(sql`page.sort_key ${direction}`)
    .orderBy('tickets.id', f.order)
    .execute();
  return rows;
}

const sortColumnOf = (f: TicketFilter) => (f.sort === 'priority' ? PRIORITY_RANK : sql.ref(`tickets.${f.sort}`));

/**
 * A page of tickets as `viewer` may see them — a department only those it holds a task on, contacts masked unless
 * its task needs them (`ticketForRole`, `receiverSight`) —, and how many match (up to COUNT_CAP); a search for a
 * phone number or an e-mail address finds nothing for roles that do not serve the shopper (`mayFindByContact`).
 * A text search sorted by most recent update first looks among the RECENT_WINDOW most
 * recently updated tickets: when that holds a full page, it is exactly the page the whole table would give
 * (every ticket outside is older), and PostgreSQL cannot misjudge a common phrase into sorting thousands
 * of matches. Otherwise it searches the whole table.
 */
export async function listTickets(db: Db, viewer: { role: Role }, filter: TicketFilter) {
  if (filter.q && !mayFindByContact(viewer.role, filter.q)) return { tickets: [], hasMore: false };
  const f = { ...filter, departments: departmentsInScope(viewer.role) ?? undefined };
  const [rows, matches] = await Promise.all([pageRows(db, f), f.q ? undefined : total(db, filtered(db.selectFrom('tickets'), f))]);
  const page = rows.slice(0, f.pageSize);
  const sees = await receiverSight(
    db,
    viewer.role,
    'ticket',
    page.map((row) => row.id),
  );
  return {
    tickets: page.map((row) => ticketForRole(row, viewer.role, sees(row.id))),
    hasMore: rows.length > f.pageSize,
    ...(matches !== undefined && { total: matches }),
  };
}

async function pageRows(db: Db, f: TicketFilter) {
  if (f.q && f.sort === 'updated_at' && f.order === 'desc' && f.page * f.pageSize + 1 <= RECENT_WINDOW) {
    const recent = db.selectFrom('tickets').selectAll().orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(RECENT_WINDOW).as('tickets');
    const windowed = await pageOf(db, filtered(db.selectFrom(recent) as unknown as Tickets, f), f);
    if (windowed.length === f.pageSize + 1) return windowed;
  }
  if (f.sort === 'sla_due_at') return dueOrderedPage(db, filtered(db.selectFrom('tickets'), f), f);
  return pageOf(db, filtered(db.selectFrom('tickets'), f), f);
}
