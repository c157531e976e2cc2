import type { SlaMetric, SlaPolicy as SlaPolicyRules, SlaSubjectKind } from '@kefu/domain';
import type { BoardItem, Escalation, SlaClock, SlaPolicy } from '@kefu/protocol/api/sla';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { SlaClocksTable, SlaPoliciesTable } from '../db/schema/service-levels.ts';
import type { ClockWork } from './describe.ts';
import { targetList } from './policies.ts';

type Out<S extends z.ZodType> = z.output<S>;

export function presentPolicy(r: Selectable<SlaPoliciesTable>): Out<typeof SlaPolicy> {
  return {
    id: r.id,
    name: r.name,
    enabled: r.enabled,
    position: r.position,
    match: r.match as Out<typeof SlaPolicy>['match'],
    hours: r.hours as Out<typeof SlaPolicy>['hours'],
    pauseOnCustomer: r.pause_on_customer,
    warnAtPercent: r.warn_at_percent,
    targets: targetList(r.targets as SlaPolicyRules['targets']),
    onBreach: r.on_breach as Out<typeof SlaPolicy>['onBreach'],
    version: r.version,
    updatedAt: r.updated_at,
  };
}

export function presentClock(c: Selectable<SlaClocksTable>): Out<typeof SlaClock> {
  return {
    id: String(c.id),
    metric: c.metric as SlaMetric,
    state: c.state as Out<typeof SlaClock>['state'],
    policyId: c.policy_id,
    startedAt: c.started_at,
    dueAt: c.due_at,
    warnAt: c.warn_at,
    remainingMs: c.remaining_ms == null ? null : Number(c.remaining_ms),
    warnedAt: c.warned_at,
    breachedAt: c.breached_at,
    stoppedAt: c.stopped_at,
  };
}

export function presentBoardItem(c: Selectable<SlaClocksTable>, work: ClockWork | undefined): Out<typeof BoardItem> {
  return {
    ...presentClock(c),
    subjectKind: c.subject_kind as SlaSubjectKind,
    subjectId: c.subject_id,
    ticketId: c.ticket_id,
    title: work?.title ?? '',
    assigneeId: work?.assigneeId ?? null,
    assigneeName: work?.assigneeName ?? null,
    priority: (work?.priority ?? null) as Out<typeof BoardItem>['priority'],
  };
}

export interface EscalationRow {
  id: number;
  ticket_id: number;
  number: string;
  level: string;
  external: boolean;
  reason: string;
  actor_id: number | null;
  actor_name: string | null;
  created_at: Date;
}

export function presentEscalation(e: EscalationRow): Out<typeof Escalation> {
  return {
    id: e.id,
    ticketId: e.ticket_id,
    ticketNumber: e.number,
    level: e.level as Out<typeof Escalation>['level'],
    external: e.external,
    reason: e.reason,
    actorId: e.actor_id,
    actorName: e.actor_name,
    createdAt: e.created_at,
  };
}
