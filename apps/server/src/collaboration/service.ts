import { departmentsOf, taskTransitionError, TASK_DUE_HOURS, type Department, type TaskState } from '@kefu/domain';
import { sql } from 'kysely';
import { audit } from '../audit/audit.ts';
import type { Db, Tx } from '../db/database.ts';
import type { Principal } from '../http/context.ts';
import { conflict, HttpError, notFound } from '../http/errors.ts';

export interface TaskInput {
  ticketId?: number | null; orderId?: number | null; afterSaleId?: number | null; department: Department;
  title: string; description?: string; attachmentIds?: number[]; ownerId?: number | null; dueAt?: Date;
}

async function ticketEvent(tx: Tx, ticketId: number | null, actorId: number | null, kind: string, data: Record<string, unknown>, body: string | null = null) {
  if (ticketId === null) return;
  await tx.insertInto('ticket_events').values({ ticket_id: ticketId, actor_id: actorId, kind, body, data: JSON.stringify(data) }).execute();
  await tx.updateTable('tickets').set({ updated_at: sql<Date>`now()` as unknown as Date }).where('id', '=', ticketId).execute();
}

/** Hands work to a department with the shopper's description and evidence; the ticket's timeline shows it. */
export async function createTask(tx: Tx, actorId: number | null, input: TaskInput) {
  const task = await tx.insertInto('collab_tasks').values({
    ticket_id: input.ticketId ?? null, order_id: input.orderId ?? null, after_sale_id: input.afterSaleId ?? null,
    department: input.department, title: input.title, description: input.description ?? '', attachment_ids: input.attachmentIds ?? [],
    owner_id: input.ownerId ?? null, due_at: input.dueAt ?? new Date(Date.now() + TASK_DUE_HOURS * 3600_000), created_by: actorId,
  }).returningAll().executeTakeFirstOrThrow();
  await ticketEvent(tx, task.ticket_id, actorId, 'task', { taskId: task.id, department: task.department, title: task.title, state: 'open' });
  await audit(tx, { actorId, action: 'task.create', entity: 'task', entityId: task.id, detail: { department: task.department } });
  return task;
}

export interface TaskChange { version: number; state?: TaskState; answer?: string; ownerId?: number | null }

/** A department answers ("working on it", done with an answer); the desk reopens. Stale versions get 409. */
export async function updateTask(db: Db, actor: Principal, id: number, change: TaskChange) {
  return db.transaction().execute(async (tx) => {
    const task = await tx.selectFrom('collab_tasks').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!task) throw notFound('task');
    if (task.version !== change.version) throw conflict('the task was changed by someone else; reload and try again', { currentVersion: task.version });
    const department = task.department as Department;
    if (change.state && change.state !== task.state) {
      const error = taskTransitionError(department, task.state as TaskState, change.state, actor.role);
      if (error) throw new HttpError(error.startsWith('only') ? 403 : 400, error.startsWith('only') ? 'forbidden' : 'invalid_transition', `body.state: ${error}`);
    }
    const updated = await tx.updateTable('collab_tasks').set({
      ...(change.state && { state: change.state }),
      ...(change.state === 'working' && { started_at: new Date() }),
      ...(change.state === 'done' && { done_at: new Date() }),
      ...(change.state === 'open' && { done_at: null }),
      ...(change.answer !== undefined && { answer: change.answer }),
      ...(change.ownerId !== undefined && { owner_id: change.ownerId }),
      version: sql<number>`version + 1`, updated_at: new Date(),
    }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await ticketEvent(tx, task.ticket_id, actor.id, 'task', { taskId: id, department, title: task.title, from: task.state, state: updated.state },
      change.answer ?? null);
    await audit(tx, { actorId: actor.id, action: 'task.update', entity: 'task', entityId: id, detail: { ...change } });
    return updated;
  });
}

export function listTasks(db: Db, filter: { department?: Department[]; state?: TaskState[]; ticketId?: number; orderId?: number }) {
  let q = db.selectFrom('collab_tasks as t').leftJoin('users as o', 'o.id', 't.owner_id').leftJoin('tickets', 'tickets.id', 't.ticket_id')
    .leftJoin('orders', 'orders.id', 't.order_id')
    .select(['t.id', 't.ticket_id', 't.order_id', 't.after_sale_id', 't.department', 't.title', 't.description', 't.attachment_ids',
      't.owner_id', 't.state', 't.answer', 't.due_at', 't.created_at', 't.started_at', 't.done_at', 't.version',
      'o.display_name as owner_name', 'tickets.number as ticket_number', 'orders.order_no',
      sql<boolean>`t.state <> 'done' and t.due_at < now()`.as('late')]);
  if (filter.department?.length) q = q.where('t.department', 'in', filter.department);
  if (filter.state?.length) q = q.where('t.state', 'in', filter.state);
  if (filter.ticketId) q = q.where('t.ticket_id', '=', filter.ticketId);
  if (filter.orderId) q = q.where('t.order_id', '=', filter.orderId);
  return q.orderBy('t.state').orderBy('t.due_at').limit(200).execute();
}

/** A department user sees their own departments' tasks unless they ask for others. */
export function defaultDepartments(actor: Principal): Department[] | undefined {
  const mine = departmentsOf(actor.role);
  return mine.length ? mine : undefined;
}
