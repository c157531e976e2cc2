import { DESK_ROLES, LEAD_ROLES, SLA_SUBJECTS } from '@kefu/domain';
import { NoContent } from '@kefu/protocol/api/common';
import { SlaBoard, SlaClocks, SlaPolicies, SlaPolicy, SlaPolicyInput } from '@kefu/protocol/api/sla';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.ts';
import { actor } from '../http/guard.ts';
import { slaBoard } from './board.ts';
import { presentClock, presentPolicy } from './presenter.ts';
import { createPolicy, deletePolicy, policyRow, policyRows, updatePolicy } from './service.ts';

const Id = z.coerce.number().int().positive();
const DAY = 86_400_000;

/** Service-level policies (admins edit, the desk reads), a piece of work's clocks, and the supervisors' board. */
export function slaRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['service levels'];

  r.get('/api/sla/policies', { config: { roles: DESK_ROLES }, schema: { tags, response: { 200: SlaPolicies } } }, async () => ({
    policies: (await policyRows(ctx.db)).map(presentPolicy),
  }));

  r.get(
    '/api/sla/policies/:id',
    { config: { roles: DESK_ROLES }, schema: { tags, params: z.object({ id: Id }), response: { 200: SlaPolicy } } },
    async (request) => presentPolicy(await policyRow(ctx.db, request.params.id)),
  );

  r.post(
    '/api/sla/policies',
    { config: { roles: ['admin'] }, schema: { tags, body: SlaPolicyInput, response: { 201: SlaPolicy } } },
    async (request, reply) => {
      reply.code(201);
      return presentPolicy(await createPolicy(ctx.db, actor(request).id, request.body));
    },
  );

  r.put(
    '/api/sla/policies/:id',
    {
      config: { roles: ['admin'] },
      schema: { tags, params: z.object({ id: Id }), body: SlaPolicyInput.extend({ version: z.number().int().min(1) }), response: { 200: SlaPolicy } },
    },
    async (request) => {
      const { version, ...input } = request.body;
      return presentPolicy(await updatePolicy(ctx.db, actor(request).id, request.params.id, input, version));
    },
  );

  r.delete(
    '/api/sla/policies/:id',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        params: z.object({ id: Id }),
        querystring: z.object({ version: z.coerce.number().int().min(1) }),
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await deletePolicy(ctx.db, actor(request).id, request.params.id, request.query.version);
      return reply.code(204).send();
    },
  );

  r.get(
    '/api/sla/clocks',
    {
      config: { roles: DESK_ROLES },
      schema: { tags, querystring: z.object({ subjectKind: z.enum(SLA_SUBJECTS), subjectId: Id }), response: { 200: SlaClocks } },
    },
    async (request) => {
      const rows = await ctx.db
        .selectFrom('sla_clocks')
        .selectAll()
        .where('subject_kind', '=', request.query.subjectKind)
        .where('subject_id', '=', request.query.subjectId)
        .orderBy('started_at')
        .orderBy('id')
        .limit(200)
        .execute();
      return { clocks: rows.map(presentClock) };
    },
  );

  r.get(
    '/api/sla/board',
    {
      config: { roles: LEAD_ROLES },
      schema: {
        tags,
        querystring: z
          .object({ from: z.coerce.date().optional(), to: z.coerce.date().optional() })
          .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'must be after "from"', path: ['to'] }),
        response: { 200: SlaBoard },
      },
    },
    async (request) => {
      const to = request.query.to ?? new Date();
      const from = request.query.from ?? new Date(to.getTime() - 30 * DAY);
      return slaBoard(ctx.db, { from, to });
    },
  );
}
