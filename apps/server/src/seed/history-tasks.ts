import { departmentRole, type Department, type TicketType } from '@kefu/domain';
import type { Row } from './bulk.ts';
import { HOUR, MINUTE } from './history-calendar.ts';
import { doneAt, planPast, runningClock, stoppedClock } from './history-clocks.ts';
import type { TicketStory } from './history-tickets.ts';
import type { World } from './history-world.ts';
import type { Random } from './random.ts';

/** What departments say about the desk's requests when they rate them (collaboration satisfaction). */
const PRAISE = ['信息很全，处理很快', '单号和照片都附上了，很清楚', '说明清楚，沟通顺畅'];
const COMPLAINTS = ['描述不清楚，来回确认了好几次', '没附照片，只能再去问顾客', '时限太紧了，临下班才发过来'];

/** What tasks write: their rows and their promises' clocks. */
export interface TaskRows {
  tasks: Row[];
  clocks: Row[];
}

export interface TaskRequest {
  id: number;
  department: Department;
  title: string;
  description: string;
  answer: string;
  orderId: number | null;
  afterSaleId: number | null;
  ticketType: TicketType;
  /** When the desk asks, and the agent who asks. */
  at: number;
  agentId: number;
}

/** 1–5, mostly 4–5: the departments are content with the desk ~90% of the time (DOMAIN.md §7's target). */
function satisfaction(rnd: Random): number {
  const r = rnd.next();
  return r < 0.005 ? 1 : r < 0.02 ? 2 : r < 0.07 ? 3 : r < 0.47 ? 4 : 5;
}

/**
 * A collaboration task (协同工单) on the ticket: asked, taken up, answered by the department with its rating of the
 * request, on the task's promise (`task_due`). Returns when it was done, or null if it is still open.
 */
export function writeTask(world: World, rnd: Random, story: TicketStory, t: TaskRequest, out: TaskRows): number | null {
  const now = world.now.getTime();
  const owner = world.departments[departmentRole(t.department) as keyof World['departments']];
  const [planned] = planPast(world.policies, { ticketType: t.ticketType }, ['task_due'], t.at);
  const dueAt = planned ? planned.dueAt.getTime() : t.at + 24 * HOUR;
  const doneTime = planned ? doneAt(rnd, planned, 0.9) : t.at + (1 + rnd.next() * 20) * HOUR;
  const startedAt = t.at + (5 + (rnd.next() * 0.3 * (doneTime - t.at)) / MINUTE) * MINUTE;
  const base = { taskId: t.id, department: t.department, title: t.title };
  story.add('task', t.agentId, t.at, { ...base, state: 'open' });
  const started = startedAt < now && startedAt < doneTime;
  if (started) story.add('task', owner, startedAt, { ...base, from: 'open', state: 'working' });
  const done = doneTime < now;
  let rating: number | null = null;
  let comment: string | null = null;
  if (done) {
    story.add('task', owner, doneTime, { ...base, from: started ? 'working' : 'open', state: 'done' }, t.answer);
    if (rnd.chance(0.85)) {
      rating = satisfaction(rnd);
      if (rnd.chance(rating <= 3 ? 0.8 : 0.25)) comment = rnd.pick(rating <= 3 ? COMPLAINTS : PRAISE);
    }
  }
  out.tasks.push({
    id: t.id,
    ticket_id: story.ticketId,
    order_id: t.orderId,
    after_sale_id: t.afterSaleId,
    department: t.department,
    title: t.title,
    description: t.description,
    owner_id: owner,
    state: done ? 'done' : started ? 'working' : 'open',
    answer: done ? t.answer : null,
    due_at: new Date(dueAt).toISOString(),
    created_by: t.agentId,
    created_at: new Date(t.at).toISOString(),
    started_at: started ? new Date(startedAt).toISOString() : null,
    done_at: done ? new Date(doneTime).toISOString() : null,
    updated_at: new Date(done ? doneTime : started ? startedAt : t.at).toISOString(),
    satisfaction: rating,
    satisfaction_comment: comment,
  });
  if (planned) {
    const clock = { planned, subject: { kind: 'task' as const, id: t.id }, ticketId: story.ticketId };
    out.clocks.push(done ? stoppedClock(clock, doneTime) : runningClock(clock, now));
  }
  return done ? doneTime : null;
}
