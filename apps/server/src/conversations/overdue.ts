import { sql } from 'kysely';
import type { Hub } from '../chat/hub.ts';
import type { Db } from '../db/database.ts';

/**
 * Flags conversations whose shopper has waited past the response target, once per wait, to their agent and the
 * supervisors. Safe in several processes: a flagged row is skipped, a locked one left to the process holding it.
 */
export async function flagOverdue(db: Db, hub: Hub, responseTargetSeconds: number): Promise<number> {
  const due = await db.transaction().execute(async (tx) => {
    const rows = await tx
      .selectFrom('conversations')
      .select(['id', 'agent_id', 'waiting_since'])
      .where('status', '<>', 'closed')
      .where('overdue_flagged_at', 'is', null)
      .where('waiting_since', '<', sql<Date>`now() - make_interval(secs => ${responseTargetSeconds})`)
      .forUpdate()
      .skipLocked()
      .limit(500)
      .execute();
    if (rows.length)
      await tx
        .updateTable('conversations')
        .set({ overdue_flagged_at: new Date() })
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
    return rows;
  });
  for (const r of due) {
    const frame = { type: 'overdue' as const, conversationId: r.id, waitingSeconds: Math.round((Date.now() - r.waiting_since!.getTime()) / 1000) };
    if (r.agent_id) hub.toAgent(r.agent_id, frame);
    hub.toSupervisors(frame);
  }
  return due.length;
}
