import { LEAD_ROLES, outcomeEffect } from '@kefu/domain';
import type { FollowUpOutcomeInput } from '@kefu/protocol/api/follow-ups';
import { sql } from 'kysely';
import type { z } from 'zod';
import { audit } from '../audit/audit.ts';
import type { Db } from '../db/database.ts';
import { lockVersioned } from '../db/versioned.ts';
import type { Principal } from '../http/context.ts';
import { badRequest, conflict, forbidden } from '../http/errors.ts';
import { restartClocks, stopClocks } from '../sla/clock.ts';
import { createTicket } from '../tickets/service.ts';
import { followUpRef, planFollowUpClock } from './service.ts';

const REASON_TITLES: Record<string, string> = {
  delivered: '签收回访',
  case_solved: '问题解决回访',
  large_order: '大额订单回访',
  vip_order: 'VIP 订单回访',
  low_score: '低分回访',
  new_owner: '首次联系',
  review: '评价回访',
  holiday: '节日回访',
  manual: '回访',
};

/**
 * What came of a follow-up, recorded once: reached and fine; reached with a problem, which opens a ticket linked to
 * it; not reachable, which schedules the next try until the attempts run out. Based on the version the agent saw
 * (409 when someone moved it meanwhile); the clock stops when it ends, and starts again for a next try.
 */
export async function recordOutcome(db: Db, actor: Principal, id: number, input: z.output<typeof FollowUpOutcomeInput>, now = new Date()) {
  if (input.outcome === 'problem' && !input.note && !input.ticketSubject) throw badRequest('body.note', 'say what the problem is');
  return db.transaction().execute(async (tx) => {
    const f = await lockVersioned(tx, 'follow_ups', id, input.version);
    if (!LEAD_ROLES.includes(actor.role) && f.owner_id !== null && f.owner_id !== actor.id) throw forbidden('this follow-up is a colleague’s');
    if (f.state !== 'open') throw conflict('the outcome of this follow-up is already recorded', { state: f.state });
    const effect = outcomeEffect(input.outcome, f.attempts, now);
    let ticketId: number | null = null;
    if (effect.opensTicket) {
      const title = input.ticketSubject ?? `${REASON_TITLES[f.reason] ?? '回访'}发现问题：${input.note}`.slice(0, 200);
      // The ticket is opened in this transaction: a follow-up is never done without the ticket its problem asked for.
      const ticket = await createTicket(tx as unknown as Db, actor, {
        type: input.ticketType,
        subject: title,
        description: input.note,
        customerId: f.customer_id,
        orderId: f.subject_kind === 'order' ? f.subject_id : null,
        assigneeId: actor.id,
        channel: 'phone',
        tags: ['回访'],
      });
      ticketId = ticket.id;
    }
    const ref = followUpRef(id);
    if (effect.nextDueAt) {
      const clock = await planFollowUpClock(tx, f.customer_id, now, effect.nextDueAt);
      if (clock) await restartClocks(tx, ref, null, [clock], now);
    } else {
      await stopClocks(tx, ref, 'met', ['follow_up'], now);
    }
    const final = effect.state !== 'open';
    await tx
      .updateTable('follow_ups')
      .set({
        state: effect.state,
        attempts: effect.attempts,
        owner_id: f.owner_id ?? actor.id,
        outcome: final ? input.outcome : null,
        outcome_note: input.note,
        ticket_id: ticketId,
        due_at: effect.nextDueAt ?? f.due_at,
        done_at: final ? now : null,
        done_by: final ? actor.id : null,
        version: sql<number>`version + 1`,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    await audit(tx, {
      actorId: actor.id,
      action: 'follow_up.outcome',
      entity: 'follow_up',
      entityId: id,
      detail: { outcome: input.outcome, attempt: effect.attempts, ticketId },
    });
    return { ticketId };
  });
}
