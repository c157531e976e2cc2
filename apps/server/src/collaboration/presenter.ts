import type { Department, TaskState } from '@kefu/domain';
import type { Task, TaskListItem } from '@kefu/protocol/api/tasks';
import type { z } from 'zod';
import type { listTasks, updateTask } from './service.ts';

/** A task row as `taskForRole` returns it (the shopper's contacts masked outside the desk). */
type TaskRow = Awaited<ReturnType<typeof updateTask>>;
type ListRow = Awaited<ReturnType<typeof listTasks>>[number];
type CommonRow = Omit<TaskRow, 'created_by' | 'updated_at'>;

function taskFields(t: CommonRow) {
  return {
    id: t.id,
    ticketId: t.ticket_id,
    orderId: t.order_id,
    afterSaleId: t.after_sale_id,
    department: t.department as Department,
    title: t.title,
    description: t.description,
    attachmentIds: t.attachment_ids,
    ownerId: t.owner_id,
    state: t.state as TaskState,
    answer: t.answer,
    dueAt: t.due_at,
    createdAt: t.created_at,
    startedAt: t.started_at,
    doneAt: t.done_at,
    version: t.version,
    contactMasked: t.contact_masked,
    satisfaction: t.satisfaction,
    satisfactionComment: t.satisfaction_comment,
  };
}

export function presentTask(t: TaskRow): z.output<typeof Task> {
  return { ...taskFields(t), createdBy: t.created_by, updatedAt: t.updated_at };
}

export function presentTaskListItem(t: ListRow): z.output<typeof TaskListItem> {
  return { ...taskFields(t), ownerName: t.owner_name, ticketNumber: t.ticket_number, orderNo: t.order_no, late: t.late };
}
