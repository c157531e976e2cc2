import { sql } from 'kysely';
import { audit } from '../audit/audit.ts';
import type { Db, Tx } from '../db/database.ts';
import { nextVersion } from '../db/versioned.ts';
import type { Principal } from '../http/context.ts';
import { badRequest } from '../http/errors.ts';
import { openFirstContacts } from './first-contact.ts';
import { assertAgent } from './service.ts';

/** Gives live customers a new owner (专属客服), or none; each file's version moves on. The ids that changed hands. */
async function setOwner(tx: Tx, which: { ids: readonly number[] } | { owner: number }, agentId: number | null) {
  if ('ids' in which && which.ids.length === 0) return [];
  const rows = await tx
    .updateTable('customers')
    .set({ assigned_agent_id: agentId, version: nextVersion(), updated_at: sql<Date>`now()` as unknown as Date })
    .where((eb) => ('ids' in which ? eb('id', 'in', which.ids) : eb('assigned_agent_id', '=', which.owner)))
    .where('merged_into_id', 'is', null)
    .where((eb) => (agentId === null ? eb('assigned_agent_id', 'is not', null) : eb('assigned_agent_id', 'is distinct from', agentId)))
    .returning(['id'])
    .execute();
  return rows.map((r) => r.id);
}

/** A supervisor hands the selected customers to one agent (or takes them off everyone, with `null`). */
export async function assignCustomers(db: Db, actor: Principal, customerIds: readonly number[], agentId: number | null) {
  return db.transaction().execute(async (tx) => {
    await assertAgent(tx, agentId, 'body.agentId');
    const known = await tx.selectFrom('customers').select('id').where('id', 'in', customerIds).execute();
    const missing = customerIds.filter((id) => !known.some((k) => k.id === id));
    if (missing.length) throw badRequest('body.customerIds', `no customer ${missing.slice(0, 5).join(', ')}`);
    const changed = await setOwner(tx, { ids: [...new Set(customerIds)] }, agentId);
    for (const id of changed)
      await audit(tx, { actorId: actor.id, action: 'customer.assign', entity: 'customer', entityId: id, detail: { assignedAgentId: agentId } });
    if (agentId !== null)
      await openFirstContacts(
        tx,
        changed.map((customerId) => ({ customerId, toAgentId: agentId })),
      );
    return changed.length;
  });
}

/** Every customer of one agent goes to another (a departure, a rebalance); the source need not be active any more. */
export async function reassignCustomers(db: Db, actor: Principal, fromAgentId: number, toAgentId: number) {
  if (fromAgentId === toAgentId) throw badRequest('body.toAgentId', 'must differ from fromAgentId');
  return db.transaction().execute(async (tx) => {
    const from = await tx.selectFrom('users').select('id').where('id', '=', fromAgentId).executeTakeFirst();
    if (!from) throw badRequest('body.fromAgentId', 'no such user');
    await assertAgent(tx, toAgentId, 'body.toAgentId');
    return (await moveCustomersOf(tx, actor.id, fromAgentId, toAgentId)).length;
  });
}

/**
 * In the caller's transaction, gives every live customer of `fromAgentId` to `toAgentId` (or to nobody), audited
 * once with the ids that moved; for a caller that checked the new owner itself (a deactivation's handover).
 */
export async function moveCustomersOf(tx: Tx, actorId: number | null, fromAgentId: number, toAgentId: number | null) {
  const changed = await setOwner(tx, { owner: fromAgentId }, toAgentId);
  await audit(tx, { actorId, action: 'customer.reassign', entity: 'user', entityId: fromAgentId, detail: { toAgentId, customerIds: changed } });
  if (toAgentId !== null)
    await openFirstContacts(
      tx,
      changed.map((customerId) => ({ customerId, toAgentId })),
    );
  return changed;
}
