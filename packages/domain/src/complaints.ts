import type { TicketStatus } from './tickets.ts';

/**
 * The complaint loop (DOMAIN.md §4): acknowledged → first feedback → a solution → the shopper's confirmation that it
 * is solved (or the reason it was closed without) → closed, with the root cause and the product concerned recorded
 * so repeated defects can be counted.
 */
export const ROOT_CAUSES = ['product_defect', 'wrong_item', 'logistics', 'service', 'policy', 'expectation', 'other'] as const;
export type RootCause = (typeof ROOT_CAUSES)[number];

/** Where a complaint stands: the next step it waits for, or `closed`. */
export const COMPLAINT_STAGES = ['acknowledge', 'feedback', 'solution', 'confirmation', 'close', 'closed'] as const;
export type ComplaintStage = (typeof COMPLAINT_STAGES)[number];

export interface ComplaintFacts {
  status: TicketStatus;
  /** An agent has replied to the shopper (the complaint is acknowledged). */
  acknowledged: boolean;
  /** An agent replied again after acknowledging it (first feedback). */
  fedBack: boolean;
  solution: string | null;
  confirmed: boolean;
  unconfirmedReason: string | null;
  rootCause: string | null;
}

/** The step the complaint waits for: a later step taken implies the earlier ones (a solution is feedback too). */
export function complaintStage(f: ComplaintFacts): ComplaintStage {
  if (f.status === 'closed') return 'closed';
  if (f.confirmed || f.unconfirmedReason) return 'close';
  if (f.solution) return 'confirmation';
  if (f.acknowledged && f.fedBack) return 'solution';
  return f.acknowledged ? 'feedback' : 'acknowledge';
}

/** The complaint field a status needs and lacks, as the ticket's `complaint` object names it. */
export interface ComplaintGap {
  field: 'solution' | 'rootCause' | 'confirmedAt';
  reason: string;
}

/**
 * Why a complaint may not take `to` yet: solved needs the solution and the root cause; closed needs the shopper's
 * confirmation or the reason it is closed without. Null when it may.
 */
export function complaintStatusGap(to: TicketStatus, f: Pick<ComplaintFacts, 'solution' | 'rootCause' | 'confirmed' | 'unconfirmedReason'>) {
  let gap: ComplaintGap | null = null;
  if (to === 'solved' && !f.solution) gap = { field: 'solution', reason: 'a complaint is solved only with its solution recorded (step "solution")' };
  else if (to === 'solved' && !f.rootCause)
    gap = { field: 'rootCause', reason: 'a complaint is solved only with its root cause recorded (step "root_cause")' };
  else if (to === 'closed' && !f.confirmed && !f.unconfirmedReason)
    gap = {
      field: 'confirmedAt',
      reason:
        'a complaint is closed only with the shopper\'s confirmation (step "confirmed") or the reason it is closed without (step "unconfirmed")',
    };
  return gap;
}
