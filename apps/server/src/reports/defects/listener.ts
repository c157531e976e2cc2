import type { DefectCaseKind } from '@kefu/domain';
import type { Db } from '../../db/database.ts';
import type { Delivered } from '../../events/types.ts';
import { casesOfTickets, productsOfCases } from './cases.ts';
import { evaluateProduct } from './evaluate.ts';

export type CaseEvent = Delivered<'ticket.created' | 'ticket.changed' | 'aftersale.moved'>;

/** Ticket changes that can make a ticket a case, or move it to another product: root cause, category, order. */
const CASE_CHANGES = new Set(['complaint', 'category', 'order']);
/** Events of one batch this far apart are evaluated each at its own time; closer ones at the latest. */
const SEPARATE_EVALUATION_MS = 3_600_000;

/** What an event may have made or changed into a case: an after-sale, a ticket (its cases), or nothing. */
function touched(event: CaseEvent): { kind: 'after_sale' | 'ticket'; id: number } | null {
  switch (event.type) {
    case 'aftersale.moved':
      return event.payload.from === null ? { kind: 'after_sale', id: event.payload.afterSaleId } : null;
    case 'ticket.created':
      return { kind: 'ticket', id: event.payload.ticketId };
    case 'ticket.changed':
      if (!CASE_CHANGES.has(event.payload.kind)) return null;
      if (event.payload.kind === 'complaint' && event.payload.data.step !== 'root_cause') return null;
      return { kind: 'ticket', id: event.payload.ticketId };
  }
}

/**
 * Listener `reports.defect-alarms`, in batches: cases were opened or their product or root cause recorded, so the
 * products they concern are looked at again as of the events' time (evaluate.ts), each product once per batch.
 */
export async function reevaluateAfter(db: Db, events: CaseEvent[]): Promise<void> {
  const times = new Map<string, Date[]>(); // the case, as kind:id → when events touched it
  const at = (key: string, time: Date) => times.set(key, [...(times.get(key) ?? []), time]);
  const ticketTimes = new Map<number, Date[]>();
  for (const event of events) {
    const t = touched(event);
    if (t?.kind === 'after_sale') at(`after_sale:${t.id}`, event.occurredAt);
    if (t?.kind === 'ticket') ticketTimes.set(t.id, [...(ticketTimes.get(t.id) ?? []), event.occurredAt]);
  }
  for (const c of await casesOfTickets(db, [...ticketTimes.keys()])) {
    for (const time of ticketTimes.get(c.ticketId)!) at(`${c.kind}:${c.id}`, time);
  }
  const productTimes = new Map<number, Date[]>();
  for (const kind of ['after_sale', 'ticket'] as DefectCaseKind[]) {
    const ids = [...times.keys()].filter((k) => k.startsWith(`${kind}:`)).map((k) => Number(k.slice(kind.length + 1)));
    for (const { id, productId } of await productsOfCases(db, kind, ids)) {
      productTimes.set(productId, [...(productTimes.get(productId) ?? []), ...times.get(`${kind}:${id}`)!]);
    }
  }
  for (const productId of [...productTimes.keys()].sort((a, b) => a - b)) {
    for (const time of evaluationTimes(productTimes.get(productId)!)) await evaluateProduct(db, productId, time);
  }
}

/** The latest time, and any earlier one more than an hour before the next evaluated (a batch redelivered late). */
function evaluationTimes(times: Date[]): Date[] {
  const sorted = [...times].sort((a, b) => b.getTime() - a.getTime());
  const chosen: Date[] = [];
  for (const time of sorted) {
    if (!chosen.length || chosen.at(-1)!.getTime() - time.getTime() > SEPARATE_EVALUATION_MS) chosen.push(time);
  }
  return chosen.reverse();
}
