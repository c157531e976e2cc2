import { followUpDayStart, LEAD_ROLES, type FollowUpState } from '@kefu/domain';
import type { FollowUpAssign, FollowUpInput, FollowUpQuery } from '@kefu/protocol/api/follow-ups';
import { randomUUID } from 'node:crypto';
import { sql, type ExpressionBuilder } from 'kysely';
import type { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { Db } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { lockVersioned } from '../db/versioned.ts';
import type { Principal } from '../http/context.ts';
import { badRequest, forbidden, refuse } from '../http/errors.ts';
import { followUpSelect, presentFollowUp } from './presenter.ts';
import { openFollowUp } from './service.ts';

type Query = z.output<typeof FollowUpQuery>;
type Eb = ExpressionBuilder<DB & { f: DB['follow_ups'] }, 'f'>;
const isLead = (p: Principal) => LEAD_ROLES.includes(p.role);

/** Each tab of the queue: due (open, not yet late), overdue, done (any end), pool (nobody's yet). */
function tabWhere(eb: Eb, tab: string, now: Date) {
  if (tab === 'due') return eb.and([eb('f.state', '=', 'open'), eb('f.due_at', '>=', now)]);
  if (tab === 'overdue') return eb.and([eb('f.state', '=', 'open'), eb('f.due_at', '<', now)]);
  if (tab === 'done') return eb('f.state', 'in', ['done', 'unreachable']);
  return eb.and([eb('f.state', '=', 'open'), eb('f.owner_id', 'is', null)]);
}

/** An agent sees their own queue and the pool; supervisors and admins see everyone's, with filters. */
function scoped(db: Db, actor: Principal, q: Query) {
  if (q.scope === 'all' && !isLead(actor)) throw forbidden('only supervisors and admins see every follow-up');
  let s = followUpSelect(db);
  if (q.scope === 'mine' && q.tab !== 'pool') s = s.where('f.owner_id', '=', actor.id);
  if (q.ownerId !== undefined) s = s.where('f.owner_id', '=', q.ownerId);
  if (q.reason) s = s.where('f.reason', '=', q.reason);
  if (q.customerId) s = s.where('f.customer_id', '=', q.customerId);
  if (q.dueFrom) s = s.where('f.due_at', '>=', followUpDayStart(q.dueFrom));
  if (q.dueTo) s = s.where('f.due_at', '<', followUpDayStart(q.dueTo, 1));
  return s;
}

export async function listFollowUps(db: Db, actor: Principal, q: Query, now = new Date()) {
  if (q.dueFrom && q.dueTo && q.dueFrom > q.dueTo) throw badRequest('query.dueTo', 'must not be before dueFrom');
  let list = scoped(db, actor, q);
  if (q.tab) list = list.where((eb) => tabWhere(eb as unknown as Eb, q.tab!, now));
  if (q.state) list = list.where('f.state', '=', q.state as FollowUpState);
  const ordered = q.tab === 'done' ? list.orderBy('f.done_at', 'desc') : list.orderBy('f.due_at', 'asc');
  const [rows, total, counts] = await Promise.all([
    ordered
      .orderBy('f.id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    list
      .clearSelect()
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow(),
    tabCounts(db, actor, q, now),
  ]);
  return { followUps: rows.map((r) => presentFollowUp(r, now)), total: total.n, counts };
}

async function tabCounts(db: Db, actor: Principal, q: Query, now: Date) {
  const count = (tab: string) =>
    scoped(db, actor, { ...q, tab: tab as Query['tab'] })
      .where((eb) => tabWhere(eb as unknown as Eb, tab, now))
      .clearSelect()
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => r.n);
  const [due, overdue, done, pool] = await Promise.all([count('due'), count('overdue'), count('done'), count('pool')]);
  return { due, overdue, done, pool };
}

export async function getFollowUp(db: Db, actor: Principal, id: number) {
  const row = await followUpSelect(db).where('f.id', '=', id).executeTakeFirst();
  if (!row) throw refuse('not_found', 'follow-up not found');
  if (!isLead(actor) && row.owner_id !== actor.id && row.owner_id !== null) throw forbidden('this follow-up is a colleague’s');
  return row;
}

/** A follow-up opened by hand (reason manual), for the agent who opens it unless another owner is named. */
export async function createManualFollowUp(db: Db, actor: Principal, input: z.output<typeof FollowUpInput>, now = new Date()) {
  if (input.dueAt <= now) throw badRequest('body.dueAt', 'must be in the future');
  if (input.ownerId !== undefined && input.ownerId !== actor.id && !isLead(actor))
    throw forbidden('only supervisors and admins give follow-ups to others');
  return db.transaction().execute(async (tx) => {
    const opened = await openFollowUp(
      tx,
      {
        customerId: input.customerId,
        reason: 'manual',
        ownerId: input.ownerId === undefined ? actor.id : input.ownerId,
        dueAt: input.dueAt,
        note: input.note,
        dedupeKey: `manual:${randomUUID()}`,
      },
      now,
    );
    await audit(tx, { actorId: actor.id, action: 'follow_up.create', entity: 'follow_up', entityId: opened!.id });
    return opened!.id;
  });
}

/** An agent takes a follow-up from the pool; a supervisor gives one to someone (or back to the pool). */
export async function claimFollowUp(db: Db, actor: Principal, id: number, version: number) {
  await db.transaction().execute(async (tx) => {
    const f = await lockVersioned(tx, 'follow_ups', id, version);
    if (f.state !== 'open') throw refuse('conflict', 'the follow-up is already done');
    if (f.owner_id !== null) throw refuse('conflict', 'the follow-up already has an owner');
    await tx
      .updateTable('follow_ups')
      .set({ owner_id: actor.id, version: sql<number>`version + 1`, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await audit(tx, { actorId: actor.id, action: 'follow_up.claim', entity: 'follow_up', entityId: id });
  });
}

export async function assignFollowUp(db: Db, actor: Principal, id: number, change: z.output<typeof FollowUpAssign>) {
  await db.transaction().execute(async (tx) => {
    const f = await lockVersioned(tx, 'follow_ups', id, change.version);
    if (f.state !== 'open') throw refuse('conflict', 'the follow-up is already done');
    if (change.ownerId !== null) {
      const u = await tx.selectFrom('users').select(['active', 'role']).where('id', '=', change.ownerId).executeTakeFirst();
      if (!u?.active || !['agent', 'supervisor', 'admin'].includes(u.role)) throw badRequest('body.ownerId', 'no such active desk user');
    }
    await tx
      .updateTable('follow_ups')
      .set({ owner_id: change.ownerId, version: sql<number>`version + 1`, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await audit(tx, {
      actorId: actor.id,
      action: 'follow_up.assign',
      entity: 'follow_up',
      entityId: id,
      detail: { from: f.owner_id, to: change.ownerId },
    });
  });
}
