/** Collaboration task responses (routes in apps/server/src/collaboration): work handed to a department. */
import { DEPARTMENTS, TASK_STATES } from '@kefu/domain';
import { z } from 'zod';
import { RowId, Timestamp } from './common.ts';

const TaskFields = {
  id: RowId,
  ticketId: RowId.nullable(),
  orderId: RowId.nullable(),
  afterSaleId: RowId.nullable(),
  department: z.enum(DEPARTMENTS),
  title: z.string(),
  description: z.string(),
  attachmentIds: z.array(RowId).describe('the ticket attachments handed over as evidence'),
  ownerId: RowId.nullable(),
  state: z.enum(TASK_STATES),
  answer: z.string().nullable(),
  dueAt: Timestamp,
  createdAt: Timestamp,
  startedAt: Timestamp.nullable(),
  doneAt: Timestamp.nullable(),
  version: z.number().int(),
  contactMasked: z.boolean().describe("true when the shopper's contacts in the texts are masked for the viewer's role"),
  satisfaction: z
    .number()
    .int()
    .min(1)
    .max(5)
    .nullable()
    .describe("the department's rating (1–5) of how the desk handed the task over, given when it finished it"),
  satisfactionComment: z.string().nullable(),
};

/** A task as created or changed (POST /api/tickets/:id/tasks, PATCH /api/tasks/:id). */
export const Task = z.object({ ...TaskFields, createdBy: RowId.nullable(), updatedAt: Timestamp });
export const TaskAnswer = z.object({ task: Task });

/** A task in a list (GET /api/tasks), with the names a list shows. */
export const TaskListItem = z.object({
  ...TaskFields,
  ownerName: z.string().nullable(),
  ticketNumber: z.string().nullable(),
  orderNo: z.string().nullable(),
  late: z.boolean().describe('not done and past its due time, or its promise (task_due) marked missed'),
});
export const TaskList = z.object({ tasks: z.array(TaskListItem) });
