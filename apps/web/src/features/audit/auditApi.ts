/** The audit log as the web app reads it (GET /api/audit) and exports it (GET /api/audit.xlsx). */
import type { AuditEntry as AuditEntrySchema, AuditPage } from '@kefu/protocol/api/audit';
import type { Wire } from '@kefu/protocol/api/common';
import { api, toQuery } from '../../api.ts';

export type AuditEntry = Wire<typeof AuditEntrySchema>;

export interface AuditFilter {
  actorId?: number;
  action?: string;
  entity?: string;
  entityId?: string;
  from?: string;
  to?: string;
}

export const auditApi = {
  page: (filter: AuditFilter, page: number, pageSize: number) => api.get<Wire<typeof AuditPage>>('/api/audit', { ...filter, page, pageSize }),
  exportUrl: (filter: AuditFilter) => `/api/audit.xlsx${toQuery({ ...filter })}`,
};

/** Where an entry's record is shown in the app, when it has a page of its own. */
export function entityPath(entity: string, id: string): string | null {
  switch (entity) {
    case 'ticket':
      return `/tickets/${id}`;
    case 'customer':
      return `/customers/${id}`;
    case 'order':
      return `/orders/${id}`;
    case 'product':
      return `/products/${id}`;
    case 'defect_alarm':
      return `/reports/alarms/${id}`;
    case 'report_brief':
      return `/reports/briefs/${id}`;
    case 'quality_inspection':
      return `/quality/${id}`;
    case 'sla_policy':
      return '/admin/sla';
    case 'quality_rule':
    case 'quality_settings':
      return '/admin/quality';
    case 'job':
      return '/admin/jobs';
    case 'faq':
    case 'synonyms':
      return '/knowledge';
    case 'task':
      return '/tasks';
    case 'user':
      return '/admin/staff';
    case 'skill_group':
      return '/admin/groups';
    case 'settings':
      return '/settings?tab=policy';
    case 'shop':
      return '/settings?tab=shop';
    case 'quick_reply':
      return '/settings?tab=quickReplies';
    case 'forbidden_phrase':
      return '/settings?tab=phrases';
    default:
      return null;
  }
}
