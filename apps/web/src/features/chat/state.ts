/** The chat workspace's state and what the screens read from it. */
import { queueOrder } from '@kefu/domain';
import { unreadCount } from './logic.ts';
import type { ConnectionState } from './socket.ts';
import type { AgentInfo, ChatMessage, Conversation, ForbiddenPhrase, PendingMessage, QuickReply } from './types.ts';

export interface Suggestion {
  id: number;
  question: string;
  answer: string;
  category: string;
  confidence: number;
}
export interface Suggestions {
  seq: number;
  items: Suggestion[];
  products: { id: number; name: string; confidence: number }[];
  intent: string;
}

export interface ChatState {
  connection: ConnectionState;
  connectedOnce: boolean;
  agent: AgentInfo | null;
  /** The agent's open conversations (and the selected one, even after it closed or moved on). */
  conversations: Record<number, Conversation>;
  messages: Record<number, ChatMessage[]>;
  pending: Record<number, PendingMessage[]>;
  /** History received (a first `resumed`). */
  loaded: Record<number, boolean>;
  readSeq: Record<number, number>;
  shopperRead: Record<number, number>;
  typingUntil: Record<number, number>;
  overdue: Record<number, boolean>;
  /** The knowledge's best answers to the shopper's latest text, per conversation (from `suggestions` frames). */
  suggestions: Record<number, Suggestions>;
  selectedId: number | null;
  queue: Conversation[];
  quickReplies: QuickReply[];
  forbidden: ForbiddenPhrase[];
  lastError: { code: string; message: string; at: number } | null;
}

export const EMPTY: ChatState = {
  connection: 'connecting',
  connectedOnce: false,
  agent: null,
  conversations: {},
  messages: {},
  pending: {},
  loaded: {},
  readSeq: {},
  shopperRead: {},
  typingUntil: {},
  overdue: {},
  suggestions: {},
  selectedId: null,
  queue: [],
  quickReplies: [],
  forbidden: [],
  lastError: null,
};

export const without = <T>(rec: Record<number, T>, id: number): Record<number, T> => {
  const next = { ...rec };
  delete next[id];
  return next;
};

export function unreadFor(s: ChatState, id: number): number {
  const c = s.conversations[id];
  if (!s.loaded[id] || s.readSeq[id] === undefined) return c && c.lastSeq > c.agentReadSeq ? 1 : 0;
  return unreadCount(s.messages[id] ?? [], s.readSeq[id]);
}

export function unreadTotal(s: ChatState): number {
  let n = 0;
  for (const c of Object.values(s.conversations)) if (c.status !== 'closed') n += unreadFor(s, c.id);
  return n;
}

/** Waiting shoppers first (longest wait on top), then by latest activity. */
export function sortedConversations(s: ChatState): Conversation[] {
  const lastAt = (c: Conversation) => {
    const m = s.messages[c.id];
    return m?.length ? Date.parse(m[m.length - 1]!.at) : Date.parse(c.createdAt);
  };
  return Object.values(s.conversations).sort((a, b) => {
    if (!!a.waitingSince !== !!b.waitingSince) return a.waitingSince ? -1 : 1;
    if (a.waitingSince && b.waitingSince) return Date.parse(a.waitingSince) - Date.parse(b.waitingSince);
    return lastAt(b) - lastAt(a);
  });
}

/** The queue in the order it is served (the server's rule: priority, then VIPs, then the longest waiting). */
export function sortedQueue(queue: readonly Conversation[]): Conversation[] {
  const at = (c: Conversation) => ({ ...c, createdAt: new Date(c.createdAt) });
  return [...queue].sort((a, b) => queueOrder(at(a), at(b)));
}

/** Resolves once `test()` holds after a change (or at once), or rejects after `ms`. */
export function waitUntil(subscribe: (fn: () => void) => () => void, test: () => boolean, ms: number, what: string): Promise<void> {
  if (test()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(what));
    }, ms);
    const off = subscribe(() => {
      if (!test()) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}
