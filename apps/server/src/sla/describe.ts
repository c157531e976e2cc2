import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';

export interface ClockWork {
  id: string;
  title: string;
  assigneeId: number | null;
  assigneeName: string | null;
  priority: string | null;
}

/** What each clock is on, as a person reads it: the ticket, task, chat, order, follow-up or review, who has it, and its priority. */
export async function describeClocks(db: Db | Tx, clockIds: readonly string[]): Promise<Map<string, ClockWork>> {
  if (!clockIds.length) return new Map();
  const { rows } = await sql<ClockWork>`
    select c.id::text as id,
      coalesce(ct.title, t.number || ' ' || t.subject, '订单 ' || o.order_no, '会话 · ' || coalesce(cu.name, vi.name, '#' || cv.id::text),
        '回访 · ' || fc.name, '中差评 · ' || left(rv.content, 24), c.subject_kind || ' #' || c.subject_id) as title,
      w.assignee_id as "assigneeId", u.display_name as "assigneeName", coalesce(t.priority, cv.priority) as priority
    from sla_clocks c
    left join tickets t on t.id = c.ticket_id
    left join collab_tasks ct on c.subject_kind = 'task' and ct.id = c.subject_id
    left join conversations cv on c.subject_kind = 'conversation' and cv.id = c.subject_id
    left join customers cu on cu.id = cv.customer_id
    left join visitors vi on vi.id = cv.visitor_id
    left join orders o on c.subject_kind = 'order' and o.id = c.subject_id
    left join follow_ups f on c.subject_kind = 'follow_up' and f.id = c.subject_id
    left join customers fc on fc.id = f.customer_id
    left join reviews rv on c.subject_kind = 'review' and rv.id = c.subject_id
    cross join lateral (select coalesce(ct.owner_id, t.assignee_id, cv.agent_id, f.owner_id) as assignee_id) w
    left join users u on u.id = w.assignee_id
    where c.id = any(${[...clockIds]}::bigint[])`.execute(db);
  return new Map(rows.map((r) => [r.id, r]));
}
