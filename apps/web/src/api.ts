/** A small fetch wrapper for the kefu API: JSON in, JSON out, cookie session, typed errors. */
import type {
  AfterSale as AfterSaleSchema,
  AfterSaleAnswer as AfterSaleAnswerSchema,
  AfterSaleList as AfterSaleListSchema,
  AfterSaleSummary,
  PolicyCheck as PolicyCheckSchema,
} from '@kefu/protocol/api/aftersales';
import type { Me as MeSchema, MeAnswer as MeAnswerSchema } from '@kefu/protocol/api/auth';
import type { Wire } from '@kefu/protocol/api/common';
import type {
  Customer as CustomerSchema,
  CustomerAnswer as CustomerAnswerSchema,
  CustomerList as CustomerListSchema,
  CustomerSummary,
} from '@kefu/protocol/api/customers';
import type {
  ImportReport as ImportReportSchema,
  Order as OrderSchema,
  OrderAnswer as OrderAnswerSchema,
  OrderEvent as OrderEventSchema,
  OrderFlag as OrderFlagSchema,
  OrderLine as OrderLineSchema,
  OrderList as OrderListSchema,
  OrderSummary,
} from '@kefu/protocol/api/orders';
import type { Job, JobList as JobListSchema } from '@kefu/protocol/api/jobs';
import type {
  Draft as DraftSchema,
  Faq as FaqSchema,
  FaqAnswer as FaqAnswerSchema,
  FaqImportReport as FaqImportReportSchema,
  FaqList as FaqListSchema,
  Features as FeaturesSchema,
  SuggestAnswer,
  Suggestion as SuggestionSchema,
  Synonyms as SynonymsSchema,
  UnknownQuestion as UnknownQuestionSchema,
  UnknownQuestionList as UnknownQuestionListSchema,
} from '@kefu/protocol/api/knowledge';
import type {
  Product as ProductSchema,
  ProductAnswer as ProductAnswerSchema,
  ProductList as ProductListSchema,
  ProductRow as ProductRowSchema,
  Promotion as PromotionSchema,
  SizeAdvice as SizeAdviceSchema,
  SizeRow as SizeRowSchema,
} from '@kefu/protocol/api/products';
import type { Settings as SettingsSchema } from '@kefu/protocol/api/settings';
import type {
  BoardItem as BoardItemSchema,
  Escalation as EscalationSchema,
  EscalationInput as EscalationInputSchema,
  Escalations as EscalationsSchema,
  SlaBoard as SlaBoardSchema,
  SlaClock as SlaClockSchema,
  SlaPolicies as SlaPoliciesSchema,
  SlaPolicy as SlaPolicySchema,
  SlaPolicyInput as SlaPolicyInputSchema,
} from '@kefu/protocol/api/sla';
import type { TaskList as TaskListSchema, TaskListItem } from '@kefu/protocol/api/tasks';
import type {
  Attachment as AttachmentSchema,
  ComplaintStep as ComplaintStepSchema,
  Ticket as TicketSchema,
  TicketAnswer as TicketAnswerSchema,
  TicketList as TicketListSchema,
  TicketSummary,
  Timeline as TimelineSchema,
  TimelineEvent as TimelineEventSchema,
} from '@kefu/protocol/api/tickets';
import { storedLang } from './i18n.ts';
import type { DirectoryUser, Group as GroupSchema, GroupList as GroupListSchema, UserList as UserListSchema } from '@kefu/protocol/api/users';

export interface FieldError {
  field: string;
  reason: string;
}

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
  // The app's language, not the browser's: the server words import row errors in it.
  const language = storedLang() === 'en' ? 'en' : 'zh-CN';
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json', 'accept-language': language } };
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
  let data: Record<string, unknown>;
  try {
    data = text ? JSON.parse(text) : {};
  } catch {
    data = { message: text };
  }
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/api/auth/')) onUnauthorized();
    throw new ApiError(
      response.status,
      String(data.error ?? 'error'),
      String(data.message ?? response.statusText),
      Array.isArray(data.fields) ? (data.fields as FieldError[]) : [],
      data,
    );
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

export type Me = Wire<typeof MeSchema>;
export type MeAnswer = Wire<typeof MeAnswerSchema>;
export type User = Wire<typeof DirectoryUser>;
export type UserList = Wire<typeof UserListSchema>;
export type Group = Wire<typeof GroupSchema>;
export type GroupList = Wire<typeof GroupListSchema>;
export type Settings = Wire<typeof SettingsSchema>;

export type TicketRow = Wire<typeof TicketSummary>;
export type TicketList = Wire<typeof TicketListSchema>;
export type Ticket = Wire<typeof TicketSchema>;
export type TicketAnswer = Wire<typeof TicketAnswerSchema>;
export type Attachment = Wire<typeof AttachmentSchema>;
export type TimelineEvent = Wire<typeof TimelineEventSchema>;
export type Timeline = Wire<typeof TimelineSchema>;

export type CustomerRow = Wire<typeof CustomerSummary>;
export type CustomerList = Wire<typeof CustomerListSchema>;
export type Customer = Wire<typeof CustomerSchema>;
export type CustomerAnswer = Wire<typeof CustomerAnswerSchema>;

// ---- orders, after-sales, collaboration tasks ----

export type OrderRow = Wire<typeof OrderSummary>;
export type OrderList = Wire<typeof OrderListSchema>;
export type Order = Wire<typeof OrderSchema>;
export type OrderAnswer = Wire<typeof OrderAnswerSchema>;
export type OrderLine = Wire<typeof OrderLineSchema>;
export type OrderFlag = Wire<typeof OrderFlagSchema>;
export type OrderEvent = Wire<typeof OrderEventSchema>;
/** A substitution as the order page lists it. */
export type Substitution = Order['substitutions'][number];
export type ImportReport = Wire<typeof ImportReportSchema>;

export type PolicyCheck = Wire<typeof PolicyCheckSchema>;
export type AfterSaleRow = Wire<typeof AfterSaleSummary>;
export type AfterSaleList = Wire<typeof AfterSaleListSchema>;
export type AfterSale = Wire<typeof AfterSaleSchema>;
export type AfterSaleAnswer = Wire<typeof AfterSaleAnswerSchema>;

/** A collaboration task as GET /api/tasks lists it. */
export type Task = Wire<typeof TaskListItem>;
export type TaskList = Wire<typeof TaskListSchema>;

// ---- knowledge: FAQ, suggestions, unknown questions, products ----

export type Faq = Wire<typeof FaqSchema>;
export type FaqList = Wire<typeof FaqListSchema>;
export type FaqAnswer = Wire<typeof FaqAnswerSchema>;
/** What the FAQ form sends (POST, and PUT with the entry's version). */
export interface FaqInput {
  question: string;
  alternatives: string[];
  answer: string;
  category: string;
  productIds: number[];
  enabled: boolean;
}
export type Suggestion = Wire<typeof SuggestionSchema>;
export type SuggestResult = Wire<typeof SuggestAnswer>;
export type UnknownQuestion = Wire<typeof UnknownQuestionSchema>;
export type UnknownQuestionList = Wire<typeof UnknownQuestionListSchema>;
export type Synonyms = Wire<typeof SynonymsSchema>;
export type FaqImportReport = Wire<typeof FaqImportReportSchema>;
export type Features = Wire<typeof FeaturesSchema>;
export type Draft = Wire<typeof DraftSchema>;

export type ProductRow = Wire<typeof ProductRowSchema>;
export type ProductList = Wire<typeof ProductListSchema>;
export type SizeRow = Wire<typeof SizeRowSchema>;
export type Promotion = Wire<typeof PromotionSchema>;
export type Product = Wire<typeof ProductSchema>;
export type ProductAnswer = Wire<typeof ProductAnswerSchema>;
/** GET /api/products/:id/size; `advice` is null when the product has no size chart. */
export type SizeAdviceAnswer = Wire<typeof SizeAdviceSchema>;
export type SizeAdvice = NonNullable<SizeAdviceAnswer['advice']>;

// ---- background jobs (admins) ----

/** One scheduled job as GET /api/jobs shows it; times are ISO strings. */
export type JobView = Wire<typeof Job>;
/** `enabled` is false when SWEEP_INTERVAL_MS is 0: the jobs run only when someone runs them. */
export type JobList = Wire<typeof JobListSchema>;

// ---- service levels: policies (admins), clocks, the supervisors' board, escalations, the complaint loop ----

export type SlaPolicy = Wire<typeof SlaPolicySchema>;
export type SlaPolicies = Wire<typeof SlaPoliciesSchema>;
/** What the policy drawer sends (POST; PUT adds the `version` it was based on). */
export type SlaPolicyInput = Wire<typeof SlaPolicyInputSchema>;
export type SlaClock = Wire<typeof SlaClockSchema>;
export type BoardItem = Wire<typeof BoardItemSchema>;
export type SlaBoard = Wire<typeof SlaBoardSchema>;
export type Escalation = Wire<typeof EscalationSchema>;
export type Escalations = Wire<typeof EscalationsSchema>;
export type EscalationInput = Wire<typeof EscalationInputSchema>;
export type EscalationLevel = EscalationInput['level'];
/** The stage of a complaint's loop (受理 → 首次反馈 → 方案 → 顾客确认 → 结案), from the ticket detail. */
export type Complaint = NonNullable<Ticket['complaint']>;

/** One step of the complaint loop, as POST /api/tickets/:id/complaint takes it, with the ticket's version. */
export type ComplaintStep = Wire<typeof ComplaintStepSchema>;

export const slaApi = {
  policies: () => api.get<SlaPolicies>('/api/sla/policies'),
  createPolicy: (input: SlaPolicyInput) => api.post<SlaPolicy>('/api/sla/policies', input),
  updatePolicy: (id: number, version: number, input: SlaPolicyInput) => api.put<SlaPolicy>(`/api/sla/policies/${id}`, { ...input, version }),
  deletePolicy: (id: number, version: number) => request<void>('DELETE', `/api/sla/policies/${id}`, undefined, { version }),
  board: () => api.get<SlaBoard>('/api/sla/board'),
  escalate: (ticketId: number, input: EscalationInput) => api.post<Escalation>(`/api/tickets/${ticketId}/escalations`, input),
  complaintStep: (ticketId: number, step: ComplaintStep) => api.post<TicketAnswer>(`/api/tickets/${ticketId}/complaint`, step),
};
