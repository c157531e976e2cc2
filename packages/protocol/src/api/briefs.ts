/** The weekly after-sales brief and the monthly needs report (routes in apps/server/src/reports/briefs). */
import { AFTER_SALE_KINDS, AFTER_SALE_REASONS, AFTER_SALE_STATES, BRIEF_KINDS, ROOT_CAUSES, SLA_METRICS } from '@kefu/domain';
import { z } from 'zod';
import { Fen, RowId, Timestamp } from './common.ts';

/** A moment inside a brief's stored figures: an ISO string, as kept in the archive. */
const At = z.iso.datetime({ offset: true });
const Count = z.number().int().min(0);
const Share = z.number().min(0).max(1);
const WordCount = z.object({ word: z.string(), count: Count });

export const Advice = z.discriminatedUnion('code', [
  z.object({ code: z.literal('reason_share'), reason: z.enum(AFTER_SALE_REASONS), share: Share, count: Count }),
  z.object({ code: z.literal('product_defects'), productName: z.string(), cases: Count, words: z.array(z.string()) }),
  z.object({ code: z.literal('volume_up'), change: z.number(), count: Count }),
  z.object({ code: z.literal('sla_below_target'), metric: z.string(), attainment: Share }),
  z.object({ code: z.literal('pending_approvals'), count: Count }),
  z.object({ code: z.literal('overdue_aftersales'), count: Count }),
  z.object({ code: z.literal('steady') }),
]);

/** A product's defects in the week: its after-sales for a defect reason and its complaints, what they say. */
export const ProductDefects = z.object({
  productId: RowId,
  productName: z.string(),
  sku: z.string(),
  cases: Count.describe('after-sales and complaints together'),
  afterSales: Count,
  complaints: Count,
  refundedFen: Fen,
  reasons: z.array(z.object({ reason: z.enum(AFTER_SALE_REASONS), count: Count })),
  rootCauses: z.array(z.object({ rootCause: z.enum(ROOT_CAUSES), count: Count })),
  words: z.array(WordCount).describe('the most frequent words of the descriptions (jieba)'),
});

export const RiskCase = z.object({
  risk: z.enum(['overdue', 'pending_approval', 'complex']),
  afterSaleId: RowId,
  ticketId: RowId,
  ticketNumber: z.string(),
  kind: z.enum(AFTER_SALE_KINDS),
  state: z.enum(AFTER_SALE_STATES),
  amountFen: Fen,
  since: At.describe('overdue: since its clock ran out; otherwise: when it was opened'),
});

export const WeeklyAftersalesData = z.object({
  kind: z.literal('weekly_aftersales'),
  source: z.enum(['facts', 'cases']).describe('facts: the reporting facts tables; cases: the after-sales themselves (facts not filled)'),
  totals: z.object({
    afterSales: Count,
    previousAfterSales: Count,
    refundedFen: Fen,
    previousRefundedFen: Fen,
    complaints: Count,
    previousComplaints: Count,
  }),
  byKind: z.array(z.object({ kind: z.enum(AFTER_SALE_KINDS), count: Count, previous: Count })),
  byReason: z.array(z.object({ reason: z.enum(AFTER_SALE_REASONS), count: Count, share: Share })),
  defects: z.array(ProductDefects),
  sla: z.array(z.object({ metric: z.enum(SLA_METRICS), met: Count, breached: Count, attainment: Share.nullable() })),
  risks: z.object({
    overdueAfterSales: Count,
    pendingApprovals: Count,
    complexOpen: Count,
    openDefectAlarms: Count.nullable().describe('null when kefu has no defect alarms'),
    cases: z.array(RiskCase),
  }),
  advice: z.array(Advice),
});

export const NeedsSuggestion = z.object({
  productId: RowId.nullable(),
  productName: z.string().nullable(),
  ask: z.string().describe('what was asked for'),
  count: Count.describe('how many records asked for it'),
  reasons: z.array(z.string()).describe('why, one line per record (at most 5)'),
  tickets: z.array(z.object({ id: RowId, number: z.string() })),
});

export const ProductFeedback = z.object({
  productId: RowId,
  productName: z.string(),
  sku: z.string(),
  complaints: Count,
  afterSales: Count,
  suggestions: Count,
  words: z.array(WordCount),
});

export const MonthlyNeedsData = z.object({
  kind: z.literal('monthly_needs'),
  totals: z.object({ unknownQuestions: Count, suggestions: Count, complaints: Count, afterSales: Count }),
  unknownQuestions: z.array(z.object({ id: RowId, question: z.string(), asked: Count, lastAskedAt: At, status: z.string() })),
  suggestions: z.array(NeedsSuggestion),
  products: z.array(ProductFeedback),
});

export const BriefData = z.discriminatedUnion('kind', [WeeklyAftersalesData, MonthlyNeedsData]);

export const BriefSummary = z.object({
  id: RowId,
  kind: z.enum(BRIEF_KINDS),
  periodStart: z.iso.date().describe('China date of the first day'),
  periodEnd: z.iso.date().describe('China date of the last day'),
  coversFrom: Timestamp,
  coversUntil: Timestamp,
  emailedTo: z.array(z.string()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export const BriefList = z.object({ briefs: z.array(BriefSummary) });
export const Brief = z.object({ brief: BriefSummary.extend({ data: BriefData }) });

export const BriefInput = z
  .object({
    kind: z.enum(BRIEF_KINDS),
    periodStart: z.iso
      .date()
      .optional()
      .describe('a day of the wanted period (weekly: the week ending on the first Friday 17:00 on or after it); default the last ended one'),
    email: z.boolean().optional().describe('also e-mail it to the managers now (default: no)'),
  })
  .strict();

export const BRIEF_FORMATS = ['pdf', 'xlsx'] as const;

/** GET /api/reports/briefs/:id.pdf and :id.xlsx: a file, not JSON. */
export const BriefFile = {
  description: 'The brief as PDF or Excel',
  content: {
    'application/pdf': { schema: z.custom<Uint8Array<ArrayBufferLike>>((v) => v instanceof Uint8Array).meta({ type: 'string', format: 'binary' }) },
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
      schema: z.custom<Uint8Array<ArrayBufferLike>>((v) => v instanceof Uint8Array).meta({ type: 'string', format: 'binary' }),
    },
  },
};
