import { ALL_ROLES, DEPARTMENTS, DESK_ROLES, SATISFACTION_MAX, SATISFACTION_MIN, TASK_STATES, taskForRole } from '@kefu/domain';
import { TaskAnswer, TaskList } from '@kefu/protocol/api/tasks';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.ts';
import { notFound } from '../http/errors.ts';
import { actor } from '../http/guard.ts';
import { Id, IdParam, listOf, Version } from '../http/schemas.ts';
import { presentTask, presentTaskListItem } from './presenter.ts';
import { createTask, defaultDepartments, listTasks, updateTask } from './service.ts';

export function taskRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['collaboration'];

  r.get(
    '/api/tasks',
    {
      config: { roles: ALL_ROLES },
      schema: {
        tags,
        querystring: z.object({
          department: listOf(z.enum(DEPARTMENTS)).optional(),
          state: listOf(z.enum(TASK_STATES)).optional(),
          ticketId: Id.optional(),
          orderId: Id.optional(),
        }),
        response: { 200: TaskList },
      },
    },
    async (request) => {
      const q = request.query;
      const department = q.department ?? (q.ticketId || q.orderId ? undefined : defaultDepartments(actor(request)));
      return { tasks: (await listTasks(ctx.db, actor(request), { ...q, department })).map(presentTaskListItem) };
    },
  );

  r.post(
    '/api/tickets/:id/tasks',
    {
      config: { roles: DESK_ROLES },
      schema: {
        tags,
        params: IdParam,
        body: z.object({
          department: z.enum(DEPARTMENTS),
          title: z.string().trim().min(1).max(200),
          description: z.string().trim().max(5000).optional(),
          attachmentIds: z.array(Id).max(20).optional(),
          ownerId: Id.nullable().optional(),
          dueAt: z.coerce.date().optional(),
        }),
        response: { 201: TaskAnswer },
      },
    },
    async (request, reply) => {
      const ticket = await ctx.db.selectFrom('tickets').select(['id', 'order_id']).where('id', '=', request.params.id).executeTakeFirst();
      if (!ticket) throw notFound('ticket');
      const task = await ctx.db
        .transaction()
        .execute((tx) => createTask(tx, actor(request).id, { ...request.body, ticketId: ticket.id, orderId: ticket.order_id }));
      reply.code(201);
      return { task: presentTask(taskForRole(task, actor(request).role)) };
    },
  );

  r.patch(
    '/api/tasks/:id',
    {
      config: { roles: ALL_ROLES },
      schema: {
        tags,
        params: IdParam,
        body: z.object({
          version: Version,
          state: z.enum(TASK_STATES).optional(),
          answer: z.string().trim().max(5000).optional(),
          ownerId: Id.nullable().optional(),
          satisfaction: z
            .number()
            .int()
            .min(SATISFACTION_MIN)
            .max(SATISFACTION_MAX)
            .optional()
            .describe("finishing the task (state: done), the department rates the desk's request 1–5"),
          satisfactionComment: z.string().trim().max(500).optional(),
        }),
        response: { 200: TaskAnswer },
      },
    },
    async (request) => ({ task: presentTask(await updateTask(ctx.db, actor(request), request.params.id, request.body)) }),
  );
}
