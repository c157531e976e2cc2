import { afterSaleForRole, nextStates, type AfterSaleKind, type AfterSaleState, type Role } from '@kefu/domain';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { notFound } from '../http/errors.ts';
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
  );
}

export async function listAfterSales(
  db: Db,
  role: Role,
  f: { state?: AfterSaleState[]; kind?: AfterSaleKind[]; overdue?: boolean; ticketId?: number; orderId?: number },
) {
  let q = db
    .selectFrom('after_sales')
    .innerJoin('tickets', 'tickets.id', 'after_sales.ticket_id')
    .innerJoin('orders', 'orders.id', 'after_sales.order_id')
    .leftJoin('customers', 'customers.id', 'after_sales.customer_id')
    .select([
      'after_sales.id',
      'after_sales.kind',
      'after_sales.state',
      'after_sales.reason',
      'after_sales.amount_fen',
      'after_sales.ticket_id',
      'after_sales.order_id',
      'after_sales.created_at',
      'after_sales.updated_at',
      'after_sales.version',
      'tickets.number as ticket_number',
      'orders.order_no',
      'customers.name as customer_name',
    ]);
  if (f.state?.length) q = q.where('after_sales.state', 'in', f.state);
  if (f.kind?.length) q = q.where('after_sales.kind', 'in', f.kind);
  // Overdue: a promise still open whose due time has passed (the sweep marked it breached).
  if (f.overdue)
    q = q.where(
      sql<boolean>`exists (select 1 from sla_clocks c where c.subject_kind = 'after_sale' and c.subject_id = after_sales.id
        and c.state in ('running', 'paused') and c.breached_at is not null)`,
    );
  if (f.ticketId) q = q.where('after_sales.ticket_id', '=', f.ticketId);
  if (f.orderId) q = q.where('after_sales.order_id', '=', f.orderId);
  const rows = await q.orderBy('after_sales.updated_at', 'desc').limit(200).execute();
  const clocks = await clocksOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => afterSaleForRole({ ...row, clocks: clocks.get(row.id) ?? [] }, role));
}
