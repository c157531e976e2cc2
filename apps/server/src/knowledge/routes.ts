import { ALL_ROLES, DESK_ROLES } from '@kefu/domain';
import { loadIntentModel } from '@kefu/nlp';
import { Ok } from '@kefu/protocol/api/common';
import {
  Draft,
  FaqAnswer,
  FaqImportReport,
  FaqList,
  FaqSpreadsheet,
  Features,
  SuggestAnswer,
  Synonyms,
  UNKNOWN_QUESTION_STATUSES,
  UnknownQuestionList,
  XLSX_TYPE,
} from '@kefu/protocol/api/knowledge';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { conversationFor } from '../conversations/access.ts';
import type { AppContext } from '../http/context.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { actor } from '../http/guard.ts';
import { Id, IdParam, Paging, Version } from '../http/schemas.ts';
import { draftReply } from './draft.ts';
import { exportFaqs, importFaqs } from './import.ts';
import type { KnowledgeIndex } from './index.ts';
import { presentFaq, presentUnknownQuestion } from './presenter.ts';
import { createFaqs, deleteFaq, FaqInput, getFaq, listFaqs, listUnknownQuestions, putSynonyms, updateFaq } from './service.ts';

const EDITORS = { roles: ['supervisor', 'admin', 'product'] as const };

export function knowledgeRoutes(app: FastifyInstance, ctx: AppContext, index: KnowledgeIndex): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['knowledge'];
  const intents = loadIntentModel();

  r.get(
    '/api/knowledge/faqs',
    {
      config: { roles: ALL_ROLES },
      schema: {
        tags,
        querystring: z.object({ q: z.string().trim().max(100).optional(), category: z.string().trim().max(40).optional(), ...Paging }),
        response: { 200: FaqList },
      },
    },
    async (request) => ({ faqs: (await listFaqs(ctx.db, request.query)).map(presentFaq) }),
  );
  r.get(
    '/api/knowledge/faqs/:id',
    { config: { roles: ALL_ROLES }, schema: { tags, params: IdParam, response: { 200: FaqAnswer } } },
    async (request) => ({ faq: presentFaq(await getFaq(ctx.db, request.params.id)) }),
  );
  r.post('/api/knowledge/faqs', { config: EDITORS, schema: { tags, body: FaqInput, response: { 201: FaqAnswer } } }, async (request, reply) => {
    const [id] = await ctx.db.transaction().execute((tx) => createFaqs(tx, actor(request).id, [request.body]));
    index.invalidate();
    reply.code(201);
    return { faq: presentFaq(await getFaq(ctx.db, id!)) };
  });
  r.put(
    '/api/knowledge/faqs/:id',
    {
      config: EDITORS,
      schema: { tags, params: IdParam, body: FaqInput.extend({ version: Version }), response: { 200: FaqAnswer } },
    },
    async (request) => {
      await updateFaq(ctx.db, actor(request).id, request.params.id, request.body);
      index.invalidate();
      return { faq: presentFaq(await getFaq(ctx.db, request.params.id)) };
    },
  );
  r.delete('/api/knowledge/faqs/:id', { config: EDITORS, schema: { tags, params: IdParam, response: { 200: Ok } } }, async (request) => {
    await deleteFaq(ctx.db, actor(request).id, request.params.id);
    index.invalidate();
    return { ok: true } as const;
  });

  r.post(
    '/api/knowledge/faqs/import',
    {
      config: EDITORS,
      schema: {
        tags,
        querystring: z.object({ dryRun: z.enum(['true', 'false']).default('true') }),
        response: { 200: FaqImportReport },
        description:
          'Multipart .xlsx or .csv with 标准问题, 相似问法, 答案, 分类, 适用商品SKU. A dry run reports every bad row; otherwise all rows or none.',
      },
    },
    async (request) => {
      const file = await request.file({ limits: { fileSize: 20 * 1024 * 1024 } });
      if (!file) throw badRequest('file', 'no file in the request');
      const dryRun = request.query.dryRun === 'true';
      const report = await importFaqs(ctx.db, actor(request).id, file.file, file.filename, dryRun, request.headers['accept-language']);
      index.invalidate();
      return report;
    },
  );
  r.get('/api/knowledge/faqs/export', { config: { roles: ALL_ROLES }, schema: { tags, response: { 200: FaqSpreadsheet } } }, async (_, reply) => {
    reply.header('content-type', XLSX_TYPE).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent('知识库.xlsx')}`);
    return exportFaqs(ctx.db);
  });

  r.get(
    '/api/knowledge/suggest',
    {
      config: { roles: [...DESK_ROLES, 'product'] },
      schema: { tags, querystring: z.object({ q: z.string().max(2000), productId: Id.optional() }), response: { 200: SuggestAnswer } },
    },
    async (request) => ({
      suggestions: await index.suggest(request.query.q, { productId: request.query.productId }),
      intent: intents.classify(request.query.q),
    }),
  );

  r.get('/api/knowledge/features', { config: { roles: ALL_ROLES }, schema: { tags, response: { 200: Features } } }, async () => ({
    llm: !!ctx.config.LLM_URL,
  }));

  r.post(
    '/api/conversations/:id/draft',
    {
      config: { roles: DESK_ROLES },
      schema: {
        tags,
        params: IdParam,
        response: { 200: Draft },
        description:
          "A reply drafted by the language model (LLM_URL) from the knowledge, the customer's orders and the conversation, for the agent to check.",
      },
    },
    async (request) => {
      await conversationFor(ctx.db, actor(request), request.params.id, 'send');
      const shop = await ctx.db
        .selectFrom('conversations')
        .innerJoin('shops', 'shops.id', 'conversations.shop_id')
        .select('shops.name')
        .where('conversations.id', '=', request.params.id)
        .executeTakeFirst();
      if (!shop) throw notFound('conversation');
      return draftReply(ctx.db, ctx.config, index, request.params.id, shop.name);
    },
  );

  r.get(
    '/api/knowledge/unknown',
    {
      config: { roles: ALL_ROLES },
      schema: { tags, querystring: z.object({ status: z.enum(UNKNOWN_QUESTION_STATUSES).default('open') }), response: { 200: UnknownQuestionList } },
    },
    async (request) => ({ questions: (await listUnknownQuestions(ctx.db, actor(request), request.query.status)).map(presentUnknownQuestion) }),
  );
  r.post(
    '/api/knowledge/unknown/:id',
    {
      config: EDITORS,
      schema: { tags, params: IdParam, body: z.object({ status: z.enum(['resolved', 'ignored']), faqId: Id.optional() }), response: { 200: Ok } },
    },
    async (request) => {
      const row = await ctx.db
        .updateTable('unknown_questions')
        .set({ status: request.body.status, faq_id: request.body.faqId ?? null })
        .where('id', '=', request.params.id)
        .returning('id')
        .executeTakeFirst();
      if (!row) throw notFound('unknown question');
      return { ok: true } as const;
    },
  );

  r.get('/api/knowledge/synonyms', { config: { roles: ALL_ROLES }, schema: { tags, response: { 200: Synonyms } } }, async () => ({
    groups: (await ctx.db.selectFrom('synonym_groups').select('terms').orderBy('id').execute()).map((g) => g.terms),
  }));
  r.put(
    '/api/knowledge/synonyms',
    {
      config: EDITORS,
      schema: {
        tags,
        body: z.object({ groups: z.array(z.array(z.string().trim().min(1).max(20)).min(2, 'a group needs at least two words').max(30)).max(500) }),
        response: { 200: Ok },
      },
    },
    async (request) => {
      await putSynonyms(ctx.db, actor(request).id, request.body.groups);
      index.invalidate();
      return { ok: true } as const;
    },
  );
}
