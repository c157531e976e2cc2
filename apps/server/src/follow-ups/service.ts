import { clockTimes, policyFor, serviceTimeBetween, warnAt, type FollowUpReason, type FollowUpSubjectKind, type Segment } from '@kefu/domain';
import { audit } from '../audit/audit.ts';
import type { Tx } from '../db/database.ts';
import { badRequest } from '../http/errors.ts';
import { startClocks, type PlannedClock } from '../sla/clock.ts';
import { readPolicies } from '../sla/policies.ts';

/**
 * Opening a follow-up (回访): the one way in, for the rules here and for other modules (owners, reviews, care
 * dates). Idempotent by `dedupeKey`: the same key again opens nothing and returns null. The follow-up goes on the
 * SLA clock (metric `follow_up`) until its outcome is recorded.
 */
export interface FollowUpOpening {
  customerId: number;
  reason: FollowUpReason;
  ownerId?: number | null;
  dueAt?: Date;
  subject?: { kind: FollowUpSubjectKind; id: number } | null;
  note?: string;
  dedupeKey: string;
}

const DEFAULT_DUE_MS = 24 * 3600_000;
export const followUpRef = (id: number) => ({ kind: 'follow_up' as const, id });

/** Who handled the case: a ticket's assignee, an after-sale's ticket's assignee, the agent a survey rated. */
async function caseHandler(tx: Tx, subject: FollowUpOpening['subject']): Promise<number | null> {
  if (!subject) return null;
  if (subject.kind === 'ticket') {
    const t = await tx.selectFrom('tickets').select('assignee_id').where('id', '=', subject.id).executeTakeFirst();
    return t?.assignee_id ?? null;
  }
  if (subject.kind === 'after_sale') {
    const t = await tx
      .selectFrom('after_sales')
      .innerJoin('tickets', 'tickets.id', 'after_sales.ticket_id')
      .select('tickets.assignee_id')
      .where('after_sales.id', '=', subject.id)
      .executeTakeFirst();
    return t?.assignee_id ?? null;
  }
  if (subject.kind === 'survey') {
    const s = await tx.selectFrom('surveys').select('agent_id').where('id', '=', subject.id).executeTakeFirst();
    return s?.agent_id ?? null;
  }
  return null;
}

/** The owner: the one named, else the customer's own agent (专属客服), else who handled the case, else the pool. */
async function ownerFor(tx: Tx, input: FollowUpOpening, assigned: number | null): Promise<number | null> {
  const candidate = input.ownerId !== undefined ? input.ownerId : (assigned ?? (await caseHandler(tx, input.subject)));
  if (candidate == null) return null;
  const user = await tx.selectFrom('users').select(['active']).where('id', '=', candidate).executeTakeFirst();
  if (user?.active) return candidate;
  if (input.ownerId != null) throw badRequest('body.ownerId', 'no such active user');
  return null;
}

/** The clock on the follow-up's due time, under the policy that sets `follow_up` for the customer's segment. */
async function plannedClock(tx: Tx, segment: string, now: Date, dueAt: Date | undefined): Promise<{ dueAt: Date; clock: PlannedClock | null }> {
  const policies = await readPolicies(tx);
  const policy = policyFor(policies, 'follow_up', { segment: segment as Segment });
  const target = policy?.targets.follow_up;
  const due = dueAt ?? (policy && target ? clockTimes(policy, target, now).dueAt : new Date(now.getTime() + DEFAULT_DUE_MS));
  if (!policy) return { dueAt: due, clock: null };
  const clock = {
    metric: 'follow_up' as const,
    policyId: policy.id,
    startedAt: now,
    dueAt: due,
    warnAt: warnAt(now, due, policy.warnAtPercent, policy.hours),
    totalMs: serviceTimeBetween(now, due, policy.hours),
  };
  return { dueAt: due, clock };
}

export async function planFollowUpClock(tx: Tx, customerId: number, now: Date, dueAt: Date) {
  const c = await tx.selectFrom('customers').select('segment').where('id', '=', customerId).executeTakeFirst();
  return (await plannedClock(tx, c?.segment ?? 'regular', now, dueAt)).clock;
}

export async function openFollowUp(tx: Tx, input: FollowUpOpening, now = new Date()): Promise<{ id: number } | null> {
  const customer = await tx
    .selectFrom('customers')
    .select(['id', 'segment', 'assigned_agent_id'])
    .where('id', '=', input.customerId)
    .executeTakeFirst();
  if (!customer) throw badRequest('body.customerId', 'no such customer');
  const ownerId = await ownerFor(tx, input, customer.assigned_agent_id);
  const { dueAt, clock } = await plannedClock(tx, customer.segment, now, input.dueAt);
  const row = await tx
    .insertInto('follow_ups')
    .values({
      customer_id: input.customerId,
      reason: input.reason,
      owner_id: ownerId,
      due_at: dueAt,
      subject_kind: input.subject?.kind ?? null,
      subject_id: input.subject?.id ?? null,
      note: input.note ?? '',
      dedupe_key: input.dedupeKey,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) return null;
  if (clock) await startClocks(tx, followUpRef(row.id), null, [clock]);
  await audit(tx, {
    actorId: null,
    action: 'follow_up.open',
    entity: 'follow_up',
    entityId: row.id,
    detail: { reason: input.reason, dedupeKey: input.dedupeKey },
  });
  return { id: row.id };
}
