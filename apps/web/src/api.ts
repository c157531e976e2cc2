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
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
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
  group_name: string | null; allowedStatuses: string[]; order_id: number | null;
  answer_due_at: string | null; answered_at: string | null;
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
  orders: { id: number; platform: string; order_no: string; status: string; total_fen: number; tracking_no: string | null; created_at: string; shipped_at?: string | null }[];
}

// ---- orders, after-sales, collaboration tasks ----

export interface OrderRow {
  id: number; platform: string; order_no: string; status: string; kind: string; customer_id: number | null; buyer_nick: string | null;
  receiver_name: string | null; province: string | null; city: string | null; total_fen: number; tracking_no: string | null;
  courier: string | null; created_at: string; paid_at: string | null; shipped_at: string | null; confirmed_at: string | null;
  customer_name: string | null; open_flags: string[];
}
export interface OrderList { orders: OrderRow[]; hasMore: boolean }

export interface OrderLine {
  id: number; product_id: number | null; sku: string | null; title: string; quantity: number; unit_price_fen: number;
  status: string; substituted_from_id: number | null; warranty_days: number | null; stock: number | null;
}
export interface OrderFlag {
  id: number | string; kind: string; detail: Record<string, unknown>; raised_at: string; resolved_at: string | null;
  resolution: string | null; resolved_by_name: string | null;
}
export interface OrderEvent { id: string; kind: string; data: Record<string, unknown>; at: string; actor_name: string | null }
export interface OrderAfterSale { id: number; kind: string; state: string; amount_fen: number; ticket_id: number; ticket_number: string }
export interface OrderTask { id: number; department: string; title: string; state: string; due_at: string; answer: string | null }
export interface Substitution {
  id: number; order_line_id: number; product_id: number; product_name: string; note: string; proposed_at: string; answer_due_at: string;
  outcome: string | null; follow_up_at: string | null; answer_note: string | null; answered_at: string | null; version: number;
}
export interface Order {
  id: number; platform: string; order_no: string; status: string; kind: string; customer_id: number | null; customer_name: string | null;
  customer_segment: string | null; buyer_nick: string | null; receiver_name: string | null; receiver_phone: string | null;
  province: string | null; city: string | null; district: string | null; address: string | null;
  goods_fen: number; discount_fen: number; shipping_fen: number; total_fen: number; coupon: string | null; remark: string;
  invoice: { title?: string; taxId?: string; content?: string; amountFen?: number } | null;
  tracking_no: string | null; courier: string | null; original_order_id: number | null; collect_payment: boolean;
  cancel_reason: string | null; created_at: string; paid_at: string | null; shipped_at: string | null; delivered_at: string | null;
  confirmed_at: string | null; cancelled_at: string | null; version: number;
  lines: OrderLine[]; flags: OrderFlag[]; logistics: { at: string; description: string; location: string }[]; events: OrderEvent[];
  afterSales: OrderAfterSale[]; tasks: OrderTask[]; substitutions: Substitution[]; replacements: { id: number; order_no: string; status: string }[];
}

export interface PolicyCheck { id: string; ok: boolean; detail: Record<string, unknown> }
export interface AfterSaleRow {
  id: number; kind: string; state: string; reason: string; amount_fen: number; ticket_id: number; order_id: number; overdue: string[];
  review_due_at: string | null; plan_due_at: string | null; progress_due_at: string | null; created_at: string; updated_at: string;
  version: number; ticket_number: string; order_no: string; customer_name: string | null;
}
export interface AfterSale {
  id: number; ticket_id: number; order_id: number; customer_id: number | null; kind: string; state: string; reason: string;
  description: string; lines: { lineId: number; quantity: number }[]; amount_fen: number; compensation_kind: string | null;
  goods_intact: boolean | null; complex: boolean; approved_by: number | null; approved_at: string | null; approved_by_name: string | null;
  replacement_order_id: number | null; return_tracking_no: string | null; review_due_at: string | null; plan_due_at: string | null;
  plan: string | null; progress_due_at: string | null; overdue: string[]; version: number; created_at: string; updated_at: string;
  ticket_number: string; order_no: string; platform: string; order_total_fen: number;
  checks: PolicyCheck[]; needsSupervisor: boolean; nextStates: string[];
}

export interface Task {
  id: number; ticket_id: number | null; order_id: number | null; after_sale_id: number | null; department: string; title: string;
  description: string; owner_id: number | null; state: string; answer: string | null; due_at: string; created_at: string;
  started_at: string | null; done_at: string | null; version: number; owner_name: string | null; ticket_number: string | null;
  order_no: string | null; late: boolean;
}

export interface ImportReport {
  dryRun: boolean; rows: number; orders: number; errorCount: number; errors: { line: number; field: string; message: string }[];
  inserted: number; updated: number;
}

// ---- knowledge: FAQ, suggestions, unknown questions, products ----

export interface Faq {
  id: number; question: string; alternatives: string[]; answer: string; category: string; product_ids: number[];
  enabled: boolean; hits: number; version: number; updated_at: string;
}
/** What the FAQ form sends (POST, and PUT with the entry's version). */
export interface FaqInput { question: string; alternatives: string[]; answer: string; category: string; productIds: number[]; enabled: boolean }
export interface Suggestion { id: number; question: string; answer: string; category: string; confidence: number; score: number }
export interface SuggestResult { suggestions: Suggestion[]; intent: { intent: string; probability: number } }
export interface UnknownQuestion {
  id: number; question: string; asked: number; first_asked_at: string; last_asked_at: string; conversation_id: number | null;
  status: string; faq_id: number | null;
}
export interface FaqImportReport { dryRun: boolean; rows: number; errorCount: number; errors: { line: number; field: string; message: string }[]; created: number }

export interface ProductRow { id: number; sku: string; name: string; category: string; price_fen: number; stock: number }
export interface SizeRow { size: string; heightMin: number; heightMax: number; weightMin: number; weightMax: number; measurements?: Record<string, string> }
export interface Promotion { id: number; title: string; kind: string; threshold_fen: number; discount_fen: number; ends_at: string }
export interface Product extends ProductRow {
  warranty_days: number; restricted_provinces: string[]; specs: Record<string, string>; size_chart: SizeRow[];
  usage: string; pros: string; cons: string; images: string[]; version: number; promotions: Promotion[];
}
export interface SizeAdvice { size: string; fit: 'exact' | 'between' | 'nearest'; reason: 'both' | 'height' | 'weight' | 'closest' }

// ---- background jobs (admins) ----

/** One scheduled job as GET /api/jobs shows it (apps/server/src/jobs/routes.ts); times are ISO strings. */
export interface JobView {
  name: string; schedule: string; scope: 'cluster' | 'process'; running: boolean;
  lastStartedAt: string | null; lastFinishedAt: string | null; lastDurationMs: number | null; lastError: string | null;
  nextRunAt: string | null; runCount: number; failureCount: number;
}
/** `enabled` is false when SWEEP_INTERVAL_MS is 0: the jobs run only when someone runs them. */
export interface JobList { enabled: boolean; jobs: JobView[] }
