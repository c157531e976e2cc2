import { CONTACT_TICKET_TYPES, share } from '@kefu/domain';
import type { AgentRow } from '@kefu/protocol/api/reports';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { factFilters, type ReportPeriod } from './period.ts';

type Row = z.infer<typeof AgentRow>;

/** What one agent's row adds up; a total row is the same sums over every agent. */
interface Sums {
  chats: number;
  tickets: number;
  first_responses: number;
  first_response_ms_sum: number;
  responses: number;
  response_ms_sum: number;
  within_30s: number;
  handled: number;
  handling_ms_sum: number;
  rated: number;
  satisfied: number;
  closed: number;
  fcr: number;
  breaches: number;
  inspected: number;
  quality_sum: number;
}
const ZERO: Sums = {
  chats: 0,
  tickets: 0,
  first_responses: 0,
  first_response_ms_sum: 0,
  responses: 0,
  response_ms_sum: 0,
  within_30s: 0,
  handled: 0,
  handling_ms_sum: 0,
  rated: 0,
  satisfied: 0,
  closed: 0,
  fcr: 0,
  breaches: 0,
  inspected: 0,
  quality_sum: 0,
};

const contactTypes = sql.join(CONTACT_TICKET_TYPES.map((t) => sql.lit(t)));

/**
 * Four grouped statements (chats, tickets, breaches, quality scores), each one pass over its facts in the range,
 * merged per agent. Chats and tickets count by when they opened; breaches by when they happened; quality by when the
 * conversation was inspected.
 */
async function sumsByAgent(db: Db, p: ReportPeriod): Promise<Map<number | null, Sums>> {
  const range = (column: string) => sql`${sql.ref(column)} >= ${p.from} and ${sql.ref(column)} < ${p.to}`;
  const chats = await sql<Partial<Sums> & { agent_id: number | null }>`
    select c.agent_id, count(*)::int as chats,
      count(c.first_response_ms)::int as first_responses, coalesce(sum(c.first_response_ms), 0)::float8 as first_response_ms_sum,
      coalesce(sum(c.responses), 0)::int as responses, coalesce(sum(c.response_ms_sum), 0)::float8 as response_ms_sum,
      coalesce(sum(c.responses_within_30s), 0)::int as within_30s,
      count(c.handling_ms)::int as handled, coalesce(sum(c.handling_ms), 0)::float8 as handling_ms_sum,
      count(c.csat)::int as rated, count(*) filter (where c.csat >= 4)::int as satisfied,
      count(*) filter (where c.closed_at is not null)::int as closed,
      count(*) filter (where c.closed_at is not null and c.resolved and not c.contacted_again)::int as fcr
    from report_conversations c where ${range('c.opened_at')} ${factFilters('c', p.filters)}
    group by c.agent_id`.execute(db);
  const tickets = await sql<Partial<Sums> & { agent_id: number | null }>`
    select t.agent_id, count(*)::int as tickets,
      count(*) filter (where contact and done)::int as closed,
      count(*) filter (where contact and done and t.solved_at is not null and t.reopens = 0 and not t.contacted_again)::int as fcr
    from (
      select t.*, t.type in (${contactTypes}) and t.conversation_id is null as contact, t.solved_at is not null or t.closed_at is not null as done
      from report_tickets t where ${range('t.created_at')} ${factFilters('t', p.filters)}
    ) t
    group by t.agent_id`.execute(db);
  // A breach is the agent's whose case it is now (the facts' agent): on a ticket, or a chat's response clock. Each
  // clock's case is looked up by its key (a month's breaches are a few per cent of the facts tables); `limit 1` keeps
  // the planner from flattening the lookups back into hash joins over the whole tables.
  const breaches = await sql<{ agent_id: number | null; breaches: number }>`
    select coalesce(t.agent_id, c.agent_id) as agent_id, count(*)::int as breaches
    from sla_clocks s
    left join lateral (select t.agent_id, t.group_id, t.channel from report_tickets t where t.ticket_id = s.ticket_id limit 1) t on true
    left join lateral (
      select c.agent_id, c.group_id, c.channel from report_conversations c
      where s.subject_kind = 'conversation' and c.conversation_id = s.subject_id limit 1
    ) c on true
    where ${range('s.breached_at')}
      ${p.filters.agentId !== undefined ? sql`and coalesce(t.agent_id, c.agent_id) = ${p.filters.agentId}` : sql``}
      ${p.filters.groupId !== undefined ? sql`and coalesce(t.group_id, c.group_id) = ${p.filters.groupId}` : sql``}
      ${p.filters.channel !== undefined ? sql`and coalesce(t.channel, c.channel) = ${p.filters.channel}` : sql``}
    group by 1`.execute(db);
  const quality = await sql<{ agent_id: number | null; inspected: number; quality_sum: number }>`
    select q.agent_id, count(*)::int as inspected, coalesce(sum(q.final_score), 0)::float8 as quality_sum
    from quality_inspections q
    ${p.filters.groupId !== undefined || p.filters.channel !== undefined ? sql`join report_conversations c on c.conversation_id = q.conversation_id ${factFilters('c', { groupId: p.filters.groupId, channel: p.filters.channel })}` : sql``}
    where ${range('q.inspected_at')} ${p.filters.agentId !== undefined ? sql`and q.agent_id = ${p.filters.agentId}` : sql``}
    group by q.agent_id`.execute(db);

  const byAgent = new Map<number | null, Sums>();
  for (const part of [chats.rows, tickets.rows, breaches.rows, quality.rows] as (Partial<Sums> & { agent_id: number | null })[][])
    for (const { agent_id, ...figures } of part) {
      const sums = byAgent.get(agent_id) ?? { ...ZERO };
      for (const [key, value] of Object.entries(figures) as [keyof Sums, number][]) sums[key] += value;
      byAgent.set(agent_id, sums);
    }
  return byAgent;
}

const mean = (sum: number, n: number) => (n > 0 ? sum / n : null);

function present(agentId: number | null, name: string, s: Sums): Row {
  return {
    agentId,
    name,
    chats: s.chats,
    tickets: s.tickets,
    firstResponseMs: mean(s.first_response_ms_sum, s.first_responses),
    avgResponseMs: mean(s.response_ms_sum, s.responses),
    within30s: share(s.within_30s, s.responses),
    handlingMs: mean(s.handling_ms_sum, s.handled),
    csat: share(s.satisfied, s.rated),
    rated: s.rated,
    fcr: share(s.fcr, s.closed),
    slaBreaches: s.breaches,
    qualityScore: mean(s.quality_sum, s.inspected),
    inspected: s.inspected,
  };
}

/**
 * Every agent's figures for the range: the agents and supervisors who serve (active, or with cases in the range),
 * most chats first, and one row for cases nobody took (agentId null) when there are any; `total` adds up all of them.
 */
export async function agentReport(db: Db, p: ReportPeriod): Promise<{ agents: Row[]; total: Row }> {
  const sums = await sumsByAgent(db, p);
  let staff = db.selectFrom('users').select(['id', 'display_name', 'role', 'active']).where('role', 'in', ['agent', 'supervisor']);
  if (p.filters.agentId !== undefined) staff = staff.where('id', '=', p.filters.agentId);
  if (p.filters.groupId !== undefined)
    staff = staff.where('id', 'in', db.selectFrom('user_groups').select('user_id').where('group_id', '=', p.filters.groupId));
  const people = await staff.execute();
  const extra = [...sums.keys()].filter((id): id is number => id !== null && !people.some((u) => u.id === id));
  const others = extra.length ? await db.selectFrom('users').select(['id', 'display_name', 'role', 'active']).where('id', 'in', extra).execute() : [];

  const rows = [...people.filter((u) => u.active || sums.has(u.id)), ...others]
    .map((u) => present(u.id, u.display_name, sums.get(u.id) ?? ZERO))
    .sort((a, b) => b.chats + b.tickets - (a.chats + a.tickets) || a.name.localeCompare(b.name, 'zh-CN'));
  if (sums.has(null)) rows.push(present(null, '', sums.get(null)!));

  const total = { ...ZERO };
  for (const s of sums.values()) for (const key of Object.keys(total) as (keyof Sums)[]) total[key] += s[key];
  return { agents: rows, total: present(null, '', total) };
}
