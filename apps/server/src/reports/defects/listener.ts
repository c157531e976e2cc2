import type { DefectCaseKind } from '@kefu/domain';
import type { Db } from '../../db/database.ts';
import type { Delivered } from '../../events/types.ts';
import { casesOfTicket, productsOfCase } from './cases.ts';
import { evaluateProduct } from './evaluate.ts';

export type CaseEvent = Delivered<'ticket.created' | 'ticket.changed' | 'aftersale.moved'>;

/** Ticket changes that can make a ticket a case, or move it to another product: root cause, category, order. */
const CASE_CHANGES = new Set(['complaint', 'category', 'order']);

/** The cases an event may have made or changed; none for the many ticket changes that cannot (replies, notes…). */
async function casesOf(db: Db, event: CaseEvent): Promise<{ kind: DefectCaseKind; id: number }[]> {
  switch (event.type) {
    case 'aftersale.moved':
      return event.payload.from === null ? [{ kind: 'after_sale', id: event.payload.afterSaleId }] : [];
    case 'ticket.created':
      return casesOfTicket(db, event.payload.ticketId);
    case 'ticket.changed':
      if (!CASE_CHANGES.has(event.payload.kind)) return [];
      if (event.payload.kind === 'complaint' && event.payload.data.step !== 'root_cause') return [];
      return casesOfTicket(db, event.payload.ticketId);
  }
}

/**
 * Listener `reports.defect-alarms`: a case was opened or its product or root cause recorded, so the products it
 * concerns are looked at again as of the event's time (evaluate.ts).
 */
export async function reevaluateAfter(db: Db, event: CaseEvent): Promise<void> {
  const products = new Set<number>();
  for (const c of await casesOf(db, event)) for (const p of await productsOfCase(db, c.kind, c.id)) products.add(p);
  for (const productId of [...products].sort((a, b) => a - b)) await evaluateProduct(db, productId, event.occurredAt);
}
