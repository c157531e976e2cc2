/**
 * Quality alarms (routes in apps/server/src/reports/defects, docs/reports.md "Defect alarms"): a product's defect
 * complained about repeatedly, the cases behind it, and the recall-report draft.
 */
import {
  AFTER_SALE_KINDS,
  DEFECT_ALARM_STATES,
  DEFECT_CASE_KINDS,
  DEFECT_THRESHOLD_RANGE,
  DEFECT_WINDOW_DAYS_RANGE,
  ROOT_CAUSES,
} from '@kefu/domain';
import { z } from 'zod';
import { Fen, RowId, Timestamp } from './common.ts';
import { XLSX_TYPE } from './knowledge.ts';

export const DefectAlarmSettings = z
  .object({
    threshold: z.number().int().min(DEFECT_THRESHOLD_RANGE.min).max(DEFECT_THRESHOLD_RANGE.max).describe('cases of one defect that raise an alarm'),
    windowDays: z.number().int().min(DEFECT_WINDOW_DAYS_RANGE.min).max(DEFECT_WINDOW_DAYS_RANGE.max).describe('within this many days'),
  })
  .strict();
/** GET and PUT /api/reports/defect-alarms/settings; a change sends the version it was based on (0: never saved). */
export const DefectAlarmSettingsAnswer = z.object({ settings: DefectAlarmSettings, version: z.number().int().min(0) });
export const DefectAlarmSettingsInput = DefectAlarmSettings.extend({ version: z.number().int().min(0) }).strict();

export const DefectAlarm = z.object({
  id: RowId,
  productId: RowId,
  productName: z.string(),
  productSku: z.string(),
  defect: z.string().describe('the defect, e.g. 拉链问题'),
  keyWords: z.array(z.string()).describe('what the cases say, weightiest first'),
  firstAt: Timestamp.describe('the first case'),
  lastAt: Timestamp.describe('the latest case'),
  caseCount: z.number().int(),
  state: z.enum(DEFECT_ALARM_STATES),
  acknowledgedBy: RowId.nullable(),
  acknowledgedByName: z.string().nullable(),
  acknowledgedAt: Timestamp.nullable(),
  closedByName: z.string().nullable(),
  closedAt: Timestamp.nullable(),
  note: z.string().nullable(),
  taskId: RowId.nullable().describe("the product department's collaboration task"),
  version: z.number().int(),
  createdAt: Timestamp,
});

export const DefectAlarmList = z.object({
  alarms: z.array(DefectAlarm),
  counts: z.object({ open: z.number().int(), acknowledged: z.number().int(), closed: z.number().int() }),
});
export const DefectAlarmListQuery = z.object({
  state: z.enum(DEFECT_ALARM_STATES).optional(),
  productId: z.coerce.number().int().positive().optional(),
});

export const DefectPhoto = z.object({ id: RowId, filename: z.string(), contentType: z.string() });

/** A case of an alarm: an after-sale request, or a complaint without one. */
export const DefectCase = z.object({
  kind: z.enum(DEFECT_CASE_KINDS),
  id: RowId.describe('the after-sale request or the ticket'),
  ticketId: RowId,
  ticketNumber: z.string(),
  at: Timestamp,
  description: z.string(),
  afterSaleKind: z.enum(AFTER_SALE_KINDS).nullable(),
  reason: z.string().nullable().describe("the after-sale's reason"),
  state: z.string().describe("the after-sale's or the ticket's state"),
  orderId: RowId.nullable(),
  orderNo: z.string().nullable(),
  orderPlacedAt: Timestamp.nullable(),
  amountFen: Fen.describe('asked back (money-back kinds)'),
  refundedFen: Fen.describe('paid back'),
  rootCause: z.enum(ROOT_CAUSES).nullable(),
  photos: z.array(DefectPhoto),
});

export const DefectAlarmDetail = z.object({ alarm: DefectAlarm, cases: z.array(DefectCase) });

export const DefectAlarmMove = z
  .object({
    state: z.enum(['acknowledged', 'closed']),
    note: z.string().trim().max(2000).optional().describe('what is done about it: recall, fix, supplier told, not a defect'),
    version: z.number().int().min(1),
  })
  .strict();

const Count = z.object({ key: z.string(), count: z.number().int() });

/** The recall-report draft: what the product department and the supplier need to decide on a recall or a fix. */
export const RecallReport = z.object({
  alarm: DefectAlarm,
  product: z.object({ id: RowId, sku: z.string(), name: z.string(), category: z.string(), priceFen: Fen }),
  ordersPlaced: z.object({ from: Timestamp, to: Timestamp }).nullable().describe("when the cases' orders were placed"),
  counts: z.object({
    cases: z.number().int(),
    afterSales: z.number().int(),
    complaints: z.number().int(),
    orders: z.number().int(),
    photos: z.number().int(),
    byAfterSaleKind: z.array(Count),
    byRootCause: z.array(Count).describe('"unknown" for cases with no root cause recorded yet'),
  }),
  refunds: z.object({ askedFen: Fen, refundedFen: Fen }),
  cases: z.array(DefectCase),
  generatedAt: Timestamp,
});

const Binary = z.custom<Uint8Array<ArrayBufferLike>>((v) => v instanceof Uint8Array).meta({ type: 'string', format: 'binary' });
/** GET …/recall-report.pdf and .xlsx: a file, not JSON. */
export const RecallReportPdf = { description: 'The recall-report draft as PDF', content: { 'application/pdf': { schema: Binary } } };
export const RecallReportXlsx = { description: 'The recall-report draft as Excel (概要, 案例)', content: { [XLSX_TYPE]: { schema: Binary } } };
