import { refusal, type Refusal } from './refusal.ts';

/** `suggestion` is a 建议/需求 record: what a shopper asked for that the shop does not offer (the subject), why (the description). */
export const TICKET_TYPES = ['consultation', 'complaint', 'after_sale', 'problem_order', 'collaboration', 'suggestion'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

export const TICKET_STATUSES = ['new', 'open', 'pending_customer', 'pending_internal', 'solved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

export const TICKET_CATEGORIES = ['product_quality', 'logistics', 'service_attitude', 'after_sales_policy', 'payment', 'other'] as const;
export type TicketCategory = (typeof TICKET_CATEGORIES)[number];

export const SEVERITIES = ['minor', 'major', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * The status workflow: new → open (处理中) → pending (customer / internal) → solved (处理完毕) → closed.
 * A solved ticket can be reopened; a closed ticket is archived and can only be reopened by opening it again.
 */
const TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['open', 'pending_customer', 'pending_internal', 'solved', 'closed'],
  open: ['pending_customer', 'pending_internal', 'solved'],
  pending_customer: ['open', 'pending_internal', 'solved'],
  pending_internal: ['open', 'pending_customer', 'solved'],
  solved: ['open', 'closed'],
  closed: ['open'],
};

export function allowedTransitions(from: TicketStatus): readonly TicketStatus[] {
  return TRANSITIONS[from];
}

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

/** Closing from "new" is only for spam/duplicates; everything else must be solved first. */
export function transitionError(from: TicketStatus, to: TicketStatus): Refusal<'invalid_transition'> | null {
  if (canTransition(from, to)) return null;
  return refusal('invalid_transition', `a ticket cannot go from ${from} to ${to}; allowed: ${TRANSITIONS[from].join(', ')}`);
}

/** Readable number prefixes: 咨询 ZX, 投诉 TS, 售后 SH, 问题订单 WT, 协同 XT, 建议 JY. */
const NUMBER_PREFIX: Record<TicketType, string> = {
  consultation: 'ZX',
  complaint: 'TS',
  after_sale: 'SH',
  problem_order: 'WT',
  collaboration: 'XT',
  suggestion: 'JY',
};

/** The day part of a ticket number follows the shop's clock (China Standard Time). */
export function shanghaiDay(at: Date): string {
  const local = new Date(at.getTime() + 8 * 3600_000);
  return local.toISOString().slice(0, 10).replaceAll('-', '');
}

/** e.g. TS20261122-0042; the sequence widens past 9999 instead of wrapping. */
export function formatTicketNumber(type: TicketType, day: string, seq: number): string {
  return `${NUMBER_PREFIX[type]}${day}-${String(seq).padStart(4, '0')}`;
}

export function numberPrefix(type: TicketType): string {
  return NUMBER_PREFIX[type];
}

/** Opening a problem order puts it straight into 处理中. */
export function initialStatus(type: TicketType, hasAssignee: boolean): TicketStatus {
  if (type === 'problem_order') return 'open';
  return hasAssignee ? 'open' : 'new';
}

/** Every complaint is classified and given a severity (DOMAIN §4). Returns the missing field, if any. */
export function missingComplaintField(type: TicketType, category: unknown, severity: unknown): 'category' | 'severity' | null {
  if (type !== 'complaint') return null;
  if (!category) return 'category';
  if (!severity) return 'severity';
  return null;
}
