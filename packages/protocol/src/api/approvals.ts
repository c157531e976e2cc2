/** The supervisors' approvals inbox (审批; routes in apps/server/src/approvals). */
import { AFTER_SALE_KINDS, AFTER_SALE_REASONS, AFTER_SALE_STATES } from '@kefu/domain';
import { z } from 'zod';
import { Fen, RowId, Timestamp } from './common.ts';
import { PolicyCheck } from './aftersales.ts';
import { ESCALATION_LEVELS } from './sla.ts';

/** Why an after-sale request waits for a supervisor: above the limit, failing a policy check (an override), a complex case. */
export const APPROVAL_REASONS = ['over_limit', 'policy', 'complex'] as const;

const AfterSaleItem = z.object({
  id: RowId,
  version: z.number().int(),
  kind: z.enum(AFTER_SALE_KINDS),
  state: z.enum(AFTER_SALE_STATES),
  reason: z.enum(AFTER_SALE_REASONS),
  measure: z.enum(['money', 'goods']).nullable().describe('what the limit weighs: money back, goods sent out unpaid, or neither (repairs)'),
  totalFen: Fen.describe("the replacement chain's running total with this request"),
  limitFen: Fen,
  failedChecks: z.array(PolicyCheck).describe('the policy checks it fails today: approving them is an override, with a note'),
  plan: z.string().nullable(),
});

const EscalationItem = z.object({ id: RowId, level: z.enum(ESCALATION_LEVELS), reason: z.string() });

/** One thing waiting for a supervisor's decision. */
export const ApprovalItem = z.object({
  key: z.string().describe('after_sale:<id> or escalation:<ticket id>'),
  type: z.enum(['after_sale', 'escalation']),
  reasons: z.array(z.enum(APPROVAL_REASONS)).describe('after-sale requests only'),
  ticketId: RowId,
  ticketNumber: z.string(),
  subject: z.string(),
  customerName: z.string().nullable(),
  orderId: RowId.nullable(),
  orderNo: z.string().nullable(),
  amountFen: Fen.nullable().describe('money back, or what the goods sent out are worth; null for escalations and repairs'),
  requestedBy: z.string().nullable().describe('who sent it for approval or escalated it'),
  requestedAt: Timestamp.describe('since when it waits'),
  dueAt: Timestamp.nullable().describe('its earliest open promise (review, plan, or the ticket’s)'),
  overdue: z.boolean(),
  afterSale: AfterSaleItem.nullable(),
  escalation: EscalationItem.nullable(),
});

export const ApprovalCounts = z.object({
  total: z.number().int(),
  afterSales: z.number().int(),
  escalations: z.number().int(),
  overdue: z.number().int(),
});
export const ApprovalList = z.object({ items: z.array(ApprovalItem).describe('oldest first'), counts: ApprovalCounts });
export const ApprovalCount = z.object({ counts: ApprovalCounts });
