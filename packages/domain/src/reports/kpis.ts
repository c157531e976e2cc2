import { AFTER_SALE_KINDS, AFTER_SALE_STATES, nextStates, type AfterSaleState } from '../aftersales.ts';
import type { TicketType } from '../tickets.ts';

/**
 * What the reporting facts count as resolved, answered in time and first-contact resolved (docs/reports.md, "Facts").
 * The server's fact SQL (apps/server/src/reports/facts) is written from these constants; the functions say the same
 * rule for one case, for code and tests that hold a single case.
 */

/** A chat response within this counts as "within 30 s" (DOMAIN §7: chat response ≤ 30 seconds). */
export const RESPONSE_TARGET_MS = 30_000;

export function withinResponseTarget(responseMs: number): boolean {
  return responseMs <= RESPONSE_TARGET_MS;
}

/** Upper bounds (inclusive, ms) of the response-time buckets a report draws; the last bucket is open-ended. */
export const RESPONSE_BUCKETS_MS = [15_000, 30_000, 60_000, 180_000, 600_000] as const;

/** The bucket of a response time: 0 for ≤ 15 s … RESPONSE_BUCKETS_MS.length for more than 10 minutes. */
export function responseBucket(responseMs: number): number {
  const i = RESPONSE_BUCKETS_MS.findIndex((bound) => responseMs <= bound);
  return i === -1 ? RESPONSE_BUCKETS_MS.length : i;
}

/** Close reasons that say the matter was settled in the chat (the agent's 已解决). */
export const RESOLVING_CLOSE_REASONS = ['resolved'] as const;
/** The shopper left: settled when someone had answered them, abandoned otherwise. */
export const SHOPPER_LEFT = 'shopper_left';

export interface ConversationOutcome {
  closed: boolean;
  closeReason: string | null;
  agentResponses: number;
  botAnswers: number;
  agentMessages: number;
  handedOver: boolean;
  /** The chat became a complaint ticket or its ticket was escalated. */
  escalated: boolean;
}

/** The bot settled it alone: it answered, no person wrote and it never handed over. */
export function resolvedByBot(c: Pick<ConversationOutcome, 'closed' | 'botAnswers' | 'agentMessages' | 'handedOver'>): boolean {
  return c.closed && c.botAnswers > 0 && c.agentMessages === 0 && !c.handedOver;
}

/**
 * A closed chat is resolved when the bot settled it, the agent closed it as resolved, or the shopper left after
 * an agent answered — and it did not turn into a complaint or an escalation.
 */
export function conversationResolved(c: ConversationOutcome): boolean {
  if (!c.closed || c.escalated) return false;
  if (resolvedByBot(c)) return true;
  if ((RESOLVING_CLOSE_REASONS as readonly string[]).includes(c.closeReason ?? '')) return true;
  return c.closeReason === SHOPPER_LEFT && c.agentResponses > 0;
}

/** A ticket is resolved once solved (a ticket closed straight from new — spam, a duplicate — never was). */
export function ticketResolved(t: { solvedAt: Date | null }): boolean {
  return t.solvedAt !== null;
}

/** First-contact resolution: resolved, never reopened, and the shopper did not come back about it within 7 days. */
export function firstContactResolved(c: { resolved: boolean; reopens: number; contactedAgain: boolean }): boolean {
  return c.resolved && c.reopens === 0 && !c.contactedAgain;
}

/** Ticket types a shopper opens by asking; problem orders and collaboration tickets are raised by the shop itself. */
export const CONTACT_TICKET_TYPES: readonly TicketType[] = ['consultation', 'complaint', 'after_sale'];

/** After-sale states a request never leaves, whatever its kind: where its case ends (closed_at). */
export const FINAL_AFTER_SALE_STATES: readonly AfterSaleState[] = AFTER_SALE_STATES.filter((s) =>
  AFTER_SALE_KINDS.every((kind) => nextStates(kind, s).length === 0),
);
