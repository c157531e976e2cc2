import { ALL_ROLES, DEPARTMENTS, DESK_ROLES, TASK_STATES } from '@kefu/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.ts';
import { actor } from '../http/guard.ts';
import { Id, IdParam, listOf, Version } from '../http/schemas.ts';
import { createTask, defaultDepartments, listTasks, updateTask } from './service.ts';

export function taskRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['collaboration'];

  r.get('/api/tasks', {
    config: { roles: ALL_ROLES },
    schema: {
      tags,
      querystring: z.object({
        department: listOf(z.enum(DEPARTMENTS)).optional(), state: listOf(z.enum(TASK_STATES)).optional(),
        ticketId: Id.optional(), orderId: Id.optional(),
      }),
    },
  }, async (request) => {
    const q = request.query;
    const department = q.department ?? (q.ticketId || q.orderId ? undefined : defaultDepartments(actor(request)));
    return { tasks: await listTasks(ctx.db, actor(request), { ...q, department }) };
  });

  r.post('/api/tickets/:id/tasks', {
    config: { roles: DESK_ROLES },
    schema: {
      tags, params: IdParam,
      body: z.object({
        department: z.enum(DEPARTMENTS), title: z.string().trim().min(1).max(200), description: z.string().trim().max(5000).optional(),
        attachmentIds: z.array(Id).max(20).optional(), ownerId: Id.nullable().optional(), dueAt: z.coerce.date().optional(),
      }),
    },
  }, async (request, reply) => {
    const ticket = await ctx.db.selectFrom('tickets').select(['id', 'order_id']).where('id', '=', request.params.id).executeTakeFirst();
    if (!ticket) return reply.code(404).send({ error: 'not_found', message: 'ticket not found' });
    const task = await ctx.db.transaction().execute((tx) => createTask(tx, actor(request).id, { ...request.body, ticketId: ticket.id, orderId: ticket.order_id }));
    reply.code(201);
    return { task };
  });

  r.patch('/api/tasks/:id', {
    config: { roles: ALL_ROLES },
    schema: {
      tags, params: IdParam,
      body: z.object({ version: Version, state: z.enum(TASK_STATES).optional(), answer: z.string().trim().max(5000).optional(), ownerId: Id.nullable().optional() }),
    },
  }, async (request) => ({ task: await updateTask(ctx.db, actor(request), request.params.id, request.body) }));
}
