import {
  departmentsOf,
  isDepartmentRole,
  seesReceiver,
  type AfterSaleKind,
  type Department,
  type Role,
  type TaskNeedFacts,
  type TaskState,
} from '@kefu/domain';
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.ts';

/**
 * Which cases a department role may see (DOMAIN §5): those holding a collaboration task of one of its departments.
 * The desk sees every case. Each predicate is written against the list's own table alias.
 */
export function departmentsInScope(role: Role): Department[] | null {
  return isDepartmentRole(role) ? departmentsOf(role) : null;
}

const departmentList = (departments: Department[]) =>
  sql.join(
    departments.map((d) => sql.lit(d)),
    sql`, `,
  );

/** A task of the departments on the ticket `tickets.id`. */
export function ticketInScope(departments: Department[]): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from collab_tasks ct where ct.ticket_id = tickets.id and ct.department in (${departmentList(departments)}))`;
}

/** A task of the departments on the order, on its original (a replacement order), or on a ticket about it. */
export function orderInScope(departments: Department[]): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from collab_tasks ct left join tickets ctk on ctk.id = ct.ticket_id
    where ct.department in (${departmentList(departments)})
      and (ct.order_id = orders.id or ct.order_id = orders.original_order_id or ctk.order_id = orders.id))`;
}

/** A task of the departments on the after-sale request or on its ticket. */
export function afterSaleInScope(departments: Department[]): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from collab_tasks ct where ct.department in (${departmentList(departments)})
    and (ct.after_sale_id = after_sales.id or ct.ticket_id = after_sales.ticket_id))`;
}

export type CaseKind = 'ticket' | 'order' | 'after_sale';

/** The tasks on each case (what `seesReceiver` decides on), for the cases of one page. */
async function caseTasks(db: Db, kind: CaseKind, ids: number[]): Promise<Map<number, TaskNeedFacts[]>> {
  const byCase = new Map<number, TaskNeedFacts[]>();
  if (!ids.length) return byCase;
  // The case each task belongs to: its ticket; an after-sale by itself or by its ticket; an order by itself, its
  // original (a replacement order) or a ticket about it.
  const cases =
    kind === 'ticket'
      ? sql`join tickets c on c.id = ct.ticket_id`
      : kind === 'after_sale'
        ? sql`join after_sales c on c.id = ct.after_sale_id or c.ticket_id = ct.ticket_id`
        : sql`join orders c on c.id = ct.order_id or c.original_order_id = ct.order_id or c.id = (select order_id from tickets where id = ct.ticket_id)`;
  const rows = await sql<{ case_id: number; department: string; state: string; kind: string | null }>`
    select c.id as case_id, ct.department, ct.state, a.kind
    from collab_tasks ct ${cases} and c.id = any(${ids}::int[])
    left join after_sales a on a.id = ct.after_sale_id`.execute(db);
  for (const r of rows.rows) {
    const id = Number(r.case_id);
    const task = { department: r.department as Department, state: r.state as TaskState, afterSaleKind: r.kind as AfterSaleKind | null };
    byCase.set(id, [...(byCase.get(id) ?? []), task]);
  }
  return byCase;
}

/**
 * For each case, whether `role` sees the shopper's phones and addresses on it (`seesReceiver`): always for the desk,
 * for a department when one of its running tasks on the case needs them.
 */
export async function receiverSight(db: Db, role: Role, kind: CaseKind, ids: number[]): Promise<(id: number) => boolean> {
  if (!isDepartmentRole(role)) return () => true;
  const tasks = await caseTasks(db, kind, ids);
  return (id) => seesReceiver(role, tasks.get(id) ?? []);
}

/** Whether a department role may see the case at all: a task of its departments on it. Always for the desk. */
export async function caseInScope(db: Db, role: Role, kind: CaseKind, id: number): Promise<boolean> {
  const departments = departmentsInScope(role);
  if (!departments) return true;
  const predicate = kind === 'ticket' ? ticketInScope(departments) : kind === 'order' ? orderInScope(departments) : afterSaleInScope(departments);
  const table = kind === 'ticket' ? 'tickets' : kind === 'order' ? 'orders' : 'after_sales';
  const row = await db.selectFrom(table).select('id').where('id', '=', id).where(predicate).executeTakeFirst();
  return row !== undefined;
}
