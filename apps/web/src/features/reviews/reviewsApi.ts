/** The reviews API (评价管理): typed calls over @kefu/protocol/api/reviews. */
import type { Wire } from '@kefu/protocol/api/common';
import type {
  Review as ReviewSchema,
  ReviewDraft as ReviewDraftSchema,
  ReviewImportReport as ReviewImportReportSchema,
  ReviewList as ReviewListSchema,
} from '@kefu/protocol/api/reviews';
import { api } from '../../api.ts';

export type Review = Wire<typeof ReviewSchema>;
export type ReviewList = Wire<typeof ReviewListSchema>;
export type ReviewRow = ReviewList['items'][number];
export type ReviewDraft = Wire<typeof ReviewDraftSchema>;
export type ReviewImportReport = Wire<typeof ReviewImportReportSchema>;
type Answer = { review: Review };

export interface ReviewFilters {
  platform?: string;
  sentiment?: string;
  stars?: number;
  middling?: 'true';
  answered?: 'true' | 'false';
  overdue?: 'true';
  productId?: number;
  q?: string;
  limit?: number;
  offset?: number;
}

const BASE = '/api/reviews';

export const reviewsApi = {
  list: (filters: ReviewFilters) => api.get<ReviewList>(BASE, { ...filters }),
  get: (id: number) => api.get<Answer>(`${BASE}/${id}`),
  draft: (id: number) => api.get<ReviewDraft>(`${BASE}/${id}/draft`),
  reply: (id: number, body: { text: string; version: number }) => api.post<Answer>(`${BASE}/${id}/reply`, body),
  escalate: (id: number, body: { to: 'pr' | 'legal'; reason: string; version: number }) => api.post<Answer>(`${BASE}/${id}/escalate`, body),
  afterSale: (id: number, body: { kind: string; description: string; amountFen?: number; version: number }) =>
    api.post<Answer & { afterSaleId: number }>(`${BASE}/${id}/after-sale`, body),
  followUp: (id: number, version: number) => api.post<Answer>(`${BASE}/${id}/follow-up`, { version }),
  invite: (id: number, version: number) => api.post<Answer>(`${BASE}/${id}/invite`, { version }),
};
