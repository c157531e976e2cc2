import { DESK_ROLES, FOLLOW_UP_REASONS, FOLLOW_UP_RULES, LEAD_ROLES } from '@kefu/domain';
import {
  FollowUpAnswer,
  FollowUpAssign,
  FollowUpClaim,
  FollowUpDetail,
  FollowUpInput,
  FollowUpList,
  FollowUpOutcomeAnswer,
  FollowUpOutcomeInput,
  FollowUpQuery,
  FollowUpReport,
  FollowUpReportQuery,
  FollowUpReportXlsx,
  FollowUpRuleChange,
  FollowUpRules,
  FollowUpScriptChange,
  FollowUpScripts,
} from '@kefu/protocol/api/follow-ups';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext, Principal } from '../http/context.ts';
import { actor } from '../http/guard.ts';
import { IdParam } from '../http/schemas.ts';
import { recordOutcome } from './outcome.ts';
import { presentFollowUp } from './presenter.ts';
import { assignFollowUp, claimFollowUp, createManualFollowUp, getFollowUp, listFollowUps } from './queue.ts';
import { followUpReport, reportSheet } from './report.ts';
import { changeRule, readRules } from './rules.ts';
import { changeScript, followUpContext, listScripts } from './scripts.ts';

/** Follow-ups (回访): the desk's queues and outcomes, the supervisors' assignment and report, the admin's rules. */
export function followUpRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['follow-ups'];
  const desk = { roles: DESK_ROLES };
  const lead = { roles: LEAD_ROLES };
  const base = '/api/follow-ups';

  const answer = async (id: number, viewer: Principal) => ({ followUp: presentFollowUp(await getFollowUp(ctx.db, viewer, id)) });

  r.get(base, { config: desk, schema: { tags, querystring: FollowUpQuery, response: { 200: FollowUpList } } }, (request) =>
    listFollowUps(ctx.db, actor(request), request.query),
  );

  r.post(base, { config: desk, schema: { tags, body: FollowUpInput, response: { 201: FollowUpAnswer } } }, async (request, reply) => {
    const id = await createManualFollowUp(ctx.db, actor(request), request.body);
    reply.code(201);
    return answer(id, actor(request));
  });

  r.get(`${base}/rules`, { config: desk, schema: { tags, response: { 200: FollowUpRules } } }, async () => {
    const rules = await readRules(ctx.db);
    return { rules: FOLLOW_UP_RULES.flatMap((name) => (rules[name] ? [rules[name]] : [])) };
  });

  r.put(
    `${base}/rules/:rule`,
    {
      config: { roles: ['admin'] },
      schema: { tags, params: z.object({ rule: z.enum(FOLLOW_UP_RULES) }), body: FollowUpRuleChange, response: { 200: FollowUpRules } },
    },
    async (request) => {
      await changeRule(ctx.db, actor(request), request.params.rule, request.body);
      const rules = await readRules(ctx.db);
      return { rules: FOLLOW_UP_RULES.flatMap((name) => (rules[name] ? [rules[name]] : [])) };
    },
  );

  r.get(`${base}/scripts`, { config: desk, schema: { tags, response: { 200: FollowUpScripts } } }, async () => ({
    scripts: await listScripts(ctx.db),
  }));

  r.put(
    `${base}/scripts/:reason`,
    {
      config: lead,
      schema: { tags, params: z.object({ reason: z.enum(FOLLOW_UP_REASONS) }), body: FollowUpScriptChange, response: { 200: FollowUpScripts } },
    },
    async (request) => {
      await changeScript(ctx.db, actor(request), request.params.reason, request.body);
      return { scripts: await listScripts(ctx.db) };
    },
  );

  r.get(`${base}/report`, { config: lead, schema: { tags, querystring: FollowUpReportQuery, response: { 200: FollowUpReport } } }, (request) =>
    followUpReport(ctx.db, request.query.from, request.query.to),
  );

  r.get(
    `${base}/report.xlsx`,
    { config: lead, schema: { tags, querystring: FollowUpReportQuery, response: { 200: FollowUpReportXlsx } } },
    (request, reply) => reportSheet(ctx.db, reply, request.query.from, request.query.to),
  );

  r.get(`${base}/:id`, { config: desk, schema: { tags, params: IdParam, response: { 200: FollowUpDetail } } }, async (request) => {
    const viewer = actor(request);
    const row = await getFollowUp(ctx.db, viewer, request.params.id);
    const { script, context } = await followUpContext(ctx.db, row, viewer.displayName);
    return { followUp: presentFollowUp(row), script, context };
  });

  r.post(
    `${base}/:id/claim`,
    { config: desk, schema: { tags, params: IdParam, body: FollowUpClaim, response: { 200: FollowUpAnswer } } },
    async (request) => {
      await claimFollowUp(ctx.db, actor(request), request.params.id, request.body.version);
      return answer(request.params.id, actor(request));
    },
  );

  r.post(
    `${base}/:id/assign`,
    { config: lead, schema: { tags, params: IdParam, body: FollowUpAssign, response: { 200: FollowUpAnswer } } },
    async (request) => {
      await assignFollowUp(ctx.db, actor(request), request.params.id, request.body);
      return answer(request.params.id, actor(request));
    },
  );

  r.post(
    `${base}/:id/outcome`,
    { config: desk, schema: { tags, params: IdParam, body: FollowUpOutcomeInput, response: { 200: FollowUpOutcomeAnswer } } },
    async (request) => {
      const { ticketId } = await recordOutcome(ctx.db, actor(request), request.params.id, request.body);
      return { ...(await answer(request.params.id, actor(request))), ticketId };
    },
  );
}
