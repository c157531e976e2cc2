import { DESK_ROLES, LEAD_ROLES } from '@kefu/domain';
import { NoContent } from '@kefu/protocol/api/common';
import {
  AppealDecisionInput,
  AppealInput,
  Inspection,
  InspectionList,
  PhraseHits,
  QualityRule,
  QualityRuleInput,
  QualityRuleUpdate,
  QualityRules,
  QualitySettings,
  QualitySettingsInput,
  QualitySummary,
  QualitySummarySpreadsheet,
  ReviewInput,
} from '@kefu/protocol/api/quality';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/database.ts';
import type { AppContext, Principal } from '../http/context.ts';
import { actor } from '../http/guard.ts';
import { Id, IdParam, Paging } from '../http/schemas.ts';
import { getInspection, listInspections, phraseHits, qualitySummary } from './list.ts';
import { presentInspection, presentPhraseHit, presentRule, presentSummary } from './presenter.ts';
import { appealInspection, decideAppeal, reviewInspection } from './review.ts';
import { createRule, deleteRule, putSamplingSettings, ruleRow, ruleRows, samplingSettings, updateRule } from './rules.ts';
import { summaryRange, summarySheet } from './summary.ts';

const ADMIN = ['admin'] as const;
const Flag = z.enum(['true', 'false']).transform((v) => v === 'true');
/** A query over [from, to). */
const RangeFields = z.object({ from: z.coerce.date().optional(), to: z.coerce.date().optional() });
const inOrder = (q: { from?: Date; to?: Date }) => !q.from || !q.to || q.from < q.to;
const AFTER_FROM = { message: 'must be after "from"', path: ['to'] };
const Range = RangeFields.refine(inOrder, AFTER_FROM);

const inspection = async (db: Db, who: Principal, id: number) => presentInspection(await getInspection(db, who, id));

/** Quality inspection (质检): rules and sampling (admins edit, supervisors read), inspections, review, appeals, summary. */
export function qualityRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['quality'];

  r.get('/api/quality/rules', { config: { roles: LEAD_ROLES }, schema: { tags, response: { 200: QualityRules } } }, async () => ({
    rules: (await ruleRows(ctx.db)).map(presentRule),
  }));

  r.post(
    '/api/quality/rules',
    { config: { roles: ADMIN }, schema: { tags, body: QualityRuleInput, response: { 201: QualityRule } } },
    async (request, reply) => {
      reply.code(201);
      return presentRule(await createRule(ctx.db, actor(request).id, request.body));
    },
  );

  r.put(
    '/api/quality/rules/:id',
    { config: { roles: ADMIN }, schema: { tags, params: IdParam, body: QualityRuleUpdate, response: { 200: QualityRule } } },
    async (request) => {
      const { version, ...input } = request.body;
      return presentRule(await updateRule(ctx.db, actor(request).id, request.params.id, input, version));
    },
  );

  r.delete(
    '/api/quality/rules/:id',
    {
      config: { roles: ADMIN },
      schema: { tags, params: IdParam, querystring: z.object({ version: z.coerce.number().int().min(1) }), response: { 204: NoContent } },
    },
    async (request, reply) => {
      await ruleRow(ctx.db, request.params.id);
      await deleteRule(ctx.db, actor(request).id, request.params.id, request.query.version);
      return reply.code(204).send();
    },
  );

  r.get('/api/quality/settings', { config: { roles: LEAD_ROLES }, schema: { tags, response: { 200: QualitySettings } } }, async () =>
    samplingSettings(ctx.db),
  );

  r.put(
    '/api/quality/settings',
    {
      config: { roles: ADMIN },
      schema: { tags, body: QualitySettingsInput.extend({ version: z.number().int().min(1) }), response: { 200: QualitySettings } },
    },
    async (request) => {
      const { version, ...input } = request.body;
      return putSamplingSettings(ctx.db, actor(request).id, input, version);
    },
  );

  r.get(
    '/api/quality/inspections',
    {
      config: { roles: DESK_ROLES },
      schema: {
        tags,
        description: 'Supervisors and admins see every agent’s inspections; an agent sees their own only, whatever `agentId` says.',
        querystring: RangeFields.extend({
          agentId: Id.optional(),
          sampled: Flag.optional(),
          fatal: Flag.optional(),
          reviewed: Flag.optional(),
          appeal: z.enum(['none', 'pending', 'decided']).optional(),
          ...Paging,
        }).refine(inOrder, AFTER_FROM),
        response: { 200: InspectionList },
      },
    },
    async (request) => {
      const { rows, total } = await listInspections(ctx.db, actor(request), request.query);
      return { inspections: rows.map(presentSummary), total, page: request.query.page, pageSize: request.query.pageSize };
    },
  );

  r.get(
    '/api/quality/inspections/:id',
    { config: { roles: DESK_ROLES }, schema: { tags, params: IdParam, response: { 200: Inspection } } },
    async (request) => inspection(ctx.db, actor(request), request.params.id),
  );

  r.post(
    '/api/quality/inspections/:id/review',
    { config: { roles: LEAD_ROLES }, schema: { tags, params: IdParam, body: ReviewInput, response: { 200: Inspection } } },
    async (request) => {
      await reviewInspection(ctx.db, actor(request), request.params.id, request.body);
      return inspection(ctx.db, actor(request), request.params.id);
    },
  );

  r.post(
    '/api/quality/inspections/:id/appeal',
    {
      config: { roles: DESK_ROLES },
      schema: {
        tags,
        description: 'The inspected agent appeals, once (409 already_appealed after).',
        params: IdParam,
        body: AppealInput,
        response: { 200: Inspection },
      },
    },
    async (request) => {
      await appealInspection(ctx.db, actor(request), request.params.id, request.body);
      return inspection(ctx.db, actor(request), request.params.id);
    },
  );

  r.post(
    '/api/quality/inspections/:id/appeal-decision',
    { config: { roles: LEAD_ROLES }, schema: { tags, params: IdParam, body: AppealDecisionInput, response: { 200: Inspection } } },
    async (request) => {
      await decideAppeal(ctx.db, actor(request), request.params.id, request.body);
      return inspection(ctx.db, actor(request), request.params.id);
    },
  );

  r.get(
    '/api/quality/summary',
    { config: { roles: LEAD_ROLES }, schema: { tags, querystring: Range, response: { 200: QualitySummary } } },
    async (request) => {
      const { from, to } = summaryRange(request.query);
      return { from, to, agents: await qualitySummary(ctx.db, from, to) };
    },
  );

  r.get(
    '/api/quality/summary.xlsx',
    { config: { roles: LEAD_ROLES }, schema: { tags, querystring: Range, response: { 200: QualitySummarySpreadsheet } } },
    async (request, reply) => summarySheet(ctx.db, reply, summaryRange(request.query)),
  );

  r.get(
    '/api/quality/phrase-hits',
    {
      config: { roles: DESK_ROLES },
      schema: {
        tags,
        description: 'Forbidden phrases used on every outbound path, newest first; an agent sees their own.',
        querystring: RangeFields.extend({ userId: Id.optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }).refine(
          inOrder,
          AFTER_FROM,
        ),
        response: { 200: PhraseHits },
      },
    },
    async (request) => ({ hits: (await phraseHits(ctx.db, actor(request), request.query)).map(presentPhraseHit) }),
  );
}
