/** The briefs API (docs/reports.md "Briefs"): the archive, one brief's figures, "generate now", the file downloads. */
import type { Wire } from '@kefu/protocol/api/common';
import type { Brief as BriefSchema, BriefInput, BriefList as BriefListSchema } from '@kefu/protocol/api/briefs';
import type { BriefKind } from '@kefu/domain';
import { api } from '../../api.ts';

export type BriefDetail = Wire<typeof BriefSchema>['brief'];
export type BriefSummary = Wire<typeof BriefListSchema>['briefs'][number];
export type WeeklyData = Extract<BriefDetail['data'], { kind: 'weekly_aftersales' }>;
export type MonthlyData = Extract<BriefDetail['data'], { kind: 'monthly_needs' }>;
export type Advice = WeeklyData['advice'][number];

export const briefsApi = {
  list: (kind?: BriefKind) => api.get<Wire<typeof BriefListSchema>>('/api/reports/briefs', { kind }),
  get: (id: number) => api.get<Wire<typeof BriefSchema>>(`/api/reports/briefs/${id}`),
  generate: (input: Wire<typeof BriefInput>) => api.post<Wire<typeof BriefSchema>>('/api/reports/briefs', input),
};

/** The PDF or Excel file of a brief, downloaded by the browser with the session cookie. */
export const briefFileUrl = (id: number, format: 'pdf' | 'xlsx') => `/api/reports/briefs/${id}.${format}`;

/** "2026-05-15 17:00" in China time, whatever the browser's zone: the briefs' periods are China time. */
export function chinaMinute(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}
