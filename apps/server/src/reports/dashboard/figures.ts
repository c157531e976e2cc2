import { CONTACT_TICKET_TYPES, RESPONSE_TARGET_MS } from '@kefu/domain';
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import { factFilters, hasFilters, type ReportPeriod } from './period.ts';

/**
 * The dashboard's sums: a few statements over the facts of the range and the period before it together. Each first
 * adds up the facts per (period, China day, agent, group, channel) in one pass — a few thousand rows for a month —
 * and then groups those by several sets at once (GROUPING SETS: the total, per day, agent, group, channel), so the
 * many rows are read once and summed once. The ratios are made from these sums by the caller (kpi-report.ts).
 */

export type Period = 'current' | 'previous';
export type Dimension = 'total' | 'day' | 'agent' | 'group' | 'channel' | 'reason';

interface Grouped {
  period: Period;
  dim: Dimension;
  day: string | null;
  agent_id: number | null;
  group_id: number | null;
  channel: string | null;
}

/** What is added up over conversation facts (`c`). Rates need their own denominators: `closed` for FCR, `rated` for CSAT. */
const CONVERSATION_MEASURES = {
  cases: sql`count(*)`,
  closed: sql`count(*) filter (where c.closed_at is not null)`,
  rated: sql`count(c.csat)`,
  satisfied: sql`count(*) filter (where c.csat >= 4)`,
  fcr: sql`count(*) filter (where c.closed_at is not null and c.resolved and not c.contacted_again)`,
  contacted_again: sql`count(*) filter (where c.closed_at is not null and c.contacted_again)`,
  repeats: sql`count(*) filter (where c.closed_at is not null and c.repeat_of is not null)`,
  repeats_resolved: sql`count(*) filter (where c.closed_at is not null and c.repeat_of is not null and c.resolved and not c.contacted_again)`,
  first_responses: sql`count(c.first_response_ms)`,
  first_response_ms_sum: sql`sum(c.first_response_ms)`,
  responses: sql`sum(c.responses)`,
  response_ms_sum: sql`sum(c.response_ms_sum)`,
  within_30s: sql`sum(c.responses_within_30s)`,
  handled: sql`count(c.handling_ms)`,
  handling_ms_sum: sql`sum(c.handling_ms)`,
  by_bot: sql`count(*) filter (where c.resolved_by_bot)`,
  handed_over: sql`count(*) filter (where c.handed_over)`,
  escalated: sql`count(*) filter (where c.escalated)`,
  messages: sql`sum(c.agent_messages + c.shopper_messages)`,
};
export type ConversationSums = Grouped & { reason: string | null } & Record<keyof typeof CONVERSATION_MEASURES, number>;

const contactTypes = sql.join(CONTACT_TICKET_TYPES.map((t) => sql.lit(t)));
/** A ticket the shopper opened by asking, not from a chat (the chat's facts count that matter), and settled. */
const contactDone = sql`t.type in (${contactTypes}) and t.conversation_id is null and (t.solved_at is not null or t.closed_at is not null)`;
const ticketFcr = sql`t.solved_at is not null and t.reopens = 0 and not t.contacted_again`;

const TICKET_MEASURES = {
  cases: sql`count(*)`,
  /** Tickets not opened from a chat (the chat is the case then, counted once). */
  new_cases: sql`count(*) filter (where t.conversation_id is null)`,
  escalated: sql`count(*) filter (where t.escalated)`,
  closed: sql`count(*) filter (where ${contactDone})`,
  fcr: sql`count(*) filter (where ${contactDone} and ${ticketFcr})`,
  contacted_again: sql`count(*) filter (where ${contactDone} and t.contacted_again)`,
  repeats: sql`count(*) filter (where ${contactDone} and t.repeat_of is not null)`,
  repeats_resolved: sql`count(*) filter (where ${contactDone} and t.repeat_of is not null and ${ticketFcr})`,
};
export type TicketSums = Grouped & Record<keyof typeof TICKET_MEASURES, number>;

/** China is UTC+8 all year (no summer time since 1991): a China day is a whole number of 86,400 s from the epoch. */
const CHINA_OFFSET_S = 8 * 3600;
const chinaDayNumber = (column: string) => sql`floor((extract(epoch from ${sql.ref(column)}) + ${sql.lit(CHINA_OFFSET_S)}) / 86400)::int`;

/**
 * One statement: the measures per (period, day, agent, group, channel[, extra]) of the facts `from` (aliased, with
 * its time column `at`), then those rows summed per grouping set.
 */
async function grouped<M extends Record<string, RawBuilder<unknown>>>(
  db: Db,
  p: ReportPeriod,
  from: { table: string; alias: string; at: string; where?: RawBuilder<unknown> },
  measures: M,
  reason?: RawBuilder<unknown>,
) {
  const names = Object.keys(measures);
  const at = `${from.alias}.${from.at}`;
  const { rows } = await sql<Grouped & { reason: string | null } & Record<keyof M, number>>`
    with base as (
      select ${sql.ref(at)} >= ${p.from} as current, ${chinaDayNumber(at)} as day_number,
        ${sql.ref(`${from.alias}.agent_id`)} as agent_id, ${sql.ref(`${from.alias}.group_id`)} as group_id,
        ${sql.ref(`${from.alias}.channel`)} as channel, ${reason ?? sql`null::text`} as reason,
        ${sql.join(names.map((name) => sql`coalesce(${measures[name]}, 0)::float8 as ${sql.ref(name)}`))}
      from ${sql.table(from.table)} as ${sql.ref(from.alias)}
      where ${sql.ref(at)} >= ${p.previousFrom} and ${sql.ref(at)} < ${p.to} ${factFilters(from.alias, p.filters)} ${from.where ?? sql``}
      group by 1, 2, 3, 4, 5, 6
    )
    select case when current then 'current' else 'previous' end as period,
      case when grouping(day_number) = 0 then 'day' when grouping(agent_id) = 0 then 'agent' when grouping(group_id) = 0 then 'group'
        when grouping(channel) = 0 then 'channel' when grouping(reason) = 0 then 'reason' else 'total' end as dim,
      to_char(date '1970-01-01' + day_number, 'YYYY-MM-DD') as day, agent_id, group_id, channel, reason,
      ${sql.join(names.map((name) => sql`sum(${sql.ref(name)})::float8 as ${sql.ref(name)}`))}
    from base
    group by grouping sets ((current), (current, day_number), (current, agent_id), (current, group_id), (current, channel), (current, reason))`.execute(
    db,
  );
  return rows;
}

export function conversationSums(db: Db, p: ReportPeriod): Promise<ConversationSums[]> {
  return grouped(
    db,
    p,
    { table: 'report_conversations', alias: 'c', at: 'opened_at' },
    CONVERSATION_MEASURES,
    sql`case when c.handed_over then coalesce(c.handover_reason, 'other') end`,
  );
}

export function ticketSums(db: Db, p: ReportPeriod): Promise<TicketSums[]> {
  return grouped(db, p, { table: 'report_tickets', alias: 't', at: 'created_at' }, TICKET_MEASURES);
}

/** New cases of the range per weekday (1 Monday … 7 Sunday) and hour, China time: chats, and tickets not from a chat. */
export async function heatCells(db: Db, p: ReportPeriod): Promise<{ weekday: number; hour: number; count: number }[]> {
  const { rows } = await sql<{ weekday: number; hour: number; count: number }>`
    select (floor(s / 86400)::int + 3) % 7 + 1 as weekday, floor(s % 86400 / 3600)::int as hour, count(*)::int as count
    from (
      select extract(epoch from c.opened_at) + ${sql.lit(CHINA_OFFSET_S)} as s from report_conversations c
      where c.opened_at >= ${p.from} and c.opened_at < ${p.to} ${factFilters('c', p.filters)}
      union all
      select extract(epoch from t.created_at) + ${sql.lit(CHINA_OFFSET_S)} from report_tickets t
      where t.created_at >= ${p.from} and t.created_at < ${p.to} and t.conversation_id is null ${factFilters('t', p.filters)}
    ) cases
    group by 1, 2
    order by 1, 2`.execute(db);
  return rows;
}

const periodOf = (column: string, p: ReportPeriod) => sql<Period>`case when ${sql.ref(column)} >= ${p.from} then 'current' else 'previous' end`;

/**
 * Promises decided in a period: met on time (never breached), or breached (whenever it was met later). Two branches,
 * not an OR, so each reads its own covering index (0019) by an index-only scan.
 */
export interface SlaSums {
  period: Period;
  metric: string;
  met: number;
  breached: number;
  /** Complaints' first feedback: how many were given, and the wall time they took in total. */
  feedbacks: number;
  feedback_ms_sum: number;
}

/**
 * The clocks whose work matches the filters: on a ticket or a chat whose facts match. `in (…)`, not a correlated
 * `exists` per clock: PostgreSQL hashes the matching cases once (read from 0019's small key indexes) and probes it.
 */
function clockFilters(p: ReportPeriod) {
  if (!hasFilters(p.filters)) return sql``;
  return sql`and (s.ticket_id in (select t.ticket_id from report_tickets t where true ${factFilters('t', p.filters)})
    or (s.subject_kind = 'conversation' and s.subject_id in (
      select c.conversation_id from report_conversations c where true ${factFilters('c', p.filters)})))`;
}

export async function slaSums(db: Db, p: ReportPeriod): Promise<SlaSums[]> {
  const { rows } = await sql<SlaSums>`
    select period, metric,
      count(*) filter (where breached_at is null)::int as met,
      count(*) filter (where breached_at is not null)::int as breached,
      count(*) filter (where metric = 'first_feedback' and state = 'met')::int as feedbacks,
      coalesce(sum(extract(epoch from stopped_at - started_at) * 1000) filter (where metric = 'first_feedback' and state = 'met'), 0)::float8
        as feedback_ms_sum
    from (
      select s.metric, s.state, s.breached_at, s.started_at, s.stopped_at, s.ticket_id, s.subject_kind, s.subject_id,
        case when s.breached_at >= ${p.from} then 'current' else 'previous' end as period
      from sla_clocks s
      where s.breached_at >= ${p.previousFrom} and s.breached_at < ${p.to}
      union all
      select s.metric, s.state, s.breached_at, s.started_at, s.stopped_at, s.ticket_id, s.subject_kind, s.subject_id,
        case when s.stopped_at >= ${p.from} then 'current' else 'previous' end
      from sla_clocks s
      where s.breached_at is null and s.state = 'met' and s.stopped_at >= ${p.previousFrom} and s.stopped_at < ${p.to}
      offset 0 -- keeps the filters out here: pushed into both branches, the matching cases would be hashed twice
    ) s
    where true ${clockFilters(p)}
    group by period, metric`.execute(db);
  return rows;
}

export interface OtherSums {
  what: 'afterSales' | 'collab';
  period: Period;
  cases: number;
  /** Collaboration tasks rated 4–5 (satisfied) and rated at all (`cases` counts the rated ones too). */
  satisfied: number;
  rated: number;
}

/** After-sales opened, and the departments' ratings of the collaboration tasks they finished. */
export async function otherSums(db: Db, p: ReportPeriod): Promise<OtherSums[]> {
  const byTicket = (column: string) =>
    hasFilters(p.filters)
      ? sql`and exists (select 1 from report_tickets t where t.ticket_id = ${sql.ref(column)} ${factFilters('t', p.filters)})`
      : sql``;
  const { rows } = await sql<OtherSums>`
    select 'afterSales' as what, ${periodOf('a.opened_at', p)} as period, count(*)::int as cases, 0 as satisfied, 0 as rated
    from report_aftersales a
    where a.opened_at >= ${p.previousFrom} and a.opened_at < ${p.to} ${byTicket('a.ticket_id')}
    group by 2
    union all
    select 'collab', ${periodOf('k.done_at', p)}, count(*)::int, count(*) filter (where k.satisfaction >= 4)::int, count(k.satisfaction)::int
    from collab_tasks k
    where k.done_at >= ${p.previousFrom} and k.done_at < ${p.to} and k.satisfaction is not null ${byTicket('k.ticket_id')}
    group by 2`.execute(db);
  return rows;
}

/** For the drill-down's "slow" cases: slower than the chat target. */
export const SLOW_FIRST_RESPONSE_MS = RESPONSE_TARGET_MS;
