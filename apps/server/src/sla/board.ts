import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { describeClocks } from './describe.ts';
import { presentBoardItem, presentEscalation, type EscalationRow } from './presenter.ts';

const ON_BOARD = 200;
/** DOMAIN.md §4: escalations stay at or under 5% of the cases. */
export const ESCALATION_TARGET = 0.05;

/** The supervisor's board: promises missed and still open, those about to be missed, and the latest escalations. */
export async function slaBoard(db: Db, range: { from: Date; to: Date }, now = new Date()) {
  const open = db.selectFrom('sla_clocks').selectAll().where('state', '=', 'running').orderBy('due_at').limit(ON_BOARD);
  const [breached, atRisk] = await Promise.all([
    open.where('breached_at', 'is not', null).execute(),
    open
      .where('breached_at', 'is', null)
      .where((eb) => eb.or([eb('warned_at', 'is not', null), eb('warn_at', '<=', now)]))
      .execute(),
  ]);
  const work = await describeClocks(
    db,
    [...breached, ...atRisk].map((c) => String(c.id)),
  );
  return {
    breached: breached.map((c) => presentBoardItem(c, work.get(String(c.id)))),
    atRisk: atRisk.map((c) => presentBoardItem(c, work.get(String(c.id)))),
    escalations: await latestEscalations(db, 50),
    escalationRate: await escalationRate(db, range),
  };
}

export async function latestEscalations(db: Db, limit: number, ticketId?: number) {
  let q = db
    .selectFrom('ticket_escalations as e')
    .innerJoin('tickets as t', 't.id', 'e.ticket_id')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.ticket_id', 't.number', 'e.level', 'e.external', 'e.reason', 'e.actor_id', 'u.display_name as actor_name', 'e.created_at'])
    .orderBy('e.created_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit);
  if (ticketId) q = q.where('e.ticket_id', '=', ticketId);
  return (await q.execute()).map((r) => presentEscalation(r as EscalationRow));
}

/** Tickets opened in the range, and how many of them were escalated (at all, and outside the shop). */
export async function escalationRate(db: Db, range: { from: Date; to: Date }) {
  const { rows } = await sql<{ tickets: number; escalated: number; external: number }>`
    select count(*)::int as tickets,
      count(*) filter (where exists (select 1 from ticket_escalations e where e.ticket_id = t.id))::int as escalated,
      count(*) filter (where exists (select 1 from ticket_escalations e where e.ticket_id = t.id and e.external))::int as external
    from tickets t where t.created_at >= ${range.from} and t.created_at < ${range.to}`.execute(db);
  const { tickets, escalated, external } = rows[0]!;
  return {
    ...range,
    tickets,
    escalated,
    external,
    rate: tickets ? escalated / tickets : 0,
    externalRate: tickets ? external / tickets : 0,
    target: ESCALATION_TARGET,
  };
}
