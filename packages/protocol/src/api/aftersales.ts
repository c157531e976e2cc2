/** After-sale request responses (售后单; routes in apps/server/src/aftersales). */
import { AFTER_SALE_KINDS, AFTER_SALE_REASONS, AFTER_SALE_STATES, COMPENSATION_KINDS, ORDER_PLATFORMS } from '@kefu/domain';
import { z } from 'zod';
import { Fen, RowId, Timestamp } from './common.ts';
import { SlaClock } from './sla.ts';

const Overdue = z
  .enum(['review', 'plan', 'progress'])
  .describe('a promise still open and missed: review (24 h), first plan (1 working day), repair progress (16:00 daily)');
/** The request's promises on the service-level clock (open, kept, missed), oldest first. */
const Clocks = z.array(SlaClock).describe("the request's promises: aftersale_review, aftersale_plan, repair_progress, oldest first");
const DueAt = (what: string) => Timestamp.nullable().describe(`when ${what} is due (its open clock's due time); null when not owed`);

/** A request in a list (GET /api/aftersales), most recently updated first. */
export const AfterSaleSummary = z.object({
  id: RowId,
  kind: z.enum(AFTER_SALE_KINDS),
  state: z.enum(AFTER_SALE_STATES),
  reason: z.enum(AFTER_SALE_REASONS),
  amountFen: Fen,
  goodsFen: Fen.describe('what the goods sent out unpaid are worth (reissues, exchanges)'),
  ticketId: RowId,
  orderId: RowId,
  assigneeName: z.string().nullable().describe("the agent on the request's ticket"),
  overdue: z.array(Overdue),
  reviewDueAt: DueAt('the review'),
  planDueAt: DueAt("a complex case's first plan"),
  progressDueAt: DueAt("a repair's next progress"),
  clocks: Clocks,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: z.number().int(),
  ticketNumber: z.string(),
  orderNo: z.string(),
  customerName: z.string().nullable(),
  contactMasked: z.boolean(),
});
export const AfterSaleList = z.object({
  afterSales: z.array(AfterSaleSummary),
  total: z.number().int().optional().describe('how many match, when a page was asked for'),
});

export const PolicyCheck = z.object({
  id: z.enum(['return_window', 'warranty', 'goods_intact', 'evidence']),
  ok: z.boolean(),
  detail: z.record(z.string(), z.unknown()).describe('the figures the check weighed, e.g. { days, limit }'),
});

/** Whether approving needs a supervisor, weighed on the order's replacement chain. */
export const Approval = z.object({
  needsSupervisor: z.boolean(),
  measure: z.enum(['money', 'goods']).nullable().describe('money back, goods sent out unpaid, or neither (repairs)'),
  totalFen: Fen,
  limitFen: Fen,
  complex: z.boolean(),
});

/** A request with its order, the live policy checks and the moves the viewer's role may make. */
export const AfterSale = z.object({
  id: RowId,
  ticketId: RowId,
  orderId: RowId,
  customerId: RowId.nullable(),
  kind: z.enum(AFTER_SALE_KINDS),
  state: z.enum(AFTER_SALE_STATES),
  reason: z.enum(AFTER_SALE_REASONS),
  description: z.string(),
  lines: z.array(z.object({ lineId: RowId, quantity: z.number().int() })).describe('empty: the whole order'),
  amountFen: Fen,
  goodsFen: Fen.describe('what the goods sent out unpaid are worth (reissues, exchanges)'),
  compensationKind: z.enum(COMPENSATION_KINDS).nullable(),
  goodsIntact: z.boolean().nullable(),
  complex: z.boolean(),
  checks: z.array(PolicyCheck),
  approvedBy: RowId.nullable(),
  approvedByName: z.string().nullable(),
  approvedAt: Timestamp.nullable(),
  rejectedAt: Timestamp.nullable(),
  replacementOrderId: RowId.nullable(),
  returnTrackingNo: z.string().nullable(),
  reviewDueAt: DueAt('the review'),
  planDueAt: DueAt("a complex case's first plan"),
  plan: z.string().nullable(),
  progressDueAt: DueAt("a repair's next progress"),
  overdue: z.array(Overdue),
  clocks: Clocks,
  createdBy: RowId.nullable(),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  ticketNumber: z.string(),
  orderNo: z.string(),
  platform: z.enum(ORDER_PLATFORMS),
  orderTotalFen: Fen,
  needsSupervisor: z.boolean(),
  approval: Approval,
  nextStates: z.array(z.enum(AFTER_SALE_STATES)).describe("the states the viewer's role may move the request to"),
  contactMasked: z.boolean(),
});
export const AfterSaleAnswer = z.object({ afterSale: AfterSale });
