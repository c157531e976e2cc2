import { DESK_ROLES, SEGMENTS, type Segment } from '@kefu/domain';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

const emptyCounts = () => Object.fromEntries(SEGMENTS.map((s) => [s, 0])) as Record<Segment, number>;

/** Each desk user's live customers by segment (active users, and inactive ones still owning some), and the unassigned pool. */
export async function ownersOverview(db: Db) {
  const [counts, users, groups] = await Promise.all([
    db
      .selectFrom('customers')
      .select(['assigned_agent_id', 'segment', sql<number>`count(*)::int`.as('n')])
      .where('merged_into_id', 'is', null)
      .groupBy(['assigned_agent_id', 'segment'])
      .execute(),
    db.selectFrom('users').select(['id', 'display_name', 'active', 'role']).orderBy('id').execute(),
    db.selectFrom('user_groups').select(['user_id', 'group_id']).execute(),
  ]);
  const load = (agentId: number | null) => {
    const bySegment = emptyCounts();
    let total = 0;
    for (const c of counts.filter((c) => c.assigned_agent_id === agentId)) {
      total += Number(c.n);
      if (c.segment in bySegment) bySegment[c.segment as Segment] += Number(c.n);
    }
    return { bySegment, total };
  };
  const agents = users
    .map((u) => ({
      agentId: u.id,
      name: u.display_name,
      active: u.active,
      groupIds: groups.filter((g) => g.user_id === u.id).map((g) => g.group_id),
      desk: DESK_ROLES.includes(u.role as (typeof DESK_ROLES)[number]),
      ...load(u.id),
    }))
    .filter((a) => (a.active && a.desk) || a.total > 0)
    .map(({ desk: _desk, ...a }) => a);
  return { agents, unassigned: { agentId: null, name: null, active: true, groupIds: [], ...load(null) } };
}
