/** Service levels (docs/service-levels.md): policies (GET/POST/PUT/DELETE /api/sla/policies), clocks, the board. */
import { DURATION_UNITS, MATCH_VALUES, SLA_METRICS, SLA_SUBJECTS, TICKET_PRIORITIES } from '@kefu/domain';
import { z } from 'zod';
import { RowId, Timestamp } from './common.ts';

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM');
const UNIT_SECONDS = { seconds: 1, minutes: 60, hours: 3600, working_days: 86_400 } as const;
/** The longest promise a policy may make: 60 days. */
const MAX_SECONDS = 60 * 86_400;

/**
 * One target of a policy: the metric, and a span of service time (`within` `unit`) or a daily deadline
 * (`dailyBefore` "16:00", e.g. repair progress every day).
 */
export const PolicyTarget = z
  .object({
    metric: z.enum(SLA_METRICS),
    within: z.number().int().positive('must be more than 0').optional(),
    unit: z.enum(DURATION_UNITS).optional(),
    dailyBefore: ClockTime.optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (t.dailyBefore !== undefined) {
      if (t.within !== undefined) ctx.addIssue({ code: 'custom', path: ['within'], message: 'a daily deadline has no span; send one of them' });
      return;
    }
    if (t.within === undefined) ctx.addIssue({ code: 'custom', path: ['within'], message: 'required (or "dailyBefore")' });
    if (t.unit === undefined) ctx.addIssue({ code: 'custom', path: ['unit'], message: 'required with "within"' });
    if (t.within !== undefined && t.unit && t.within * UNIT_SECONDS[t.unit] > MAX_SECONDS)
      ctx.addIssue({ code: 'custom', path: ['within'], message: 'at most 60 days' });
  });

export const ServiceHours = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('always') }).strict(),
  z
    .object({ kind: z.literal('business'), days: z.enum(['working', 'every']), from: ClockTime, to: ClockTime })
    .strict()
    .refine((h) => h.from < h.to, { message: 'must be after "from"', path: ['to'] }),
]);

const distinct = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .array(z.enum(values))
    .max(values.length)
    .refine((list) => new Set(list).size === list.length, 'lists a value twice');

export const SlaMatch = z
  .object({
    ticketTypes: distinct(MATCH_VALUES.ticketTypes),
    categories: distinct(MATCH_VALUES.categories),
    severities: distinct(MATCH_VALUES.severities),
    priorities: distinct(MATCH_VALUES.priorities),
    channels: distinct(MATCH_VALUES.channels),
    segments: distinct(MATCH_VALUES.segments),
  })
  .strict();

const Targets = z
  .array(PolicyTarget)
  .min(1, 'a policy sets at least one target')
  .max(SLA_METRICS.length)
  .refine((list) => new Set(list.map((t) => t.metric)).size === list.length, 'sets a metric twice');

export const BreachActions = z
  .object({
    raisePriority: z.boolean(),
    reassign: z.union([z.object({ groupId: RowId }).strict(), z.object({ userId: RowId }).strict()]).nullable(),
  })
  .strict();

/** What an admin sends to create or replace a policy (a replacement also sends the `version` it was based on). */
export const SlaPolicyInput = z
  .object({
    name: z.string().trim().min(1).max(60),
    enabled: z.boolean().default(true),
    position: z.number().int().min(1).max(10_000),
    match: SlaMatch,
    hours: ServiceHours,
    pauseOnCustomer: z.boolean().default(true),
    warnAtPercent: z.number().int().min(50).max(99).default(80),
    targets: Targets,
    onBreach: BreachActions,
  })
  .strict();

export const SlaPolicy = SlaPolicyInput.extend({ id: RowId, version: z.number().int(), updatedAt: Timestamp });
export const SlaPolicies = z.object({ policies: z.array(SlaPolicy) });

export const CLOCK_STATES = ['running', 'paused', 'met', 'cancelled'] as const;

/** One promise's clock, as shown on an item (countdown) and on the board. */
export const SlaClock = z.object({
  id: z.string(),
  metric: z.enum(SLA_METRICS),
  state: z.enum(CLOCK_STATES),
  policyId: RowId.nullable(),
  startedAt: Timestamp,
  dueAt: Timestamp,
  warnAt: Timestamp.nullable(),
  /** Service time left when paused. */
  remainingMs: z.number().nullable(),
  warnedAt: Timestamp.nullable(),
  breachedAt: Timestamp.nullable(),
  stoppedAt: Timestamp.nullable(),
});
export const SlaClocks = z.object({ clocks: z.array(SlaClock) });

/** A clock on the supervisor's board, with the work it is on. */
export const BoardItem = SlaClock.extend({
  subjectKind: z.enum(SLA_SUBJECTS),
  subjectId: RowId,
  ticketId: RowId.nullable(),
  title: z.string(),
  assigneeId: RowId.nullable(),
  assigneeName: z.string().nullable(),
  priority: z.enum(TICKET_PRIORITIES).nullable(),
});

export const ESCALATION_LEVELS = ['supervisor', 'manager', 'platform', 'regulator', 'media'] as const;
/** Outside the shop: platform arbitration (平台介入), 12315 / a regulator, the media. */
export const EXTERNAL_LEVELS: readonly (typeof ESCALATION_LEVELS)[number][] = ['platform', 'regulator', 'media'];

export const EscalationInput = z.object({ level: z.enum(ESCALATION_LEVELS), reason: z.string().trim().min(2).max(500) }).strict();
export const Escalation = z.object({
  id: RowId,
  ticketId: RowId,
  ticketNumber: z.string(),
  level: z.enum(ESCALATION_LEVELS),
  external: z.boolean(),
  reason: z.string(),
  actorId: RowId.nullable(),
  actorName: z.string().nullable(),
  createdAt: Timestamp,
});
export const Escalations = z.object({ escalations: z.array(Escalation) });

/** The escalation rate over a period: escalated tickets / tickets opened (target ≤ 5%), and the external share. */
export const EscalationRate = z.object({
  from: Timestamp,
  to: Timestamp,
  tickets: z.number().int(),
  escalated: z.number().int(),
  external: z.number().int(),
  rate: z.number(),
  externalRate: z.number(),
  target: z.number(),
});

export const SlaBoard = z.object({
  breached: z.array(BoardItem),
  atRisk: z.array(BoardItem),
  escalations: z.array(Escalation),
  escalationRate: EscalationRate,
});
