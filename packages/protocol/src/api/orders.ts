/** Order responses: lists, the order page, line changes, imports, substitutions and the order webhook (apps/server/src/orders). */
import {
  AFTER_SALE_KINDS,
  AFTER_SALE_STATES,
  DEPARTMENTS,
  ORDER_FLAG_KINDS,
  ORDER_PLATFORMS,
  ORDER_STATUSES,
  SEGMENTS,
  TASK_STATES,
} from '@kefu/domain';
import { z } from 'zod';
import { Fen, RowId, Timestamp } from './common.ts';
import { SlaClock } from './sla.ts';

const contactMasked = z.boolean().describe("true when the receiver's contacts are masked for the viewer's role");
const OrderKind = z.enum(['normal', 'replacement']).describe('replacement: a 补换订单 sent for free by an after-sale request');

/** An order in a list (GET /api/orders), newest first. */
export const OrderSummary = z.object({
  id: RowId,
  platform: z.enum(ORDER_PLATFORMS),
  orderNo: z.string(),
  status: z.enum(ORDER_STATUSES),
  kind: OrderKind,
  customerId: RowId.nullable(),
  customerName: z.string().nullable(),
  buyerNick: z.string().nullable(),
  receiverName: z.string().nullable(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  totalFen: Fen,
  trackingNo: z.string().nullable(),
  courier: z.string().nullable(),
  createdAt: Timestamp,
  paidAt: Timestamp.nullable(),
  shippedAt: Timestamp.nullable(),
  confirmedAt: Timestamp.nullable(),
  openFlags: z.array(z.enum(ORDER_FLAG_KINDS)).describe('the checks still open on the order'),
  contactMasked,
});
export const OrderList = z.object({ orders: z.array(OrderSummary), hasMore: z.boolean() });

export const OrderLine = z.object({
  id: RowId,
  productId: RowId.nullable(),
  sku: z.string().nullable(),
  title: z.string(),
  quantity: z.number().int(),
  unitPriceFen: Fen,
  status: z.enum(['active', 'cancelled', 'swapped', 'awaiting_payment']),
  substitutedFromId: RowId.nullable().describe('the line this one replaced (a swap)'),
  warrantyDays: z.number().int().nullable(),
  stock: z.number().int().nullable(),
});

/** A check raised on the order (unconfirmed, implausible address…) and how an agent dealt with it. */
export const OrderFlag = z.object({
  id: RowId,
  kind: z.enum(ORDER_FLAG_KINDS),
  detail: z.record(z.string(), z.unknown()),
  raisedAt: Timestamp,
  resolvedAt: Timestamp.nullable(),
  resolution: z.string().nullable(),
  resolvedByName: z.string().nullable(),
});

export const OrderEvent = z.object({
  id: z.string(),
  kind: z.string(),
  data: z.record(z.string(), z.unknown()),
  at: Timestamp,
  actorName: z.string().nullable(),
});

export const SubstitutionOutcome = z.enum(['accepted', 'declined', 'unreachable']);

const SubstitutionFields = {
  id: RowId,
  orderLineId: RowId,
  productId: RowId,
  note: z.string(),
  proposedAt: Timestamp,
  answerDueAt: Timestamp,
  outcome: SubstitutionOutcome.nullable(),
  followUpAt: Timestamp.nullable(),
  answerNote: z.string().nullable(),
  answeredAt: Timestamp.nullable(),
  version: z.number().int(),
};

/** The order page: the order, its lines, checks, logistics, history, after-sales, tasks, substitutions and replacement orders. */
export const Order = z.object({
  id: RowId,
  platform: z.enum(ORDER_PLATFORMS),
  orderNo: z.string(),
  status: z.enum(ORDER_STATUSES),
  kind: OrderKind,
  source: z.enum(['api', 'webhook', 'import']),
  customerId: RowId.nullable(),
  customerName: z.string().nullable(),
  customerSegment: z.enum(SEGMENTS).nullable(),
  buyerNick: z.string().nullable(),
  receiverName: z.string().nullable(),
  receiverPhone: z.string().nullable(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  district: z.string().nullable(),
  address: z.string().nullable(),
  goodsFen: Fen,
  discountFen: Fen,
  shippingFen: Fen,
  totalFen: Fen,
  coupon: z.string().nullable(),
  remark: z.string(),
  invoice: z.object({ title: z.string(), taxId: z.string().optional(), content: z.string().optional(), amountFen: Fen.optional() }).nullable(),
  trackingNo: z.string().nullable(),
  courier: z.string().nullable(),
  originalOrderId: RowId.nullable().describe('a replacement order: the order it was sent for'),
  collectPayment: z.boolean(),
  cancelReason: z.string().nullable(),
  createdAt: Timestamp,
  paidAt: Timestamp.nullable(),
  shippedAt: Timestamp.nullable(),
  deliveredAt: Timestamp.nullable(),
  confirmedAt: Timestamp.nullable(),
  confirmedBy: RowId.nullable(),
  cancelledAt: Timestamp.nullable(),
  clocks: z.array(SlaClock).describe("the order's promises on the clock: order_confirm (from placing), order_ship (from payment), oldest first"),
  updatedAt: Timestamp,
  version: z.number().int(),
  lines: z.array(OrderLine),
  flags: z.array(OrderFlag),
  logistics: z.array(z.object({ at: Timestamp, description: z.string(), location: z.string() })),
  events: z.array(OrderEvent),
  afterSales: z.array(
    z.object({
      id: RowId,
      kind: z.enum(AFTER_SALE_KINDS),
      state: z.enum(AFTER_SALE_STATES),
      amountFen: Fen,
      ticketId: RowId,
      ticketNumber: z.string(),
    }),
  ),
  tasks: z.array(
    z.object({
      id: RowId,
      department: z.enum(DEPARTMENTS),
      title: z.string(),
      state: z.enum(TASK_STATES),
      dueAt: Timestamp,
      answer: z.string().nullable(),
    }),
  ),
  substitutions: z.array(z.object({ ...SubstitutionFields, productName: z.string() })),
  replacements: z.array(z.object({ id: RowId, orderNo: z.string(), status: z.enum(ORDER_STATUSES) })),
  contactMasked,
});
export const OrderAnswer = z.object({ order: Order });

/** The order's new version after a confirmation, a cancellation or a line change. */
export const OrderVersion = z.object({ version: z.number().int() });

/** A proposal as made (POST /api/orders/:id/substitutions). */
export const Substitution = z.object({
  ...SubstitutionFields,
  orderId: RowId,
  proposedBy: RowId.nullable(),
  answeredBy: RowId.nullable(),
  lateFlaggedAt: Timestamp.nullable(),
});
export const SubstitutionAnswer = z.object({ substitution: Substitution });

/** Proposals unanswered past their 5 minutes (GET /api/substitutions/late). */
export const LateSubstitutions = z.object({
  substitutions: z.array(z.object({ id: RowId, orderId: RowId, orderNo: z.string(), answerDueAt: Timestamp })),
});

/** What an import did, or (dry run) would do; every bad row by its line number (at most 1,000 listed). */
export const ImportReport = z.object({
  dryRun: z.boolean(),
  rows: z.number().int(),
  orders: z.number().int(),
  errorCount: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), field: z.string(), message: z.string() })),
  inserted: z.number().int(),
  updated: z.number().int(),
});

/** What a webhook delivery did: orders new and changed, and every order's id in the delivery's order. */
export const WebhookResult = z.object({ inserted: z.number().int(), updated: z.number().int(), ids: z.array(RowId) });
