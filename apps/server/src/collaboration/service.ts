import {
  clockTimes,
  departmentsOf,
  policyFor,
  serviceTimeBetween,
  taskChangeRefusal,
  taskForRole,
  taskOwnerRefusal,
  satisfactionRefusal,
  seesReceiver,
  TASK_DUE_HOURS,
  type AfterSaleKind,
  type Department,
  type Role,
  type SlaPolicy,
  type TaskState,
  warnAt,
} from '@kefu/domain';
import { sql } from 'kysely';
import { audit } from '../audit/audit.ts';
import { departmentsInScope } from '../confidentiality/scope.ts';
import type { Db, Tx } from '../db/database.ts';
import { lockVersioned, nextVersion } from '../db/versioned.ts';
import type { Principal } from '../http/context.ts';
import { badRequest, refusalError } from '../http/errors.ts';
import { ticketWork } from '../aftersales/clocks.ts';
import { startClocks, stopClocks, type PlannedClock } from '../sla/clock.ts';
import { readPolicies } from '../sla/policies.ts';
import { writeTimelineEntry, type TimelineData } from '../tickets/timeline.ts';

export interface TaskInput {
  ticketId?: number | null;
  orderId?: number | null;
  afterSaleId?: number | null;
  department: Department;
  title: string;
  description?: string;
  attachmentIds?: number[];
  ownerId?: number | null;
  dueAt?: Date;
}

async function ticketEvent(tx: Tx, ticketId: number | null, actorId: number | null, kind: 'task', data: TimelineData['task'], body?: string | null) {
  if (ticketId === null) return;
  await writeTimelineEntry(tx, ticketId, actorId, { kind, data, body });
  await tx
    .updateTable('tickets')
    .set({ updated_at: sql<Date>`now()` as unknown as Date })
    .where('id', '=', ticketId)
    .execute();
}

/** An owner must be an active user of the task's department, or a supervisor/admin. */
async function assertOwner(tx: Tx, department: Department, ownerId: number | null | undefined) {
  if (ownerId == null) return;
  const owner = await tx.selectFrom('users').select(['role', 'active']).where('id', '=', ownerId).executeTakeFirst();
  if (!owner || !owner.active) throw badRequest('body.ownerId', 'no such active user');
  const refused = taskOwnerRefusal(department, owner.role as Role);
  if (refused) throw badRequest('body.ownerId', refused.message);
}

/**
 * A task's promise (`task_due`): by the due time the desk chose, else by the target of the policy for work on its
 * ticket (24 hours by default), on that policy's clock. No clock when no policy sets one; the task is still due.
 */
async function taskPromise(tx: Tx, ticketId: number | null, now: Date, chosen?: Date): Promise<{ dueAt: Date; clock: PlannedClock | null }> {
  const policies = await readPolicies(tx);
  const policy = policyFor(policies, 'task_due', await ticketWork(tx, policies, ticketId));
  const target = policy?.targets.task_due;
  const dueAt = chosen ?? (policy && target ? clockTimes(policy, target, now).dueAt : new Date(now.getTime() + TASK_DUE_HOURS * 3600_000));
  return { dueAt, clock: policy ? taskClock(policy, now, dueAt) : null };
}

function taskClock(policy: SlaPolicy, now: Date, dueAt: Date): PlannedClock {
  return {
    metric: 'task_due',
    policyId: policy.id,
    startedAt: now,
    dueAt,
    warnAt: warnAt(now, dueAt, policy.warnAtPercent, policy.hours),
    totalMs: serviceTimeBetween(now, dueAt, policy.hours),
  };
}

const subject = (id: number) => ({ kind: 'task' as const, id });

/** Hands work to a department with the shopper's description and evidence; the ticket's timeline shows it. */
export async function createTask(tx: Tx, actorId: number | null, input: TaskInput, now = new Date()) {
  await assertOwner(tx, input.department, input.ownerId);
  if (input.dueAt && input.dueAt <= now) throw badRequest('body.dueAt', 'must be in the future');
  const promise = await taskPromise(tx, input.ticketId ?? null, now, input.dueAt);
  const task = await tx
    .insertInto('collab_tasks')
    .values({
      ticket_id: input.ticketId ?? null,
      order_id: input.orderId ?? null,
      after_sale_id: input.afterSaleId ?? null,
      department: input.department,
      title: input.title,
      description: input.description ?? '',
      attachment_ids: input.attachmentIds ?? [],
      owner_id: input.ownerId ?? null,
      due_at: promise.dueAt,
      created_by: actorId,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (promise.clock) await startClocks(tx, subject(task.id), task.ticket_id, [promise.clock]);
  await ticketEvent(tx, task.ticket_id, actorId, 'task', { taskId: task.id, department: task.department, title: task.title, state: 'open' });
  await audit(tx, { actorId, action: 'task.create', entity: 'task', entityId: task.id, detail: { department: task.department } });
  return task;
}

export interface TaskChange {
  version: number;
  state?: TaskState;
  answer?: string;
  ownerId?: number | null;
  /** The department's rating (1–5) of the desk's request, given when it finishes the task. */
  satisfaction?: number;
  satisfactionComment?: string;
}

/**
 * A department answers ("working on it", done with an answer) or hands the task on; a supervisor reopens a
 * done one. Who may do what is `taskChangeRefusal`'s rule. Stale versions get 409, so no edit overwrites another.
 * Done keeps the task's promise; a reopened task is owed again, by its policy's target from now.
 */
export async function updateTask(db: Db, actor: Principal, id: number, change: TaskChange, now = new Date()) {
  return db.transaction().execute(async (tx) => {
    const task = await lockVersioned(tx, 'collab_tasks', id, change.version);
    const department = task.department as Department;
    const refused = taskChangeRefusal({ department, state: task.state as TaskState, ownerId: task.owner_id }, actor, change);
    if (refused) throw refusalError(refused);
    const unrated = satisfactionRefusal({ state: task.state as TaskState }, actor.role, change);
    if (unrated) throw badRequest(`body.${unrated.field}`, unrated.reason);
    if (change.ownerId !== undefined && change.ownerId !== task.owner_id) await assertOwner(tx, department, change.ownerId);
    const reopened = change.state === 'open' && task.state === 'done' ? await taskPromise(tx, task.ticket_id, now) : null;
    if (change.state === 'done' && task.state !== 'done') await stopClocks(tx, subject(id), 'met', ['task_due'], now);
    if (reopened?.clock) await startClocks(tx, subject(id), task.ticket_id, [reopened.clock]);
    const updated = await tx
      .updateTable('collab_tasks')
      .set({
        ...(change.state && { state: change.state }),
        ...(change.state === 'working' && { started_at: now }),
        ...(change.state === 'done' && {
          done_at: now,
          satisfaction: change.satisfaction ?? null,
          satisfaction_comment: change.satisfactionComment ?? null,
        }),
        ...(reopened && { done_at: null, due_at: reopened.dueAt }),
        ...(change.answer !== undefined && { answer: change.answer }),
        ...(change.ownerId !== undefined && { owner_id: change.ownerId }),
        version: nextVersion(),
        updated_at: now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await ticketEvent(
      tx,
      task.ticket_id,
      actor.id,
      'task',
      { taskId: id, department, title: task.title, from: task.state, state: updated.state },
      change.answer ?? null,
    );
    await audit(tx, { actorId: actor.id, action: 'task.update', entity: 'task', entityId: id, detail: { ...change } });
    return taskForRole(updated, actor.role);
  });
}

/**
 * Tasks as `viewer` may see them (`taskForRole`: the shopper's contacts masked outside the desk unless the task needs
 * them, `taskNeedsReceiver`); a department sees its own departments' tasks only (DOMAIN §5).
 */
export async function listTasks(
  db: Db,
  viewer: { id?: number; role: Role },
  filter: { department?: Department[]; state?: TaskState[]; ticketId?: number; orderId?: number },
) {
  let q = db
    .selectFrom('collab_tasks as t')
    .leftJoin('users as o', 'o.id', 't.owner_id')
    .leftJoin('tickets', 'tickets.id', 't.ticket_id')
    .leftJoin('orders', 'orders.id', 't.order_id')
    .leftJoin('after_sales as a', 'a.id', 't.after_sale_id')
    .select([
      'a.kind as after_sale_kind',
      't.id',
      't.ticket_id',
      't.order_id',
      't.after_sale_id',
      't.department',
      't.title',
      't.description',
      't.attachment_ids',
      't.owner_id',
      't.state',
      't.answer',
      't.due_at',
      't.created_at',
      't.started_at',
      't.done_at',
      't.version',
      't.satisfaction',
      't.satisfaction_comment',
      'o.display_name as owner_name',
      'tickets.number as ticket_number',
      'orders.order_no',
      // Late: past its due time, or its promise marked missed by the service-level sweep.
      sql<boolean>`t.state <> 'done' and (t.due_at < now() or exists (select 1 from sla_clocks c
        where c.subject_kind = 'task' and c.subject_id = t.id and c.state in ('running', 'paused') and c.breached_at is not null))`.as('late'),
    ]);
  const departments = departmentsInScope(viewer.role);
  if (departments) q = q.where((eb) => eb.or([eb('t.department', 'in', departments), eb('t.owner_id', '=', viewer.id ?? 0)]));
  if (filter.department?.length) q = q.where('t.department', 'in', filter.department);
  if (filter.state?.length) q = q.where('t.state', 'in', filter.state);
  if (filter.ticketId) q = q.where('t.ticket_id', '=', filter.ticketId);
  if (filter.orderId) q = q.where('t.order_id', '=', filter.orderId);
  return (await q.orderBy('t.state').orderBy('t.due_at').limit(200).execute()).map(({ after_sale_kind, ...task }) => {
    const facts = {
      department: task.department as Department,
      state: task.state as TaskState,
      afterSaleKind: after_sale_kind as AfterSaleKind | null,
    };
    return taskForRole(task, viewer.role, seesReceiver(viewer.role, [facts]));
  });
}

/** A department user sees their own departments' tasks unless they ask for others. */
export function defaultDepartments(actor: Principal): Department[] | undefined {
  const mine = departmentsOf(actor.role);
  return mine.length ? mine : undefined;
}
