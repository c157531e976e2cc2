import { DESK_ROLES, LEAD_ROLES, REVIEW_PLATFORMS } from '@kefu/domain';
import {
  ReviewAfterSaleInput,
  ReviewAnswer,
  ReviewDraft,
  ReviewEscalateInput,
  ReviewImportReport,
  ReviewList,
  ReviewListQuery,
  ReviewReplyInput,
  ReviewVersionInput,
} from '@kefu/protocol/api/reviews';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../http/context.ts';
import { badRequest } from '../http/errors.ts';
import { actor } from '../http/guard.ts';
import { IdParam, RowId } from '../http/schemas.ts';
import { importReviews } from './import.ts';
import { getReview, listReviews } from './query.ts';
import { draftReply, escalateReview, followUpReview, inviteToRevise, openAfterSaleFromReview, replyToReview } from './service.ts';
import { reviewWebhook } from './webhook.ts';

/** 评价管理: the desk watches, answers and follows up marketplace reviews; supervisors import the exports. */
export function reviewRoutes(app: FastifyInstance, ctx: AppContext): void {
  reviewWebhook(app, ctx);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['reviews'];
  const desk = { roles: DESK_ROLES };
  const answer = async (id: number) => ({ review: await getReview(ctx.db, id) });

  r.get('/api/reviews', { config: desk, schema: { tags, querystring: ReviewListQuery, response: { 200: ReviewList } } }, async (request) =>
    listReviews(ctx.db, request.query),
  );

  r.get('/api/reviews/:id', { config: desk, schema: { tags, params: IdParam, response: { 200: ReviewAnswer } } }, async (request) =>
    answer(request.params.id),
  );

  r.get('/api/reviews/:id/draft', { config: desk, schema: { tags, params: IdParam, response: { 200: ReviewDraft } } }, async (request) =>
    draftReply(ctx.db, ctx.config, request.params.id),
  );

  r.post(
    '/api/reviews/:id/reply',
    { config: desk, schema: { tags, params: IdParam, body: ReviewReplyInput, response: { 200: ReviewAnswer } } },
    async (request) => {
      await replyToReview(ctx.db, actor(request), request.params.id, request.body);
      return answer(request.params.id);
    },
  );

  r.post(
    '/api/reviews/:id/escalate',
    { config: desk, schema: { tags, params: IdParam, body: ReviewEscalateInput, response: { 200: ReviewAnswer } } },
    async (request) => {
      await escalateReview(ctx.db, actor(request), request.params.id, request.body);
      return answer(request.params.id);
    },
  );

  r.post(
    '/api/reviews/:id/after-sale',
    {
      config: desk,
      schema: {
        tags,
        params: IdParam,
        body: ReviewAfterSaleInput,
        response: { 201: z.object({ afterSaleId: RowId, review: ReviewAnswer.shape.review }) },
      },
    },
    async (request, reply) => {
      const afterSaleId = await openAfterSaleFromReview(ctx.db, actor(request), request.params.id, request.body);
      reply.code(201);
      return { afterSaleId, ...(await answer(request.params.id)) };
    },
  );

  r.post(
    '/api/reviews/:id/follow-up',
    { config: desk, schema: { tags, params: IdParam, body: ReviewVersionInput, response: { 201: ReviewAnswer } } },
    async (request, reply) => {
      await followUpReview(ctx.db, actor(request), request.params.id, request.body.version);
      reply.code(201);
      return answer(request.params.id);
    },
  );

  r.post(
    '/api/reviews/:id/invite',
    { config: desk, schema: { tags, params: IdParam, body: ReviewVersionInput, response: { 200: ReviewAnswer } } },
    async (request) => {
      await inviteToRevise(ctx.db, actor(request), request.params.id, request.body.version);
      return answer(request.params.id);
    },
  );

  r.post(
    '/api/reviews/import',
    {
      config: { roles: LEAD_ROLES },
      schema: {
        tags,
        description:
          "Multipart upload of a seller centre's review export (.csv or .xlsx). A dry run reports every bad row; a real import writes all reviews or none.",
        querystring: z.object({ platform: z.enum(REVIEW_PLATFORMS), dryRun: z.enum(['true', 'false']).default('true') }),
        response: { 200: ReviewImportReport },
      },
    },
    async (request) => {
      const file = await request.file({ limits: { fileSize: ctx.config.IMPORT_MAX_MB * 1024 * 1024 } });
      if (!file) throw badRequest('file', 'no file in the request');
      return importReviews(ctx.db, actor(request).id, file.file, file.filename, {
        platform: request.query.platform,
        dryRun: request.query.dryRun === 'true',
        acceptLanguage: request.headers['accept-language'],
      });
    },
  );
}
