/** The reports API (docs/reports.md "Dashboard"): typed calls and the addresses of the Excel downloads. */
import type { Wire } from '@kefu/protocol/api/common';
import type {
  AgentReport as AgentReportSchema,
  CaseFilter,
  KpiReport as KpiReportSchema,
  QuestionReport as QuestionReportSchema,
  ReportCases as ReportCasesSchema,
} from '@kefu/protocol/api/reports';
import { api, toQuery } from '../../api.ts';

export type KpiReport = Wire<typeof KpiReportSchema>;
export type Kpi = KpiReport['kpis'][number];
export type Breakdown = KpiReport['byAgent'][number];
export type DailyKpis = KpiReport['daily'][number];
export type AgentReport = Wire<typeof AgentReportSchema>;
export type AgentRow = AgentReport['agents'][number];
export type ReportCases = Wire<typeof ReportCasesSchema>;
export type ReportCase = ReportCases['items'][number];
export type QuestionReport = Wire<typeof QuestionReportSchema>;
export type { CaseFilter };

/** China days and the optional filters, as the URL of a report page and its API call carry them. */
export interface ReportRange {
  from: string;
  to: string;
  agentId?: number;
  groupId?: number;
  channel?: string;
}

const query = (r: ReportRange) => ({ from: r.from, to: r.to, agentId: r.agentId, groupId: r.groupId, channel: r.channel });

export const reportsApi = {
  kpis: (r: ReportRange) => api.get<KpiReport>('/api/reports/kpis', query(r)),
  agents: (r: ReportRange) => api.get<AgentReport>('/api/reports/agents', query(r)),
  cases: (r: ReportRange, kpi: CaseFilter, page: number, pageSize: number) =>
    api.get<ReportCases>('/api/reports/cases', { ...query(r), kpi, page, pageSize }),
  questions: (r: ReportRange) => api.get<QuestionReport>('/api/reports/questions', { from: r.from, to: r.to }),
};

/** The .xlsx beside a JSON report: same query, downloaded by the browser with the session cookie. */
export function excelUrl(
  path: '/api/reports/kpis' | '/api/reports/agents' | '/api/reports/cases' | '/api/reports/questions',
  q: Record<string, string | number | undefined>,
) {
  return `${path}.xlsx${toQuery(q)}`;
}
export const rangeQuery = query;
