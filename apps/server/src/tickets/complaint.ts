import type { RootCause } from '@kefu/domain';
import { sql } from 'kysely';
import { audit } from '../audit/audit.ts';
import type { Db } from '../db/database.ts';
import { lockVersioned, writeVersioned } from '../db/versioned.ts';
import type { Principal } from '../http/context.ts';
import { badRequest, refuse } from '../http/errors.ts';
import { feedbackGiven } from './clocks.ts';
import { writeTimelineEntry } from './timeline.ts';

export type ComplaintStepInput =
  | { step: 'solution'; text: string; version: number }
  | { step: 'confirmed'; version: number }
  | { step: 'unconfirmed'; reason: string; version: number }
  | { step: 'root_cause'; rootCause: RootCause; productId: number | null; version: number };

/**
 * A step of the complaint loop (DOMAIN.md §4), version-checked like every ticket edit: the solution proposed (the
 * complaint's first feedback, if no reply gave it yet; a new solution asks the shopper again), the shopper's
 * confirmation that it is solved, the reason it is closed without one, and the root cause with the product concerned.
 * Each is a `complaint` entry on the timeline and audited. Solving and closing check what they need (service.ts).
 */
export async function recordComplaintStep(db: Db, actor: Principal, ticketId: number, input: ComplaintStepInput): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const ticket = await lockVersioned(tx, 'tickets', ticketId, input.version);
    if (ticket.type !== 'complaint') throw refuse('invalid_transition', `ticket ${ticket.number} is not a complaint: it has no complaint loop`);
    if (ticket.status === 'closed') throw refuse('invalid_transition', `complaint ${ticket.number} is closed: reopen it before changing its loop`);
    const now = new Date();
    let set: Parameters<typeof writeVersioned<'tickets'>>[3];
    switch (input.step) {
      case 'solution':
        set = { solution: input.text, solution_at: now, confirmed_at: null, closed_unconfirmed_reason: null };
        break;
      case 'confirmed':
        if (!ticket.solution) throw badRequest('complaint.solution', 'the shopper confirms a solution: record it first (step "solution")');
        set = { confirmed_at: now, closed_unconfirmed_reason: null };
        break;
      case 'unconfirmed':
        set = { closed_unconfirmed_reason: input.reason, confirmed_at: null };
        break;
      case 'root_cause':
        if (input.productId !== null) {
          const product = await tx.selectFrom('products').select('id').where('id', '=', input.productId).executeTakeFirst();
          if (!product) throw badRequest('body.productId', 'no such product');
        }
        set = { root_cause: input.rootCause, product_id: input.productId };
        break;
    }
    const version = await writeVersioned(tx, 'tickets', ticketId, { ...set, updated_at: sql<Date>`now()` as unknown as Date });
    if (input.step === 'solution') await feedbackGiven(tx, ticketId, now);
    const data =
      input.step === 'unconfirmed'
        ? { step: input.step, reason: input.reason }
        : input.step === 'root_cause'
          ? { step: input.step, rootCause: input.rootCause, productId: input.productId }
          : { step: input.step };
    await writeTimelineEntry(tx, ticketId, actor.id, { kind: 'complaint', data, body: input.step === 'solution' ? input.text : null });
    await audit(tx, { actorId: actor.id, action: 'ticket.complaint', entity: 'ticket', entityId: ticketId, detail: data });
    return version;
  });
}
