import type { AfterSaleKind, AfterSaleReason, AfterSaleState, CompensationKind, OrderPlatform, PolicyCheck } from '@kefu/domain';
import type { AfterSale, AfterSaleSummary } from '@kefu/protocol/api/aftersales';
import type { z } from 'zod';
import { presentClock } from '../sla/presenter.ts';
import { deadlines } from './clocks.ts';
import type { getAfterSale, listAfterSales } from './queries.ts';

/** Rows as the service returns them, already passed through `afterSaleForRole`. */
type DetailRow = Awaited<ReturnType<typeof getAfterSale>>;
type ListRow = Awaited<ReturnType<typeof listAfterSales>>[number];

export function presentAfterSaleSummary(a: ListRow): z.output<typeof AfterSaleSummary> {
  return {
    ...deadlines(a.clocks),
    clocks: a.clocks.map(presentClock),
    id: a.id,
    kind: a.kind as AfterSaleKind,
    state: a.state as AfterSaleState,
    reason: a.reason as AfterSaleReason,
    amountFen: a.amount_fen,
    goodsFen: a.goods_fen,
    ticketId: a.ticket_id,
    orderId: a.order_id,
    assigneeName: a.assignee_name,
    createdAt: a.created_at,
    updatedAt: a.updated_at,
    version: a.version,
    ticketNumber: a.ticket_number,
    orderNo: a.order_no,
    customerName: a.customer_name,
    contactMasked: a.contact_masked,
  };
}

export function presentAfterSale(a: DetailRow): z.output<typeof AfterSale> {
  return {
    ...deadlines(a.clocks),
    clocks: a.clocks.map(presentClock),
    id: a.id,
    ticketId: a.ticket_id,
    orderId: a.order_id,
    customerId: a.customer_id,
    kind: a.kind as AfterSaleKind,
    state: a.state as AfterSaleState,
    reason: a.reason as AfterSaleReason,
    description: a.description,
    lines: a.lines as { lineId: number; quantity: number }[],
    amountFen: a.amount_fen,
    goodsFen: a.goods_fen,
    compensationKind: a.compensation_kind as CompensationKind | null,
    goodsIntact: a.goods_intact,
    complex: a.complex,
    checks: a.checks.map((c: PolicyCheck) => ({ id: c.id, ok: c.ok, detail: c.detail })),
    approvedBy: a.approved_by,
    approvedByName: a.approved_by_name,
    approvedAt: a.approved_at,
    rejectedAt: a.rejected_at,
    replacementOrderId: a.replacement_order_id,
    returnTrackingNo: a.return_tracking_no,
    plan: a.plan,
    createdBy: a.created_by,
    version: a.version,
    createdAt: a.created_at,
    updatedAt: a.updated_at,
    ticketNumber: a.ticket_number,
    orderNo: a.order_no,
    platform: a.platform as OrderPlatform,
    orderTotalFen: a.order_total_fen,
    needsSupervisor: a.needsSupervisor,
    approval: {
      needsSupervisor: a.approval.needsSupervisor,
      measure: a.approval.measure,
      totalFen: a.approval.totalFen,
      limitFen: a.approval.limitFen,
      complex: a.approval.complex,
    },
    nextStates: [...a.nextStates],
    contactMasked: a.contact_masked,
  };
}
