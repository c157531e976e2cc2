/** The computed-segments API (客户分群): typed calls. */
import type { Wire } from '@kefu/protocol/api/common';
import type {
  CustomerSegmentAnswer as CustomerSegmentAnswerSchema,
  SegmentRulesAnswer as SegmentRulesAnswerSchema,
  SegmentRunAnswer as SegmentRunAnswerSchema,
} from '@kefu/protocol/api/segments';
import { api } from '../../api.ts';

export type SegmentRules = Wire<typeof SegmentRulesAnswerSchema>;
export type SegmentRule = SegmentRules['rules'][number];
export type SegmentRun = NonNullable<SegmentRules['lastRun']>;
export type SegmentRunAnswer = Wire<typeof SegmentRunAnswerSchema>;
export type CustomerSegment = Wire<typeof CustomerSegmentAnswerSchema>;

const BASE = '/api/customer-segments';

export const segmentsApi = {
  rules: () => api.get<SegmentRules>(`${BASE}/rules`),
  saveRules: (rules: SegmentRule[]) =>
    api.put<SegmentRules>(`${BASE}/rules`, {
      rules: rules.map(({ segment, enabled, precedence, thresholds, version }) => ({ segment, enabled, precedence, thresholds, version })),
    }),
  recompute: () => api.post<SegmentRunAnswer>(`${BASE}/recompute`),
  ofCustomer: (id: number) => api.get<CustomerSegment>(`/api/customers/${id}/segment-history`),
  setOverride: (id: number, body: { segment: string; reason: string; until: string | null; version: number }) =>
    api.put<CustomerSegment>(`/api/customers/${id}/segment-override`, body),
  clearOverride: (id: number, version: number) => api.delete<void>(`/api/customers/${id}/segment-override?version=${version}`),
};
