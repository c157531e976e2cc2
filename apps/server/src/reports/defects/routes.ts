import { LEAD_ROLES, type Role } from '@kefu/domain';
import {
  DefectAlarmDetail,
  DefectAlarmList,
  DefectAlarmListQuery,
  DefectAlarmMove,
  DefectAlarmSettingsAnswer,
  DefectAlarmSettingsInput,
  RecallReport,
  RecallReportPdf,
  RecallReportXlsx,
} from '@kefu/protocol/api/defects';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendPdf } from '../../files/pdf.ts';
import { sendSheet } from '../../files/sheets.ts';
import type { AppContext } from '../../http/context.ts';
import { actor } from '../../http/guard.ts';
import { alarmRow, listAlarms, moveAlarm } from './alarms.ts';
import { presentAlarm, presentRecallReport } from './presenter.ts';
import { recallFileName, recallPdf, recallWorkbook } from './recall-files.ts';
import { alarmCases, recallReport } from './recall.ts';
import { readDefectAlarmSettings, saveDefectAlarmSettings } from './settings.ts';

/** Supervisors, admins and the product department read and act on alarms; admins set the threshold. */
const READERS: readonly Role[] = [...LEAD_ROLES, 'product'];
const Params = z.object({ id: z.coerce.number().int().positive() });

/** Quality alarms (docs/reports.md "Defect alarms"): the list, one alarm with its cases, acknowledging and closing, the recall report. */
export function defectAlarmRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['quality alarms'];
  const base = '/api/reports/defect-alarms';

  r.get(
    base,
    { config: { roles: READERS }, schema: { tags, querystring: DefectAlarmListQuery, response: { 200: DefectAlarmList } } },
    async (request) => {
      const { alarms, counts } = await listAlarms(ctx.db, request.query);
      return { alarms: alarms.map(presentAlarm), counts };
    },
  );

  r.get(`${base}/settings`, { config: { roles: READERS }, schema: { tags, response: { 200: DefectAlarmSettingsAnswer } } }, async () =>
    readDefectAlarmSettings(ctx.db),
  );

  r.put(
    `${base}/settings`,
    { config: { roles: ['admin'] }, schema: { tags, body: DefectAlarmSettingsInput, response: { 200: DefectAlarmSettingsAnswer } } },
    async (request) => {
      const { version, ...settings } = request.body;
      return saveDefectAlarmSettings(ctx.db, actor(request).id, settings, version);
    },
  );

  r.get(`${base}/:id`, { config: { roles: READERS }, schema: { tags, params: Params, response: { 200: DefectAlarmDetail } } }, async (request) => ({
    alarm: presentAlarm(await alarmRow(ctx.db, request.params.id)),
    cases: await alarmCases(ctx.db, request.params.id),
  }));

  r.patch(
    `${base}/:id`,
    {
      config: { roles: READERS },
      schema: { tags, params: Params, body: DefectAlarmMove, response: { 200: z.object({ alarm: DefectAlarmDetail.shape.alarm }) } },
    },
    async (request) => ({ alarm: presentAlarm(await moveAlarm(ctx.db, actor(request), request.params.id, request.body)) }),
  );

  r.get(
    `${base}/:id/recall-report`,
    { config: { roles: READERS }, schema: { tags, params: Params, response: { 200: RecallReport } } },
    async (request) => presentRecallReport(await recallReport(ctx.db, request.params.id)),
  );

  r.get(
    `${base}/:id/recall-report.pdf`,
    { config: { roles: READERS }, schema: { tags, params: Params, response: { 200: RecallReportPdf } } },
    async (request, reply) => {
      const report = await recallReport(ctx.db, request.params.id);
      return sendPdf(reply, recallFileName(report), await recallPdf(report));
    },
  );

  r.get(
    `${base}/:id/recall-report.xlsx`,
    { config: { roles: READERS }, schema: { tags, params: Params, response: { 200: RecallReportXlsx } } },
    async (request, reply) => {
      const report = await recallReport(ctx.db, request.params.id);
      return sendSheet(reply, recallFileName(report), await recallWorkbook(report));
    },
  );
}
