import { ALL_ROLES, DESK_ROLES, LEAD_ROLES, ORDER_PLATFORMS, ORDER_STATUSES, PROBLEM_ORDER_KINDS, ticketForRole } from '@kefu/domain';
import { Ok } from '@kefu/protocol/api/common';
import { ImportReport, LateSubstitutions, OrderAnswer, OrderList, OrderVersion, SubstitutionAnswer } from '@kefu/protocol/api/orders';
import { TicketAnswer } from '@kefu/protocol/api/tickets';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.ts';
import { badRequest } from '../http/errors.ts';
import { actor } from '../http/guard.ts';
import { Id, IdParam, listOf, Paging, Version } from '../http/schemas.ts';
import { getSetting } from '../settings/service.ts';
import { currentPolicies } from '../sla/policies.ts';
import { presentTicket } from '../tickets/presenter.ts';
import { COLUMN_ALIASES, importOrders, type ImportField } from './import.ts';
import { upsertOrders } from './ingest.ts';
import { OrderInput } from './input.ts';
import { presentLateSubstitutions, presentOrder, presentOrderList, presentSubstitution } from './presenter.ts';
import { openProblemOrder } from './problem.ts';
import { cancelOrder, changeLines, confirmOrder, getOrder, listOrders, resolveFlag } from './service.ts';
import { answerSubstitution, lateSubstitutions, proposeSubstitution } from './substitutions.ts';

const Reason = z.string().trim().min(1, 'a reason is required').max(500);

export function orderRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['orders'];
  const everyone = { roles: ALL_ROLES };
  const desk = { roles: DESK_ROLES };

  r.get(
    '/api/orders',
    {
      config: everyone,
      schema: {
        tags,
        querystring: z.object({
          q: z.string().trim().max(64).optional(),
          status: listOf(z.enum(ORDER_STATUSES)).optional(),
          platform: listOf(z.enum(ORDER_PLATFORMS)).optional(),
          flagged: z.enum(['true', 'false']).optional(),
          customerId: Id.optional(),
          ...Paging,
        }),
        response: { 200: OrderList },
      },
    },
    async (request) => presentOrderList(await listOrders(ctx.db, actor(request), { ...request.query, flagged: request.query.flagged === 'true' })),
  );

  r.get('/api/orders/:id', { config: everyone, schema: { tags, params: IdParam, response: { 200: OrderAnswer } } }, async (request) => ({
    order: presentOrder(await getOrder(ctx.db, actor(request), request.params.id)),
  }));

  r.post(
    '/api/orders',
    {
      config: desk,
      schema: { tags, body: OrderInput, response: { 200: OrderAnswer.describe('the order existed: it was updated'), 201: OrderAnswer } },
    },
    async (request, reply) => {
      const settings = (await getSetting(ctx.db, 'orderChecks')).value;
      const policies = await currentPolicies(ctx.db);
      const result = await ctx.db.transaction().execute((tx) => upsertOrders(tx, [request.body], 'api', settings, policies));
      reply.code(result.inserted ? 201 : 200);
      return { order: presentOrder(await getOrder(ctx.db, actor(request), result.ids[0]!)) };
    },
  );

  r.post(
    '/api/orders/import',
    {
      config: { roles: LEAD_ROLES },
      schema: {
        tags,
        description:
          'Multipart upload of a marketplace order export (.csv or .xlsx). A dry run reports every bad row; a real import writes all orders or none.',
        querystring: z.object({
          platform: z.enum(ORDER_PLATFORMS),
          dryRun: z.enum(['true', 'false']).default('true'),
          mapping: z.string().max(4000).optional().describe('JSON object: field → column header, for columns the importer does not know'),
        }),
        response: { 200: ImportReport },
      },
    },
    async (request) => {
      let mapping: Partial<Record<ImportField, string>> | undefined;
      if (request.query.mapping) {
        const parsed = z
          .partialRecord(z.enum(Object.keys(COLUMN_ALIASES) as [ImportField, ...ImportField[]]), z.string().min(1).max(60))
          .safeParse(safeJson(request.query.mapping));
        if (!parsed.success) throw badRequest('querystring.mapping', 'must be a JSON object of field → column header');
        mapping = parsed.data;
      }
      const file = await request.file({ limits: { fileSize: ctx.config.IMPORT_MAX_MB * 1024 * 1024 } });
      if (!file) throw badRequest('file', 'no file in the request');
      const report = await importOrders(ctx.db, actor(request).id, file.file, file.filename, {
        platform: request.query.platform,
        dryRun: request.query.dryRun === 'true',
        mapping,
        maxMb: ctx.config.IMPORT_MAX_MB,
        acceptLanguage: request.headers['accept-language'],
      });
      return report;
    },
  );

  r.post(
    '/api/orders/:id/confirm',
    {
      config: desk,
      schema: { tags, params: IdParam, body: z.object({ version: Version }), response: { 200: OrderVersion } },
    },
    async (request) => ({ version: await confirmOrder(ctx.db, actor(request), request.params.id, request.body.version) }),
  );

  r.post(
    '/api/orders/:id/flags/:flagId/resolve',
    {
      config: desk,
      schema: {
        tags,
        params: z.object({ id: Id, flagId: Id }),
        body: z.object({ resolution: z.string().trim().min(1).max(500) }),
        response: { 200: Ok },
      },
    },
    async (request) => {
      await resolveFlag(ctx.db, actor(request), request.params.id, request.params.flagId, request.body.resolution);
      return { ok: true as const };
    },
  );

  r.post(
    '/api/orders/:id/cancel',
    {
      config: desk,
      schema: { tags, params: IdParam, body: z.object({ version: Version, reason: Reason }), response: { 200: OrderVersion } },
    },
    async (request) => ({ version: await cancelOrder(ctx.db, actor(request), request.params.id, request.body) }),
  );

  r.post(
    '/api/orders/:id/lines',
    {
      config: desk,
      schema: {
        tags,
        params: IdParam,
        body: z.discriminatedUnion('action', [
          z.object({ action: z.literal('cancel'), version: Version, lineId: Id, reason: Reason }),
          z.object({ action: z.literal('swap'), version: Version, lineId: Id, productId: Id, reason: Reason }),
          z.object({ action: z.literal('add'), version: Version, productId: Id, quantity: z.number().int().min(1).max(999) }),
          z.object({ action: z.literal('paid'), version: Version, lineId: Id }),
        ]),
        response: { 200: OrderVersion },
      },
    },
    async (request) => {
      const { version, ...change } = request.body;
      return { version: await changeLines(ctx.db, actor(request), request.params.id, version, change) };
    },
  );

  r.post(
    '/api/orders/:id/problem',
    {
      config: desk,
      schema: {
        tags,
        params: IdParam,
        body: z.object({ kind: z.enum(PROBLEM_ORDER_KINDS), description: z.string().trim().min(1).max(5000) }),
        response: { 201: TicketAnswer },
      },
    },
    async (request, reply) => {
      const who = actor(request);
      const ticket = await openProblemOrder(ctx.db, who, request.params.id, request.body);
      reply.code(201);
      return { ticket: presentTicket(ticketForRole(ticket, who.role)) };
    },
  );

  r.post(
    '/api/orders/:id/substitutions',
    {
      config: { roles: ['product', 'supervisor', 'admin'] },
      schema: {
        tags,
        params: IdParam,
        body: z.object({ orderLineId: Id, productId: Id, note: z.string().trim().max(500).optional() }),
        response: { 201: SubstitutionAnswer },
      },
    },
    async (request, reply) => {
      const substitution = await proposeSubstitution(ctx.db, actor(request), request.params.id, request.body);
      reply.code(201);
      return { substitution: presentSubstitution(substitution) };
    },
  );

  r.post(
    '/api/substitutions/:id/answer',
    {
      config: desk,
      schema: {
        tags,
        params: IdParam,
        body: z.object({
          version: Version,
          outcome: z.enum(['accepted', 'declined', 'unreachable']),
          note: z.string().trim().max(500).optional(),
          followUpAt: z.coerce.date().optional(),
        }),
        response: { 200: Ok },
      },
    },
    async (request) => {
      await answerSubstitution(ctx.db, actor(request), request.params.id, request.body);
      return { ok: true as const };
    },
  );

  r.get('/api/substitutions/late', { config: everyone, schema: { tags, response: { 200: LateSubstitutions } } }, async () =>
    presentLateSubstitutions(await lateSubstitutions(ctx.db)),
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
