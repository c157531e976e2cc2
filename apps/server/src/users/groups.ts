import { audit } from '../audit/audit.ts';
import type { Db, Tx } from '../db/database.ts';
import type { Principal } from '../http/context.ts';
import { badRequest, conflict, notFound } from '../http/errors.ts';

/**
 * Routing sends complaints and upset shoppers to the group of this name (conversations/routing.ts
 * routeToAfterSales): it can be neither renamed nor deleted, or that routing would silently stop.
 */
export const AFTER_SALES_GROUP = '售后';

export async function listGroups(db: Db) {
  return db.selectFrom('skill_groups').select(['id', 'name']).orderBy('id').execute();
}

export async function createGroup(db: Db, actor: Principal, name: string) {
  return db.transaction().execute(async (tx) => {
    const group = await tx.insertInto('skill_groups').values({ name }).returning(['id', 'name']).executeTakeFirstOrThrow();
    await audit(tx, { actorId: actor.id, action: 'group.create', entity: 'skill_group', entityId: group.id, detail: { name } });
    return group;
  });
}

async function lockGroup(tx: Tx, id: number) {
  const group = await tx.selectFrom('skill_groups').select(['id', 'name']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!group) throw notFound('skill group');
  return group;
}

export async function renameGroup(db: Db, actor: Principal, id: number, name: string) {
  return db.transaction().execute(async (tx) => {
    const group = await lockGroup(tx, id);
    if (group.name === name) return group;
    if (group.name === AFTER_SALES_GROUP) throw conflict(`routing sends complaints to the group named ${AFTER_SALES_GROUP}; it keeps its name`);
    const renamed = await tx.updateTable('skill_groups').set({ name }).where('id', '=', id).returning(['id', 'name']).executeTakeFirstOrThrow();
    await audit(tx, { actorId: actor.id, action: 'group.rename', entity: 'skill_group', entityId: id, detail: { from: group.name, to: name } });
    return renamed;
  });
}

/**
 * Deletes a group nothing refers to. A group that conversations, tickets or a shop's widget still name is kept
 * (409): their history would lose where it was routed; rename it instead.
 */
export async function deleteGroup(db: Db, actor: Principal, id: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const group = await lockGroup(tx, id);
    if (group.name === AFTER_SALES_GROUP) throw conflict(`routing sends complaints to the group named ${AFTER_SALES_GROUP}; it cannot be deleted`);
    const [conversations, tickets, shops] = await Promise.all([
      tx.selectFrom('conversations').select('id').where('group_id', '=', id).limit(1).execute(),
      tx.selectFrom('tickets').select('id').where('group_id', '=', id).limit(1).execute(),
      tx.selectFrom('shops').select('id').where('default_group_id', '=', id).limit(1).execute(),
    ]);
    if (conversations.length || tickets.length || shops.length) {
      throw conflict('conversations, tickets or a shop still refer to this group; rename it instead', {
        inUse: { conversations: conversations.length > 0, tickets: tickets.length > 0, shops: shops.length > 0 },
      });
    }
    await tx.deleteFrom('skill_groups').where('id', '=', id).execute();
    await audit(tx, { actorId: actor.id, action: 'group.delete', entity: 'skill_group', entityId: id, detail: { name: group.name } });
  });
}

async function groupMembers(db: Db | Tx, id: number) {
  const rows = await db.selectFrom('user_groups').select('user_id').where('group_id', '=', id).orderBy('user_id').execute();
  return rows.map((r) => r.user_id);
}

export async function groupWithMembers(db: Db, id: number) {
  const group = await db.selectFrom('skill_groups').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
  if (!group) throw notFound('skill group');
  return { group, memberIds: await groupMembers(db, id) };
}

/** Adds (`member` true) or removes a user; doing what is already so changes nothing and is not audited. */
export async function setMembership(db: Db, actor: Principal, groupId: number, userId: number, member: boolean) {
  return db.transaction().execute(async (tx) => {
    const group = await lockGroup(tx, groupId);
    const user = await tx.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
    if (!user) throw member ? badRequest('body.userId', 'no such user') : notFound('user');
    const changed = member
      ? await tx
          .insertInto('user_groups')
          .values({ user_id: userId, group_id: groupId })
          .onConflict((oc) => oc.doNothing())
          .returning('user_id')
          .execute()
      : await tx.deleteFrom('user_groups').where('user_id', '=', userId).where('group_id', '=', groupId).returning('user_id').execute();
    if (changed.length) {
      await audit(tx, {
        actorId: actor.id,
        action: member ? 'group.add_member' : 'group.remove_member',
        entity: 'skill_group',
        entityId: groupId,
        detail: { userId },
      });
    }
    return { group, memberIds: await groupMembers(tx, groupId) };
  });
}
