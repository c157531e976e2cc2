import { chinaDate } from '@kefu/domain';
import type { Tx } from '../db/database.ts';
import { openFollowUp } from '../follow-ups/service.ts';

/** An agent contacts a newly assigned customer within one week (DOMAIN.md §5). */
export const FIRST_CONTACT_DAYS = 7;

/**
 * In the assignment's transaction, opens the "首次联系" follow-up of each customer that got a new owner, due a week
 * later for that owner; one per customer, owner and day, so a repeated assignment opens nothing twice. How many opened.
 */
export async function openFirstContacts(tx: Tx, moves: readonly { customerId: number; toAgentId: number }[], now = new Date()) {
  const dueAt = new Date(now.getTime() + FIRST_CONTACT_DAYS * 86_400_000);
  let opened = 0;
  for (const m of moves) {
    const followUp = await openFollowUp(
      tx,
      {
        customerId: m.customerId,
        reason: 'new_owner',
        ownerId: m.toAgentId,
        dueAt,
        note: '首次联系',
        dedupeKey: `new_owner:${m.customerId}:${m.toAgentId}:${chinaDate(now)}`,
      },
      now,
    );
    if (followUp) opened++;
  }
  return opened;
}
