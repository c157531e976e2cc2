import { CONTACT_TICKET_TYPES } from '@kefu/domain';
import type { CaseFilter, ReportCase } from '@kefu/protocol/api/reports';
import { sql, type RawBuilder } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { SLOW_FIRST_RESPONSE_MS } from './figures.ts';
import { factFilters, type ReportPeriod } from './period.ts';

type Case = z.infer<typeof ReportCase>;

const contactTypes = sql.join(CONTACT_TICKET_TYPES.map((t) => sql.lit(t)));

/**
 * Which conversations (`c`, report_conversations) and tickets (`t`, report_tickets) are behind a number, as the
 * dashboard and the agents' table count them (figures.ts, agents.ts); null: that kind has none of them.
 */
const CONDITIONS: Record<CaseFilter, { conversation: RawBuilder<unknown> | null; ticket: RawBuilder<unknown> | null }> = {
  conversations: { conversation: sql`true`, ticket: null },
  tickets: { conversation: null, ticket: sql`true` },
  rated: { conversation: sql`c.csat is not null`, ticket: null },
  unsatisfied: { conversation: sql`c.csat <= 3`, ticket: null },
  notFirstContactResolved: {
    conversation: sql`c.closed_at is not null and not (c.resolved and not c.contacted_again)`,
    ticket: sql`t.type in (${contactTypes}) and t.conversation_id is null and (t.solved_at is not null or t.closed_at is not null)
      and not (t.solved_at is not null and t.reopens = 0 and not t.contacted_again)`,
  },
  contactedAgain: {
    conversation: sql`c.contacted_again`,
    ticket: sql`t.contacted_again and t.type in (${contactTypes}) and t.conversation_id is null`,
  },
  slowFirstResponse: { conversation: sql`c.first_response_ms > ${sql.lit(SLOW_FIRST_RESPONSE_MS)}`, ticket: null },
  escalated: { conversation: null, ticket: sql`t.escalated` },
  // Breaches count by when they happened (agents.ts), so these two kinds are chosen by their clocks below.
  slaBreached: { conversation: null, ticket: null },
  handedOver: { conversation: sql`c.handed_over`, ticket: null },
  resolvedByBot: { conversation: sql`c.resolved_by_bot`, ticket: null },
};

const conversationColumns = sql`'conversation' as kind, c.conversation_id as id, c.ticket_id, k.number as ticket_number,
  coalesce(cu.name, v.name, '') as title, c.agent_id, u.display_name as agent_name, c.channel, c.opened_at, c.closed_at,
  c.first_response_ms, c.csat, c.resolved, c.escalated`;
const conversationJoins = sql`left join conversations cv on cv.id = c.conversation_id
  left join visitors v on v.id = cv.visitor_id left join customers cu on cu.id = c.customer_id
  left join tickets k on k.id = c.ticket_id left join users u on u.id = c.agent_id`;
const ticketColumns = sql`'ticket' as kind, t.ticket_id as id, t.ticket_id, k.number as ticket_number, k.subject as title,
  t.agent_id, u.display_name as agent_name, t.channel, t.created_at as opened_at, coalesce(t.solved_at, t.closed_at) as closed_at,
  t.first_response_ms, t.csat, t.solved_at is not null as resolved, t.escalated`;
const ticketJoins = sql`join tickets k on k.id = t.ticket_id left join users u on u.id = t.agent_id`;

function selects(p: ReportPeriod, kpi: CaseFilter): RawBuilder<unknown>[] {
  const range = (column: string) => sql`${sql.ref(column)} >= ${p.from} and ${sql.ref(column)} < ${p.to}`;
  if (kpi === 'slaBreached') {
    const breachedOn = (subject: RawBuilder<unknown>) => sql`exists (select 1 from sla_clocks s where ${subject} and ${range('s.breached_at')})`;
    return [
      sql`select ${conversationColumns} from report_conversations c ${conversationJoins}
        where ${breachedOn(sql`s.subject_kind = 'conversation' and s.subject_id = c.conversation_id`)} ${factFilters('c', p.filters)}`,
      sql`select ${ticketColumns} from report_tickets t ${ticketJoins}
        where ${breachedOn(sql`s.ticket_id = t.ticket_id`)} ${factFilters('t', p.filters)}`,
    ];
  }
  const { conversation, ticket } = CONDITIONS[kpi];
  const parts: RawBuilder<unknown>[] = [];
  if (conversation)
    parts.push(sql`select ${conversationColumns} from report_conversations c ${conversationJoins}
      where ${range('c.opened_at')} and ${conversation} ${factFilters('c', p.filters)}`);
  if (ticket)
    parts.push(sql`select ${ticketColumns} from report_tickets t ${ticketJoins}
      where ${range('t.created_at')} and ${ticket} ${factFilters('t', p.filters)}`);
  return parts;
}

interface CaseRow {
  kind: Case['kind'];
  id: number;
  ticket_id: number | null;
  ticket_number: string | null;
  title: string;
  agent_id: number | null;
  agent_name: string | null;
  channel: string;
  opened_at: Date;
  closed_at: Date | null;
  first_response_ms: number | null;
  csat: number | null;
  resolved: boolean;
  escalated: boolean;
  total: number;
}

const present = (r: CaseRow): Case => ({
  kind: r.kind,
  id: r.id,
  ticketId: r.ticket_id,
  ticketNumber: r.ticket_number,
  title: r.title,
  agentId: r.agent_id,
  agentName: r.agent_name,
  channel: r.channel,
  openedAt: r.opened_at,
  closedAt: r.closed_at,
  firstResponseMs: r.first_response_ms,
  csat: r.csat,
  resolved: r.resolved,
  escalated: r.escalated,
});

/** The conversations and tickets behind a number, newest first, a page at a time. */
export async function reportCases(
  db: Db,
  p: ReportPeriod,
  kpi: CaseFilter,
  paging: { page: number; pageSize: number },
): Promise<{ items: Case[]; total: number }> {
  const cases = sql.join(selects(p, kpi), sql` union all `);
  const { rows } = await sql<CaseRow>`
    select *, count(*) over ()::int as total from (${cases}) cases
    order by opened_at desc, kind, id desc
    limit ${paging.pageSize} offset ${(paging.page - 1) * paging.pageSize}`.execute(db);
  if (rows.length || paging.page === 1) return { items: rows.map(present), total: rows[0]?.total ?? 0 };
  // Past the last page no row carries the total: count without the page.
  const { rows: counted } = await sql<{ total: number }>`select count(*)::int as total from (${cases}) cases`.execute(db);
  return { items: [], total: counted[0]?.total ?? 0 };
}
