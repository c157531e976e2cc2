import type { TicketPriority, TicketStatus, TicketType } from '@kefu/domain';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
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

export async function listTickets(db: Db, f: TicketFilter) {
  let q = db.selectFrom('tickets');
  if (f.status?.length) q = q.where('tickets.status', 'in', f.status);
  if (f.type?.length) q = q.where('tickets.type', 'in', f.type);
  if (f.priority?.length) q = q.where('tickets.priority', 'in', f.priority);
  if (f.assigneeId === 'none') q = q.where('tickets.assignee_id', 'is', null);
  else if (f.assigneeId) q = q.where('tickets.assignee_id', '=', f.assigneeId);
  if (f.groupId) q = q.where('tickets.group_id', '=', f.groupId);
  if (f.customerId) q = q.where('tickets.customer_id', '=', f.customerId);
  if (f.tag) q = q.where('tickets.tags', '@>', sql<string[]>`array[${f.tag}]::text[]`);
  const text = f.q?.trim();
  if (text && TICKET_NUMBER.test(text)) {
    q = q.where('tickets.number', '=', text.toUpperCase());
  } else if (text) {
    const words = wordsQuery(text);
    // A query with no words at all (only punctuation or emoji) matches nothing rather than everything.
    q = words ? q.where(sql<boolean>`tickets.search @@ ${words}`) : q.where(sql<boolean>`false`);
  }
  const sortColumn = f.sort === 'priority' ? PRIORITY_RANK : sql.ref(`tickets.${f.sort}`);
  const direction = f.order === 'asc' ? sql`asc` : sql`desc`;
  const rows = await q
    .leftJoin('customers', 'customers.id', 'tickets.customer_id')
    .leftJoin('users', 'users.id', 'tickets.assignee_id')
    .select(['tickets.id', 'tickets.number', 'tickets.type', 'tickets.status', 'tickets.priority', 'tickets.category',
      'tickets.subject', 'tickets.tags', 'tickets.customer_id', 'tickets.assignee_id', 'tickets.created_at', 'tickets.updated_at',
      'customers.name as customer_name', 'users.display_name as assignee_name'])
    .orderBy(sql`${sortColumn} ${direction}`).orderBy('tickets.id', f.order)
    .limit(f.pageSize + 1).offset((f.page - 1) * f.pageSize)
    .execute();
  const total = f.q ? undefined : Number((await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
  return { tickets: rows.slice(0, f.pageSize), hasMore: rows.length > f.pageSize, ...(total !== undefined && { total }) };
}
