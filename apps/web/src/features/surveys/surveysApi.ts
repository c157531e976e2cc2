/** The satisfaction-survey API (apps/server/src/surveys): typed calls and the Excel export's address. */
import type { Wire } from '@kefu/protocol/api/common';
import type {
  CaseSurvey as CaseSurveySchema,
  Survey as SurveySchema,
  SurveyList as SurveyListSchema,
  SurveySettingsAnswer,
  SurveySummary as SurveySummarySchema,
} from '@kefu/protocol/api/surveys';
import type { SurveyKind } from '@kefu/domain';
import { api, toQuery } from '../../api.ts';

export type Survey = Wire<typeof SurveySchema>;
export type SurveyList = Wire<typeof SurveyListSchema>;
export type SurveySummary = Wire<typeof SurveySummarySchema>;
export type SurveySettings = Wire<typeof SurveySettingsAnswer>;
export type CaseSurvey = Wire<typeof CaseSurveySchema>;

export type SurveyFilters = {
  from?: string;
  to?: string;
  kind?: SurveyKind;
  channel?: 'chat' | 'email' | 'sms';
  agentId?: number;
  state?: string;
  score?: number;
  commented?: 'true';
};

export const surveysApi = {
  summary: (f: SurveyFilters, period: 'day' | 'week' | 'month') => api.get<SurveySummary>('/api/surveys/summary', { ...f, period }),
  list: (f: SurveyFilters, offset: number, limit = 20) => api.get<SurveyList>('/api/surveys', { ...f, offset, limit }),
  ofCase: (kind: SurveyKind, id: number) => api.get<CaseSurvey>(`/api/surveys/case/${kind}/${id}`),
  ofTicket: (ticketId: number) => api.get<{ surveys: Survey[] }>(`/api/surveys/ticket/${ticketId}`),
  settings: () => api.get<SurveySettings>('/api/surveys/settings'),
  saveSettings: (body: SurveySettings['settings'] & { version: number }) => api.put<SurveySettings>('/api/surveys/settings', body),
};

export const exportUrl = (f: SurveyFilters) => `/api/surveys/export.xlsx${toQuery({ ...f })}`;

const CHINA_OFFSET_MS = 8 * 3600_000;
/** "2026-03-08 14:05" in China time, whatever the browser's time zone. */
export const chinaMinute = (at: string) => new Date(new Date(at).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
export const percent = (ratio: number | null | undefined) => (ratio === null || ratio === undefined ? '—' : `${(ratio * 100).toFixed(1)}%`);
