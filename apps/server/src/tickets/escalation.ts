import { LEAD_ROLES, maskContactsInText, servesShopper, type Role } from '@kefu/domain';
import { ESCALATION_LEVELS, EXTERNAL_LEVELS } from '@kefu/protocol/api/sla';
import { sql } from 'kysely';
import { audit } from '../audit/audit.ts';
import type { Db, Tx } from '../db/database.ts';
import type { Principal } from '../http/context.ts';
import { forbidden, notFound, refuse } from '../http/errors.ts';
import { latestEscalations } from '../sla/board.ts';
import type { EscalationRow } from '../sla/presenter.ts';
import { writeTimeline, type TimelineRow } from './timeline.ts';

export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

/** Levels in order: the ticket keeps the highest it reached. */
const rank = (level: string | null) => (level ? ESCALATION_LEVELS.indexOf(level as EscalationLevel) : -1);

/** Escalated work is at least this urgent. */
const ESCALATED_PRIORITY = 'high';

/**
 * Escalation is an act with a reason (DOMAIN.md §4: what exceeds the agent's authority): an agent hands the case to a
 * supervisor; supervisors and admins escalate to any level, including outside the shop (platform arbitration 平台介入,
 * 12315 / a regulator, the media), which counts as external in the escalation rate. In one transaction: the
 * escalation, the ticket's highest level, its priority raised to at least high, the timeline and the audit.
 */
export async function escalateTicket(db: Db, actor: Principal, ticketId: number, input: { level: EscalationLevel; reason: string }) {
  if (!LEAD_ROLES.includes(actor.role) && input.level !== 'supervisor')
    throw forbidden('agents escalate to a supervisor; a supervisor or an admin escalates further');
  return db.transaction().execute(async (tx) => {
    const ticket = await tx
      .selectFrom('tickets')
      .select(['id', 'number', 'status', 'priority', 'escalation_level'])
      .where('id', '=', ticketId)
      .forUpdate()
      .executeTakeFirst();
    if (!ticket) throw notFound('ticket');
    if (ticket.status === 'closed') throw refuse('conflict', 'the ticket is closed (archived): reopen it before escalating it');
    const external = EXTERNAL_LEVELS.includes(input.level);
    const escalation = await tx
      .insertInto('ticket_escalations')
      .values({ ticket_id: ticketId, level: input.level, external, reason: input.reason, actor_id: actor.id })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    const level = rank(input.level) > rank(ticket.escalation_level) ? input.level : ticket.escalation_level;
    const raise = ticket.priority === 'low' || ticket.priority === 'normal';
    await tx
      .updateTable('tickets')
      .set({
        escalation_level: level,
        ...(raise && { priority: ESCALATED_PRIORITY }),
        version: sql<number>`version + 1`,
        updated_at: sql<Date>`now()` as unknown as Date,
      })
      .where('id', '=', ticketId)
      .execute();
    const entries: TimelineRow[] = [
      {
        ticketId,
        actorId: actor.id,
        entry: { kind: 'escalated', data: { escalationId: escalation.id, level: input.level, external }, body: input.reason },
      },
    ];
    if (raise) entries.push({ ticketId, actorId: actor.id, entry: { kind: 'priority', data: { from: ticket.priority, to: ESCALATED_PRIORITY } } });
    await writeTimeline(tx, entries);
    await audit(tx, {
      actorId: actor.id,
      action: 'ticket.escalate',
      entity: 'ticket',
      entityId: ticketId,
      detail: { escalationId: escalation.id, level: input.level, external },
    });
    const row: EscalationRow = {
      id: escalation.id,
      ticket_id: ticketId,
      number: ticket.number,
      level: input.level,
      external,
      reason: input.reason,
      actor_id: actor.id,
      actor_name: actor.displayName,
      created_at: escalation.created_at,
    };
    return row;
  });
}

/** The ticket's escalations, newest first, as `viewer` may see them (contacts in the reasons masked outside the desk). */
export async function ticketEscalations(db: Db | Tx, ticketId: number, viewer: { role: Role }) {
  const escalations = await latestEscalations(db as Db, 200, ticketId);
  if (servesShopper(viewer.role)) return escalations;
  return escalations.map((e) => ({ ...e, reason: maskContactsInText(e.reason) ?? '' }));
}
