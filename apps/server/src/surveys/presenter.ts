import type { Survey, SurveyListQuery } from '@kefu/protocol/api/surveys';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../db/database.ts';
import { effectiveState, filtered } from './figures.ts';

type SurveyOut = z.output<typeof Survey>;

function listQuery(db: Db, f: Parameters<typeof filtered>[1]) {
  return filtered(db, f)
    .leftJoin('users as u', 'u.id', 's.agent_id')
    .leftJoin('tickets as t', 't.id', 's.ticket_id')
    .select([
      's.id',
      's.kind',
      's.case_id',
      's.ticket_id',
      's.customer_id',
      's.agent_id',
      'u.display_name as agent_name',
      't.number as ticket_number',
      's.channel',
      effectiveState.as('state'),
      's.skip_reason',
      's.sent_at',
      's.expires_at',
      's.answered_at',
      's.score',
      's.comment',
      's.created_at',
    ]);
}
type Row = Awaited<ReturnType<ReturnType<typeof listQuery>['execute']>>[number];

function caseLabel(row: Row): string {
  if (row.kind === 'ticket') return row.ticket_number ?? `工单 #${row.case_id}`;
  if (row.kind === 'after_sale') return `售后 #${row.case_id}${row.ticket_number ? `（${row.ticket_number}）` : ''}`;
  return `会话 #${row.case_id}`;
}

export function presentSurvey(row: Row): SurveyOut {
  return {
    id: row.id,
    kind: row.kind as SurveyOut['kind'],
    caseId: row.case_id,
    caseLabel: caseLabel(row),
    ticketId: row.ticket_id,
    customerId: row.customer_id,
    agentId: row.agent_id,
    agentName: row.agent_name,
    channel: row.channel as SurveyOut['channel'],
    state: row.state as SurveyOut['state'],
    skipReason: row.skip_reason,
    sentAt: row.sent_at,
    expiresAt: row.expires_at,
    answeredAt: row.answered_at,
    score: row.score,
    comment: row.comment,
    createdAt: row.created_at,
  };
}

/** The supervisor's list: newest first, answered with comments easy to filter. */
export async function listSurveys(db: Db, q: z.output<typeof SurveyListQuery>) {
  const { limit, offset, ...f } = q;
  const rows = await listQuery(db, f).orderBy('s.created_at', 'desc').orderBy('s.id', 'desc').limit(limit).offset(offset).execute();
  const total = await filtered(db, f)
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return { surveys: rows.map(presentSurvey), total: Number(total.n) };
}

/** Every survey matching the filters, for the Excel export (at most 50,000 rows). */
export async function allSurveys(db: Db, f: Parameters<typeof filtered>[1]) {
  return (await listQuery(db, f).orderBy('s.created_at', 'desc').limit(50_000).execute()).map(presentSurvey);
}

/** A case's survey, if it has one (the ticket page, the after-sale). */
export async function surveyOfCase(db: Db, kind: string, caseId: number) {
  const row = await listQuery(db, {}).where('s.kind', '=', kind).where('s.case_id', '=', caseId).executeTakeFirst();
  return row ? presentSurvey(row) : null;
}

/** The surveys of a ticket's cases: the ticket's own first, then its after-sales and the chat it was filed from. */
export async function surveysOfTicket(db: Db, ticketId: number) {
  const rows = await listQuery(db, {})
    .where('s.ticket_id', '=', ticketId)
    .orderBy(sql`s.kind = 'ticket'`, 'desc')
    .orderBy('s.id')
    .execute();
  return rows.map(presentSurvey);
}

/** The customer file's surveys, newest first. */
export async function surveysOfCustomer(db: Db, customerId: number) {
  return (await listQuery(db, {}).where('s.customer_id', '=', customerId).orderBy('s.created_at', 'desc').limit(200).execute()).map(presentSurvey);
}
