import { conversationAccess, LEAD_ROLES, type ConversationAction, type Role } from '@kefu/domain';
import type { Db, Tx } from '../db/database.ts';
import { notFound, refusalError } from '../http/errors.ts';
import type { conversationQuery } from './views.ts';

export interface StaffMember {
  id: number;
  role: Role;
}

/**
 * The one gate for staff on a conversation, over REST and the agent socket: applies the domain rule
 * (@kefu/domain conversationAccess) — 403 when it is not theirs, 409 conversation_closed when it is theirs but closed.
 */
export function assertAccess(who: StaffMember, conv: { status: string; agent_id: number | null }, action: ConversationAction): void {
  const decision = conversationAccess(who, { status: conv.status, agentId: conv.agent_id }, action);
  if (!decision.allowed) throw refusalError(decision);
}

/** Loads the conversation (404 when there is none) and lets it through the gate; `forUpdate` locks the row for a transaction. */
export async function conversationFor(
  db: Db | Tx,
  who: StaffMember,
  conversationId: number,
  action: ConversationAction,
  opts: { forUpdate?: boolean } = {},
) {
  let q = db
    .selectFrom('conversations')
    .select(['id', 'status', 'agent_id', 'visitor_id', 'shop_id', 'ticket_id', 'customer_id'])
    .where('id', '=', conversationId);
  if (opts.forUpdate) q = q.forUpdate();
  const conv = await q.executeTakeFirst();
  if (!conv) throw notFound('conversation');
  assertAccess(who, conv, action);
  return conv;
}

/**
 * The same rule for lists: an agent sees queued and closed conversations and their own; leads see all.
 * (Mirrors conversationAccess(…, 'read'); chat-access.test.ts checks the two agree.)
 */
export function readableBy(q: ReturnType<typeof conversationQuery>, who: StaffMember) {
  if (LEAD_ROLES.includes(who.role)) return q;
  return q.where((eb) => eb.or([eb('c.status', 'in', ['queued', 'closed']), eb.and([eb('c.status', '=', 'active'), eb('c.agent_id', '=', who.id)])]));
}

/** A shopper's own conversation (by their visitor id); anyone else's is a 404, as if it did not exist. */
export async function visitorConversation(db: Db | Tx, visitorId: number, conversationId: number) {
  const conv = await db
    .selectFrom('conversations')
    .select(['id', 'visitor_id', 'agent_id', 'status'])
    .where('id', '=', conversationId)
    .executeTakeFirst();
  if (!conv || conv.visitor_id !== visitorId) throw notFound('conversation');
  return conv;
}
