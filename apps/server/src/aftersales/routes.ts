import { AFTER_SALE_KINDS, AFTER_SALE_REASONS, AFTER_SALE_STATES, ALL_ROLES, COMPENSATION_KINDS, DESK_ROLES } from '@kefu/domain';
import { AfterSaleAnswer, AfterSaleList } from '@kefu/protocol/api/aftersales';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Fen } from '../orders/input.ts';
import type { AppContext } from '../http/context.ts';
import { actor } from '../http/guard.ts';
import { Id, IdParam, listOf, Version } from '../http/schemas.ts';
import { presentAfterSale, presentAfterSaleSummary } from './presenter.ts';
import { countAfterSales, getAfterSale, listAfterSales } from './queries.ts';
import { createAfterSale, recordPlan, recordProgress } from './service.ts';
import { transitionAfterSale } from './transition.ts';
import { refuseForbiddenReply } from '../quality/phrases.ts';

export function afterSaleRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['after-sales'];
  const everyone = { roles: ALL_ROLES };
  const desk = { roles: DESK_ROLES };

  r.get(
    '/api/aftersales',
    {
      config: everyone,
      schema: {
        tags,
        querystring: z.object({
          state: listOf(z.enum(AFTER_SALE_STATES)).optional(),
          kind: listOf(z.enum(AFTER_SALE_KINDS)).optional(),
          overdue: z.enum(['true', 'false']).optional(),
          ticketId: Id.optional(),
          orderId: Id.optional(),
          assigneeId: z
            .union([z.literal('none'), Id])
            .optional()
            .describe("the agent on the request's ticket, or none"),
          from: z.iso.date().optional().describe('created on or after this China day'),
          to: z.iso.date().optional().describe('created on or before this China day'),
          q: z.string().trim().max(100).optional().describe("an order number or part of it, a ticket number, part of the customer's name"),
          page: z.coerce.number().int().min(1).max(10_000).optional().describe('with pageSize: one page, and the total'),
          pageSize: z.coerce.number().int().min(1).max(200).optional(),
        }),
        response: { 200: AfterSaleList },
      },
    },
    async (request) => {
      const filter = { ...request.query, overdue: request.query.overdue === 'true' };
      const afterSales = await listAfterSales(ctx.db, actor(request).role, filter);
      // Paged lists say how many match; the unpaged list (a ticket's, an order's) is the latest 200.
      const total = filter.page || filter.pageSize ? await countAfterSales(ctx.db, actor(request).role, filter) : undefined;
      return { afterSales: afterSales.map(presentAfterSaleSummary), total };
    },
  );

  r.post(
    '/api/aftersales',
    {
      config: desk,
      schema: {
        tags,
        body: z.object({
          orderId: Id,
          ticketId: Id.optional(),
          kind: z.enum(AFTER_SALE_KINDS),
          reason: z.enum(AFTER_SALE_REASONS),
          description: z.string().trim().max(5000).optional(),
          lines: z
            .array(z.object({ lineId: Id, quantity: z.number().int().min(1).max(10_000) }))
            .max(200)
            .default([]),
          amountFen: Fen.optional(),
          compensationKind: z.enum(COMPENSATION_KINDS).optional(),
          goodsIntact: z.boolean().nullable().optional(),
          complex: z.boolean().optional(),
        }),
        response: { 201: AfterSaleAnswer },
      },
    },
    async (request, reply) => {
      const id = await createAfterSale(ctx.db, actor(request), request.body);
      reply.code(201);
      return { afterSale: presentAfterSale(await getAfterSale(ctx.db, id, actor(request).role)) };
    },
  );

  r.get('/api/aftersales/:id', { config: everyone, schema: { tags, params: IdParam, response: { 200: AfterSaleAnswer } } }, async (request) => ({
    afterSale: presentAfterSale(await getAfterSale(ctx.db, request.params.id, actor(request).role)),
  }));

  r.post(
    '/api/aftersales/:id/transition',
    {
      config: everyone,
      schema: {
        tags,
        params: IdParam,
        body: z.object({
          version: Version,
          to: z.enum(AFTER_SALE_STATES),
          note: z.string().trim().max(2000).optional(),
          override: z.boolean().optional(),
          goodsIntact: z.boolean().optional(),
          returnTrackingNo: z.string().trim().min(4).max(64).optional(),
        }),
        response: { 200: AfterSaleAnswer },
      },
    },
    async (request) => {
      await transitionAfterSale(ctx.db, actor(request), request.params.id, request.body);
      return { afterSale: presentAfterSale(await getAfterSale(ctx.db, request.params.id, actor(request).role)) };
    },
  );

  r.post(
    '/api/aftersales/:id/progress',
    {
      config: desk,
      schema: { tags, params: IdParam, body: z.object({ note: z.string().trim().min(1).max(2000) }), response: { 200: AfterSaleAnswer } },
    },
    async (request) => {
      // Progress is told to the shopper (chat or e-mail): the forbidden-phrase check of every outbound path.
      const ticket = await ctx.db.selectFrom('after_sales').select('ticket_id').where('id', '=', request.params.id).executeTakeFirst();
      if (ticket) await refuseForbiddenReply(ctx.db, actor(request).id, ticket.ticket_id, request.body.note, Boolean(ctx.config.SMTP_URL), 'note');
      await recordProgress(ctx.db, actor(request), request.params.id, request.body.note);
      return { afterSale: presentAfterSale(await getAfterSale(ctx.db, request.params.id, actor(request).role)) };
    },
  );

  r.post(
    '/api/aftersales/:id/plan',
    {
      config: desk,
      schema: {
        tags,
        params: IdParam,
        body: z.object({ plan: z.string().trim().min(1).max(5000), version: Version }),
        response: { 200: AfterSaleAnswer },
      },
    },
    async (request) => {
      await recordPlan(ctx.db, actor(request), request.params.id, request.body);
      return { afterSale: presentAfterSale(await getAfterSale(ctx.db, request.params.id, actor(request).role)) };
    },
  );
}
