import { ALL_ROLES } from '@kefu/domain';
import { NoContent } from '@kefu/protocol/api/common';
import {
  TicketViewAnswer,
  TicketViewChange,
  TicketViewFilters,
  TicketViewInput,
  TicketViewList,
  type TicketView,
} from '@kefu/protocol/api/ticket-views';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext, Principal } from '../http/context.ts';
import { notFound } from '../http/errors.ts';
import { actor } from '../http/guard.ts';
import { IdParam, Version } from '../http/schemas.ts';
import { changeView, createView, deleteView, listViews, mayEdit } from './service.ts';

type Row = Awaited<ReturnType<typeof listViews>>[number];

function present(row: Row, viewer: Principal): z.output<typeof TicketView> {
  // Filters stored before a ticket status or sort was renamed would fail the schema; what no longer parses is left out.
  const filters = TicketViewFilters.safeParse(row.filters);
  return {
    id: row.id,
    name: row.name,
    filters: filters.success ? filters.data : {},
    shared: row.shared,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    editable: mayEdit(row, viewer),
    version: row.version,
    createdAt: row.created_at,
  };
}

/** Saved ticket views: everyone keeps their own; supervisors and admins share views with the team. */
export function savedViewRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['tickets'];
  const everyone = { roles: ALL_ROLES };

  async function answer(id: number, viewer: Principal) {
    const [row] = await listViews(ctx.db, viewer, id);
    if (!row) throw notFound('ticket view');
    return { view: present(row, viewer) };
  }

  r.get('/api/ticket-views', { config: everyone, schema: { tags, response: { 200: TicketViewList } } }, async (request) => ({
    views: (await listViews(ctx.db, actor(request))).map((row) => present(row, actor(request))),
  }));

  r.post(
    '/api/ticket-views',
    { config: everyone, schema: { tags, body: TicketViewInput, response: { 201: TicketViewAnswer } } },
    async (request, reply) => {
      const id = await createView(ctx.db, actor(request), request.body);
      reply.code(201);
      return answer(id, actor(request));
    },
  );

  r.patch(
    '/api/ticket-views/:id',
    { config: everyone, schema: { tags, params: IdParam, body: TicketViewChange, response: { 200: TicketViewAnswer } } },
    async (request) => {
      await changeView(ctx.db, actor(request), request.params.id, request.body);
      return answer(request.params.id, actor(request));
    },
  );

  r.delete(
    '/api/ticket-views/:id',
    {
      config: everyone,
      schema: { tags, params: IdParam, querystring: z.object({ version: z.coerce.number().pipe(Version).optional() }), response: { 204: NoContent } },
    },
    async (request, reply) => {
      await deleteView(ctx.db, actor(request), request.params.id, request.query.version);
      return reply.code(204).send();
    },
  );
}
