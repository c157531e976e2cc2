/** A small fetch wrapper for the kefu API: JSON in, JSON out, cookie session, typed errors. */

export interface FieldError { field: string; reason: string }

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Called when a request comes back 401, so the app can show the login page. */
let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(handler: () => void) {
  onUnauthorized = handler;
}

type Query = Record<string, string | number | boolean | null | undefined | readonly string[]>;

export function toQuery(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) params.set(key, value.join(','));
    } else params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { ...init.headers, 'content-type': 'application/json' };
  }
  let response: Response;
  try {
    response = await fetch(path + toQuery(query), init);
  } catch {
    throw new ApiError(0, 'network', 'network error');
  }
  const text = await response.text();
  let data: Record<string, unknown> = {};
  try {
    data = text ? JSON.parse(text) : {};
  } catch {
    data = { message: text };
  }
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/api/auth/')) onUnauthorized();
    throw new ApiError(response.status, String(data.error ?? 'error'), String(data.message ?? response.statusText),
      Array.isArray(data.fields) ? (data.fields as FieldError[]) : [], data);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

// ---- shapes the server returns ----

export interface Me { id: number; username: string; displayName: string; role: string }
export interface User { id: number; username: string; display_name: string; role: string; active: boolean; groupIds: number[] }
export interface Group { id: number; name: string }

export interface TicketRow {
  id: number; number: string; type: string; status: string; priority: string; category: string | null;
  subject: string; tags: string[]; customer_id: number | null; assignee_id: number | null;
  created_at: string; updated_at: string; customer_name: string | null; assignee_name: string | null;
}
export interface TicketList { tickets: TicketRow[]; hasMore: boolean; total?: number }

export interface Ticket extends TicketRow {
  description: string | null; severity: string | null; version: number; group_id: number | null;
  group_name: string | null; allowedStatuses: string[];
}

export interface Attachment { id: number | string; filename: string; size: number }
export interface TimelineEvent {
  id: string; kind: string; body: string | null; data: Record<string, unknown>; at: string;
  actor_name: string | null; actor_role: string | null; attachments: Attachment[];
}

export interface CustomerRow { id: number; name: string; segment: string; tags: string[]; phone: string | null; updated_at: string }
export interface Customer {
  id: number; name: string; gender: string | null; birthday: string | null; birthday_lunar: boolean;
  segment: string; tags: string[]; assigned_agent_name: string | null; version: number;
  identities: { id?: number; kind: string; value: string }[];
  addresses: { id: number; recipient: string; phone: string; province: string; city: string; district: string | null; detail: string; is_default: boolean }[];
  notes: { id: number | string; body: string; author: string | null; created_at: string }[];
  tickets: { id: number; number: string; type: string; status: string; priority: string; subject: string; created_at: string; updated_at: string }[];
  orders: { id: number; platform: string; order_no: string; status: string; total_fen: number; tracking_no: string | null; created_at: string }[];
}
