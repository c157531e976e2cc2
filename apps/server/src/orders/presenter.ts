import type { AfterSaleKind, AfterSaleState, Department, OrderFlagKind, OrderPlatform, OrderStatus, Segment, TaskState } from '@kefu/domain';
import type { LateSubstitutions, Order, OrderList, OrderSummary, Substitution } from '@kefu/protocol/api/orders';
import type { z } from 'zod';
import { presentClock } from '../sla/presenter.ts';
import type { getOrder, listOrders } from './service.ts';
import type { lateSubstitutions, proposeSubstitution } from './substitutions.ts';

/** Rows as the services return them, already passed through `orderForRole` (contacts masked for roles that do not see them). */
type ListRow = Awaited<ReturnType<typeof listOrders>>['orders'][number];
type DetailRow = Awaited<ReturnType<typeof getOrder>>;
type OrderKind = z.output<typeof Order>['kind'];
type LineStatus = z.output<typeof Order>['lines'][number]['status'];
type Outcome = z.output<typeof Substitution>['outcome'];

export function presentOrderSummary(o: ListRow): z.output<typeof OrderSummary> {
  return {
    id: o.id,
    platform: o.platform as OrderPlatform,
    orderNo: o.order_no,
    status: o.status as OrderStatus,
    kind: o.kind as OrderKind,
    customerId: o.customer_id,
    customerName: o.customer_name,
    buyerNick: o.buyer_nick,
    receiverName: o.receiver_name,
    province: o.province,
    city: o.city,
    totalFen: o.total_fen,
    trackingNo: o.tracking_no,
    courier: o.courier,
    createdAt: o.created_at,
    paidAt: o.paid_at,
    shippedAt: o.shipped_at,
    confirmedAt: o.confirmed_at,
    openFlags: o.open_flags as OrderFlagKind[],
    contactMasked: o.contact_masked,
  };
}

export function presentOrderList(list: Awaited<ReturnType<typeof listOrders>>): z.output<typeof OrderList> {
  return { orders: list.orders.map(presentOrderSummary), hasMore: list.hasMore };
}

export function presentOrder(o: DetailRow): z.output<typeof Order> {
  return {
    id: o.id,
    platform: o.platform as OrderPlatform,
    orderNo: o.order_no,
    status: o.status as OrderStatus,
    kind: o.kind as OrderKind,
    source: o.source as z.output<typeof Order>['source'],
    customerId: o.customer_id,
    customerName: o.customer_name,
    customerSegment: o.customer_segment as Segment | null,
    buyerNick: o.buyer_nick,
    receiverName: o.receiver_name,
    receiverPhone: o.receiver_phone,
    province: o.province,
    city: o.city,
    district: o.district,
    address: o.address,
    goodsFen: o.goods_fen,
    discountFen: o.discount_fen,
    shippingFen: o.shipping_fen,
    totalFen: o.total_fen,
    coupon: o.coupon,
    remark: o.remark ?? '',
    invoice: o.invoice as z.output<typeof Order>['invoice'],
    trackingNo: o.tracking_no,
    courier: o.courier,
    originalOrderId: o.original_order_id,
    collectPayment: o.collect_payment,
    cancelReason: o.cancel_reason,
    createdAt: o.created_at,
    paidAt: o.paid_at,
    shippedAt: o.shipped_at,
    deliveredAt: o.delivered_at,
    confirmedAt: o.confirmed_at,
    confirmedBy: o.confirmed_by,
    cancelledAt: o.cancelled_at,
    clocks: o.clocks.map(presentClock),
    updatedAt: o.updated_at,
    version: o.version,
    lines: o.lines.map((l) => ({
      id: l.id,
      productId: l.product_id,
      sku: l.sku,
      title: l.title,
      quantity: l.quantity,
      unitPriceFen: l.unit_price_fen,
      status: l.status as LineStatus,
      substitutedFromId: l.substituted_from_id,
      warrantyDays: l.warranty_days,
      stock: l.stock,
    })),
    flags: o.flags.map((f) => ({
      id: Number(f.id),
      kind: f.kind as OrderFlagKind,
      detail: f.detail,
      raisedAt: f.raised_at,
      resolvedAt: f.resolved_at,
      resolution: f.resolution,
      resolvedByName: f.resolved_by_name,
    })),
    logistics: o.logistics.map((e) => ({ at: e.at, description: e.description, location: e.location })),
    events: o.events.map((e) => ({ id: e.id, kind: e.kind, data: e.data, at: e.at, actorName: e.actor_name })),
    afterSales: o.afterSales.map((a) => ({
      id: a.id,
      kind: a.kind as AfterSaleKind,
      state: a.state as AfterSaleState,
      amountFen: a.amount_fen,
      ticketId: a.ticket_id,
      ticketNumber: a.ticket_number,
    })),
    tasks: o.tasks.map((t) => ({
      id: t.id,
      department: t.department as Department,
      title: t.title,
      state: t.state as TaskState,
      dueAt: t.due_at,
      answer: t.answer,
    })),
    substitutions: o.substitutions.map((s) => ({
      id: s.id,
      orderLineId: s.order_line_id,
      productId: s.product_id,
      productName: s.product_name,
      note: s.note,
      proposedAt: s.proposed_at,
      answerDueAt: s.answer_due_at,
      outcome: s.outcome as Outcome,
      followUpAt: s.follow_up_at,
      answerNote: s.answer_note,
      answeredAt: s.answered_at,
      version: s.version,
    })),
    replacements: o.replacements.map((r) => ({ id: r.id, orderNo: r.order_no, status: r.status as OrderStatus })),
    contactMasked: o.contact_masked,
  };
}

export function presentSubstitution(s: Awaited<ReturnType<typeof proposeSubstitution>>): z.output<typeof Substitution> {
  return {
    id: s.id,
    orderId: s.order_id,
    orderLineId: s.order_line_id,
    productId: s.product_id,
    note: s.note,
    proposedBy: s.proposed_by,
    proposedAt: s.proposed_at,
    answerDueAt: s.answer_due_at,
    outcome: s.outcome as Outcome,
    followUpAt: s.follow_up_at,
    answerNote: s.answer_note,
    answeredBy: s.answered_by,
    answeredAt: s.answered_at,
    lateFlaggedAt: s.late_flagged_at,
    version: s.version,
  };
}

export function presentLateSubstitutions(rows: Awaited<ReturnType<typeof lateSubstitutions>>): z.output<typeof LateSubstitutions> {
  return { substitutions: rows.map((s) => ({ id: s.id, orderId: s.order_id, orderNo: s.order_no, answerDueAt: s.answer_due_at })) };
}
