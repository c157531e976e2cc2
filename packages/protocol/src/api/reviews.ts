/** Marketplace reviews (评价管理; routes in apps/server/src/reviews): webhook, import, the desk's list and handling. */
import { COMPLAINT_KINDS, REVIEW_ESCALATIONS, REVIEW_PLATFORMS, REVIEW_SENTIMENTS } from '@kefu/domain';
import { z } from 'zod';
import { RowId, Timestamp } from './common.ts';

const Text = (max: number) => z.string().trim().max(max);

/** One review as a marketplace pushes it to POST /api/webhooks/reviews. */
export const ReviewInput = z
  .object({
    platform: z.enum(REVIEW_PLATFORMS),
    reviewId: z.string().trim().min(1).max(64).describe("the platform's own id of the review: a redelivery is recognised by it"),
    orderNo: Text(64).min(1).optional(),
    productTitle: Text(200).default(''),
    sku: Text(64).min(1).optional(),
    buyerNick: Text(64).default(''),
    stars: z.number().int().min(1).max(5).nullable().default(null),
    content: z.string().trim().min(1).max(2000),
    appended: Text(2000).min(1).optional().describe('追评'),
    reviewedAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type ReviewInput = z.output<typeof ReviewInput>;

export const ReviewWebhookResult = z.object({
  received: z.number().int().describe('reviews stored by this delivery'),
  duplicates: z.number().int().describe('reviews already stored (same platform and review id): nothing changed'),
  ids: z.array(RowId).describe("every review's id, in the delivery's order"),
});

export const ReviewImportReport = z.object({
  dryRun: z.boolean(),
  rows: z.number().int(),
  errorCount: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), field: z.string(), message: z.string() })),
  inserted: z.number().int(),
  duplicates: z.number().int(),
});

const Linked = z.object({ id: RowId, label: z.string() }).nullable();

export const ReviewListItem = z.object({
  id: RowId,
  platform: z.enum(REVIEW_PLATFORMS),
  externalId: z.string(),
  orderNo: z.string().nullable(),
  productTitle: z.string(),
  productId: RowId.nullable(),
  buyerNick: z.string(),
  stars: z.number().int().nullable(),
  content: z.string(),
  reviewedAt: Timestamp,
  sentiment: z.enum(REVIEW_SENTIMENTS),
  negativeProbability: z.number(),
  middling: z.boolean().describe('中差评: to be answered within the reply clock'),
  complaintKind: z.enum(COMPLAINT_KINDS),
  repliedAt: Timestamp.nullable(),
  dueAt: Timestamp.nullable().describe("the running reply clock's due time"),
  breached: z.boolean(),
  escalation: z.enum(REVIEW_ESCALATIONS).nullable(),
  version: z.number().int(),
});

export const ReviewList = z.object({ items: z.array(ReviewListItem), total: z.number().int() });

export const ReviewEvent = z.object({
  id: z.string(),
  kind: z.string(),
  actorName: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  createdAt: Timestamp,
});

export const Review = ReviewListItem.extend({
  appended: z.string().nullable(),
  source: z.enum(['webhook', 'import']),
  sku: z.string().nullable(),
  order: Linked,
  customer: Linked,
  product: Linked,
  reply: z.string().nullable(),
  repliedBy: z.string().nullable(),
  afterSaleId: RowId.nullable(),
  afterSaleTicketId: RowId.nullable(),
  followUpId: RowId.nullable(),
  escalationReason: z.string().nullable(),
  escalatedAt: Timestamp.nullable(),
  invitedAt: Timestamp.nullable(),
  inviteRefusal: z.string().nullable().describe('why the shopper may not be invited to revise yet; null: may'),
  events: z.array(ReviewEvent),
});
export const ReviewAnswer = z.object({ review: Review });

export const ReviewListQuery = z.object({
  platform: z.enum(REVIEW_PLATFORMS).optional(),
  sentiment: z.enum(REVIEW_SENTIMENTS).optional(),
  stars: z.coerce.number().int().min(1).max(5).optional(),
  middling: z.enum(['true', 'false']).optional(),
  answered: z.enum(['true', 'false']).optional(),
  overdue: z.enum(['true']).optional(),
  productId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const ReviewDraft = z.object({
  text: z.string(),
  source: z.enum(['template', 'llm']),
  suggestions: z.array(z.object({ title: z.string(), text: z.string(), source: z.enum(['template', 'quick_reply', 'faq']) })),
});

const Version = z.number().int().positive();
export const ReviewReplyInput = z.object({ text: z.string().trim().min(1).max(500), version: Version }).strict();
export const ReviewEscalateInput = z.object({ to: z.enum(REVIEW_ESCALATIONS), reason: z.string().trim().min(2).max(500), version: Version }).strict();
export const ReviewAfterSaleInput = z
  .object({
    kind: z.enum(['return', 'exchange', 'refund', 'reissue']),
    description: z.string().trim().max(2000).default(''),
    amountFen: z.number().int().min(1).max(100_000_000).optional().describe('a refund: how much, in fen'),
    version: Version,
  })
  .strict();
export const ReviewVersionInput = z.object({ version: Version }).strict();
