import type { DefectAlarmSettings } from '@kefu/domain';
import { queueEmail } from '../../channels/email.ts';
import { createTask } from '../../collaboration/service.ts';
import type { Tx } from '../../db/database.ts';
import { RECALL_ATTACHMENTS } from './recall-files.ts';
import { chinaMinute } from './text.ts';

/** Photos handed to the product department with the task, at most. */
const TASK_PHOTOS = 20;

export interface NewAlarm {
  id: number;
  product: { id: number; name: string; sku: string };
  defect: string;
  keyWords: string[];
  settings: DefectAlarmSettings;
  cases: { ticketId: number; at: Date; text: string }[];
}

/**
 * Tells at once, in the alarm's transaction: the product department gets a collaboration task (协同工单) on the first
 * case's ticket with every case listed and the photos attached; supervisors, admins and product staff with an e-mail
 * address get an e-mail with the recall-report draft attached (the outbox sends it after the commit, rendering the PDF
 * then). The web app's menu shows the open alarms' count.
 * Returns the task's id.
 */
export async function tellOfAlarm(tx: Tx, alarm: NewAlarm): Promise<number> {
  const ticketIds = [...new Set(alarm.cases.map((c) => c.ticketId))];
  const tickets = await tx.selectFrom('tickets').select(['id', 'number']).where('id', 'in', ticketIds).execute();
  const numberOf = new Map(tickets.map((t) => [t.id, t.number]));
  const photos = await tx
    .selectFrom('attachments')
    .select('id')
    .where('ticket_id', 'in', ticketIds)
    .where('content_type', 'like', 'image/%')
    .orderBy('id')
    .limit(TASK_PHOTOS)
    .execute();
  const title = `质量预警：${alarm.product.name} · ${alarm.defect}（${alarm.cases.length} 起）`;
  const lines = alarm.cases.map((c) => `· ${numberOf.get(c.ticketId) ?? c.ticketId}  ${chinaMinute(c.at)}  ${c.text.slice(0, 80)}`);
  const body = [
    `商品「${alarm.product.name}」（${alarm.product.sku}）的同一缺陷「${alarm.defect}」在 ${alarm.settings.windowDays} 天内被反映 ${alarm.cases.length} 次` +
      `（预警阈值 ${alarm.settings.threshold} 次），请尽快评估召回或整改。`,
    `关键词：${alarm.keyWords.join('、')}`,
    '',
    '相关案例：',
    ...lines,
    '',
    `预警详情与召回报告草稿（可导出 PDF / Excel）：报表 › 质量预警 › #${alarm.id}（/reports/alarms/${alarm.id}）`,
  ].join('\n');
  const task = await createTask(tx, null, {
    ticketId: alarm.cases[0]!.ticketId,
    department: 'product',
    title,
    description: body,
    attachmentIds: photos.map((p) => p.id),
  });
  const recipients = await tx
    .selectFrom('users')
    .select('email')
    .where('active', '=', true)
    .where('role', 'in', ['supervisor', 'admin', 'product'])
    .where('email', 'is not', null)
    .orderBy('id')
    .execute();
  const subject = `【kefu 质量预警】${alarm.product.name} · ${alarm.defect}（${alarm.cases.length} 起）`;
  for (const { email } of recipients) {
    await queueEmail(tx, { recipient: email!, subject, body, attachments: [{ source: RECALL_ATTACHMENTS, id: alarm.id }] });
  }
  return task.id;
}
