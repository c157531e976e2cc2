import type { Db } from '../../db/database.ts';

/** Display names of the staff and skill groups a report names, in two small look-ups. */
export async function namesOf(db: Db, ids: { users?: number[]; groups?: number[] }) {
  const [users, groups] = await Promise.all([
    ids.users?.length ? db.selectFrom('users').select(['id', 'display_name as name']).where('id', 'in', ids.users).execute() : [],
    ids.groups?.length ? db.selectFrom('skill_groups').select(['id', 'name']).where('id', 'in', ids.groups).execute() : [],
  ]);
  return { users: new Map(users.map((u) => [u.id, u.name])), groups: new Map(groups.map((g) => [g.id, g.name])) };
}
