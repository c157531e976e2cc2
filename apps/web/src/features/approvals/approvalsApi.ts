/** The approvals inbox (审批): typed calls (routes in apps/server/src/approvals). */
import type { ApprovalCount, ApprovalItem as ApprovalItemSchema, ApprovalList as ApprovalListSchema } from '@kefu/protocol/api/approvals';
import type { Wire } from '@kefu/protocol/api/common';
import { api } from '../../api.ts';

export type ApprovalItem = Wire<typeof ApprovalItemSchema>;
export type ApprovalList = Wire<typeof ApprovalListSchema>;
export type ApprovalCounts = Wire<typeof ApprovalCount>['counts'];

export const approvalsApi = {
  list: () => api.get<ApprovalList>('/api/approvals'),
  count: () => api.get<Wire<typeof ApprovalCount>>('/api/approvals/count').then((r) => r.counts),
  /** The after-sale request's own transition: the inbox decides by the same rules as the ticket page. */
  decide: (id: number, body: { version: number; to: 'approved' | 'rejected'; note?: string; override?: boolean }) =>
    api.post(`/api/aftersales/${id}/transition`, body),
};
