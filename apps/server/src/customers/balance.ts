import { balanceOwners, DESK_ROLES, type BalanceOptions, type OwnerMove, type Segment } from '@kefu/domain';
import { sql } from 'kysely';
import { audit } from '../audit/audit.ts';
import type { Db, Tx } from '../db/database.ts';
import { nextVersion } from '../db/versioned.ts';
import type { Principal } from '../http/context.ts';
import { badRequest } from '../http/errors.ts';
import { openFirstContacts } from './first-contact.ts';
import { filteredCustomers } from './service.ts';

/** At most this many customers are balanced at once; a larger selection is refused with a hint to narrow it. */
export const BALANCE_MAX_CUSTOMERS = 5000;

export interface BalanceRequest {
  customerIds?: number[];
  segment?: Segment;
  tag?: string;
  unassigned?: boolean;
  agentIds?: number[];
  groupId?: number;
  rebalance?: boolean;
  segmentGroups?: Partial<Record<Segment, number>>;
}

/** The customers a supervisor picked: a selection of ids, or a filter (segment, tag, only those without an owner). */
async function pickedCustomers(db: Db | Tx, r: BalanceRequest) {
  let q = filteredCustomers(db as Db, { segment: r.segment, tag: r.tag });
  if (r.customerIds) q = q.where('customers.id', 'in', r.customerIds.length ? r.customerIds : [0]);
  if (r.unassigned) q = q.where('customers.assigned_agent_id', 'is', null);
  const rows = await q
    .select(['customers.id', 'customers.segment', 'customers.assigned_agent_id'])
    .orderBy('customers.id')
    .limit(BALANCE_MAX_CUSTOMERS + 1)
    .execute();
  if (rows.length > BALANCE_MAX_CUSTOMERS) throw badRequest('body', `more than ${BALANCE_MAX_CUSTOMERS} customers: narrow the selection`);
  return rows.map((c) => ({ id: c.id, segment: c.segment, ownerId: c.assigned_agent_id }));
}

/** The chosen agents (by id, or every member of a skill group): active desk users with their load and groups. */
async function chosenAgents(db: Db | Tx, r: BalanceRequest, field = 'body.agentIds') {
  let q = db.selectFrom('users').select(['users.id', 'users.display_name']).where('active', '=', true).where('role', 'in', DESK_ROLES);
  if (r.agentIds) q = q.where('users.id', 'in', r.agentIds.length ? r.agentIds : [0]);
  if (r.groupId) q = q.where('users.id', 'in', db.selectFrom('user_groups').select('user_id').where('group_id', '=', r.groupId));
  const users = await q.orderBy('users.id').execute();
  const missing = (r.agentIds ?? []).filter((id) => !users.some((u) => u.id === id));
  if (missing.length) throw badRequest(field, `no active agent ${missing.join(', ')}`);
  if (users.length === 0) throw badRequest(r.groupId ? 'body.groupId' : field, 'no active agent to assign to');
  const ids = users.map((u) => u.id);
  const [loads, groups] = await Promise.all([
    db
      .selectFrom('customers')
      .select(['assigned_agent_id', sql<number>`count(*)::int`.as('n')])
      .where('assigned_agent_id', 'in', ids)
      .where('merged_into_id', 'is', null)
      .groupBy('assigned_agent_id')
      .execute(),
    db.selectFrom('user_groups').select(['user_id', 'group_id']).where('user_id', 'in', ids).execute(),
  ]);
  return users.map((u) => ({
    id: u.id,
    name: u.display_name,
    load: Number(loads.find((l) => l.assigned_agent_id === u.id)?.n ?? 0),
    groupIds: groups.filter((g) => g.user_id === u.id).map((g) => g.group_id),
  }));
}

async function plan(db: Db | Tx, r: BalanceRequest) {
  if (!r.agentIds && !r.groupId) throw badRequest('body.agentIds', 'choose agents or a skill group');
  const [customers, agents] = await Promise.all([pickedCustomers(db, r), chosenAgents(db, r)]);
  const options: BalanceOptions = { rebalance: r.rebalance, segmentGroups: r.segmentGroups };
  return { customers, agents, result: balanceOwners(customers, agents, options) };
}

function answer(p: Awaited<ReturnType<typeof plan>>, followUps: number) {
  return {
    customers: p.customers.length,
    kept: p.result.kept,
    moved: p.result.moves.length,
    loads: p.result.loads.map((l) => ({ ...l, name: p.agents.find((a) => a.id === l.agentId)!.name })),
    moves: p.result.moves.slice(0, 200),
    followUps,
  };
}

/** Who would get how many, nothing written. */
export async function previewBalance(db: Db, r: BalanceRequest) {
  return answer(await plan(db, r), 0);
}

/** Writes the new owners: one update per receiving agent, each customer's version moving on. */
async function writeOwners(tx: Tx, moves: readonly OwnerMove[]) {
  const byAgent = new Map<number, OwnerMove[]>();
  for (const m of moves) byAgent.set(m.toAgentId, [...(byAgent.get(m.toAgentId) ?? []), m]);
  for (const [agentId, some] of byAgent)
    await tx
      .updateTable('customers')
      .set({ assigned_agent_id: agentId, version: nextVersion(), updated_at: sql<Date>`now()` as unknown as Date })
      .where(
        'id',
        'in',
        some.map((m) => m.customerId),
      )
      .execute();
}

/**
 * Plans again inside one transaction (one balancing at a time) and applies it: new owners, an audit row per
 * customer that changed hands (as a one-by-one assignment writes), a first-contact follow-up for each.
 */
export async function applyBalance(db: Db, actor: Principal, r: BalanceRequest) {
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext(current_schema() || '.customer-owners'))`.execute(tx);
    const p = await plan(tx, r);
    await writeOwners(tx, p.result.moves);
    for (const m of p.result.moves)
      await audit(tx, {
        actorId: actor.id,
        action: 'customer.assign',
        entity: 'customer',
        entityId: m.customerId,
        detail: { assignedAgentId: m.toAgentId, fromAgentId: m.fromAgentId, balanced: true },
      });
    return answer(p, await openFirstContacts(tx, p.result.moves));
  });
}

/**
 * An agent leaves: their customers are spread over the chosen colleagues by the same balancing, each colleague's
 * load counted; audited on the leaving user, like the one-colleague handover.
 */
export async function spreadCustomersOf(
  db: Db,
  actor: Principal,
  fromAgentId: number,
  r: Pick<BalanceRequest, 'agentIds' | 'groupId' | 'segmentGroups'>,
  apply: boolean,
) {
  if (r.agentIds?.includes(fromAgentId)) throw badRequest('body.agentIds', 'must not include the agent who leaves');
  const run = async (q: Db | Tx) => {
    const from = await q.selectFrom('users').select('id').where('id', '=', fromAgentId).executeTakeFirst();
    if (!from) throw badRequest('body.fromAgentId', 'no such user');
    const rows = await q
      .selectFrom('customers')
      .select(['id', 'segment'])
      .where('assigned_agent_id', '=', fromAgentId)
      .where('merged_into_id', 'is', null)
      .orderBy('id')
      .execute();
    const agents = (await chosenAgents(q, r)).filter((a) => a.id !== fromAgentId);
    if (agents.length === 0) throw badRequest('body.agentIds', 'no colleague to take the customers');
    const customers = rows.map((c) => ({ id: c.id, segment: c.segment, ownerId: null }));
    const result = balanceOwners(customers, agents, { segmentGroups: r.segmentGroups });
    const moves = result.moves.map((m) => ({ ...m, fromAgentId }));
    return { customers, agents, result: { ...result, moves } };
  };
  if (!r.agentIds && !r.groupId) throw badRequest('body.agentIds', 'choose colleagues or a skill group');
  if (!apply) return answer(await run(db), 0);
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext(current_schema() || '.customer-owners'))`.execute(tx);
    const p = await run(tx);
    await writeOwners(tx, p.result.moves);
    await audit(tx, {
      actorId: actor.id,
      action: 'customer.reassign',
      entity: 'user',
      entityId: fromAgentId,
      detail: { spread: true, moves: p.result.moves.map((m) => [m.customerId, m.toAgentId]) },
    });
    return answer(p, await openFirstContacts(tx, p.result.moves));
  });
}
