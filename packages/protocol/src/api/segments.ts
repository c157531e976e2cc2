/** Computed customer segments (客户分群; routes in apps/server/src/customers/segments): rules, runs, overrides, history. */
import { SEGMENTS } from '@kefu/domain';
import { z } from 'zod';
import { RowId, Timestamp } from './common.ts';

const Count = z.number().int('must be a whole number').min(0, 'must be 0 or more').max(1_000_000_000);
const Days = z.number().int('must be a whole number').min(1, 'must be at least 1 day').max(3650);
const Fen = z.number().int('must be a whole number').min(0, 'must be 0 or more').max(100_000_000_000);

const ruleOf = <K extends string, T extends z.ZodRawShape>(segment: K, thresholds: T) =>
  z
    .object({
      segment: z.literal(segment),
      enabled: z.boolean(),
      precedence: z.number().int().min(0).max(99).describe('lower comes first; the first rule a customer meets gives the segment'),
      thresholds: z.object(thresholds).strict(),
    })
    .strict();

export const SegmentRuleInput = z.discriminatedUnion('segment', [
  ruleOf('vip', { windowDays: Days, minOrders: Count, minSpendFen: Fen }),
  ruleOf('high_value', { windowDays: Days, minSpendFen: Fen }),
  ruleOf('complaint_prone', { windowDays: Days, minComplaints: Count, minAfterSales: Count }),
  ruleOf('at_risk', { minOrders: Count, daysWithoutOrder: Days }),
  ruleOf('active', { windowDays: Days, minOrders: Count }),
  ruleOf('new', { withinDays: Days, maxOrders: Count }),
]);

export const SegmentRule = z.intersection(
  SegmentRuleInput,
  z.object({ version: z.number().int(), updatedAt: Timestamp, updatedByName: z.string().nullable() }),
);

export const SegmentRun = z.object({
  id: RowId,
  trigger: z.enum(['schedule', 'manual', 'seed']),
  startedByName: z.string().nullable(),
  startedAt: Timestamp,
  finishedAt: Timestamp.nullable(),
  durationMs: z.number().int().nullable(),
  customers: z.number().int().describe('customers evaluated'),
  changed: z.number().int().describe('customers whose segment changed'),
  error: z.string().nullable(),
});

export const SegmentCounts = z.record(z.enum(SEGMENTS), z.number().int()).describe('customers per segment now');

export const SegmentRulesAnswer = z.object({
  rules: z.array(SegmentRule).describe('in order of precedence'),
  counts: SegmentCounts,
  overridden: z.number().int().describe('customers whose segment a person set'),
  lastRun: SegmentRun.nullable(),
});

export const SegmentRulesChange = z
  .object({
    rules: z
      .array(z.intersection(SegmentRuleInput, z.object({ version: z.number().int().positive() })))
      .min(1)
      .max(20),
  })
  .strict();

export const SegmentRunAnswer = z.object({ run: SegmentRun, counts: SegmentCounts });

export const SegmentOverrideInput = z
  .object({
    segment: z.enum(SEGMENTS),
    reason: z.string().trim().min(2, 'say why, in a few words').max(200),
    until: Timestamp.nullable().optional().describe('the override ends then; none: until cleared'),
    version: z.number().int().positive().describe('the customer’s version'),
  })
  .strict();

export const SegmentHistoryEntry = z.object({
  id: z.number().int(),
  from: z.enum(SEGMENTS).nullable(),
  to: z.enum(SEGMENTS),
  rule: z.string().nullable().describe('the rule that gave the segment; null: no rule matched (regular) or a person'),
  source: z.enum(['job', 'override', 'override_cleared', 'override_expired']),
  byName: z.string().nullable().describe('the person, when a person changed it'),
  reason: z.string().nullable(),
  at: Timestamp,
});

export const CustomerSegmentState = z.object({
  customerId: RowId,
  segment: z.enum(SEGMENTS),
  computed: z.enum(SEGMENTS).nullable().describe('what the rules give; null before the first run'),
  override: z
    .object({ segment: z.enum(SEGMENTS), reason: z.string(), byName: z.string().nullable(), at: Timestamp, until: Timestamp.nullable() })
    .nullable(),
  version: z.number().int(),
});

export const CustomerSegmentAnswer = z.object({ state: CustomerSegmentState, history: z.array(SegmentHistoryEntry) });
