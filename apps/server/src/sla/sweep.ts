import type { BreachActions, SlaMetric, SlaSubjectKind } from '@kefu/domain';
import type { ToAgentFrame } from '@kefu/protocol/chat/agent';
import { sql } from 'kysely';
import type { Hub } from '../chat/hub.ts';
import type { Db } from '../db/database.ts';
import { recordEvents } from '../events/record.ts';
import { applyTicketBreaches } from '../tickets/breach.ts';
import { describeClocks } from './describe.ts';
import { readPolicies } from './policies.ts';

interface DueClock {
  id: string;
  subject_kind: SlaSubjectKind;
  subject_id: number;
  ticket_id: number | null;
  metric: SlaMetric;
  due_at: Date;
  started_at: Date;
  policy_id: number | null;
}

/** Supervisors are told about this many breaches per sweep one by one; the board shows them all. */
const SUPERVISOR_FRAMES_PER_SWEEP = 50;

/**
 * The clock's sweep (job `sla.sweep`, every second in every process): warns about clocks past their warning time
 * and breaches clocks past their due time, in batches. A batch takes its clocks with SKIP LOCKED and marks them in
 * the transaction that runs the policy's actions, so each warning and each breach happens once however many
 * processes sweep, and a clock that fell due while kefu was down is acted on at the first sweep after start.
 * People are told after the commit: the assignee and (for breaches) the supervisors.
 */
export async function sweepClocks(db: Db, hub: Hub | null, at?: Date, batchSize = 2000): Promise<{ warned: number; breached: number }> {
  // Without a fixed moment (tests give one), each batch looks at the clock again: a long run also takes what falls due meanwhile.
  const clockNow = () => at ?? new Date();
  let warned = 0;
  let breached = 0;
  let supervisorFrames = 0;
  for (;;) {
    const now = clockNow();
    const batch = await db.transaction().execute(async (tx) => {
      const { rows } = await sql<DueClock>`
        with due as (
          select id from sla_clocks where state = 'running' and breached_at is null and due_at <= ${now}
          order by due_at limit ${batchSize} for update skip locked)
        update sla_clocks c set breached_at = ${now} from due where c.id = due.id
        returning c.id::text as id, c.subject_kind, c.subject_id, c.ticket_id, c.metric, c.due_at, c.started_at, c.policy_id`.execute(tx);
      if (!rows.length) return rows;
      const actions = new Map((await readPolicies(tx)).map((p) => [p.id, p.onBreach]));
      const none: BreachActions = { raisePriority: false, reassign: null };
      await applyTicketBreaches(
        tx,
        rows.flatMap((c) =>
          c.ticket_id
            ? [
                {
                  ticketId: c.ticket_id,
                  clockId: c.id,
                  metric: c.metric,
                  dueAt: c.due_at,
                  subjectKind: c.subject_kind,
                  subjectId: c.subject_id,
                  actions: (c.policy_id && actions.get(c.policy_id)) || none,
                },
              ]
            : [],
        ),
      );
      await recordEvents(
        tx,
        rows.map((c) => ({
          type: 'sla.breached' as const,
          payload: {
            clockId: c.id,
            metric: c.metric,
            subjectKind: c.subject_kind,
            subjectId: c.subject_id,
            ticketId: c.ticket_id,
            policyId: c.policy_id,
            dueAt: c.due_at.toISOString(),
          },
        })),
      );
      return rows;
    });
    if (hub && batch.length) supervisorFrames += await tell(db, hub, 'breached', batch, SUPERVISOR_FRAMES_PER_SWEEP - supervisorFrames, now);
    breached += batch.length;
    if (batch.length < batchSize) break;
  }
  for (;;) {
    const now = clockNow();
    const { rows } = await sql<DueClock>`
      with due as (
        select id from sla_clocks where state = 'running' and warned_at is null and breached_at is null and warn_at <= ${now}
        order by warn_at limit ${batchSize} for update skip locked)
      update sla_clocks c set warned_at = ${now} from due where c.id = due.id
      returning c.id::text as id, c.subject_kind, c.subject_id, c.ticket_id, c.metric, c.due_at, c.started_at, c.policy_id`.execute(db);
    if (hub && rows.length) await tell(db, hub, 'warned', rows, 0, now);
    warned += rows.length;
    if (rows.length < batchSize) break;
  }
  return { warned, breached };
}

/** Frames to the assignee of each clock's work, and to supervisors up to `toSupervisors`; returns those sent to them. */
async function tell(db: Db, hub: Hub, event: 'warned' | 'breached', clocks: readonly DueClock[], toSupervisors: number, now: Date): Promise<number> {
  const work = await describeClocks(
    db,
    clocks.map((c) => c.id),
  );
  let sent = 0;
  for (const c of clocks) {
    const w = work.get(c.id);
    const frame: ToAgentFrame = {
      type: 'sla',
      event,
      clockId: c.id,
      metric: c.metric,
      dueAt: c.due_at,
      subjectKind: c.subject_kind,
      subjectId: c.subject_id,
      ticketId: c.ticket_id,
      title: w?.title ?? '',
    };
    if (w?.assigneeId) hub.toAgent(w.assigneeId, frame);
    if (c.subject_kind === 'conversation' && event === 'breached') {
      // The chat workspace marks the conversation (its own frame, as before the clock).
      const overdue: ToAgentFrame = {
        type: 'overdue',
        conversationId: c.subject_id,
        waitingSeconds: Math.round((now.getTime() - c.started_at.getTime()) / 1000),
      };
      if (w?.assigneeId) hub.toAgent(w.assigneeId, overdue);
      hub.toSupervisors(overdue);
    }
    if (event === 'breached' && sent < toSupervisors) {
      hub.toSupervisors(frame);
      sent++;
    }
  }
  return sent;
}
