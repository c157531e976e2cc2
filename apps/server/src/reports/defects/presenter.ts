import type { DefectAlarmState } from '@kefu/domain';
import type { AlarmRow } from './alarms.ts';
import type { RecallReportData } from './recall.ts';

export function presentAlarm(row: AlarmRow) {
  return {
    id: row.id,
    productId: row.product_id,
    productName: row.product_name,
    productSku: row.product_sku,
    defect: row.defect,
    keyWords: row.key_words,
    firstAt: row.first_at,
    lastAt: row.last_at,
    caseCount: row.case_count,
    state: row.state as DefectAlarmState,
    acknowledgedBy: row.acknowledged_by,
    acknowledgedByName: row.acknowledged_by_name,
    acknowledgedAt: row.acknowledged_at,
    closedByName: row.closed_by_name,
    closedAt: row.closed_at,
    note: row.note,
    taskId: row.task_id,
    version: row.version,
    createdAt: row.created_at,
  };
}

export function presentRecallReport(report: RecallReportData) {
  return { ...report, alarm: presentAlarm(report.alarm) };
}
