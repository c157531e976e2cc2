/** How frames from the server change the chat state: pure, so the store only decides when to apply them. */
import { mergeMessages } from './logic.ts';
import { without, type ChatState } from './state.ts';
import type { AgentInfo, ChatMessage, Conversation, InFrame, PendingMessage } from './types.ts';

/**
 * Messages merged into a conversation. `live` ones are news: they move the conversation's last seq, who is
 * waiting for a reply, the overdue flag and (for the agent's own) the read seq; history is not news.
 */
export function withMessages(s: ChatState, id: number, incoming: ChatMessage[], live: boolean): Partial<ChatState> {
  const patch: Partial<ChatState> = { messages: { ...s.messages, [id]: mergeMessages(s.messages[id] ?? [], incoming) } };
  const c = s.conversations[id];
  if (!c || !live) return patch;
  const last = incoming[incoming.length - 1]!;
  let next: Conversation = { ...c, lastSeq: Math.max(c.lastSeq, last.seq) };
  if (last.sender.kind === 'shopper') {
    next = { ...next, waitingSince: c.waitingSince ?? last.at };
    patch.typingUntil = without(s.typingUntil, id);
  } else if ((last.sender.kind === 'agent' || last.sender.kind === 'bot') && last.kind !== 'note' && last.kind !== 'system') {
    // An answer ends the wait and meets the response clock on the server (store.ts), the bot's too.
    const firstResponseAt = last.sender.kind === 'agent' ? (c.firstResponseAt ?? last.at) : c.firstResponseAt;
    next = { ...next, waitingSince: null, overdueAt: null, firstResponseAt };
    patch.overdue = without(s.overdue, id);
    if (last.sender.kind === 'agent' && last.sender.id === s.agent?.id)
      patch.readSeq = { ...s.readSeq, [id]: Math.max(s.readSeq[id] ?? 0, last.seq) };
  }
  patch.conversations = { ...s.conversations, [id]: next };
  return patch;
}

/** The agent's own message as the ack describes it, shown until the server's copy (same seq) replaces it. */
export function ackedMessage(
  p: PendingMessage,
  agent: AgentInfo,
  ack: { conversationId: number; seq: number; clientId: string; at: string },
): ChatMessage {
  return {
    conversationId: ack.conversationId,
    seq: ack.seq,
    clientId: ack.clientId,
    kind: p.kind,
    body: p.body,
    data: p.data,
    sender: { kind: 'agent', id: agent.id, name: agent.name },
    at: ack.at,
  };
}

/** Marks the pending message with this clientId as refused, with the reason to show. */
export function withSendRefused(pending: ChatState['pending'], clientId: string, reason: string): ChatState['pending'] {
  const next = { ...pending };
  for (const [id, list] of Object.entries(pending)) {
    next[Number(id)] = list.map((p) => (p.clientId === clientId ? { ...p, failed: reason } : p));
  }
  return next;
}

/** A conversation as it now is: in the agent's list when theirs (or open on screen), in the queue while queued. */
export function withConversation(s: ChatState, c: Conversation, mine: boolean): Pick<ChatState, 'conversations' | 'queue' | 'overdue'> {
  const queue = s.queue.filter((q) => q.id !== c.id);
  if (c.status === 'queued') queue.push(c);
  let conversations = s.conversations;
  if (mine || c.id === s.selectedId) conversations = { ...s.conversations, [c.id]: c };
  else if (s.conversations[c.id]) conversations = without(s.conversations, c.id);
  const overdue = c.waitingSince ? s.overdue : without(s.overdue, c.id);
  return { conversations, queue, overdue };
}

/** The pending list without the message of this clientId (stored: the ack or the server's copy came). */
export function withoutPending(pending: ChatState['pending'], conversationId: number, clientId: string): ChatState['pending'] {
  return { ...pending, [conversationId]: (pending[conversationId] ?? []).filter((x) => x.clientId !== clientId) };
}

/** Suggestions for a shopper message; only the latest message's are worth showing (null: an older one's). */
export function withSuggestions(s: ChatState, f: Extract<InFrame, { type: 'suggestions' }>): Pick<ChatState, 'suggestions'> | null {
  if ((s.suggestions[f.conversationId]?.seq ?? 0) >= f.seq) return null;
  const entry = { seq: f.seq, items: f.suggestions, products: f.products ?? [], intent: f.intent?.intent ?? 'other' };
  return { suggestions: { ...s.suggestions, [f.conversationId]: entry } };
}
