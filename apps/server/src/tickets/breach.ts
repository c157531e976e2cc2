import type { BreachActions } from '@kefu/domain';
import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';
import { writeTimeline, type TimelineRow } from './timeline.ts';

export interface TicketBreach {
  ticketId: number;
  clockId: string;
  metric: string;
  dueAt: Date;
  subjectKind: string;
  subjectId: number;
  actions: BreachActions;
}

/**
 * A policy's breach actions on tickets, set-based for a whole sweep batch: the priority raised one step, the
 * ticket handed to a group's queue or to a person; each missed promise and each change on the timeline.
 * A ticket with several promises missed at once is raised and reassigned once.
 */
export async function applyTicketBreaches(tx: Tx, breaches: readonly TicketBreach[]): Promise<void> {
  if (!breaches.length) return;
  const perTicket = new Map<number, BreachActions>();
  for (const b of breaches) {
    const seen = perTicket.get(b.ticketId);
    perTicket.set(b.ticketId, {
      raisePriority: (seen?.raisePriority ?? false) || b.actions.raisePriority,
      reassign: seen?.reassign ?? b.actions.reassign,
    });
  }
  const raise = [...perTicket].filter(([, a]) => a.raisePriority).map(([id]) => id);
  const { rows: raised } = raise.length
    ? await sql<{ id: number; from: string; to: string }>`
        with old as (select id, priority from tickets where id = any(${raise}::int[]) and priority <> 'urgent' for update)
        update tickets t set priority = case old.priority when 'low' then 'normal' when 'normal' then 'high' else 'urgent' end,
          version = t.version + 1, updated_at = now()
        from old where t.id = old.id returning t.id, old.priority as from, t.priority as to`.execute(tx)
    : { rows: [] };
  const moves = [...perTicket].flatMap(([id, a]) => (a.reassign ? [{ id, ...a.reassign }] : []));
  const { rows: moved } = moves.length
    ? await sql<{ id: number; from_group: number | null; to_group: number | null; from_user: number | null; to_user: number | null }>`
        with v as (select * from (values ${sql.join(
          moves.map((m) => sql`(${m.id}::int, ${'groupId' in m ? m.groupId : null}::int, ${'userId' in m ? m.userId : null}::int)`),
        )}) as v (id, group_id, user_id)),
        old as (select t.id, t.group_id, t.assignee_id from tickets t join v on v.id = t.id for update of t)
        update tickets t set group_id = coalesce(v.group_id, t.group_id),
          assignee_id = case when v.user_id is not null then v.user_id else null end,
          version = t.version + 1, updated_at = now()
        from v, old where t.id = v.id and old.id = v.id
        returning t.id, old.group_id as from_group, t.group_id as to_group, old.assignee_id as from_user, t.assignee_id as to_user`.execute(tx)
    : { rows: [] };
  const raisedIds = new Set(raised.map((r) => r.id));
  const movedIds = new Set(moved.map((r) => r.id));
  const rows: TimelineRow[] = breaches.map((b) => ({
    ticketId: b.ticketId,
    actorId: null,
    entry: {
      kind: 'sla_breached',
      data: {
        clockId: b.clockId,
        metric: b.metric,
        dueAt: b.dueAt,
        subjectKind: b.subjectKind,
        subjectId: b.subjectId,
        actions: [...(raisedIds.has(b.ticketId) ? ['raise_priority'] : []), ...(movedIds.has(b.ticketId) ? ['reassign'] : [])],
      },
    },
  }));
  for (const r of raised) rows.push({ ticketId: r.id, actorId: null, entry: { kind: 'priority', data: { from: r.from, to: r.to } } });
  for (const m of moved) {
    if (m.from_group !== m.to_group)
      rows.push({ ticketId: m.id, actorId: null, entry: { kind: 'group', data: { from: m.from_group, to: m.to_group } } });
    if (m.from_user !== m.to_user)
      rows.push({ ticketId: m.id, actorId: null, entry: { kind: 'assignee', data: { from: m.from_user, to: m.to_user } } });
  }
  await writeTimeline(tx, rows);
}
