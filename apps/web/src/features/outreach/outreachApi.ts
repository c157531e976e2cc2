/** The outreach API (apps/server/src/outreach, notifications): settings, the send log, opt-outs, notification templates. */
import type { Wire } from '@kefu/protocol/api/common';
import type {
  CustomerOutreach as CustomerOutreachSchema,
  NotificationTemplate as NotificationTemplateSchema,
  NotificationTemplateList,
  OutreachLog as OutreachLogSchema,
  OutreachSend as OutreachSendSchema,
  OutreachSettingsAnswer,
} from '@kefu/protocol/api/outreach';
import { api } from '../../api.ts';

export type OutreachSend = Wire<typeof OutreachSendSchema>;
export type OutreachLog = Wire<typeof OutreachLogSchema>;
export type OutreachSettings = Wire<typeof OutreachSettingsAnswer>['settings'];
export type NotificationTemplate = Wire<typeof NotificationTemplateSchema>;
export type CustomerOutreach = Wire<typeof CustomerOutreachSchema>;
export type OptOutScope = CustomerOutreach['optOuts'][number];

export type LogFilters = {
  purpose?: string;
  channel?: string;
  state?: string;
  customerId?: number;
  before?: number;
  limit?: number;
};

export const outreachApi = {
  settings: () => api.get<Wire<typeof OutreachSettingsAnswer>>('/api/outreach/settings'),
  saveSettings: (body: Partial<Omit<OutreachSettings, 'version'>> & { version: number }) =>
    api.put<Wire<typeof OutreachSettingsAnswer>>('/api/outreach/settings', body),
  sends: (f: LogFilters) => api.get<OutreachLog>('/api/outreach/sends', f),
  ofCustomer: (id: number) => api.get<CustomerOutreach>(`/api/customers/${id}/outreach`),
  setOptOuts: (id: number, scopes: OptOutScope[]) => api.put<CustomerOutreach>(`/api/customers/${id}/opt-out`, { scopes }),
  templates: () => api.get<Wire<typeof NotificationTemplateList>>('/api/notification-templates'),
  saveTemplate: (key: string, body: { version: number; enabled?: boolean; title?: string; body?: string }) =>
    api.put<Wire<typeof NotificationTemplateList>>(`/api/notification-templates/${key}`, body),
};
