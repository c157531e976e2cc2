import { sql } from 'kysely';
import type { Tx } from '../db/database.ts';
import { writeVersioned } from '../db/versioned.ts';
import type { Principal } from '../http/context.ts';
import type { Colleague } from '../users/colleague.ts';
import { writeTimeline } from './timeline.ts';

const DONE_TICKET = ['solved', 'closed'];

/** A leaving agent's open tickets go to the colleague or unassigned, the change on each timeline. */
export async function moveTickets(tx: Tx, actor: Principal, userId: number, to: Colleague | null): Promise<number> {
  const open = await tx
    .selectFrom('tickets')
    .select('id')
    .where('assignee_id', '=', userId)
    .where('status', 'not in', DONE_TICKET)
    .orderBy('id')
    .forUpdate()
    .execute();
  for (const ticket of open) {
    await writeVersioned(tx, 'tickets', ticket.id, { assignee_id: to?.id ?? null, updated_at: sql<Date>`now()` as unknown as Date });
  }
  await writeTimeline(
    tx,
    open.map((ticket) => ({ ticketId: ticket.id, actorId: actor.id, entry: { kind: 'assignee', data: { from: userId, to: to?.id ?? null } } })),
  );
  return open.length;
}
