import type { SlaMetric, SlaPolicy, SlaSubject, SlaSubjectKind } from '@kefu/domain';
import { planClocks, type PlannedClock } from '../sla/clock.ts';
import type { Row } from './bulk.ts';
import type { Random } from './random.ts';

/**
 * The service-level clocks of past work, as the clock (sla/clock.ts) and the sweep would have left them: started under
 * the policy that matched, met or cancelled when the work was done, warned and breached at their times if it was late.
 */
export interface PastClock {
  planned: PlannedClock;
  subject: { kind: SlaSubjectKind; id: number };
  ticketId: number | null;
}

export function planPast(policies: readonly SlaPolicy[], attrs: SlaSubject, metrics: readonly SlaMetric[], at: number): PlannedClock[] {
  return planClocks(policies, attrs, metrics, new Date(at));
}

/** A clock stopped at `stoppedAt`: met (on time or late: `breached_at` tells) or cancelled. */
export function stoppedClock(c: PastClock, stoppedAt: number, outcome: 'met' | 'cancelled' = 'met'): Row {
  const { planned: p } = c;
  return {
    subject_kind: c.subject.kind,
    subject_id: c.subject.id,
    ticket_id: c.ticketId,
    metric: p.metric,
    policy_id: p.policyId,
    state: outcome,
    started_at: p.startedAt.toISOString(),
    due_at: p.dueAt.toISOString(),
    warn_at: p.warnAt.toISOString(),
    total_ms: p.totalMs,
    warned_at: stoppedAt > p.warnAt.getTime() ? p.warnAt.toISOString() : null,
    breached_at: stoppedAt > p.dueAt.getTime() ? p.dueAt.toISOString() : null,
    stopped_at: new Date(stoppedAt).toISOString(),
  };
}

/** The clock as it stands after waiting on the shopper for `pausedMs` (around the clock: the due time moves by as much). */
export function shifted(c: PastClock, pausedMs: number): PastClock {
  if (!pausedMs) return c;
  const p = c.planned;
  return { ...c, planned: { ...p, dueAt: new Date(p.dueAt.getTime() + pausedMs), warnAt: new Date(p.warnAt.getTime() + pausedMs) } };
}

/** A clock paused since `pausedAt` (the case waits on the shopper), keeping the time it had left. */
export function pausedClock(c: PastClock, pausedAt: number): Row {
  const row = stoppedClock(c, pausedAt);
  return {
    ...row,
    state: 'paused',
    stopped_at: null,
    paused_at: new Date(pausedAt).toISOString(),
    remaining_ms: Math.max(0, c.planned.dueAt.getTime() - pausedAt),
  };
}

/** A clock still running at `now`: warned and breached already if its times have passed (the sweep did it). */
export function runningClock(c: PastClock, now: number): Row {
  const row = stoppedClock(c, now);
  return { ...row, state: 'running', stopped_at: null };
}

/**
 * When the work that stops this clock was done: within the target with probability `onTime` (at a spread-out point of
 * its span), else some way past it. Around-the-clock policies make that wall time; an office-hours one is close enough.
 */
export function doneAt(rnd: Random, planned: PlannedClock, onTime: number): number {
  const start = planned.startedAt.getTime();
  const span = planned.dueAt.getTime() - start;
  return rnd.chance(onTime) ? start + span * (0.08 + 0.85 * rnd.next() ** 1.6) : planned.dueAt.getTime() + span * (0.05 + 1.2 * rnd.next());
}
