import { dueTimeFlags, nextCheckAt, type OrderStatus } from '@kefu/domain';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

/**
 * Applies the time rules to the orders whose check has come due (an indexed timestamp, so the sweep reads
 * only those): raises "not confirmed in 30 minutes" and "not shipped in 48 hours", then schedules each
 * order's next look. Batches lock with SKIP LOCKED, so several processes may sweep at once.
 */
export async function sweepOrderChecks(db: Db, now = new Date(), batchSize = 5000): Promise<{ looked: number; raised: number }> {
  let looked = 0;
  let raised = 0;
  for (;;) {
    const batch = await db.transaction().execute(async (tx) => {
      const due = await tx
        .selectFrom('orders')
        .select(['id', 'status', 'created_at', 'confirmed_at', 'paid_at', 'shipped_at'])
        .where('next_check_at', '<=', now)
        .orderBy('next_check_at')
        .limit(batchSize)
        .forUpdate()
        .skipLocked()
        .execute();
      if (due.length === 0) return { looked: 0, raised: 0 };
      const orders = due.map((o) => ({
        id: o.id,
        status: o.status as OrderStatus,
        createdAt: o.created_at,
        confirmedAt: o.confirmed_at,
        paidAt: o.paid_at,
        shippedAt: o.shipped_at,
      }));
      const flags = orders.flatMap((o) => dueTimeFlags(o, now).map((f) => ({ order_id: o.id, kind: f.kind, detail: JSON.stringify(f.detail) })));
      const inserted = flags.length
        ? await tx
            .insertInto('order_flags')
            .values(flags)
            .onConflict((oc) => oc.columns(['order_id', 'kind']).doNothing())
            .returning('id')
            .execute()
        : [];
      const next = orders.map((o) => ({ id: o.id, at: nextCheckAt(o, now)?.toISOString() ?? null }));
      await sql`update orders set next_check_at = v.at from
        (select unnest(${next.map((n) => n.id)}::int[]) as id, unnest(${next.map((n) => n.at)}::timestamptz[]) as at) v
        where orders.id = v.id`.execute(tx);
      return { looked: due.length, raised: inserted.length };
    });
    looked += batch.looked;
    raised += batch.raised;
    if (batch.looked < batchSize) return { looked, raised };
  }
}
