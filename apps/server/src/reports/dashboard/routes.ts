import { DESK_ROLES, LEAD_ROLES } from '@kefu/domain';
import {
  AgentReport,
  CasesQuery,
  KpiReport,
  MyAgentReport,
  PeriodQuery,
  QuestionReport,
  ReportCases,
  ReportQuery,
  ReportSpreadsheet,
} from '@kefu/protocol/api/reports';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sendSheet } from '../../files/sheets.ts';
import type { AppContext } from '../../http/context.ts';
import { actor } from '../../http/guard.ts';
import { agentReport } from './agents.ts';
import { reportCases } from './cases.ts';
import { agentWorkbook, casesWorkbook, kpiWorkbook, questionWorkbook } from './exports.ts';
import { kpiReport } from './kpi-report.ts';
import { reportPeriod } from './period.ts';
import { questionReport } from './questions.ts';
import { reportStatements, runReport } from './run.ts';

/** The most rows a drill-down export holds: the newest, as the page shows them. */
const CASES_EXPORT_LIMIT = 10_000;

const CASE_TITLE: Record<string, string> = {
  conversations: '会话',
  tickets: '工单',
  rated: '已评价会话',
  unsatisfied: '不满意会话',
  notFirstContactResolved: '未一次解决',
  contactedAgain: '二次来访',
  slowFirstResponse: '首次响应超过 30 秒',
  escalated: '升级工单',
  slaBreached: '时效超时',
  handedOver: '转人工会话',
  resolvedByBot: '机器人解决',
};

/**
 * The reports (docs/reports.md "Dashboard"): supervisors and admins read the dashboard, the agents' table, the
 * cases behind a number and the question statistics, each also as .xlsx; an agent reads their own row.
 */
export function reportRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['reports'];
  const lead = { roles: LEAD_ROLES };
  const span = (q: { from: string; to: string }) => `${q.from}至${q.to}`;

  r.get(
    '/api/reports/kpis',
    {
      config: lead,
      schema: {
        tags,
        querystring: ReportQuery,
        response: { 200: KpiReport },
        description: 'The KPIs against their targets and the previous period, daily trends, the weekday × hour heat map and breakdowns.',
      },
    },
    async (request) => kpiReport(ctx.db, reportPeriod(request.query), reportStatements(ctx)),
  );
  r.get(
    '/api/reports/kpis.xlsx',
    { config: lead, schema: { tags, querystring: ReportQuery, response: { 200: ReportSpreadsheet } } },
    async (request, reply) => {
      const report = await kpiReport(ctx.db, reportPeriod(request.query), reportStatements(ctx));
      return sendSheet(reply, `服务指标 ${span(request.query)}`, await kpiWorkbook(report));
    },
  );

  r.get(
    '/api/reports/agents',
    { config: lead, schema: { tags, querystring: ReportQuery, response: { 200: AgentReport }, description: "Every agent's figures for the range." } },
    async (request) => ({ ...request.query, ...(await runReport(ctx, (db) => agentReport(db, reportPeriod(request.query)))) }),
  );
  r.get(
    '/api/reports/agents.xlsx',
    { config: lead, schema: { tags, querystring: ReportQuery, response: { 200: ReportSpreadsheet } } },
    async (request, reply) => {
      const report = await runReport(ctx, (db) => agentReport(db, reportPeriod(request.query)));
      return sendSheet(reply, `客服绩效 ${span(request.query)}`, await agentWorkbook({ ...request.query, ...report }));
    },
  );
  r.get(
    '/api/reports/agents/me',
    { config: { roles: DESK_ROLES }, schema: { tags, querystring: PeriodQuery, response: { 200: MyAgentReport }, description: 'Your own row.' } },
    async (request) => {
      const me = actor(request);
      const { from, to } = request.query;
      const { agents, total } = await runReport(ctx, (db) => agentReport(db, reportPeriod({ from, to, agentId: me.id })));
      const agent = agents.find((a) => a.agentId === me.id) ?? { ...total, agentId: me.id, name: me.displayName };
      return { from, to, agent };
    },
  );

  r.get(
    '/api/reports/cases',
    {
      config: lead,
      schema: { tags, querystring: CasesQuery, response: { 200: ReportCases }, description: 'The conversations and tickets behind a number.' },
    },
    async (request) => {
      const { kpi, page, pageSize, ...range } = request.query;
      const found = await runReport(ctx, (db) => reportCases(db, reportPeriod(range), kpi, { page, pageSize }));
      return { ...found, page, pageSize };
    },
  );
  r.get(
    '/api/reports/cases.xlsx',
    { config: lead, schema: { tags, querystring: CasesQuery, response: { 200: ReportSpreadsheet } } },
    async (request, reply) => {
      const { kpi, page: _page, pageSize: _pageSize, ...range } = request.query;
      const found = await runReport(ctx, (db) => reportCases(db, reportPeriod(range), kpi, { page: 1, pageSize: CASES_EXPORT_LIMIT }));
      const title = CASE_TITLE[kpi] ?? kpi;
      return sendSheet(reply, `${title} ${span(range)}`, await casesWorkbook(title, found.items));
    },
  );

  r.get(
    '/api/reports/questions',
    {
      config: lead,
      schema: {
        tags,
        querystring: PeriodQuery,
        response: { 200: QuestionReport },
        description: 'What shoppers asked: by intent, category, product; top and unanswered questions.',
      },
    },
    async (request) => runReport(ctx, (db) => questionReport(db, reportPeriod(request.query))),
  );
  r.get(
    '/api/reports/questions.xlsx',
    { config: lead, schema: { tags, querystring: PeriodQuery, response: { 200: ReportSpreadsheet } } },
    async (request, reply) => {
      const report = await runReport(ctx, (db) => questionReport(db, reportPeriod(request.query)));
      return sendSheet(reply, `咨询问题统计 ${span(request.query)}`, await questionWorkbook(report));
    },
  );
}
