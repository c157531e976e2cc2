/** The quality-alarm API (docs/reports.md "Defect alarms"): typed calls and the addresses of the recall-report files. */
import type { Wire } from '@kefu/protocol/api/common';
import type {
  DefectAlarm as DefectAlarmSchema,
  DefectAlarmList as DefectAlarmListSchema,
  DefectAlarmSettingsAnswer,
  RecallReport as RecallReportSchema,
} from '@kefu/protocol/api/defects';
import type { DefectAlarmState } from '@kefu/domain';
import { api } from '../../api.ts';

export type DefectAlarm = Wire<typeof DefectAlarmSchema>;
export type DefectAlarmList = Wire<typeof DefectAlarmListSchema>;
export type DefectSettings = Wire<typeof DefectAlarmSettingsAnswer>;
export type RecallReport = Wire<typeof RecallReportSchema>;
export type DefectCase = RecallReport['cases'][number];

const BASE = '/api/reports/defect-alarms';

export const defectsApi = {
  list: (state?: DefectAlarmState) => api.get<DefectAlarmList>(BASE, { state }),
  report: (id: number) => api.get<RecallReport>(`${BASE}/${id}/recall-report`),
  move: (id: number, body: { state: 'acknowledged' | 'closed'; note?: string; version: number }) =>
    api.patch<{ alarm: DefectAlarm }>(`${BASE}/${id}`, body),
  settings: () => api.get<DefectSettings>(`${BASE}/settings`),
  saveSettings: (body: { threshold: number; windowDays: number; version: number }) => api.put<DefectSettings>(`${BASE}/settings`, body),
};

export const recallFileUrl = (id: number, format: 'pdf' | 'xlsx') => `${BASE}/${id}/recall-report.${format}`;
export const photoUrl = (attachmentId: number) => `/api/attachments/${attachmentId}`;

const CHINA_OFFSET_MS = 8 * 3600_000;
/** "2026-03-08 14:05" in China time, whatever the browser's time zone (the shop's clock). */
export const chinaMinute = (at: string) => new Date(new Date(at).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
export const chinaDate = (at: string) => chinaMinute(at).slice(0, 10);
