import { policyOverlaps } from '@kefu/domain';
import type { SlaPolicyInput } from '@kefu/protocol/api/sla';
import type { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { Db, Tx } from '../db/database.ts';
import { lockVersioned } from '../db/versioned.ts';
import { badRequest, notFound } from '../http/errors.ts';
import { forgetPolicies, readPolicies, targetsByMetric } from './policies.ts';

export type PolicyInput = z.output<typeof SlaPolicyInput>;

const columns = (p: PolicyInput) => ({
  name: p.name,
  enabled: p.enabled,
  position: p.position,
  match: JSON.stringify(p.match),
  hours: JSON.stringify(p.hours),
  pause_on_customer: p.pauseOnCustomer,
  warn_at_percent: p.warnAtPercent,
  targets: JSON.stringify(targetsByMetric(p.targets)),
  on_breach: JSON.stringify(p.onBreach),
});

/** Refuses a policy that overlaps another so that one of its targets would never apply, or names what is missing. */
async function checkPolicy(tx: Tx, id: number, input: PolicyInput): Promise<void> {
  const reassign = input.onBreach.reassign;
  if (reassign && 'groupId' in reassign && !(await tx.selectFrom('skill_groups').select('id').where('id', '=', reassign.groupId).executeTakeFirst()))
    throw badRequest('body.onBreach.reassign.groupId', 'no such skill group');
  if (
    reassign &&
    'userId' in reassign &&
    !(await tx.selectFrom('users').select('id').where('id', '=', reassign.userId).where('active', '=', true).executeTakeFirst())
  )
    throw badRequest('body.onBreach.reassign.userId', 'no such active user');
  const problem = policyOverlaps(await readPolicies(tx), { ...input, id, targets: targetsByMetric(input.targets) });
  if (problem) throw badRequest(`body.${problem.field}`, problem.message);
}

export async function createPolicy(db: Db, actorId: number, input: PolicyInput) {
  const row = await db.transaction().execute(async (tx) => {
    await tx.selectFrom('sla_policies').select('id').forUpdate().execute(); // one policy change at a time
    await checkPolicy(tx, -1, input);
    const created = await tx.insertInto('sla_policies').values(columns(input)).returningAll().executeTakeFirstOrThrow();
    await audit(tx, { actorId, action: 'sla_policy.create', entity: 'sla_policy', entityId: created.id, detail: { policy: input } });
    return created;
  });
  forgetPolicies(db);
  return row;
}

export async function updatePolicy(db: Db, actorId: number, id: number, input: PolicyInput, version: number) {
  const row = await db.transaction().execute(async (tx) => {
    await tx.selectFrom('sla_policies').select('id').forUpdate().execute();
    const before = await lockVersioned(tx, 'sla_policies', id, version);
    await checkPolicy(tx, id, input);
    const updated = await tx
      .updateTable('sla_policies')
      .set({ ...columns(input), version: before.version + 1, updated_at: new Date() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(tx, {
      actorId,
      action: 'sla_policy.update',
      entity: 'sla_policy',
      entityId: id,
      detail: { before: { ...before, version: undefined }, after: input },
    });
    return updated;
  });
  forgetPolicies(db);
  return row;
}

/** Running clocks of a deleted policy keep their due times (they fall back to around the clock if paused). */
export async function deletePolicy(db: Db, actorId: number, id: number, version: number) {
  await db.transaction().execute(async (tx) => {
    const before = await lockVersioned(tx, 'sla_policies', id, version);
    await tx.deleteFrom('sla_policies').where('id', '=', id).execute();
    await audit(tx, { actorId, action: 'sla_policy.delete', entity: 'sla_policy', entityId: id, detail: { name: before.name } });
  });
  forgetPolicies(db);
}

export async function policyRows(db: Db) {
  return db.selectFrom('sla_policies').selectAll().orderBy('position').orderBy('id').execute();
}

export async function policyRow(db: Db, id: number) {
  const row = await db.selectFrom('sla_policies').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('service-level policy');
  return row;
}
