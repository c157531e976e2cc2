import { refusal, type Refusal } from './refusal.ts';
import { DESK_ROLES, LEAD_ROLES, type Role } from './roles.ts';

/**
 * What a staff member can do with a live-chat conversation. `note` is an internal note (a supervisor's
 * whisper), `mark_read` the agent's read receipt, `convert` filing the conversation as a ticket.
 */
export const CONVERSATION_ACTIONS = ['read', 'accept', 'send', 'note', 'typing', 'mark_read', 'transfer', 'close', 'convert'] as const;
export type ConversationAction = (typeof CONVERSATION_ACTIONS)[number];

export interface ConversationFacts {
  status: string;
  agentId: number | null;
}

/**
 * `wrong_role`: not a service-desk role; `forbidden`: not this person's conversation; `conversation_closed`: the right
 * person, but the conversation is over.
 */
export type ConversationRefusal = Refusal<'wrong_role' | 'forbidden' | 'conversation_closed'>;
export type AccessDecision = { allowed: true } | ({ allowed: false } & ConversationRefusal);

const ALLOWED: AccessDecision = { allowed: true };
const deny = (code: ConversationRefusal['code'], message: string): AccessDecision => ({ allowed: false, ...refusal(code, message) });

/** What an agent may do in a closed conversation they handled: read it and file it as a ticket afterwards. */
const OWN_CLOSED: readonly ConversationAction[] = ['read', 'convert'];

/**
 * Who may do what in a conversation:
 * - supervisors and admins: everything everywhere (monitoring, whispering with notes, taking over);
 * - an agent: everything in the active conversation assigned to them; reading and accepting a queued one;
 *   reading any closed one (a returning customer's history), and filing their own closed one as a ticket;
 *   nothing in another agent's active conversation, nor in one still with the bot;
 * - other roles: nothing (they do not run the service desk).
 */
export function conversationAccess(who: { id: number; role: Role }, conv: ConversationFacts, action: ConversationAction): AccessDecision {
  if (!DESK_ROLES.includes(who.role)) return deny('wrong_role', 'only agents, supervisors and admins handle conversations');
  if (LEAD_ROLES.includes(who.role)) return ALLOWED;
  const own = conv.agentId === who.id;
  switch (conv.status) {
    case 'active':
      return own ? ALLOWED : deny('forbidden', 'this conversation is handled by another agent');
    case 'queued':
      return action === 'read' || action === 'accept' ? ALLOWED : deny('forbidden', 'accept this conversation from the queue first');
    case 'closed':
      if (action === 'read' || (own && OWN_CLOSED.includes(action))) return ALLOWED;
      return own ? deny('conversation_closed', 'the conversation is closed') : deny('forbidden', 'this conversation was handled by another agent');
    default:
      return deny('forbidden', 'this conversation is with the service bot');
  }
}
