/**
 * Second contact (二次来电/重复咨询): the shopper comes back about the same matter within 7 days after an earlier
 * case of theirs ended. The server's SQL (apps/server/src/reports/facts/second-contact.ts) applies the same rule
 * to every case at once; this is the rule for one pair.
 */

export const SECOND_CONTACT_DAYS = 7;
const WINDOW_MS = SECOND_CONTACT_DAYS * 24 * 3600_000;

/** A conversation or ticket as the rule sees it. `linkedTo` is the case it was filed from or as (a chat's ticket). */
export interface ContactCase {
  ref: string;
  customerId: number | null;
  openedAt: Date;
  /** When it ended (closed chat, solved ticket); null while it runs. */
  endedAt: Date | null;
  orderId: number | null;
  category: string | null;
  intent: string | null;
  linkedTo: string | null;
}

/**
 * The same matter: the same order when both name one; otherwise the same category, or the same intent (a chat's
 * reading of the shopper), when either names no order.
 */
export function sameMatter(
  a: Pick<ContactCase, 'orderId' | 'category' | 'intent'>,
  b: Pick<ContactCase, 'orderId' | 'category' | 'intent'>,
): boolean {
  if (a.orderId !== null && b.orderId !== null) return a.orderId === b.orderId;
  if (a.category !== null && a.category === b.category) return true;
  return a.intent !== null && a.intent === b.intent;
}

/**
 * Whether `later` is a second contact about `earlier`: the same customer and matter, opened after `earlier` ended
 * and no more than 7 days after. A case opened while the earlier one runs is part of its handling (the after-sale
 * filed during the chat), and a chat and the ticket filed from it are one contact.
 */
export function isSecondContact(earlier: ContactCase, later: ContactCase): boolean {
  if (earlier.customerId === null || earlier.customerId !== later.customerId) return false;
  if (earlier.ref === later.ref || later.linkedTo === earlier.ref || earlier.linkedTo === later.ref) return false;
  if (earlier.endedAt === null) return false;
  const gap = later.openedAt.getTime() - earlier.endedAt.getTime();
  return gap > 0 && gap <= WINDOW_MS && sameMatter(earlier, later);
}

/** Of a customer's cases, the one `later` repeats (the latest that qualifies), or null. */
export function repeatOf(cases: readonly ContactCase[], later: ContactCase): ContactCase | null {
  let best: ContactCase | null = null;
  for (const c of cases) {
    if (c.openedAt.getTime() >= later.openedAt.getTime() || !isSecondContact(c, later)) continue;
    if (!best || c.openedAt.getTime() > best.openedAt.getTime()) best = c;
  }
  return best;
}
