import { SEGMENTS, type Segment } from '../customers.ts';
import {
  SEVERITIES,
  TICKET_CATEGORIES,
  TICKET_PRIORITIES,
  TICKET_TYPES,
  type Severity,
  type TicketCategory,
  type TicketPriority,
  type TicketType,
} from '../tickets.ts';
import { AROUND_THE_CLOCK, type ServiceHours } from './service-hours.ts';

/** Where work comes in: the web widget, e-mail, phone, SMS and the marketplaces' own chats (千牛, 京麦, 拼多多). */
export const CHANNELS = ['web', 'email', 'phone', 'sms', 'taobao', 'jd', 'pdd'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * Every promise kefu keeps a clock on (DOMAIN.md §2–§4, §6), by the thing it is made about:
 * tickets — first response (acknowledged), first feedback (complaints), next response (each shopper message),
 * periodic update, resolution; chats — the chat response; after-sales — review, first plan, repair progress;
 * collaboration tasks — their due time; orders — confirmation and shipping; follow-ups (回访) — their due time;
 * negative reviews — the reply (1 hour, DOMAIN §6).
 */
export const SLA_METRICS = [
  'first_response',
  'first_feedback',
  'next_response',
  'periodic_update',
  'resolution',
  'chat_response',
  'aftersale_review',
  'aftersale_plan',
  'repair_progress',
  'task_due',
  'order_confirm',
  'order_ship',
  'follow_up',
  'review_reply',
] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];

export const SLA_SUBJECTS = ['ticket', 'conversation', 'after_sale', 'task', 'order', 'follow_up', 'review'] as const;
export type SlaSubjectKind = (typeof SLA_SUBJECTS)[number];

export const METRIC_SUBJECT: Record<SlaMetric, SlaSubjectKind> = {
  first_response: 'ticket',
  first_feedback: 'ticket',
  next_response: 'ticket',
  periodic_update: 'ticket',
  resolution: 'ticket',
  chat_response: 'conversation',
  aftersale_review: 'after_sale',
  aftersale_plan: 'after_sale',
  repair_progress: 'after_sale',
  task_due: 'task',
  order_confirm: 'order',
  order_ship: 'order',
  follow_up: 'follow_up',
  review_reply: 'review',
};

export const DURATION_UNITS = ['seconds', 'minutes', 'hours', 'working_days'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

/** A target: a span of service time (working days count whole days by the official calendar) or a daily deadline. */
export type SlaTarget = { within: number; unit: DurationUnit } | { dailyBefore: string };

/** Which work a policy covers; an empty list means any value. */
export interface SlaMatch {
  ticketTypes: TicketType[];
  categories: TicketCategory[];
  severities: Severity[];
  priorities: TicketPriority[];
  channels: Channel[];
  segments: Segment[];
}
export const MATCH_DIMENSIONS = ['ticketTypes', 'categories', 'severities', 'priorities', 'channels', 'segments'] as const;
export const MATCH_VALUES = {
  ticketTypes: TICKET_TYPES,
  categories: TICKET_CATEGORIES,
  severities: SEVERITIES,
  priorities: TICKET_PRIORITIES,
  channels: CHANNELS,
  segments: SEGMENTS,
} as const;

/** What happens once, when a target is missed: the assignee and supervisors are always told. */
export interface BreachActions {
  raisePriority: boolean;
  reassign: { groupId: number } | { userId: number } | null;
}

export interface SlaPolicy {
  id: number;
  name: string;
  enabled: boolean;
  /** Order among the shop's policies: for each metric, the first enabled policy that matches and sets it applies. */
  position: number;
  match: SlaMatch;
  hours: ServiceHours;
  /** Whether the clock stops while the case waits on the shopper (待客户回复). */
  pauseOnCustomer: boolean;
  /** A warning goes out when this share of the time has passed. */
  warnAtPercent: number;
  targets: Partial<Record<SlaMetric, SlaTarget>>;
  onBreach: BreachActions;
}

/** What is known about a piece of work when a clock starts on it. */
export interface SlaSubject {
  ticketType?: TicketType | null;
  category?: TicketCategory | null;
  severity?: Severity | null;
  priority?: TicketPriority | null;
  channel?: Channel | null;
  segment?: Segment | null;
}

const SUBJECT_FIELD = {
  ticketTypes: 'ticketType',
  categories: 'category',
  severities: 'severity',
  priorities: 'priority',
  channels: 'channel',
  segments: 'segment',
} as const satisfies Record<(typeof MATCH_DIMENSIONS)[number], keyof SlaSubject>;

export function policyMatches(match: SlaMatch, subject: SlaSubject): boolean {
  return MATCH_DIMENSIONS.every((d) => {
    const allowed = match[d] as readonly string[];
    if (allowed.length === 0) return true;
    const value = subject[SUBJECT_FIELD[d]];
    return value != null && allowed.includes(value);
  });
}

/** The policy whose target applies to `metric` for this work, if any. */
export function policyFor(policies: readonly SlaPolicy[], metric: SlaMetric, subject: SlaSubject): SlaPolicy | null {
  const ordered = [...policies].sort((a, b) => a.position - b.position || a.id - b.id);
  return ordered.find((p) => p.enabled && p.targets[metric] && policyMatches(p.match, subject)) ?? null;
}

/** Whether everything `inner` covers, `outer` covers too. */
export function matchCovers(outer: SlaMatch, inner: SlaMatch): boolean {
  return MATCH_DIMENSIONS.every((d) => {
    const o = outer[d] as readonly string[];
    const i = inner[d] as readonly string[];
    return o.length === 0 || (i.length > 0 && i.every((v) => o.includes(v)));
  });
}

export interface PolicyProblem {
  field: string;
  message: string;
}

/**
 * Overlapping policies the shop could not mean: a target that can never apply because an earlier policy covers
 * all the same work for the same metric. Later policies are fallbacks, so a catch-all policy last is fine.
 */
export function policyOverlaps(policies: readonly SlaPolicy[], changed: SlaPolicy): PolicyProblem | null {
  const ordered = [...policies.filter((p) => p.id !== changed.id), changed]
    .filter((p) => p.enabled)
    .sort((a, b) => a.position - b.position || a.id - b.id);
  for (const [i, later] of ordered.entries()) {
    for (const earlier of ordered.slice(0, i)) {
      if (earlier.id !== changed.id && later.id !== changed.id) continue;
      const metric = SLA_METRICS.find((m) => later.targets[m] && earlier.targets[m] && matchCovers(earlier.match, later.match));
      if (!metric) continue;
      const other = earlier.id === changed.id ? later : earlier;
      const field = earlier.id === changed.id ? 'position' : 'match';
      return {
        field,
        message: `overlaps policy "${other.name}": "${earlier.name}" comes first and covers all the same work for ${metric}, so "${later.name}"'s target would never apply`,
      };
    }
  }
  return null;
}

const minutes = (within: number) => ({ within, unit: 'minutes' as const });
const hours = (within: number) => ({ within, unit: 'hours' as const });
const none: SlaMatch = { ticketTypes: [], categories: [], severities: [], priorities: [], channels: [], segments: [] };
const base = { enabled: true, hours: AROUND_THE_CLOCK, pauseOnCustomer: true, warnAtPercent: 80 };

/** DOMAIN.md's numbers, as the policies a new shop starts with (the admin edits them in 服务时效). */
export const DEFAULT_SLA_POLICIES: Omit<SlaPolicy, 'id'>[] = [
  {
    ...base,
    name: '紧急投诉',
    position: 10,
    match: { ...none, ticketTypes: ['complaint'], severities: ['critical'] },
    targets: { first_response: minutes(5), first_feedback: hours(2), next_response: minutes(30), resolution: hours(24) },
    onBreach: { raisePriority: true, reassign: null },
  },
  {
    ...base,
    name: '投诉',
    position: 20,
    match: { ...none, ticketTypes: ['complaint'] },
    targets: { first_response: minutes(30), first_feedback: hours(2), next_response: hours(2), resolution: hours(24) },
    onBreach: { raisePriority: true, reassign: null },
  },
  {
    ...base,
    name: '问题订单',
    position: 30,
    match: { ...none, ticketTypes: ['problem_order'] },
    targets: { first_response: minutes(30), resolution: hours(24) },
    onBreach: { raisePriority: true, reassign: null },
  },
  {
    ...base,
    name: '售后',
    position: 40,
    match: { ...none, ticketTypes: ['after_sale'] },
    targets: {
      first_response: minutes(30),
      aftersale_review: hours(24),
      aftersale_plan: { within: 1, unit: 'working_days' },
      repair_progress: { dailyBefore: '16:00' },
    },
    onBreach: { raisePriority: false, reassign: null },
  },
  // The marketplaces' own response rules, which their shop scores count (旺旺3分钟人工响应率, 京东30秒应答率, 拼多多3分钟人工回复率).
  {
    ...base,
    name: '淘宝/天猫 3分钟人工响应',
    position: 60,
    match: { ...none, channels: ['taobao'] },
    targets: { chat_response: minutes(3) },
    onBreach: { raisePriority: true, reassign: null },
  },
  {
    ...base,
    name: '京东 30秒应答',
    position: 70,
    match: { ...none, channels: ['jd'] },
    targets: { chat_response: { within: 30, unit: 'seconds' } },
    onBreach: { raisePriority: true, reassign: null },
  },
  {
    ...base,
    name: '拼多多 3分钟人工回复',
    position: 80,
    match: { ...none, channels: ['pdd'] },
    targets: { chat_response: minutes(3) },
    onBreach: { raisePriority: true, reassign: null },
  },
  {
    ...base,
    name: '默认',
    position: 100,
    match: none,
    targets: {
      first_response: minutes(30),
      next_response: hours(2),
      resolution: hours(48),
      chat_response: { within: 30, unit: 'seconds' },
      task_due: hours(24),
      order_confirm: minutes(30),
      order_ship: hours(48),
      follow_up: hours(24),
      review_reply: hours(1),
    },
    onBreach: { raisePriority: false, reassign: null },
  },
];
