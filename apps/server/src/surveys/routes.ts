import { CSAT_GOAL, DESK_ROLES, LEAD_ROLES } from '@kefu/domain';
import {
  CaseSurvey,
  CaseSurveyParams,
  SurveyFilters,
  SurveyList,
  SurveyListQuery,
  SurveySettingsAnswer,
  SurveySettingsInput,
  SurveySummary,
  SurveySummaryQuery,
  SurveyWorkbook,
  TicketSurveys,
} from '@kefu/protocol/api/surveys';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { audit } from '../audit/audit.ts';
import { sendSheet } from '../files/sheets.ts';
import type { AppContext } from '../http/context.ts';
import { actor } from '../http/guard.ts';
import { IdParam } from '../http/schemas.ts';
import { surveyWorkbook } from './export.ts';
import { surveySummary } from './figures.ts';
import { allSurveys, listSurveys, surveyOfCase, surveysOfTicket } from './presenter.ts';
import { surveyPublicRoutes } from './public-routes.ts';
import { readSurveySettings, saveSurveySettings } from './settings.ts';

/** Satisfaction surveys: supervisors read the figures and comments, desks see a case's result, admins set the rules. */
export function surveyRoutes(app: FastifyInstance, ctx: AppContext): void {
  surveyPublicRoutes(app, ctx);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['surveys'];
  const leads = { roles: LEAD_ROLES };

  r.get('/api/surveys', { config: leads, schema: { tags, querystring: SurveyListQuery, response: { 200: SurveyList } } }, async (request) =>
    listSurveys(ctx.db, request.query),
  );

  r.get(
    '/api/surveys/summary',
    { config: leads, schema: { tags, querystring: SurveySummaryQuery, response: { 200: SurveySummary } } },
    async (request) => ({
      ...(await surveySummary(ctx.db, request.query)),
      goal: CSAT_GOAL,
    }),
  );

  r.get(
    '/api/surveys/export.xlsx',
    { config: leads, schema: { tags, querystring: SurveyFilters, response: { 200: SurveyWorkbook } } },
    async (request, reply) => {
      const rows = await allSurveys(ctx.db, request.query);
      const summary = await surveySummary(ctx.db, { ...request.query, period: 'week' });
      await audit(ctx.db, {
        actorId: actor(request).id,
        action: 'surveys.export',
        entity: 'surveys',
        entityId: 'export',
        detail: { ...request.query, rows: rows.length },
      });
      return sendSheet(reply, `满意度调查-${new Date().toISOString().slice(0, 10)}.xlsx`, await surveyWorkbook(summary, rows));
    },
  );

  r.get(
    '/api/surveys/case/:kind/:id',
    { config: { roles: DESK_ROLES }, schema: { tags, params: CaseSurveyParams, response: { 200: CaseSurvey } } },
    async (request) => ({ survey: await surveyOfCase(ctx.db, request.params.kind, request.params.id) }),
  );

  r.get(
    '/api/surveys/ticket/:id',
    { config: { roles: DESK_ROLES }, schema: { tags, params: IdParam, response: { 200: TicketSurveys } } },
    async (request) => ({ surveys: await surveysOfTicket(ctx.db, request.params.id) }),
  );

  r.get('/api/surveys/settings', { config: leads, schema: { tags, response: { 200: SurveySettingsAnswer } } }, async () =>
    readSurveySettings(ctx.db),
  );

  r.put(
    '/api/surveys/settings',
    { config: { roles: ['admin'] }, schema: { tags, body: SurveySettingsInput, response: { 200: SurveySettingsAnswer } } },
    async (request) => {
      const { version, ...settings } = request.body;
      return saveSurveySettings(ctx.db, actor(request).id, settings, version);
    },
  );
}
