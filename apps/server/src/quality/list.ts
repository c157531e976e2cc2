/** Reading inspections: the filtered list (an agent's own only), one with its conversation, the per-agent summary. */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Principal } from '../http/context.ts';
import { notFound } from '../http/errors.ts';

export interface InspectionFilter {
  agentId?: number;
  from?: Date;
  to?: Date;
  sampled?: boolean;
  fatal?: boolean;
  reviewed?: boolean;
  appeal?: 'none' | 'pending' | 'decided';
  page: number;
  pageSize: number;
}

/** Agents see their own inspections only: the query says so, whatever the request asks for. */
const ownOnly = (who: Principal) => who.role === 'agent';

function inspections(db: Db) {
  return db
    .selectFrom('quality_inspections as q')
    .innerJoin('conversations as c', 'c.id', 'q.conversation_id')
    .innerJoin('visitors as v', 'v.id', 'c.visitor_id')
    .leftJoin('customers as cu', 'cu.id', 'c.customer_id')
    .leftJoin('users as a', 'a.id', 'q.agent_id');
}

const SUMMARY_COLUMNS = [
  'q.conversation_id',
  'q.agent_id',
  'a.display_name as agent_name',
  'q.auto_score',
  'q.review_score',
  'q.final_score',
  'q.fatal',
  'q.sampled',
  'q.sample_reason',
  'q.reviewed_at',
  'q.appealed_at',
  'q.appeal_decision',
  'q.hits',
  'q.inspected_at',
  'q.version',
] as const;

export async function listInspections(db: Db, who: Principal, f: InspectionFilter) {
  let q = inspections(db);
  const agentId = ownOnly(who) ? who.id : f.agentId;
  if (agentId !== undefined) q = q.where('q.agent_id', '=', agentId);
  if (f.from) q = q.where('q.inspected_at', '>=', f.from);
  if (f.to) q = q.where('q.inspected_at', '<', f.to);
  if (f.sampled !== undefined) q = q.where('q.sampled', '=', f.sampled);
  if (f.fatal !== undefined) q = q.where('q.fatal', '=', f.fatal);
  if (f.reviewed !== undefined) q = q.where('q.reviewed_at', f.reviewed ? 'is not' : 'is', null);
  if (f.appeal === 'none') q = q.where('q.appealed_at', 'is', null);
  if (f.appeal === 'pending') q = q.where('q.appealed_at', 'is not', null).where('q.appeal_decision', 'is', null);
  if (f.appeal === 'decided') q = q.where('q.appeal_decision', 'is not', null);
  const [rows, count] = await Promise.all([
    q
      .select([...SUMMARY_COLUMNS, sql<string>`coalesce(cu.name, v.name)`.as('customer_name')])
      .orderBy('q.inspected_at', 'desc')
      .orderBy('q.conversation_id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export type InspectionRow = Awaited<ReturnType<typeof listInspections>>['rows'][number];

/** One inspection with everything its page shows; 404 for an agent asking for another agent's. */
export async function getInspection(db: Db, who: Principal, id: number) {
  let q = inspections(db)
    .leftJoin('users as r', 'r.id', 'q.reviewer_id')
    .leftJoin('users as d', 'd.id', 'q.appeal_decided_by')
    .select([
      ...SUMMARY_COLUMNS,
      sql<string>`coalesce(cu.name, v.name)`.as('customer_name'),
      'q.reviewer_id',
      'r.display_name as reviewer_name',
      'q.review_sheet',
      'q.review_comment',
      'q.appeal_reason',
      'q.appeal_note',
      'q.appeal_decided_by',
      'd.display_name as decider_name',
      'q.appeal_decided_at',
      'c.created_at as opened_at',
      'c.closed_at',
      'c.close_reason',
      'c.rating',
      'v.name as visitor_name',
    ])
    .where('q.conversation_id', '=', id);
  if (ownOnly(who)) q = q.where('q.agent_id', '=', who.id);
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('inspection');
  const messages = await db
    .selectFrom('messages as m')
    .leftJoin('users as u', (join) => join.onRef('u.id', '=', 'm.sender_id').on('m.sender_kind', '=', 'agent'))
    .select(['m.id', 'm.seq', 'm.sender_kind', 'm.kind', 'm.body', 'm.at', 'u.display_name'])
    .where('m.conversation_id', '=', id)
    .where('m.kind', '<>', 'note')
    .orderBy('m.seq')
    .limit(2000)
    .execute();
  return { row, messages };
}

/** Per agent over [from, to): inspections, average final score, fatal ones, reviews, appeals, forbidden phrases used. */
export async function qualitySummary(db: Db, from: Date, to: Date) {
  const scores = await db
    .selectFrom('quality_inspections as q')
    .innerJoin('users as u', 'u.id', 'q.agent_id')
    .select((eb) => [
      'u.id',
      'u.display_name',
      eb.fn.countAll<string>().as('inspections'),
      sql<string | null>`round(avg(q.final_score), 1)`.as('average'),
      sql<string>`count(*) filter (where q.fatal)`.as('fatal'),
      sql<string>`count(*) filter (where q.reviewed_at is not null)`.as('reviewed'),
      sql<string>`count(*) filter (where q.appealed_at is not null)`.as('appeals'),
    ])
    .where('q.inspected_at', '>=', from)
    .where('q.inspected_at', '<', to)
    .groupBy(['u.id', 'u.display_name'])
    .execute();
  const phrases = await db
    .selectFrom('quality_phrase_hits as h')
    .innerJoin('users as u', 'u.id', 'h.user_id')
    .select((eb) => ['u.id', 'u.display_name', eb.fn.countAll<string>().as('hits')])
    .where('h.at', '>=', from)
    .where('h.at', '<', to)
    .groupBy(['u.id', 'u.display_name'])
    .execute();
  const byAgent = new Map<
    number,
    {
      agent: { id: number; name: string };
      inspections: number;
      averageScore: number | null;
      fatal: number;
      reviewed: number;
      appeals: number;
      phraseHits: number;
    }
  >();
  const entry = (id: number, name: string) => {
    let e = byAgent.get(id);
    if (!e) byAgent.set(id, (e = { agent: { id, name }, inspections: 0, averageScore: null, fatal: 0, reviewed: 0, appeals: 0, phraseHits: 0 }));
    return e;
  };
  for (const s of scores)
    Object.assign(entry(s.id, s.display_name), {
      inspections: Number(s.inspections),
      averageScore: s.average === null ? null : Number(s.average),
      fatal: Number(s.fatal),
      reviewed: Number(s.reviewed),
      appeals: Number(s.appeals),
    });
  for (const p of phrases) entry(p.id, p.display_name).phraseHits = Number(p.hits);
  // Lowest average first: who needs coaching is on top; agents with only phrase hits after them.
  return [...byAgent.values()].sort((a, b) => (a.averageScore ?? 101) - (b.averageScore ?? 101) || a.agent.name.localeCompare(b.agent.name, 'zh'));
}

export async function phraseHits(db: Db, who: Principal, f: { from?: Date; to?: Date; userId?: number; limit: number }) {
  let q = db
    .selectFrom('quality_phrase_hits as h')
    .leftJoin('users as u', 'u.id', 'h.user_id')
    .select(['h.id', 'h.channel', 'h.conversation_id', 'h.ticket_id', 'h.user_id', 'u.display_name', 'h.phrase', 'h.blocked', 'h.at']);
  const userId = ownOnly(who) ? who.id : f.userId;
  if (userId !== undefined) q = q.where('h.user_id', '=', userId);
  if (f.from) q = q.where('h.at', '>=', f.from);
  if (f.to) q = q.where('h.at', '<', f.to);
  return q.orderBy('h.at', 'desc').orderBy('h.id', 'desc').limit(f.limit).execute();
}
