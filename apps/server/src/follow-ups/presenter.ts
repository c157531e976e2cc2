import { isOverdue, type FollowUpOutcome, type FollowUpReason, type FollowUpState, type FollowUpSubjectKind } from '@kefu/domain';
import type { Db, Tx } from '../db/database.ts';

/** A follow-up as the desk sees it (queues, the customer file). */
export interface FollowUpView {
  id: number;
  customerId: number;
  customerName: string | null;
  reason: FollowUpReason;
  ownerId: number | null;
  ownerName: string | null;
  dueAt: Date;
  overdue: boolean;
  subject: { kind: FollowUpSubjectKind; id: number } | null;
  note: string;
  state: FollowUpState;
  attempts: number;
  outcome: FollowUpOutcome | null;
  outcomeNote: string;
  ticketId: number | null;
  doneAt: Date | null;
  version: number;
  createdAt: Date;
}

export const followUpSelect = (db: Db | Tx) =>
  db
    .selectFrom('follow_ups as f')
    .leftJoin('customers as c', 'c.id', 'f.customer_id')
    .leftJoin('users as u', 'u.id', 'f.owner_id')
    .selectAll('f')
    .select(['c.name as customer_name', 'u.display_name as owner_name']);

type Row = Awaited<ReturnType<ReturnType<typeof followUpSelect>['executeTakeFirstOrThrow']>>;

export function presentFollowUp(r: Row, now = new Date()): FollowUpView {
  return {
    id: r.id,
    customerId: r.customer_id,
    customerName: r.customer_name,
    reason: r.reason as FollowUpReason,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    dueAt: r.due_at,
    overdue: isOverdue({ state: r.state, dueAt: r.due_at }, now),
    subject: r.subject_kind && r.subject_id ? { kind: r.subject_kind as FollowUpSubjectKind, id: r.subject_id } : null,
    note: r.note,
    state: r.state as FollowUpState,
    attempts: r.attempts,
    outcome: r.outcome as FollowUpOutcome | null,
    outcomeNote: r.outcome_note,
    ticketId: r.ticket_id,
    doneAt: r.done_at,
    version: r.version,
    createdAt: r.created_at,
  };
}

/** The customer's follow-ups, open ones first, then the latest done (the customer file shows them). */
export async function followUpsOfCustomer(db: Db | Tx, customerId: number, limit = 50): Promise<FollowUpView[]> {
  const rows = await followUpSelect(db)
    .where('f.customer_id', '=', customerId)
    .orderBy((eb) => eb.case().when('f.state', '=', 'open').then(0).else(1).end())
    .orderBy('f.due_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => presentFollowUp(r));
}
