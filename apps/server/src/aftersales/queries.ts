import { afterSaleForRole, nextStates, type AfterSaleKind, type AfterSaleState, type Department, type Role } from '@kefu/domain';
import { sql, type SelectQueryBuilder } from 'kysely';
import { afterSaleInScope, departmentsInScope, receiverSight } from '../confidentiality/scope.ts';
import type { Db } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { notFound } from '../http/errors.ts';
import { likeEscape } from '../knowledge/service.ts';
import { getSetting } from '../settings/service.ts';
import { approvalFor, currentChecks } from './checks.ts';
import { clocksOf } from './clocks.ts';

/**
 * The request with its order, its clocks, the live policy checks and the moves the viewer's role may make, as the
 * role may see it (`afterSaleForRole`).
 */
export async function getAfterSale(db: Db, id: number, role: Role) {
  const a = await db
    .selectFrom('after_sales')
    .innerJoin('tickets', 'tickets.id', 'after_sales.ticket_id')
    .innerJoin('orders', 'orders.id', 'after_sales.order_id')
    .leftJoin('users as approver', 'approver.id', 'after_sales.approved_by')
    .selectAll('after_sales')
    .select([
      'tickets.number as ticket_number',
      'orders.order_no',
      'orders.platform',
      'orders.total_fen as order_total_fen',
      'approver.display_name as approved_by_name',
    ])
    .where('after_sales.id', '=', id)
    .executeTakeFirst();
  if (!a) throw notFound('after-sale request');
  const policy = (await getSetting(db, 'afterSalePolicy')).value;
  const checks = await currentChecks(db, a, new Date());
  const approval = await approvalFor(db, a, policy);
  const clocks = (await clocksOf(db, [a.id])).get(a.id) ?? [];
  const sees = await receiverSight(db, role, 'after_sale', [a.id]);
  return afterSaleForRole(
    {
      ...a,
      clocks,
      checks,
      needsSupervisor: approval.needsSupervisor,
      approval,
      nextStates: nextStates(a.kind as AfterSaleKind, a.state as AfterSaleState, role),
    },
    role,
    sees(a.id),
  );
}

export interface AfterSaleFilter {
  state?: AfterSaleState[];
  kind?: AfterSaleKind[];
  overdue?: boolean;
  ticketId?: number;
  orderId?: number;
  /** The agent on the request's ticket: a user id, or 'none' for unassigned. */
  assigneeId?: number | 'none';
  /** China days (YYYY-MM-DD), both included, on the request's creation. */
  from?: string;
  to?: string;
  /** An order number (or its end), a ticket number, or part of the customer's name. */
  q?: string;
  page?: number;
  pageSize?: number;
  /** A department role's departments: only requests holding a task of theirs (DOMAIN §5; set by listAfterSales). */
  departments?: Department[];
}

/** A China day starts at 00:00+08:00 all year. */
const chinaMidnight = (day: string, plusDays = 0) => new Date(new Date(`${day}T00:00:00+08:00`).getTime() + plusDays * 86_400_000);

function filtered<Q extends SelectQueryBuilder<DB, 'after_sales' | 'tickets' | 'orders' | 'customers', object>>(q: Q, f: AfterSaleFilter): Q {
  let w = q as SelectQueryBuilder<DB, 'after_sales' | 'tickets' | 'orders' | 'customers', object>;
  if (f.departments) w = w.where(afterSaleInScope(f.departments));
  if (f.state?.length) w = w.where('after_sales.state', 'in', f.state);
  if (f.kind?.length) w = w.where('after_sales.kind', 'in', f.kind);
  // Overdue: a promise still open whose due time has passed (the sweep marked it breached).
  if (f.overdue)
    w = w.where(
      sql<boolean>`exists (select 1 from sla_clocks c where c.subject_kind = 'after_sale' and c.subject_id = after_sales.id
        and c.state in ('running', 'paused') and c.breached_at is not null)`,
    );
  if (f.ticketId) w = w.where('after_sales.ticket_id', '=', f.ticketId);
  if (f.orderId) w = w.where('after_sales.order_id', '=', f.orderId);
  if (f.assigneeId === 'none') w = w.where('tickets.assignee_id', 'is', null);
  else if (f.assigneeId) w = w.where('tickets.assignee_id', '=', f.assigneeId);
  if (f.from) w = w.where('after_sales.created_at', '>=', chinaMidnight(f.from));
  if (f.to) w = w.where('after_sales.created_at', '<', chinaMidnight(f.to, 1));
  const text = f.q?.trim();
  if (text) {
    const like = `%${likeEscape(text)}%`;
    w = w.where((eb) =>
      eb.or([eb('orders.order_no', 'ilike', like), eb('tickets.number', '=', text.toUpperCase()), eb('customers.name', 'ilike', like)]),
    );
  }
  return w as Q;
}

const listed = (db: Db) =>
  db
    .selectFrom('after_sales')
    .innerJoin('tickets', 'tickets.id', 'after_sales.ticket_id')
    .innerJoin('orders', 'orders.id', 'after_sales.order_id')
    .leftJoin('customers', 'customers.id', 'after_sales.customer_id');

/** Requests matching the filter, most recently updated first: a page of them, or the latest 200 without paging. */
export async function listAfterSales(db: Db, role: Role, filter: AfterSaleFilter) {
  const f = { ...filter, departments: departmentsInScope(role) ?? undefined };
  const pageSize = f.pageSize ?? 200;
  const rows = await filtered(listed(db), f)
    .leftJoin('users as assignee', 'assignee.id', 'tickets.assignee_id')
    .select([
      'after_sales.id',
      'after_sales.kind',
      'after_sales.state',
      'after_sales.reason',
      'after_sales.amount_fen',
      'after_sales.goods_fen',
      'after_sales.ticket_id',
      'after_sales.order_id',
      'after_sales.created_at',
      'after_sales.updated_at',
      'after_sales.version',
      'tickets.number as ticket_number',
      'orders.order_no',
      'customers.name as customer_name',
      'assignee.display_name as assignee_name',
    ])
    .orderBy('after_sales.updated_at', 'desc')
    .orderBy('after_sales.id', 'desc')
    .limit(pageSize)
    .offset(((f.page ?? 1) - 1) * pageSize)
    .execute();
  const clocks = await clocksOf(
    db,
    rows.map((r) => r.id),
  );
  const sees = await receiverSight(
    db,
    role,
    'after_sale',
    rows.map((r) => r.id),
  );
  return rows.map((row) => afterSaleForRole({ ...row, clocks: clocks.get(row.id) ?? [] }, role, sees(row.id)));
}

/** How many requests match the filter that the role may see (for paging). */
export async function countAfterSales(db: Db, role: Role, filter: AfterSaleFilter) {
  const f = { ...filter, departments: departmentsInScope(role) ?? undefined };
  const row = await filtered(listed(db), f)
    .select(sql<string>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
