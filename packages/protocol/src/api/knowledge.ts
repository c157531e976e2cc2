/** The shop's knowledge: FAQ, suggestions, unknown questions, synonyms (apps/server/src/knowledge/routes.ts). */
import { z } from 'zod';
import { RowId, Timestamp } from './common.ts';

export const Faq = z.object({
  id: RowId,
  question: z.string(),
  alternatives: z.array(z.string()),
  answer: z.string(),
  category: z.string(),
  productIds: z.array(RowId),
  enabled: z.boolean(),
  hits: z.number().int(),
  version: z.number().int(),
  updatedAt: Timestamp,
});
export const FaqList = z.object({ faqs: z.array(Faq) });
export const FaqAnswer = z.object({ faq: Faq });

/** POST /api/knowledge/faqs/import: every bad row by line (the first 1,000), and how many entries were added. */
export const FaqImportReport = z.object({
  dryRun: z.boolean(),
  rows: z.number().int(),
  errorCount: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), field: z.string(), message: z.string() })),
  created: z.number().int(),
});

/** An FAQ entry matching a question, with how sure the matcher is (0–1). */
export const Suggestion = z.object({
  id: RowId,
  question: z.string(),
  answer: z.string(),
  category: z.string(),
  confidence: z.number(),
  score: z.number(),
});
export const SuggestAnswer = z.object({
  suggestions: z.array(Suggestion),
  intent: z.object({ intent: z.string().describe('what the question is about: size, logistics, return_refund…'), probability: z.number() }),
});

export const Features = z.object({ llm: z.boolean().describe('a language model is configured (LLM_URL): agents may ask for drafts') });

/** POST /api/conversations/:id/draft: the drafted reply and the FAQ entries it drew on. */
export const Draft = z.object({ draft: z.string(), sources: z.array(RowId) });

export const UNKNOWN_QUESTION_STATUSES = ['open', 'resolved', 'ignored'] as const;

/** A question the bot could not answer; contacts in it are masked for roles that do not serve shoppers. */
export const UnknownQuestion = z.object({
  id: RowId,
  question: z.string(),
  asked: z.number().int(),
  firstAskedAt: Timestamp,
  lastAskedAt: Timestamp,
  conversationId: RowId.nullable(),
  status: z.enum(UNKNOWN_QUESTION_STATUSES),
  faqId: RowId.nullable(),
  contactMasked: z.boolean(),
});
export const UnknownQuestionList = z.object({ questions: z.array(UnknownQuestion) });

/** Groups of words that mean the same to the matcher (退款/退钱, 快递/物流/包裹…). */
export const Synonyms = z.object({ groups: z.array(z.array(z.string())) });

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** GET /api/knowledge/faqs/export: a file, not JSON. */
export const FaqSpreadsheet = {
  description: "The whole FAQ as .xlsx, in the import's columns",
  // The server sends a Buffer, which Fastify sends as it is (no JSON serialisation); the document shows a binary string.
  content: {
    [XLSX_TYPE]: { schema: z.custom<Uint8Array<ArrayBufferLike>>((v) => v instanceof Uint8Array).meta({ type: 'string', format: 'binary' }) },
  },
};
