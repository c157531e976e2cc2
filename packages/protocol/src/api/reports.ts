/**
 * Reports (docs/reports.md "Dashboard"): the KPI dashboard (GET /api/reports/kpis), the agents' table
 * (/api/reports/agents, /agents/me), the cases behind a number (/api/reports/cases), the question statistics
 * (/api/reports/questions); each table also as Excel (the same path + `.xlsx`).
 */
import { CHANNELS, daysInRange, HANDOVER_REASONS, KPI_KEYS, SLA_METRICS } from '@kefu/domain';
import { z } from 'zod';
import { RowId, Timestamp } from './common.ts';
import { XLSX_TYPE } from './knowledge.ts';

/** The longest range a report covers: a year and a day (a leap year, or a year compared across its ends). */
export const MAX_REPORT_DAYS = 366;

const Day = z.iso.date('a China calendar day as YYYY-MM-DD');
const QueryId = z.coerce
  .number({ error: 'must be a positive integer id' })
  .int('must be a positive integer id')
  .positive('must be a positive integer id')
  .max(2_147_483_647, 'must be a positive integer id');

const rangeShape = {
  from: Day,
  to: Day,
  agentId: QueryId.optional(),
  groupId: QueryId.optional(),
  channel: z.enum(CHANNELS).optional(),
};
function checkRange(q: { from: string; to: string }, ctx: z.RefinementCtx) {
  if (q.to < q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before "from"' });
  else if (daysInRange(q.from, q.to) > MAX_REPORT_DAYS)
    ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${MAX_REPORT_DAYS} days after "from"` });
}

/** China days, both included; optional filters by agent, skill group and channel. */
export const ReportQuery = z.object(rangeShape).strict().superRefine(checkRange);
/** China days, both included, without filters (the question statistics, an agent's own figures). */
export const PeriodQuery = z.object({ from: Day, to: Day }).strict().superRefine(checkRange);

export const CASE_FILTERS = [
  'conversations',
  'tickets',
  'rated',
  'unsatisfied',
  'notFirstContactResolved',
  'contactedAgain',
  'slowFirstResponse',
  'escalated',
  'slaBreached',
  'handedOver',
  'resolvedByBot',
] as const;
export type CaseFilter = (typeof CASE_FILTERS)[number];

export const CasesQuery = z
  .object({
    ...rangeShape,
    kpi: z.enum(CASE_FILTERS),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(20),
  })
  .strict()
  .superRefine(checkRange);

// ---- the dashboard ----------------------------------------------------------------------------------------------

const Ratio = z.number().nullable();
const Ms = z.number().nullable();

export const Kpi = z.object({
  key: z.enum(KPI_KEYS),
  unit: z.enum(['ratio', 'ms']),
  better: z.enum(['higher', 'lower']),
  value: z.number().nullable(),
  target: z.number().nullable(),
  met: z.boolean().nullable(),
  previous: z.number().nullable(),
  change: z.number().nullable(),
  trend: z.enum(['better', 'worse', 'same']).nullable(),
  /** How many cases the figure is over (rated conversations for CSAT, responses for response times…). */
  count: z.number().int(),
});

/** One metric's promises decided in the range: met on time ÷ (met + breached). */
export const SlaAttainment = z.object({
  metric: z.enum(SLA_METRICS),
  met: z.number().int(),
  breached: z.number().int(),
  rate: Ratio,
  previousRate: Ratio,
});

export const VOLUME_KEYS = ['conversations', 'tickets', 'afterSales', 'messages', 'handedOver', 'resolvedByBot', 'rated'] as const;
export const Volume = z.object({ key: z.enum(VOLUME_KEYS), value: z.number().int(), previous: z.number().int() });

export const DailyKpis = z.object({
  day: Day,
  conversations: z.number().int(),
  tickets: z.number().int(),
  csat: Ratio,
  fcr: Ratio,
  firstResponseMs: Ms,
  avgResponseMs: Ms,
  within30s: Ratio,
  escalationRate: Ratio,
  botDeflection: Ratio,
  secondContactRate: Ratio,
});

/** Cases opened per weekday (1 Monday … 7 Sunday) and hour, China time. */
export const HeatCell = z.object({ weekday: z.number().int().min(1).max(7), hour: z.number().int().min(0).max(23), count: z.number().int() });

export const Breakdown = z.object({
  /** The agent's or group's id, or null for cases nobody took; for channels null and `name` is the channel. */
  id: RowId.nullable(),
  name: z.string(),
  conversations: z.number().int(),
  tickets: z.number().int(),
  csat: Ratio,
  fcr: Ratio,
  firstResponseMs: Ms,
  within30s: Ratio,
  escalationRate: Ratio,
});

export const KpiReport = z.object({
  from: Day,
  to: Day,
  previousFrom: Day,
  previousTo: Day,
  kpis: z.array(Kpi),
  sla: z.array(SlaAttainment),
  handoverReasons: z.array(z.object({ reason: z.enum(HANDOVER_REASONS).or(z.literal('other')), count: z.number().int() })),
  volumes: z.array(Volume),
  daily: z.array(DailyKpis),
  heatmap: z.array(HeatCell),
  byAgent: z.array(Breakdown),
  byGroup: z.array(Breakdown),
  byChannel: z.array(Breakdown),
});

// ---- agents -----------------------------------------------------------------------------------------------------

export const AgentRow = z.object({
  agentId: RowId.nullable(),
  name: z.string(),
  chats: z.number().int(),
  tickets: z.number().int(),
  firstResponseMs: Ms,
  avgResponseMs: Ms,
  within30s: Ratio,
  handlingMs: Ms,
  csat: Ratio,
  rated: z.number().int(),
  fcr: Ratio,
  slaBreaches: z.number().int(),
  /** The average final quality-inspection score (0–100) of the agent's inspected conversations, if any. */
  qualityScore: z.number().nullable(),
  inspected: z.number().int(),
});
export const AgentReport = z.object({ from: Day, to: Day, agents: z.array(AgentRow), total: AgentRow });
export const MyAgentReport = z.object({ from: Day, to: Day, agent: AgentRow });

// ---- drill-down -------------------------------------------------------------------------------------------------

export const ReportCase = z.object({
  kind: z.enum(['conversation', 'ticket']),
  id: RowId,
  /** The ticket a conversation became, or the ticket itself. */
  ticketId: RowId.nullable(),
  ticketNumber: z.string().nullable(),
  title: z.string(),
  agentId: RowId.nullable(),
  agentName: z.string().nullable(),
  channel: z.string(),
  openedAt: Timestamp,
  closedAt: Timestamp.nullable(),
  firstResponseMs: Ms,
  csat: z.number().int().nullable(),
  resolved: z.boolean(),
  escalated: z.boolean(),
});
export const ReportCases = z.object({ items: z.array(ReportCase), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

// ---- questions --------------------------------------------------------------------------------------------------

const Count = z.object({ key: z.string(), count: z.number().int() });
export const QuestionReport = z.object({
  from: Day,
  to: Day,
  daily: z.array(z.object({ day: Day, conversations: z.number().int(), tickets: z.number().int() })),
  byIntent: z.array(Count),
  byCategory: z.array(Count),
  byProduct: z.array(z.object({ productId: RowId, name: z.string(), count: z.number().int() })),
  /** The most asked: questions the bot could not answer, the last words before a hand-over, the FAQ the bot answered. */
  topQuestions: z.array(z.object({ question: z.string(), count: z.number().int(), source: z.enum(['unknown', 'handover', 'faq']) })),
  /** Unknown questions asked in the range and still open (nobody added an answer). */
  unanswered: z.array(z.object({ id: RowId, question: z.string(), asked: z.number().int(), lastAskedAt: Timestamp })),
});

/** Any report as an .xlsx download (the JSON route's path + `.xlsx`, same query, same roles). */
export const ReportSpreadsheet = {
  description: 'The report as an Excel workbook',
  content: {
    [XLSX_TYPE]: { schema: z.custom<Uint8Array<ArrayBufferLike>>((v) => v instanceof Uint8Array).meta({ type: 'string', format: 'binary' }) },
  },
};
