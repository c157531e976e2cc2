/** The customer-owner API (专属客服): owners' loads, balanced assignment, spreading a leaving agent's customers, history. */
import type { Wire } from '@kefu/protocol/api/common';
import type { BalancePlanAnswer, CustomerHistory as CustomerHistorySchema, OwnersOverview as OwnersOverviewSchema } from '@kefu/protocol/api/owners';
import { api } from '../../api.ts';

export type OwnersOverview = Wire<typeof OwnersOverviewSchema>;
export type OwnerLoad = OwnersOverview['agents'][number];
export type BalancePlan = Wire<typeof BalancePlanAnswer>;
export type HistoryEntry = Wire<typeof CustomerHistorySchema>['entries'][number];

export interface BalanceBody {
  segment?: string;
  tag?: string;
  unassigned?: boolean;
  customerIds?: number[];
  agentIds?: number[];
  groupId?: number;
  rebalance?: boolean;
  segmentGroups?: Record<string, number>;
  dryRun: boolean;
}
export type SpreadBody = Pick<BalanceBody, 'agentIds' | 'groupId' | 'segmentGroups' | 'dryRun'> & { fromAgentId: number };

export const ownersApi = {
  overview: () => api.get<OwnersOverview>('/api/customers/owners'),
  balance: (body: BalanceBody) => api.post<BalancePlan>('/api/customers/balance', body),
  spread: (body: SpreadBody) => api.post<BalancePlan>('/api/customers/spread', body),
  history: (customerId: number) => api.get<Wire<typeof CustomerHistorySchema>>(`/api/customers/${customerId}/history`).then((r) => r.entries),
};
