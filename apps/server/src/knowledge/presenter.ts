import type { Faq, UnknownQuestion } from '@kefu/protocol/api/knowledge';
import type { z } from 'zod';

interface FaqRow {
  id: number;
  question: string;
  alternatives: string[];
  answer: string;
  category: string;
  product_ids: number[];
  enabled: boolean;
  hits: number;
  version: number;
  updated_at: Date;
}
/** As `unknownQuestionForRole` left it: the question masked for roles that do not serve shoppers. */
interface UnknownQuestionRow {
  id: number;
  question: string;
  asked: number;
  first_asked_at: Date;
  last_asked_at: Date;
  conversation_id: number | null;
  status: string;
  faq_id: number | null;
  contact_masked: boolean;
}

export function presentFaq(row: FaqRow): z.output<typeof Faq> {
  return {
    id: row.id,
    question: row.question,
    alternatives: row.alternatives,
    answer: row.answer,
    category: row.category,
    productIds: row.product_ids,
    enabled: row.enabled,
    hits: row.hits,
    version: row.version,
    updatedAt: row.updated_at,
  };
}

export function presentUnknownQuestion(row: UnknownQuestionRow): z.output<typeof UnknownQuestion> {
  return {
    id: row.id,
    question: row.question,
    asked: row.asked,
    firstAskedAt: row.first_asked_at,
    lastAskedAt: row.last_asked_at,
    conversationId: row.conversation_id,
    status: row.status as z.output<typeof UnknownQuestion>['status'],
    faqId: row.faq_id,
    contactMasked: row.contact_masked,
  };
}
