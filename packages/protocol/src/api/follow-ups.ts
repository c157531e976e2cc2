/** Follow-ups (回访; routes in apps/server/src/follow-ups): queues, outcomes, rules, scripts and the summary report. */
import {
  FOLLOW_UP_NOTE_MAX,
  FOLLOW_UP_OUTCOMES,
  FOLLOW_UP_REASONS,
  FOLLOW_UP_RULES,
  FOLLOW_UP_STATES,
  FOLLOW_UP_SUBJECTS,
  MAX_DELAY_MINUTES,
  OUTCOME_NOTE_MAX,
} from '@kefu/domain';
import { z } from 'zod';
import { Day, Fen, RowId, Timestamp } from './common.ts';
import { XLSX_TYPE } from './knowledge.ts';

const Version = z.number().int().positive().max(2_147_483_647);

export const FollowUp = z.object({
  id: RowId,
  customerId: RowId,
  customerName: z.string().nullable(),
  reason: z.enum(FOLLOW_UP_REASONS),
  ownerId: RowId.nullable().describe('null: in the supervisors’ pool, to be claimed or assigned'),
  ownerName: z.string().nullable(),
  dueAt: Timestamp,
  overdue: z.boolean(),
  subject: z
    .object({ kind: z.enum(FOLLOW_UP_SUBJECTS), id: RowId })
    .nullable()
    .describe('the order, ticket, after-sale, survey or review it is about'),
  note: z.string(),
  state: z.enum(FOLLOW_UP_STATES),
  attempts: z.number().int().describe('tries made so far'),
  outcome: z.enum(FOLLOW_UP_OUTCOMES).nullable(),
  outcomeNote: z.string(),
  ticketId: RowId.nullable().describe('the ticket a problem found opened'),
  doneAt: Timestamp.nullable(),
  version: z.number().int(),
  createdAt: Timestamp,
});

export const FollowUpTab = z.enum(['due', 'overdue', 'done', 'pool']);
export const FollowUpQuery = z
  .object({
    scope: z.enum(['mine', 'all']).default('mine'),
    tab: FollowUpTab.optional(),
    ownerId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
    reason: z.enum(FOLLOW_UP_REASONS).optional(),
    state: z.enum(FOLLOW_UP_STATES).optional(),
    dueFrom: Day.optional(),
    dueTo: Day.optional(),
    customerId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(20),
  })
  .strict();
export const FollowUpList = z.object({
  followUps: z.array(FollowUp),
  total: z.number().int(),
  counts: z
    .object({ due: z.number().int(), overdue: z.number().int(), done: z.number().int(), pool: z.number().int() })
    .describe('per tab, in the scope'),
});

/** What the agent sees beside the follow-up: the script filled from the case, and the case's context. */
export const FollowUpContext = z.object({
  customer: z.object({ id: RowId, name: z.string().nullable(), segment: z.string(), phone: z.string().nullable() }),
  order: z
    .object({
      id: RowId,
      orderNo: z.string(),
      platform: z.string(),
      totalFen: Fen,
      status: z.string(),
      lines: z.array(z.object({ title: z.string(), quantity: z.number().int() })),
    })
    .nullable(),
  ticket: z.object({ id: RowId, number: z.string(), subject: z.string(), status: z.string() }).nullable(),
  survey: z.object({ score: z.number().int().nullable(), comment: z.string().nullable() }).nullable(),
});
export const FollowUpDetail = z.object({ followUp: FollowUp, script: z.string(), context: FollowUpContext });
export const FollowUpAnswer = z.object({ followUp: FollowUp });

export const FollowUpInput = z
  .object({
    customerId: RowId,
    dueAt: Timestamp,
    note: z.string().trim().max(FOLLOW_UP_NOTE_MAX).default(''),
    ownerId: RowId.nullable().optional(),
  })
  .strict();
export const FollowUpClaim = z.object({ version: Version }).strict();
export const FollowUpAssign = z.object({ version: Version, ownerId: RowId.nullable() }).strict();
export const FollowUpOutcomeInput = z
  .object({
    version: Version,
    outcome: z.enum(FOLLOW_UP_OUTCOMES),
    note: z.string().trim().max(OUTCOME_NOTE_MAX).default(''),
    ticketSubject: z.string().trim().min(1).max(200).optional().describe('a problem: the title of the ticket opened (the note by default)'),
    ticketType: z.enum(['consultation', 'problem_order', 'after_sale']).default('consultation').describe('a problem: the kind of ticket opened'),
  })
  .strict();
export const FollowUpOutcomeAnswer = z.object({ followUp: FollowUp, ticketId: RowId.nullable() });

export const FollowUpRule = z.object({
  rule: z.enum(FOLLOW_UP_RULES),
  enabled: z.boolean(),
  delayMinutes: z.number().int().min(0).max(MAX_DELAY_MINUTES),
  threshold: z.number().int().nullable().describe('large_order: total in fen at or above; low_score: score at or below'),
  version: z.number().int(),
});
export const FollowUpRules = z.object({ rules: z.array(FollowUpRule) });
export const FollowUpRuleChange = z
  .object({
    version: Version,
    enabled: z.boolean(),
    delayMinutes: z.number().int().min(0).max(MAX_DELAY_MINUTES),
    threshold: z.number().int().nullable(),
  })
  .strict();

export const FollowUpScript = z.object({ reason: z.enum(FOLLOW_UP_REASONS), body: z.string(), version: z.number().int() });
export const FollowUpScripts = z.object({ scripts: z.array(FollowUpScript) });
export const FollowUpScriptChange = z.object({ version: Version, body: z.string().trim().min(1).max(2000) }).strict();

export const FollowUpReportQuery = z.object({ from: Day, to: Day }).strict();
export const FollowUpReportRow = z.object({
  ownerId: RowId.nullable(),
  ownerName: z.string().nullable(),
  reason: z.enum(FOLLOW_UP_REASONS),
  opened: z.number().int(),
  done: z.number().int(),
  doneOnTime: z.number().int(),
  overdue: z.number().int().describe('still open past due, or done late'),
  fine: z.number().int(),
  problem: z.number().int(),
  unreachable: z.number().int(),
  tickets: z.number().int().describe('problems found that opened a ticket'),
});
export const FollowUpReport = z.object({
  from: Day,
  to: Day,
  rows: z.array(FollowUpReportRow),
  totals: FollowUpReportRow.omit({ ownerId: true, ownerName: true, reason: true }),
});

/** GET /api/follow-ups/report.xlsx: a file, not JSON. */
export const FollowUpReportXlsx = {
  description: 'The follow-up summary (回访总结报告) as Excel',
  content: {
    [XLSX_TYPE]: { schema: z.custom<Uint8Array<ArrayBufferLike>>((v) => v instanceof Uint8Array).meta({ type: 'string', format: 'binary' }) },
  },
};
