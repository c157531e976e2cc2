/** The follow-ups API (回访): typed calls over @kefu/protocol/api/follow-ups. */
import type { Wire } from '@kefu/protocol/api/common';
import type {
  FollowUp as FollowUpSchema,
  FollowUpDetail as FollowUpDetailSchema,
  FollowUpList as FollowUpListSchema,
  FollowUpOutcomeAnswer,
  FollowUpReport as FollowUpReportSchema,
  FollowUpRules as FollowUpRulesSchema,
  FollowUpScripts as FollowUpScriptsSchema,
} from '@kefu/protocol/api/follow-ups';
import { api, toQuery } from '../../api.ts';

export type FollowUp = Wire<typeof FollowUpSchema>;
export type FollowUpList = Wire<typeof FollowUpListSchema>;
export type FollowUpDetail = Wire<typeof FollowUpDetailSchema>;
export type FollowUpReport = Wire<typeof FollowUpReportSchema>;
export type FollowUpRule = Wire<typeof FollowUpRulesSchema>['rules'][number];
export type FollowUpScript = Wire<typeof FollowUpScriptsSchema>['scripts'][number];
export type QueueTab = 'due' | 'overdue' | 'done' | 'pool';
export type Outcome = 'fine' | 'problem' | 'unreachable';

export interface FollowUpFilters {
  scope: 'mine' | 'all';
  tab?: QueueTab;
  ownerId?: number;
  reason?: string;
  state?: string;
  dueFrom?: string;
  dueTo?: string;
  page?: number;
  pageSize?: number;
}

const BASE = '/api/follow-ups';
type Answer = { followUp: FollowUp };

export const followUpsApi = {
  list: (f: FollowUpFilters) => api.get<FollowUpList>(BASE, { ...f }),
  get: (id: number) => api.get<FollowUpDetail>(`${BASE}/${id}`),
  claim: (id: number, version: number) => api.post<Answer>(`${BASE}/${id}/claim`, { version }),
  assign: (id: number, version: number, ownerId: number | null) => api.post<Answer>(`${BASE}/${id}/assign`, { version, ownerId }),
  outcome: (id: number, body: { version: number; outcome: Outcome; note: string; ticketSubject?: string }) =>
    api.post<Wire<typeof FollowUpOutcomeAnswer>>(`${BASE}/${id}/outcome`, body),
  report: (from: string, to: string) => api.get<FollowUpReport>(`${BASE}/report`, { from, to }),
  rules: () => api.get<Wire<typeof FollowUpRulesSchema>>(`${BASE}/rules`),
  saveRule: (rule: string, body: { version: number; enabled: boolean; delayMinutes: number; threshold: number | null }) =>
    api.put<Wire<typeof FollowUpRulesSchema>>(`${BASE}/rules/${rule}`, body),
  scripts: () => api.get<Wire<typeof FollowUpScriptsSchema>>(`${BASE}/scripts`),
  saveScript: (reason: string, body: { version: number; body: string }) =>
    api.put<Wire<typeof FollowUpScriptsSchema>>(`${BASE}/scripts/${reason}`, body),
};

export const reportFileUrl = (from: string, to: string) => `${BASE}/report.xlsx${toQuery({ from, to })}`;
