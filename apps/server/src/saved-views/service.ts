import { LEAD_ROLES } from '@kefu/domain';
import type { TicketViewChange, TicketViewFilters, TicketViewInput } from '@kefu/protocol/api/ticket-views';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { Db, Tx } from '../db/database.ts';
import type { SavedViewsTable } from '../db/schema/saved-views.ts';
import { checkRowVersion, lockRow, nextVersion } from '../db/versioned.ts';
import type { Principal } from '../http/context.ts';
import { badRequest, forbidden, notFound } from '../http/errors.ts';

export type ViewFilters = z.output<typeof TicketViewFilters>;
type Viewer = Pick<Principal, 'id' | 'role'>;
type ViewRow = Selectable<SavedViewsTable>;

/** A view is seen by its owner, or by everyone once shared. */
const sees = (view: Pick<ViewRow, 'shared' | 'owner_id'>, viewer: Viewer) => view.shared || view.owner_id === viewer.id;

/** Shared views are the team's: only supervisors and admins share, change or delete them; a private view is its owner's. */
export const mayEdit = (view: Pick<ViewRow, 'shared' | 'owner_id'>, viewer: Viewer) =>
  view.shared ? LEAD_ROLES.includes(viewer.role) : view.owner_id === viewer.id;

function refuseSharing(viewer: Viewer) {
  if (!LEAD_ROLES.includes(viewer.role)) throw forbidden('only supervisors and admins share views with the team');
}

/** The shared views, then the viewer's own, oldest first, with their owners' names. */
export async function listViews(db: Db | Tx, viewer: Viewer, id?: number) {
  let q = db
    .selectFrom('saved_views')
    .leftJoin('users', 'users.id', 'saved_views.owner_id')
    .selectAll('saved_views')
    .select('users.display_name as owner_name')
    .where((eb) => eb.or([eb('saved_views.shared', '=', true), eb('saved_views.owner_id', '=', viewer.id)]));
  if (id !== undefined) q = q.where('saved_views.id', '=', id);
  return q.orderBy('saved_views.shared', 'desc').orderBy('saved_views.id').execute();
}

/** A name is used once among the shared views, and once among each person's own. */
async function refuseTakenName(tx: Tx, viewer: Viewer, name: string, shared: boolean, exceptId: number | null) {
  let q = tx.selectFrom('saved_views').select('id').where('name', '=', name).where('shared', '=', shared);
  if (!shared) q = q.where('owner_id', '=', viewer.id);
  if (exceptId !== null) q = q.where('id', '<>', exceptId);
  if (await q.executeTakeFirst()) throw badRequest('body.name', shared ? 'a shared view has this name' : 'you have a view with this name');
}

export async function createView(db: Db, actor: Principal, input: z.output<typeof TicketViewInput>) {
  if (input.shared) refuseSharing(actor);
  return db.transaction().execute(async (tx) => {
    await refuseTakenName(tx, actor, input.name, input.shared, null);
    const row = await tx
      .insertInto('saved_views')
      .values({ name: input.name, owner_id: actor.id, shared: input.shared, filters: JSON.stringify(input.filters) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(tx, { actorId: actor.id, action: 'ticket_view.create', entity: 'saved_view', entityId: row.id, detail: { shared: input.shared } });
    return row.id;
  });
}

/** Locks a view the actor may change: one they cannot see is not found, one they may only read is forbidden. */
async function lockEditable(tx: Tx, actor: Principal, id: number, version: number | undefined) {
  const view = await lockRow(tx, 'saved_views', id);
  if (!sees(view, actor)) throw notFound('ticket view');
  if (!mayEdit(view, actor)) throw forbidden('only supervisors and admins change the team’s shared views');
  if (version !== undefined) checkRowVersion('saved_views', view, version);
  return view;
}

export async function changeView(db: Db, actor: Principal, id: number, change: z.output<typeof TicketViewChange>) {
  await db.transaction().execute(async (tx) => {
    const view = await lockEditable(tx, actor, id, change.version);
    const shared = change.shared ?? view.shared;
    if (shared && !view.shared) refuseSharing(actor);
    if (change.name !== undefined || shared !== view.shared) await refuseTakenName(tx, actor, change.name ?? view.name, shared, id);
    await tx
      .updateTable('saved_views')
      .set({
        ...(change.name !== undefined && { name: change.name }),
        ...(change.filters !== undefined && { filters: JSON.stringify(change.filters) }),
        shared,
        // A view kefu set up has no owner; un-shared, it becomes the private view of whoever un-shared it.
        ...(!shared && view.owner_id === null && { owner_id: actor.id }),
        version: nextVersion(),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await audit(tx, { actorId: actor.id, action: 'ticket_view.change', entity: 'saved_view', entityId: id, detail: { shared } });
  });
}

export async function deleteView(db: Db, actor: Principal, id: number, version: number | undefined) {
  await db.transaction().execute(async (tx) => {
    const view = await lockEditable(tx, actor, id, version);
    await tx.deleteFrom('saved_views').where('id', '=', id).execute();
    await audit(tx, {
      actorId: actor.id,
      action: 'ticket_view.delete',
      entity: 'saved_view',
      entityId: id,
      detail: { name: view.name, shared: view.shared },
    });
  });
}
