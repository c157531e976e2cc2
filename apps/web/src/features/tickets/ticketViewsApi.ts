/** Saved ticket views (routes in apps/server/src/saved-views): the ticket list's filters under a name. */
import type { Wire } from '@kefu/protocol/api/common';
import type { TicketView as TicketViewSchema, TicketViewFilters } from '@kefu/protocol/api/ticket-views';
import { api } from '../../api.ts';

export type TicketView = Wire<typeof TicketViewSchema>;
export type ViewFilters = Wire<typeof TicketViewFilters>;

export const ticketViewsApi = {
  list: () => api.get<{ views: TicketView[] }>('/api/ticket-views').then((r) => r.views),
  create: (body: { name: string; filters: ViewFilters; shared: boolean }) => api.post<{ view: TicketView }>('/api/ticket-views', body),
  change: (id: number, body: { version: number; name?: string; filters?: ViewFilters; shared?: boolean }) =>
    api.patch<{ view: TicketView }>(`/api/ticket-views/${id}`, body),
  remove: (id: number, version: number) => api.delete(`/api/ticket-views/${id}?version=${version}`),
};

/** The list's URL parameters a view keeps; lists are comma-separated in the URL, arrays in the view. */
const LISTS = ['status', 'type', 'priority'] as const;
const SINGLES = ['assignee', 'tag', 'q', 'due', 'sort', 'order'] as const;

export function filtersOf(params: URLSearchParams): ViewFilters {
  const filters: Record<string, string | string[]> = {};
  for (const key of LISTS) {
    const values = (params.get(key) ?? '').split(',').filter(Boolean);
    if (values.length) filters[key] = values;
  }
  for (const key of SINGLES) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  return filters as ViewFilters;
}

export function paramsOf(filters: ViewFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    const text = Array.isArray(value) ? value.join(',') : String(value ?? '');
    if (text) params.set(key, text);
  }
  return params;
}

/** Whether the list shows exactly this view's tickets (in any order; the order of listed values does not matter). */
export function showsView(params: URLSearchParams, filters: ViewFilters): boolean {
  const norm = (p: URLSearchParams) =>
    [...LISTS, 'assignee', 'tag', 'q', 'due'].map((k) => `${k}=${(p.get(k) ?? '').split(',').filter(Boolean).sort().join(',')}`).join('&');
  return norm(params) === norm(paramsOf(filters));
}
