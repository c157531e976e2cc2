/**
 * Satisfaction surveys (满意度回访; routes in apps/server/src/surveys): the shopper's tokenised page, a case's result,
 * the supervisors' figures and comments, the settings.
 */
import { SURVEY_CHANNELS, SURVEY_COMMENT_MAX, SURVEY_DELAY_MINUTES_RANGE, SURVEY_EXPIRY_DAYS_RANGE, SURVEY_KINDS, SURVEY_STATES } from '@kefu/domain';
import { z } from 'zod';
import { RowId, Timestamp } from './common.ts';
import { XLSX_TYPE } from './knowledge.ts';

export const SurveyKind = z.enum(SURVEY_KINDS);
export const SurveyState = z.enum(SURVEY_STATES);
export const SurveyChannel = z.enum(SURVEY_CHANNELS);

/** The link's token: 32 url-safe characters. */
export const SurveyToken = z.object({ token: z.string().regex(/^[\w-]{20,64}$/, 'not a survey link') });

/** What the page shows: the shop and the case kind, never the shopper's data. */
export const PublicSurvey = z.object({
  shopName: z.string(),
  kind: SurveyKind,
  state: z.enum(['sent', 'answered', 'expired']),
  expiresAt: Timestamp.nullable(),
  score: z.number().int().nullable(),
});

export const SurveyAnswerInput = z
  .object({
    score: z.coerce.number().int().min(1, 'from 1 to 5 stars').max(5, 'from 1 to 5 stars'),
    comment: z.string().trim().max(SURVEY_COMMENT_MAX, `at most ${SURVEY_COMMENT_MAX} characters`).optional(),
  })
  .strict();

export const Survey = z.object({
  id: RowId,
  kind: SurveyKind,
  caseId: RowId,
  caseLabel: z.string().describe('the ticket number, or 会话 #id'),
  ticketId: RowId.nullable(),
  customerId: RowId.nullable(),
  agentId: RowId.nullable(),
  agentName: z.string().nullable(),
  channel: SurveyChannel.nullable(),
  state: SurveyState,
  skipReason: z.string().nullable(),
  sentAt: Timestamp.nullable(),
  expiresAt: Timestamp.nullable(),
  answeredAt: Timestamp.nullable(),
  score: z.number().int().nullable(),
  comment: z.string().nullable(),
  createdAt: Timestamp,
});

/** GET /api/surveys/case/:kind/:id: the case's survey, if any. */
export const CaseSurvey = z.object({ survey: Survey.nullable() });
export const CaseSurveyParams = z.object({ kind: SurveyKind, id: z.coerce.number().int().positive() });
/** GET /api/surveys/ticket/:id: the surveys of a ticket's cases (the ticket, its after-sales, the chat it came from). */
export const TicketSurveys = z.object({ surveys: z.array(Survey) });

export const SurveyFilters = z.object({
  from: z.iso.date().optional().describe('China-time day, inclusive (by when the survey was created)'),
  to: z.iso.date().optional().describe('China-time day, inclusive'),
  kind: SurveyKind.optional(),
  channel: SurveyChannel.optional(),
  agentId: z.coerce.number().int().positive().optional(),
  state: SurveyState.optional(),
  score: z.coerce.number().int().min(1).max(5).optional(),
  commented: z.enum(['true', 'false']).optional().describe('only surveys with a comment'),
});
export const SurveyListQuery = SurveyFilters.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export const SurveyList = z.object({ surveys: z.array(Survey), total: z.number().int() });

const Counts = z.object({
  sent: z.number().int().describe('surveys that reached a shopper: open, answered or expired'),
  answered: z.number().int(),
  expired: z.number().int(),
  skipped: z.number().int().describe('no channel could reach the shopper'),
  responseRate: z.number().nullable(),
  csat: z.number().nullable().describe('share of 4–5 among answers'),
});
export const SurveySummaryQuery = SurveyFilters.extend({ period: z.enum(['day', 'week', 'month']).default('week') });
export const SurveySummary = z.object({
  total: Counts,
  goal: z.number(),
  distribution: z.array(z.number().int()).length(5).describe('answers with 1…5 stars'),
  byKind: z.array(Counts.extend({ key: SurveyKind })),
  byChannel: z.array(Counts.extend({ key: z.string() })),
  byAgent: z.array(Counts.extend({ key: z.string(), agentId: RowId.nullable() })),
  byPeriod: z.array(Counts.extend({ key: z.string().describe('the period’s first day') })),
});

export const SurveySettings = z
  .object({
    ticket: z.boolean(),
    afterSale: z.boolean(),
    expiryDays: z.number().int().min(SURVEY_EXPIRY_DAYS_RANGE.min).max(SURVEY_EXPIRY_DAYS_RANGE.max),
    delayMinutes: z.number().int().min(SURVEY_DELAY_MINUTES_RANGE.min).max(SURVEY_DELAY_MINUTES_RANGE.max),
    linkBase: z.union([z.literal(''), z.url({ protocol: /^https?$/ }).max(200)]).describe("the shop's public address links start with"),
  })
  .strict();
export const SurveySettingsAnswer = z.object({ settings: SurveySettings, version: z.number().int().min(1) });
export const SurveySettingsInput = SurveySettings.extend({ version: z.number().int().min(1) }).strict();

const Binary = z.custom<Uint8Array<ArrayBufferLike>>((v) => v instanceof Uint8Array).meta({ type: 'string', format: 'binary' });
export const SurveyWorkbook = { description: 'The surveys matching the filters as Excel (汇总, 明细)', content: { [XLSX_TYPE]: { schema: Binary } } };
export const SurveyPage = { description: 'The survey page (HTML)', content: { 'text/html': { schema: z.string() } } };
