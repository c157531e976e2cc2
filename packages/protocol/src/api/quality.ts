/**
 * Conversation quality inspection (质检, docs/quality.md): rules (GET/POST/PUT/DELETE /api/quality/rules), sampling
 * settings, inspections with their review and appeal, the per-agent summary and forbidden-phrase hits.
 */
import { QUALITY_RULE_KINDS, type QualityRuleKind } from '@kefu/domain';
import { z } from 'zod';
import { RowId, Timestamp } from './common.ts';
import { XLSX_TYPE } from './knowledge.ts';

const Word = z.string().trim().min(1).max(40);
const Words = z
  .array(Word)
  .max(100)
  .refine((list) => new Set(list).size === list.length, 'lists a word twice');
const MaxHits = z.number().int().min(1).max(20).describe('hits of this rule that take points off, at most');
const Seconds = z.number().int().min(1).max(3600);
const LastMessages = z.number().int().min(1).max(10);

/** Each kind's settings (see @kefu/domain QualityRuleParams). */
export const RULE_PARAMS = {
  forbidden_phrase: z.object({ severePhrases: Words.describe('forbidden phrases whose use is fatal'), maxHits: MaxHits }).strict(),
  greeting: z.object({ words: Words.min(1) }).strict(),
  closing: z.object({ words: Words.min(1), lastMessages: LastMessages }).strict(),
  order_number: z
    .object({ intents: z.array(z.string().trim().min(1).max(30)).min(1).max(20), askWords: Words.min(1) })
    .strict()
    .describe('intents: classes of the shopper-intent model that are about an order'),
  first_response: z.object({ seconds: Seconds }).strict(),
  slow_response: z.object({ seconds: Seconds, maxHits: MaxHits }).strict(),
  upset_at_end: z.object({ lastMessages: LastMessages }).strict(),
  unanswered_question: z.object({ words: Words.min(1).describe('a shopper message holding one of these is a question'), maxHits: MaxHits }).strict(),
} as const satisfies Record<QualityRuleKind, z.ZodType>;

const RuleFields = {
  name: z.string().trim().min(1).max(40),
  points: z.number().int().min(0).max(100).describe('taken off a score of 100 for a hit'),
  fatal: z.boolean().describe('a hit makes the score 0 (致命项)'),
  enabled: z.boolean().default(true),
  position: z.number().int().min(1).max(10_000),
};

const ruleOf = <K extends keyof typeof RULE_PARAMS, E extends z.ZodRawShape>(kind: K, extra: E) =>
  z.object({ kind: z.literal(kind), ...RuleFields, ...extra, params: RULE_PARAMS[kind] }).strict();
const rulesWith = <E extends z.ZodRawShape>(extra: E) =>
  [
    ruleOf('forbidden_phrase', extra),
    ruleOf('greeting', extra),
    ruleOf('closing', extra),
    ruleOf('order_number', extra),
    ruleOf('first_response', extra),
    ruleOf('slow_response', extra),
    ruleOf('upset_at_end', extra),
    ruleOf('unanswered_question', extra),
  ] as const;

/** What an admin sends to create a rule: its kind, points, whether it is fatal, and the kind's settings. */
export const QualityRuleInput = z.discriminatedUnion('kind', rulesWith({}));
/** What an admin sends to replace a rule: the same, with the `version` it was based on. */
export const QualityRuleUpdate = z.discriminatedUnion('kind', rulesWith({ version: z.number().int().min(1) }));

export const QualityRule = z.object({
  id: RowId,
  kind: z.enum(QUALITY_RULE_KINDS),
  ...RuleFields,
  enabled: z.boolean(),
  params: z.record(z.string(), z.unknown()).describe("the kind's settings"),
  version: z.number().int(),
  updatedAt: Timestamp,
});
export const QualityRules = z.object({ rules: z.array(QualityRule) });

/** Which inspections go to review: every fatal one, every score below `reviewBelow`, and `samplePercent`% of the rest. */
export const QualitySettingsInput = z.object({
  samplePercent: z.number().int().min(0).max(100),
  reviewBelow: z.number().int().min(0).max(100),
});
export const QualitySettings = QualitySettingsInput.extend({ version: z.number().int().min(1) });

export const QualityEvidence = z.object({
  messageId: z.string(),
  seq: z.number().int(),
  quote: z.string(),
  detail: z.string().optional().describe('the forbidden phrase, or the wait in seconds'),
});
export const QualityHit = z.object({
  ruleId: RowId,
  kind: z.enum(QUALITY_RULE_KINDS),
  name: z.string(),
  points: z.number().int(),
  fatal: z.boolean(),
  evidence: z.array(QualityEvidence),
});

export const SAMPLE_REASONS = ['fatal', 'low_score', 'random'] as const;
export const APPEAL_STATES = ['none', 'pending', 'accepted', 'rejected'] as const;
const Person = z.object({ id: RowId, name: z.string() });

/** An inspection as lists show it. `finalScore` is what counts: the review's, else the automatic, changed by an accepted appeal. */
export const InspectionSummary = z.object({
  conversationId: RowId,
  agent: Person.nullable(),
  customerName: z.string().nullable(),
  autoScore: z.number().int(),
  reviewScore: z.number().int().nullable(),
  finalScore: z.number().int(),
  fatal: z.boolean(),
  sampled: z.boolean(),
  sampleReason: z.enum(SAMPLE_REASONS).nullable(),
  reviewed: z.boolean(),
  appeal: z.enum(APPEAL_STATES),
  hitCount: z.number().int(),
  inspectedAt: Timestamp,
  version: z.number().int(),
});
export const InspectionList = z.object({
  inspections: z.array(InspectionSummary),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const SheetLine = z.object({
  ruleId: RowId,
  points: z.number().int().min(0).max(100),
  fatal: z.boolean().default(false),
  comment: z.string().trim().max(500).nullable().optional(),
});

export const InspectedMessage = z.object({
  id: z.string(),
  seq: z.number().int(),
  from: z.enum(['shopper', 'agent', 'bot', 'system']),
  senderName: z.string(),
  kind: z.string(),
  body: z.string(),
  at: Timestamp,
});

/** One inspection with the conversation it is about, its hits, the review sheet and the appeal. */
export const Inspection = InspectionSummary.extend({
  hits: z.array(QualityHit),
  reviewer: Person.nullable(),
  reviewedAt: Timestamp.nullable(),
  reviewComment: z.string().nullable(),
  reviewSheet: z.array(SheetLine.extend({ fatal: z.boolean(), comment: z.string().nullable() })).nullable(),
  appealReason: z.string().nullable(),
  appealedAt: Timestamp.nullable(),
  appealNote: z.string().nullable(),
  appealDecidedBy: Person.nullable(),
  appealDecidedAt: Timestamp.nullable(),
  conversation: z.object({
    openedAt: Timestamp,
    closedAt: Timestamp.nullable(),
    closeReason: z.string().nullable(),
    rating: z.number().int().nullable(),
  }),
  messages: z.array(InspectedMessage),
});

/** A supervisor's score sheet: for each rule the points it takes off (the automatic ones confirmed or changed). */
export const ReviewInput = z
  .object({
    version: z.number().int().positive(),
    lines: z.array(SheetLine).max(50),
    comment: z.string().trim().max(1000).default(''),
  })
  .refine((r) => new Set(r.lines.map((l) => l.ruleId)).size === r.lines.length, { message: 'lists a rule twice', path: ['lines'] });

export const AppealInput = z.object({ version: z.number().int().positive(), reason: z.string().trim().min(1).max(1000) });

export const AppealDecisionInput = z
  .object({
    version: z.number().int().positive(),
    accept: z.boolean(),
    finalScore: z.number().int().min(0).max(100).optional().describe('the new final score; required when accepting'),
    note: z.string().trim().max(1000).default(''),
  })
  .refine((d) => !d.accept || d.finalScore !== undefined, { message: 'required when accepting', path: ['finalScore'] })
  .refine((d) => d.accept || d.note.length > 0, { message: 'say why the appeal is rejected', path: ['note'] });

export const QualitySummaryRow = z.object({
  agent: Person,
  inspections: z.number().int(),
  averageScore: z.number().nullable().describe('average final score, one decimal'),
  fatal: z.number().int(),
  reviewed: z.number().int(),
  appeals: z.number().int(),
  phraseHits: z.number().int().describe('forbidden phrases used on every channel'),
});
export const QualitySummary = z.object({ from: Timestamp, to: Timestamp, agents: z.array(QualitySummaryRow) });

export const PHRASE_CHANNELS = ['chat', 'ticket', 'email'] as const;
export const PhraseHit = z.object({
  id: z.string(),
  channel: z.enum(PHRASE_CHANNELS),
  conversationId: RowId.nullable(),
  ticketId: RowId.nullable(),
  user: Person.nullable(),
  phrase: z.string(),
  blocked: z.boolean().describe('true: the text was refused and not sent (ticket replies, e-mail); chat warns and lets it go'),
  at: Timestamp,
});
export const PhraseHits = z.object({ hits: z.array(PhraseHit) });

/** GET /api/quality/summary.xlsx: a file, not JSON. */
export const QualitySummarySpreadsheet = {
  description: 'The per-agent quality summary as .xlsx',
  content: {
    [XLSX_TYPE]: { schema: z.custom<Uint8Array<ArrayBufferLike>>((v) => v instanceof Uint8Array).meta({ type: 'string', format: 'binary' }) },
  },
};
