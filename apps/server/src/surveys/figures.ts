import { csatShare, responseRate } from '@kefu/domain';
import type { SurveyFilters, SurveySummaryQuery } from '@kefu/protocol/api/surveys';
import { sql, type Expression, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../db/database.ts';
import type { DB } from '../db/schema.ts';

type Filters = z.output<typeof SurveyFilters>;
type From = DB & { s: DB['surveys'] };

/** A sent survey past its expiry counts as expired before the job marks it. */
export const effectiveState = sql<string>`case when s.state = 'sent' and s.expires_at <= now() then 'expired' else s.state end`;
/** The first moment of a China-time day (`next`: of the day after), for a filter by day. */
const chinaDay = (day: string, next = false) => new Date(Date.parse(`${day}T00:00:00+08:00`) + (next ? 86_400_000 : 0));

/** The surveys the filters pick (by when each was created, in China days). */
export function filtered(db: Db, f: Filters): SelectQueryBuilder<From, 's', object> {
  let q = db.selectFrom('surveys as s');
  if (f.from) q = q.where('s.created_at', '>=', chinaDay(f.from));
  if (f.to) q = q.where('s.created_at', '<', chinaDay(f.to, true));
  if (f.kind) q = q.where('s.kind', '=', f.kind);
  if (f.channel) q = q.where('s.channel', '=', f.channel);
  if (f.agentId) q = q.where('s.agent_id', '=', f.agentId);
  if (f.state) q = q.where(sql<SqlBool>`${effectiveState} = ${f.state}`);
  if (f.score) q = q.where('s.score', '=', f.score);
  if (f.commented === 'true') q = q.where('s.comment', 'is not', null).where('s.comment', '<>', '');
  if (f.commented === 'false') q = q.where((eb) => eb.or([eb('s.comment', 'is', null), eb('s.comment', '=', '')]));
  return q as SelectQueryBuilder<From, 's', object>;
}

interface CountRow {
  key: string | null;
  sent: number | string;
  answered: number | string;
  expired: number | string;
  skipped: number | string;
  satisfied: number | string;
}

function counted(row: Omit<CountRow, 'key'>) {
  const sent = Number(row.sent);
  const answered = Number(row.answered);
  const satisfied = Number(row.satisfied);
  const counts = { sent, answered, expired: Number(row.expired) };
  return {
    ...counts,
    skipped: Number(row.skipped),
    responseRate: responseRate(counts),
    csat: answered > 0 ? satisfied / answered : null,
  };
}

async function countsBy(db: Db, f: Filters, key: Expression<unknown>) {
  const rows = await filtered(db, f)
    .select([
      sql<string | null>`${key}::text`.as('key'),
      sql<number>`count(*) filter (where ${effectiveState} in ('sent', 'answered', 'expired'))`.as('sent'),
      sql<number>`count(*) filter (where ${effectiveState} = 'answered')`.as('answered'),
      sql<number>`count(*) filter (where ${effectiveState} = 'expired')`.as('expired'),
      sql<number>`count(*) filter (where ${effectiveState} = 'skipped')`.as('skipped'),
      sql<number>`count(*) filter (where s.state = 'answered' and s.score >= 4)`.as('satisfied'),
    ])
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();
  return rows.map((r) => ({ key: r.key, ...counted(r) }));
}

/** The supervisor page's figures: response and CSAT overall and by kind, channel, agent and period; the score distribution. */
export async function surveySummary(db: Db, q: z.output<typeof SurveySummaryQuery>) {
  const [total] = await countsBy(db, q, sql`'all'`);
  const byKind = await countsBy(db, q, sql`s.kind`);
  const byChannel = await countsBy(db, q, sql`coalesce(s.channel, 'none')`);
  const agents = await countsBy(db, q, sql`s.agent_id`);
  const byPeriod = await countsBy(db, q, sql`date_trunc(${q.period}, (s.created_at at time zone 'UTC') + interval '8 hours')::date`);
  const names = await db.selectFrom('users').select(['id', 'display_name']).execute();
  const nameOf = new Map(names.map((u) => [String(u.id), u.display_name]));
  const scores = await filtered(db, q)
    .select(['s.score', sql<number>`count(*)`.as('n')])
    .where('s.state', '=', 'answered')
    .groupBy('s.score')
    .execute();
  const distribution = [1, 2, 3, 4, 5].map((score) => Number(scores.find((r) => r.score === score)?.n ?? 0));
  const empty = counted({ sent: 0, answered: 0, expired: 0, skipped: 0, satisfied: 0 });
  return {
    total: total ? { ...total, csat: csatShare(distribution) } : empty,
    distribution,
    byKind: byKind.map((r) => ({ ...r, key: r.key as 'conversation' | 'ticket' | 'after_sale' })),
    byChannel: byChannel.map((r) => ({ ...r, key: r.key ?? 'none' })),
    byAgent: agents.map((r) => ({
      ...r,
      agentId: r.key === null ? null : Number(r.key),
      key: r.key === null ? '—' : (nameOf.get(r.key) ?? `#${r.key}`),
    })),
    byPeriod: byPeriod.map((r) => ({ ...r, key: r.key ?? '' })),
  };
}
