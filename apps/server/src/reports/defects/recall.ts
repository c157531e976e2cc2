import { MONEY_BACK_KINDS, type AfterSaleKind, type DefectCaseKind, type RootCause } from '@kefu/domain';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { alarmRow, type AlarmRow } from './alarms.ts';

export interface RecallCase {
  kind: DefectCaseKind;
  id: number;
  ticketId: number;
  ticketNumber: string;
  at: Date;
  description: string;
  afterSaleKind: AfterSaleKind | null;
  reason: string | null;
  state: string;
  orderId: number | null;
  orderNo: string | null;
  orderPlacedAt: Date | null;
  amountFen: number;
  refundedFen: number;
  rootCause: RootCause | null;
  photos: { id: number; filename: string; contentType: string }[];
}

const MONEY_BACK = sql.join(MONEY_BACK_KINDS.map((k) => sql.lit(k)));
/** Asked back: a money-back request (refund, return, compensation) not rejected or cancelled. */
const ASKED = sql<number>`case when a.kind in (${MONEY_BACK}) and a.state not in ('rejected', 'cancelled') then a.amount_fen else 0 end`;
/** Paid back: a money-back request that reached refunded / granted, or was closed after it (not rejected). */
const REFUNDED = sql<number>`case when a.kind in (${MONEY_BACK})
  and (a.state in ('refunded', 'granted') or (a.state = 'closed' and a.approved_at is not null and a.rejected_at is null))
  then a.amount_fen else 0 end`;

/** An alarm's cases, oldest first, each with its order, money and photos (the ticket's images). */
export async function alarmCases(db: Db, alarmId: number): Promise<RecallCase[]> {
  const afterSales = await db
    .selectFrom('defect_alarm_cases as c')
    .innerJoin('after_sales as a', 'a.id', 'c.case_id')
    .innerJoin('tickets as t', 't.id', 'a.ticket_id')
    .leftJoin('orders as o', 'o.id', 'a.order_id')
    .where('c.alarm_id', '=', alarmId)
    .where('c.case_kind', '=', 'after_sale')
    .select([
      'a.id',
      't.id as ticket_id',
      't.number',
      'c.case_at',
      sql<string>`coalesce(nullif(a.description, ''), t.subject)`.as('description'),
      'a.kind',
      'a.reason',
      'a.state',
      'o.id as order_id',
      'o.order_no',
      'o.created_at as placed_at',
      ASKED.as('asked'),
      REFUNDED.as('refunded'),
      't.root_cause',
    ])
    .execute();
  const tickets = await db
    .selectFrom('defect_alarm_cases as c')
    .innerJoin('tickets as t', 't.id', 'c.case_id')
    .leftJoin('orders as o', 'o.id', 't.order_id')
    .where('c.alarm_id', '=', alarmId)
    .where('c.case_kind', '=', 'ticket')
    .select([
      't.id',
      't.number',
      'c.case_at',
      't.subject',
      't.description',
      't.status',
      'o.id as order_id',
      'o.order_no',
      'o.created_at as placed_at',
      't.root_cause',
    ])
    .execute();
  const ticketIds = [...afterSales.map((a) => a.ticket_id), ...tickets.map((t) => t.id)];
  const photos = ticketIds.length
    ? await db
        .selectFrom('attachments')
        .select(['id', 'ticket_id', 'filename', 'content_type'])
        .where('ticket_id', 'in', ticketIds)
        .where('content_type', 'like', 'image/%')
        .orderBy('id')
        .execute()
    : [];
  const photosOf = (ticketId: number) =>
    photos.filter((p) => p.ticket_id === ticketId).map((p) => ({ id: p.id, filename: p.filename, contentType: p.content_type }));
  const cases: RecallCase[] = [
    ...afterSales.map((a) => ({
      kind: 'after_sale' as const,
      id: a.id,
      ticketId: a.ticket_id,
      ticketNumber: a.number,
      at: a.case_at,
      description: a.description,
      afterSaleKind: a.kind as AfterSaleKind,
      reason: a.reason,
      state: a.state,
      orderId: a.order_id,
      orderNo: a.order_no,
      orderPlacedAt: a.placed_at,
      amountFen: Number(a.asked),
      refundedFen: Number(a.refunded),
      rootCause: a.root_cause as RootCause | null,
      photos: photosOf(a.ticket_id),
    })),
    ...tickets.map((t) => ({
      kind: 'ticket' as const,
      id: t.id,
      ticketId: t.id,
      ticketNumber: t.number,
      at: t.case_at,
      description: [t.subject, t.description].filter(Boolean).join('：'),
      afterSaleKind: null,
      reason: null,
      state: t.status,
      orderId: t.order_id,
      orderNo: t.order_no,
      orderPlacedAt: t.placed_at,
      amountFen: 0,
      refundedFen: 0,
      rootCause: t.root_cause as RootCause | null,
      photos: photosOf(t.id),
    })),
  ];
  return cases.sort((x, y) => x.at.getTime() - y.at.getTime() || x.ticketNumber.localeCompare(y.ticketNumber));
}

const countBy = <T>(items: T[], key: (item: T) => string) =>
  [...items.reduce((m, i) => m.set(key(i), (m.get(key(i)) ?? 0) + 1), new Map<string, number>())]
    .map(([k, count]) => ({ key: k, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));

export interface RecallReportData {
  alarm: AlarmRow;
  product: { id: number; sku: string; name: string; category: string; priceFen: number };
  ordersPlaced: { from: Date; to: Date } | null;
  counts: {
    cases: number;
    afterSales: number;
    complaints: number;
    orders: number;
    photos: number;
    byAfterSaleKind: { key: string; count: number }[];
    byRootCause: { key: string; count: number }[];
  };
  refunds: { askedFen: number; refundedFen: number };
  cases: RecallCase[];
  generatedAt: Date;
}

/**
 * The recall-report draft: the product, when the cases' orders were placed (the batch to look at), the cases with
 * their photos, counts by kind and root cause, and the money asked and paid back.
 */
export async function recallReport(db: Db, alarmId: number): Promise<RecallReportData> {
  const alarm = await alarmRow(db, alarmId);
  const product = await db
    .selectFrom('products')
    .select(['id', 'sku', 'name', 'category', 'price_fen'])
    .where('id', '=', alarm.product_id)
    .executeTakeFirstOrThrow();
  const cases = await alarmCases(db, alarmId);
  const placed = cases.flatMap((c) => (c.orderPlacedAt ? [c.orderPlacedAt.getTime()] : []));
  const afterSales = cases.filter((c) => c.kind === 'after_sale');
  return {
    alarm,
    product: { id: product.id, sku: product.sku, name: product.name, category: product.category, priceFen: Number(product.price_fen) },
    ordersPlaced: placed.length ? { from: new Date(Math.min(...placed)), to: new Date(Math.max(...placed)) } : null,
    counts: {
      cases: cases.length,
      afterSales: afterSales.length,
      complaints: cases.length - afterSales.length,
      orders: new Set(cases.flatMap((c) => (c.orderId ? [c.orderId] : []))).size,
      photos: cases.reduce((n, c) => n + c.photos.length, 0),
      byAfterSaleKind: countBy(afterSales, (c) => c.afterSaleKind!),
      byRootCause: countBy(cases, (c) => c.rootCause ?? 'unknown'),
    },
    refunds: {
      askedFen: cases.reduce((sum, c) => sum + c.amountFen, 0),
      refundedFen: cases.reduce((sum, c) => sum + c.refundedFen, 0),
    },
    cases,
    generatedAt: new Date(),
  };
}
