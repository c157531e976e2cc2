import { LEAD_ROLES, briefPeriod, lastEndedMonth, lastEndedWeek, type BriefKind, type BriefPeriod } from '@kefu/domain';
import { BriefData } from '@kefu/protocol/api/briefs';
import { XLSX_TYPE } from '@kefu/protocol/api/knowledge';
import { sql } from 'kysely';
import { audit } from '../../audit/audit.ts';
import { deliverDueEmails, queueEmail, type MailAttachment, type Mailer } from '../../channels/email.ts';
import type { Db, Tx } from '../../db/database.ts';
import { PDF_TYPE } from '../../files/pdf.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import { chinaMinute } from '../defects/text.ts';
import { buildMonthlyNeeds } from './monthly.ts';
import { briefFileName, briefPdf, briefTitle, briefWorkbook, type BriefForFiles } from './render.ts';
import { BRIEF_TITLE } from './text.ts';
import { buildWeeklyBrief } from './weekly.ts';

/** The outbox's name for "render this brief's PDF and Excel": the e-mail row stores `{ source, id }` only. */
export const BRIEF_ATTACHMENTS = 'report-brief';

export interface BriefRow extends BriefForFiles {
  id: number;
  emailedTo: string[];
  updatedAt: Date;
}

function buildData(db: Db, kind: BriefKind, period: BriefPeriod) {
  return kind === 'weekly_aftersales' ? buildWeeklyBrief(db, period) : buildMonthlyNeeds(db, period);
}

const columns = [
  'id',
  'kind',
  'period_start',
  'period_end',
  'covers_from',
  'covers_until',
  'data',
  'emailed_to',
  'created_at',
  'updated_at',
] as const;

type Selected = {
  id: number;
  kind: string;
  period_start: string;
  period_end: string;
  covers_from: Date;
  covers_until: Date;
  data: unknown;
  emailed_to: string[];
  created_at: Date;
  updated_at: Date;
};

function toSummary(row: Omit<Selected, 'data'>): Omit<BriefRow, 'data'> {
  return {
    id: row.id,
    kind: row.kind as BriefKind,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    coversFrom: new Date(row.covers_from),
    coversUntil: new Date(row.covers_until),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    emailedTo: row.emailed_to,
  };
}

// Stored by this module from the same schema; parsing keeps an old archive row from reaching a reader half-formed.
const toBrief = (row: Selected): BriefRow => ({ ...toSummary(row), data: BriefData.parse(row.data) });

export async function listBriefs(db: Db, kinds: readonly BriefKind[], limit: number): Promise<Omit<BriefRow, 'data'>[]> {
  if (!kinds.length) return [];
  const rows = await db
    .selectFrom('report_briefs')
    .select(columns.filter((c) => c !== 'data'))
    .where('kind', 'in', kinds)
    .orderBy('period_start', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toSummary);
}

export async function getBrief(db: Db | Tx, id: number): Promise<BriefRow> {
  const row = await db.selectFrom('report_briefs').select(columns).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('brief');
  return toBrief(row);
}

async function findBrief(db: Db, kind: BriefKind, period: BriefPeriod): Promise<BriefRow | null> {
  const row = await db
    .selectFrom('report_briefs')
    .select(columns)
    .where('kind', '=', kind)
    .where('period_start', '=', period.start)
    .executeTakeFirst();
  return row ? toBrief(row) : null;
}

/**
 * Builds the brief of `kind` for its period and archives it. One brief per kind and period (a unique index): when
 * there is one already, `replace` rebuilds its figures in place (an admin's re-run), otherwise it is left as it was.
 */
async function saveBrief(db: Db, kind: BriefKind, period: BriefPeriod, actorId: number | null, replace: boolean) {
  const data = JSON.stringify(BriefData.parse(await buildData(db, kind, period)));
  const inserted = await db
    .insertInto('report_briefs')
    .values({
      kind,
      period_start: period.start,
      period_end: period.end,
      covers_from: period.from,
      covers_until: period.until,
      data,
      created_by: actorId,
    })
    .onConflict((oc) => (replace ? oc.columns(['kind', 'period_start']).doUpdateSet({ data, updated_at: new Date() }) : oc.doNothing()))
    .returning(columns)
    .executeTakeFirst();
  return inserted ? toBrief(inserted) : null;
}

/** An admin's "generate now": any ended period, rebuilt when it exists; e-mailed to the managers when asked. */
export async function generateBrief(
  db: Db,
  mail: Mailer | null,
  actorId: number,
  input: { kind: BriefKind; periodStart?: string; email?: boolean },
  now = new Date(),
): Promise<BriefRow> {
  const period = briefPeriod(input.kind, input.periodStart, now);
  if (period.until.getTime() > now.getTime()) {
    throw badRequest('body.periodStart', `the period runs until ${chinaMinute(period.until)} China time: a brief is made once it has ended`);
  }
  let brief = (await saveBrief(db, input.kind, period, actorId, true))!;
  await audit(db, {
    actorId,
    action: 'brief.generate',
    entity: 'report_brief',
    entityId: brief.id,
    detail: { kind: input.kind, periodStart: period.start },
  });
  if (input.email) {
    await db.transaction().execute((tx) => emailManagers(tx, brief));
    if (mail) await deliverDueEmails(db, mail);
    brief = await getBrief(db, brief.id);
  }
  return brief;
}

/**
 * The scheduled run: the brief of the last period that ended by `now`, archived and e-mailed once. A second run for
 * the same period (another process, a restart, a manual run) finds it and does nothing.
 */
export async function runScheduledBrief(db: Db, mail: Mailer | null, kind: BriefKind, now: Date): Promise<{ briefId: number; created: boolean }> {
  const period = kind === 'weekly_aftersales' ? lastEndedWeek(now) : lastEndedMonth(now);
  const existing = await findBrief(db, kind, period);
  if (existing) return { briefId: existing.id, created: false };
  const brief = await saveBrief(db, kind, period, null, false);
  if (!brief) return { briefId: (await findBrief(db, kind, period))!.id, created: false };
  await db.transaction().execute((tx) => emailManagers(tx, brief));
  if (mail) await deliverDueEmails(db, mail);
  return { briefId: brief.id, created: true };
}

/** The managers who get the briefs: active supervisors and admins with an e-mail address. */
async function managerAddresses(tx: Tx): Promise<string[]> {
  const rows = await tx
    .selectFrom('users')
    .select('email')
    .where('active', '=', true)
    .where('role', 'in', LEAD_ROLES)
    .where('email', 'is not', null)
    .where('email', '<>', '')
    .orderBy('id')
    .execute();
  return [...new Set(rows.map((r) => r.email!.trim()))];
}

/** Queues the brief's e-mail to each manager with its PDF and Excel attached (rendered when sent), and notes who. */
async function emailManagers(tx: Tx, brief: BriefRow): Promise<void> {
  const recipients = await managerAddresses(tx);
  if (!recipients.length) return;
  const title = briefTitle(brief);
  const body = [
    `${BRIEF_TITLE[brief.kind]}已生成，统计区间 ${chinaMinute(brief.coversFrom)} 至 ${chinaMinute(brief.coversUntil)}（北京时间）。`,
    '',
    '附件为 PDF 与 Excel 版本；也可在 kefu「报表 → 简报」中查看。',
  ].join('\n');
  for (const recipient of recipients) {
    await queueEmail(tx, { recipient, subject: `【kefu】${title}`, body, attachments: [{ source: BRIEF_ATTACHMENTS, id: brief.id }] });
  }
  await tx
    .updateTable('report_briefs')
    .set({ emailed_to: sql<string[]>`(select array(select distinct unnest(emailed_to || ${recipients}::text[])))` as unknown as string[] })
    .where('id', '=', brief.id)
    .execute();
}

/** The outbox's attachment source: a brief's PDF and Excel, rendered from its archived figures when the e-mail goes. */
export async function briefAttachments(db: Db, id: number): Promise<MailAttachment[]> {
  const brief = await getBrief(db, id);
  const [pdf, xlsx] = await Promise.all([briefPdf(brief), briefWorkbook(brief)]);
  return [
    { filename: briefFileName(brief, 'pdf'), contentType: PDF_TYPE, content: pdf },
    { filename: briefFileName(brief, 'xlsx'), contentType: XLSX_TYPE, content: xlsx },
  ];
}
