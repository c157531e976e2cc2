import { SEGMENTS, type Segment } from '@kefu/domain';
import type { SegmentOverrideInput } from '@kefu/protocol/api/segments';
import type { z } from 'zod';
import { audit } from '../../audit/audit.ts';
import type { Db, Tx } from '../../db/database.ts';
import { lockVersioned, writeVersioned } from '../../db/versioned.ts';
import type { Principal } from '../../http/context.ts';
import { badRequest, conflict, notFound } from '../../http/errors.ts';
import { refuseMerged } from '../service.ts';

const asSegment = (s: string | null): Segment | null => ((SEGMENTS as readonly string[]).includes(s ?? '') ? (s as Segment) : null);

/** A customer's segment: what everything reads, what the rules give, and a person's override with its reason. */
export async function segmentState(db: Db | Tx, customerId: number) {
  const c = await db
    .selectFrom('customers')
    .leftJoin('users', 'users.id', 'customers.segment_override_by')
    .select([
      'customers.id',
      'customers.segment',
      'customers.segment_computed',
      'customers.segment_override',
      'customers.segment_override_reason',
      'customers.segment_override_at',
      'customers.segment_override_until',
      'customers.version',
      'users.display_name as override_by_name',
    ])
    .where('customers.id', '=', customerId)
    .executeTakeFirst();
  if (!c) throw notFound('customer');
  const override = asSegment(c.segment_override);
  return {
    customerId: c.id,
    segment: asSegment(c.segment) ?? 'regular',
    computed: asSegment(c.segment_computed),
    override: override
      ? {
          segment: override,
          reason: c.segment_override_reason ?? '',
          byName: c.override_by_name,
          at: c.segment_override_at ?? new Date(0),
          until: c.segment_override_until,
        }
      : null,
    version: c.version,
  };
}

/** The segment changes of a customer, newest first. */
export async function segmentHistory(db: Db | Tx, customerId: number, limit = 100) {
  const rows = await db
    .selectFrom('customer_segment_history as h')
    .leftJoin('users', 'users.id', 'h.changed_by')
    .select(['h.id', 'h.from_segment', 'h.to_segment', 'h.rule', 'h.source', 'h.reason', 'h.at', 'users.display_name as by_name'])
    .where('h.customer_id', '=', customerId)
    .orderBy('h.at', 'desc')
    .orderBy('h.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    from: asSegment(r.from_segment),
    to: asSegment(r.to_segment) ?? 'regular',
    rule: r.rule,
    source: r.source,
    byName: r.by_name,
    reason: r.reason,
    at: r.at,
  }));
}

async function record(
  tx: Tx,
  customerId: number,
  from: string,
  to: string,
  source: 'override' | 'override_cleared',
  actor: Principal,
  reason: string | null,
) {
  await tx
    .insertInto('customer_segment_history')
    .values({ customer_id: customerId, from_segment: from, to_segment: to, rule: null, source, changed_by: actor.id, reason })
    .execute();
}

/** A person sets the segment, with a reason; it wins over the rules until `until` (or until cleared). */
export async function setOverride(db: Db, actor: Principal, customerId: number, input: z.output<typeof SegmentOverrideInput>, now = new Date()) {
  if (input.until && input.until.getTime() <= now.getTime()) throw badRequest('body.until', 'must be in the future');
  await db.transaction().execute(async (tx) => {
    const c = await lockVersioned(tx, 'customers', customerId, input.version);
    refuseMerged(c);
    await writeVersioned(tx, 'customers', customerId, {
      segment: input.segment,
      segment_override: input.segment,
      segment_override_reason: input.reason,
      segment_override_by: actor.id,
      segment_override_at: now,
      segment_override_until: input.until ?? null,
      updated_at: now,
    });
    await record(tx, customerId, c.segment, input.segment, 'override', actor, input.reason);
    await audit(tx, {
      actorId: actor.id,
      action: 'customer.segment_override',
      entity: 'customer',
      entityId: customerId,
      detail: { from: c.segment, to: input.segment, reason: input.reason, until: input.until ?? null },
    });
  });
}

/** Clearing the override returns the customer to what the rules give (to `regular` before the first run). */
export async function clearOverride(db: Db, actor: Principal, customerId: number, version: number, now = new Date()) {
  await db.transaction().execute(async (tx) => {
    const c = await lockVersioned(tx, 'customers', customerId, version);
    if (c.segment_override === null) throw conflict('the customer has no segment override');
    const back = c.segment_computed ?? 'regular';
    await writeVersioned(tx, 'customers', customerId, {
      segment: back,
      segment_override: null,
      segment_override_reason: null,
      segment_override_by: null,
      segment_override_at: null,
      segment_override_until: null,
      updated_at: now,
    });
    await record(tx, customerId, c.segment, back, 'override_cleared', actor, null);
    await audit(tx, {
      actorId: actor.id,
      action: 'customer.segment_override_clear',
      entity: 'customer',
      entityId: customerId,
      detail: { from: c.segment, to: back, override: c.segment_override, reason: c.segment_override_reason },
    });
  });
}
