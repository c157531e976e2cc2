import {
  formatTicketNumber,
  numberPrefix,
  shanghaiDay,
  type Channel,
  type RootCause,
  type Severity,
  type TicketCategory,
  type TicketPriority,
  type TicketType,
} from '@kefu/domain';
import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';
import { indexableTokens } from '../search/tsvector.ts';
import { openingMetrics } from '../tickets/clocks.ts';
import type { TimelineData } from '../tickets/timeline.ts';
import type { Row } from './bulk.ts';
import { DAY, HOUR, MINUTE } from './history-calendar.ts';
import type { PlannedClock } from '../sla/clock.ts';
import { doneAt, pausedClock, planPast, runningClock, shifted, stoppedClock } from './history-clocks.ts';
import { ESCALATION_REASONS, FOLLOW_UPS, NOTES } from './history-ticket-texts.ts';
import type { World } from './history-world.ts';
import type { Random } from './random.ts';

/** A past ticket to write: what it is about, who handled it, and what its after-sale or task adds to its story. */
export interface TicketSpec {
  type: TicketType;
  channel: Channel;
  createdAt: number;
  customerId: number | null;
  orderId: number | null;
  productId: number | null;
  subject: string;
  description: string;
  category: TicketCategory | null;
  severity: Severity | null;
  priority: TicketPriority;
  tags: string[];
  agentId: number;
  groupId: number;
  conversationId: number | null;
  reply: string;
  complaint?: { rootCause: RootCause; solution: string };
  escalate?: 'supervisor' | 'manager' | 'platform';
  /** The after-sale or task on the ticket writes its part of the story; the ticket is solved once that is done. */
  attach?: (ticketId: number, story: TicketStory) => Attached;
}

export interface Attached {
  /** When the after-sale or task was done; null: not yet. */
  doneAt: number | null;
  /** How long the ticket waited on the shopper (goods on their way back): its clocks paused that long. */
  pausedMs: number;
  /** Since when it waits on the shopper now, if it does. */
  pausedSince: number | null;
}

/** One ticket's timeline, as tickets/timeline.ts writes it (the same kinds and data). */
export class TicketStory {
  readonly entries: Row[] = [];
  constructor(
    readonly ticketId: number,
    /** Nothing happens after this (now): a step due a minute later is written as just done. */
    private readonly latest: number,
  ) {}

  add<K extends keyof TimelineData>(kind: K, actorId: number | null, at: number, data: TimelineData[K], body: string | null = null): this {
    const when = new Date(Math.min(at, this.latest)).toISOString();
    this.entries.push({ ticket_id: this.ticketId, actor_id: actorId, kind, body, data, at: when });
    return this;
  }

  get lastAt(): number {
    return Math.max(...this.entries.map((e) => Date.parse(e.at as string)));
  }
}

export interface TicketRows {
  tickets: Row[];
  events: Row[];
  clocks: Row[];
  escalations: Row[];
  counters: Map<string, { prefix: string; day: string; last: number }>;
}

/** Readable numbers continuing each day's counter (the demo's current tickets took the first ones). */
export async function readCounters(tx: Tx): Promise<TicketRows['counters']> {
  const rows = await tx.selectFrom('ticket_counters').select(['prefix', 'day', 'last']).execute();
  return new Map(rows.map((r) => [`${r.prefix}${r.day}`, { ...r }]));
}

export async function saveCounters(tx: Tx, counters: TicketRows['counters']) {
  const rows = JSON.stringify([...counters.values()]);
  await sql`insert into ticket_counters (prefix, day, last)
    select r.prefix, r.day, r.last from jsonb_to_recordset(${rows}::jsonb) as r(prefix text, day text, last int)
    on conflict (prefix, day) do update set last = greatest(ticket_counters.last, excluded.last)`.execute(tx);
}

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

/** The next readable number of the ticket's type and day (tickets/numbering.ts's format), counted here in memory. */
function nextNumber(counters: TicketRows['counters'], type: TicketType, at: number): string {
  const prefix = numberPrefix(type);
  const day = shanghaiDay(new Date(at));
  const counter = counters.get(`${prefix}${day}`) ?? { prefix, day, last: 0 };
  counter.last += 1;
  counters.set(`${prefix}${day}`, counter);
  return formatTicketNumber(type, day, counter.last);
}

/**
 * The ticket's clocks as its work left them: each stopped when its promise was kept (`stops`), the rest cancelled
 * when it was solved, paused while it waits on the shopper, or still running. The first response came before any
 * wait on the shopper; the later promises moved by the time waited.
 */
function ticketClocks(
  id: number,
  planned: readonly PlannedClock[],
  stops: Map<string, number>,
  solvedAt: number | null,
  attached: Attached,
  now: number,
) {
  return planned.map((p) => {
    const stop = stops.get(p.metric);
    const clock = shifted({ planned: p, subject: { kind: 'ticket', id }, ticketId: id }, p.metric === 'first_response' ? 0 : attached.pausedMs);
    if (stop !== undefined) return stoppedClock(clock, stop);
    if (solvedAt !== null) return stoppedClock(clock, solvedAt, 'cancelled');
    if (attached.pausedSince !== null) return pausedClock(clock, attached.pausedSince);
    return runningClock(clock, now);
  });
}

/** Writes one ticket's row, timeline, clocks and escalation into `out`, as the desk would have worked it. */
export function writeTicket(world: World, rnd: Random, spec: TicketSpec, id: number, escalationId: number | null, out: TicketRows): void {
  const now = world.now.getTime();
  const number = nextNumber(out.counters, spec.type, spec.createdAt);
  const agent = spec.agentId;
  const story = new TicketStory(id, now - 1000);
  const t0 = spec.createdAt;
  const attrs = { ticketType: spec.type, category: spec.category, severity: spec.severity, priority: spec.priority, channel: spec.channel };
  const planned = planPast(world.policies, attrs, openingMetrics(spec.type), t0);
  const clockOf = (metric: string) => planned.find((p) => p.metric === metric);
  const stops = new Map<string, number>();
  let priority: TicketPriority = spec.priority;

  story.add('created', agent, t0, { type: spec.type, status: 'open', number });
  story.add('assignee', agent, t0 + 1000, { from: null, to: agent });
  const first = clockOf('first_response');
  const repliedAt = Math.min(first ? doneAt(rnd, first, 0.91) : t0 + (5 + rnd.next() * 35) * MINUTE, t0 + 2 * DAY);
  const replied = repliedAt < now;
  const texts = [spec.subject, spec.description];
  if (replied) {
    story.add('reply', agent, repliedAt, {}, spec.reply);
    stops.set('first_response', repliedAt);
    texts.push(spec.reply);
    if (rnd.chance(0.3)) story.add('note', agent, Math.min(now - MINUTE, repliedAt + (10 + rnd.next() * 110) * MINUTE), {}, rnd.pick(NOTES));
  }
  let escalation: Row | null = null;
  if (spec.escalate && escalationId && replied) {
    const at = Math.min(now - MINUTE, repliedAt + (20 + rnd.next() * 180) * MINUTE);
    const external = spec.escalate === 'platform';
    const reason = external ? ESCALATION_REASONS[2]! : rnd.pick(ESCALATION_REASONS.slice(0, 2));
    escalation = { id: escalationId, ticket_id: id, level: spec.escalate, external, reason, actor_id: agent, created_at: iso(at) };
    story.add('escalated', agent, at, { escalationId, level: spec.escalate, external }, reason);
    if (priority === 'low' || priority === 'normal') {
      story.add('priority', agent, at, { from: priority, to: 'high' });
      priority = 'high';
    }
  }
  let solutionAt: number | null = null;
  if (spec.complaint && replied) {
    const feedback = clockOf('first_feedback');
    const feedbackAt = Math.max(repliedAt + MINUTE, feedback ? doneAt(rnd, feedback, 0.9) : repliedAt + HOUR);
    if (feedbackAt < now) {
      story.add('reply', agent, feedbackAt, {}, rnd.pick(FOLLOW_UPS));
      stops.set('first_feedback', feedbackAt);
      solutionAt = feedbackAt + (10 + rnd.next() * 120) * MINUTE;
      if (solutionAt < now) {
        story.add('complaint', agent, solutionAt, { step: 'solution' }, spec.complaint.solution);
        story.add('complaint', agent, solutionAt + MINUTE, { step: 'root_cause', rootCause: spec.complaint.rootCause, productId: spec.productId });
        texts.push(spec.complaint.solution);
      } else solutionAt = null;
    }
  }
  const attached: Attached = replied && spec.attach ? spec.attach(id, story) : { doneAt: null, pausedMs: 0, pausedSince: null };
  const resolution =
    clockOf('resolution') && shifted({ planned: clockOf('resolution')!, subject: { kind: 'ticket', id }, ticketId: id }, attached.pausedMs).planned;
  let solvedAt: number | null = null;
  if (replied && (!spec.complaint || solutionAt)) {
    const earliest = Math.max(repliedAt, solutionAt ?? 0, story.lastAt) + 10 * MINUTE;
    if (spec.attach) solvedAt = attached.doneAt === null ? null : Math.max(earliest, attached.doneAt + (5 + rnd.next() * 60) * MINUTE);
    else solvedAt = Math.max(earliest, resolution ? doneAt(rnd, resolution, 0.9) : repliedAt + (1 + rnd.next() * 30) * HOUR);
  }
  if (solvedAt !== null && solvedAt >= now) solvedAt = null;
  let status =
    solvedAt !== null ? 'solved' : attached.pausedSince !== null ? 'pending_customer' : spec.attach && replied ? 'pending_internal' : 'open';
  if (status === 'pending_internal')
    story.add('status', agent, Math.min(now - MINUTE, story.lastAt + MINUTE), { from: 'open', to: 'pending_internal' });
  let closedAt: number | null = null;
  let confirmedAt: number | null = null;
  let unconfirmed: string | null = null;
  let finalSolve = solvedAt;
  if (solvedAt !== null) {
    stops.set('resolution', solvedAt);
    story.add('status', agent, solvedAt, { from: 'open', to: 'solved' });
    if (spec.complaint) {
      const at = solvedAt + (2 + rnd.next() * 20) * HOUR;
      if (at < now && rnd.chance(0.82)) {
        confirmedAt = at;
        story.add('complaint', null, at, { step: 'confirmed' });
      }
    }
    // A few come back: the shopper was not helped after all (reopened), and the desk solves it again.
    const reopenAt = solvedAt + (1 + rnd.next() * 2) * DAY;
    if (!spec.complaint && !spec.attach && rnd.chance(0.06) && reopenAt < now - 12 * HOUR) {
      story.add('reopened', agent, reopenAt, { from: 'solved', to: 'open' });
      story.add('reply', agent, reopenAt + (30 + rnd.next() * 150) * MINUTE, {}, rnd.pick(FOLLOW_UPS));
      const again = reopenAt + (3 + rnd.next() * 20) * HOUR;
      if (again < now) story.add('status', agent, again, { from: 'open', to: 'solved' });
      finalSolve = again < now ? again : null;
      status = again < now ? 'solved' : 'open';
    }
    const closeAt = (finalSolve ?? now) + (3 + rnd.next()) * DAY;
    if (finalSolve !== null && closeAt < now && rnd.chance(0.75)) {
      if (spec.complaint && !confirmedAt) {
        unconfirmed = '顾客超过3天未回复，按已解决结案';
        story.add('complaint', agent, closeAt - MINUTE, { step: 'unconfirmed', reason: unconfirmed });
      }
      story.add('status', null, closeAt, { from: 'solved', to: 'closed' });
      closedAt = closeAt;
      status = 'closed';
    }
  }
  out.clocks.push(...ticketClocks(id, planned, stops, solvedAt, attached, now));
  out.tickets.push({
    id,
    number,
    type: spec.type,
    status,
    priority,
    category: spec.category,
    severity: spec.severity,
    subject: spec.subject,
    description: spec.description,
    customer_id: spec.customerId,
    order_id: spec.orderId,
    assignee_id: agent,
    group_id: spec.groupId,
    tags: spec.tags,
    created_by: spec.channel === 'web' && !spec.conversationId ? null : agent,
    created_at: iso(t0),
    updated_at: iso(story.lastAt),
    solved_at: iso(finalSolve),
    closed_at: iso(closedAt),
    conversation_id: spec.conversationId,
    answered_at: replied ? iso(repliedAt) : null,
    channel: spec.channel,
    escalation_level: escalation ? spec.escalate : null,
    root_cause: solutionAt ? spec.complaint!.rootCause : null,
    product_id: spec.productId,
    solution: solutionAt ? spec.complaint!.solution : null,
    solution_at: iso(solutionAt),
    confirmed_at: iso(confirmedAt),
    closed_unconfirmed_reason: unconfirmed,
    _words: indexableTokens(texts, [number, ...spec.tags]),
  });
  // In time order, as they happened (the timeline lists by id).
  out.events.push(...story.entries.sort((a, b) => Date.parse(a.at as string) - Date.parse(b.at as string)));
  if (escalation) out.escalations.push(escalation);
}
