/** The quality-inspection API (质检) as the web app calls it; shapes are the server's wire types. */
import type { Wire } from '@kefu/protocol/api/common';
import type {
  Inspection as InspectionSchema,
  InspectionList as InspectionListSchema,
  InspectionSummary,
  PhraseHits as PhraseHitsSchema,
  QualityHit as QualityHitSchema,
  QualityRule as QualityRuleSchema,
  QualityRuleInput as QualityRuleInputSchema,
  QualityRules as QualityRulesSchema,
  QualitySettings as QualitySettingsSchema,
  QualitySummary as QualitySummarySchema,
  SheetLine as SheetLineSchema,
} from '@kefu/protocol/api/quality';
import { api, request } from '../../api.ts';

export type QualityRule = Wire<typeof QualityRuleSchema>;
export type QualityRuleInput = Wire<typeof QualityRuleInputSchema>;
export type QualitySettings = Wire<typeof QualitySettingsSchema>;
export type InspectionRow = Wire<typeof InspectionSummary>;
export type InspectionList = Wire<typeof InspectionListSchema>;
export type Inspection = Wire<typeof InspectionSchema>;
export type QualityHit = Wire<typeof QualityHitSchema>;
export type SheetLine = Wire<typeof SheetLineSchema>;
export type QualitySummary = Wire<typeof QualitySummarySchema>;
export type PhraseHits = Wire<typeof PhraseHitsSchema>;

export interface InspectionQuery {
  agentId?: number;
  from?: string;
  to?: string;
  sampled?: boolean;
  fatal?: boolean;
  reviewed?: boolean;
  appeal?: 'none' | 'pending' | 'decided';
  page?: number;
  pageSize?: number;
}

export const qualityApi = {
  rules: () => api.get<Wire<typeof QualityRulesSchema>>('/api/quality/rules'),
  createRule: (input: QualityRuleInput) => api.post<QualityRule>('/api/quality/rules', input),
  updateRule: (id: number, version: number, input: QualityRuleInput) => api.put<QualityRule>(`/api/quality/rules/${id}`, { ...input, version }),
  deleteRule: (id: number, version: number) => request<void>('DELETE', `/api/quality/rules/${id}`, undefined, { version }),
  settings: () => api.get<QualitySettings>('/api/quality/settings'),
  saveSettings: (s: QualitySettings) => api.put<QualitySettings>('/api/quality/settings', s),
  inspections: (q: InspectionQuery) => api.get<InspectionList>('/api/quality/inspections', { ...q }),
  inspection: (id: number) => api.get<Inspection>(`/api/quality/inspections/${id}`),
  review: (id: number, version: number, lines: SheetLine[], comment: string) =>
    api.post<Inspection>(`/api/quality/inspections/${id}/review`, { version, lines, comment }),
  appeal: (id: number, version: number, reason: string) => api.post<Inspection>(`/api/quality/inspections/${id}/appeal`, { version, reason }),
  decide: (id: number, version: number, decision: { accept: boolean; finalScore?: number; note: string }) =>
    api.post<Inspection>(`/api/quality/inspections/${id}/appeal-decision`, { version, ...decision }),
  summary: (from: string, to: string) => api.get<QualitySummary>('/api/quality/summary', { from, to }),
  phraseHits: (query: { from?: string; to?: string; limit?: number }) => api.get<PhraseHits>('/api/quality/phrase-hits', query),
};

/** Where the summary's Excel file is downloaded from. */
export const summaryExportUrl = (from: string, to: string) =>
  `/api/quality/summary.xlsx?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
