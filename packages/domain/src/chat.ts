export const AGENT_STATUSES = ['online', 'busy', 'away', 'offline'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export const CLOSE_REASONS = ['resolved', 'no_reply', 'duplicate', 'transferred_to_ticket', 'other'] as const;

export interface AgentLoad {
  id: number;
  status: AgentStatus;
  load: number;
  maxChats: number;
  groupIds: readonly number[];
}

/** An agent can take a new conversation when online and under their maximum of concurrent chats. */
export function canTake(agent: AgentLoad, groupId: number | null): boolean {
  return agent.status === 'online' && agent.load < agent.maxChats && (groupId === null || agent.groupIds.includes(groupId));
}

/**
 * Who gets a new conversation: the customer's own agent (专属客服) when online and free — even outside the
 * group — else the least-loaded agent of the group who can take it (ties: the lower id, for stable results).
 */
export function pickAgent<T extends AgentLoad>(agents: readonly T[], groupId: number | null, ownAgentId: number | null): T | null {
  const own = ownAgentId === null ? undefined : agents.find((a) => a.id === ownAgentId);
  if (own && own.status === 'online' && own.load < own.maxChats) return own;
  let best: T | null = null;
  for (const a of agents) {
    if (!canTake(a, groupId)) continue;
    if (!best || a.load < best.load || (a.load === best.load && a.id < best.id)) best = a;
  }
  return best;
}

/** How urgent a conversation is, apart from who the shopper is (VIP): set when a complaint is routed. */
export const CONVERSATION_PRIORITIES = ['normal', 'high', 'urgent'] as const;
export type ConversationPriority = (typeof CONVERSATION_PRIORITIES)[number];

/** 0 for normal (or an unknown value), 1 for high, 2 for urgent. */
export function priorityRank(priority: string): number {
  return Math.max(0, CONVERSATION_PRIORITIES.indexOf(priority as ConversationPriority));
}

/**
 * The priority a routed conversation gets: an upset shopper's complaint is urgent, a complaint or an upset
 * shopper high. Routing never lowers a priority already set.
 */
export function routedPriority(current: string, signal: { complaint: boolean; negative: boolean }): ConversationPriority {
  const wanted: ConversationPriority = signal.complaint && signal.negative ? 'urgent' : signal.complaint || signal.negative ? 'high' : 'normal';
  return CONVERSATION_PRIORITIES[Math.max(priorityRank(current), priorityRank(wanted))]!;
}

export interface QueuedConversation {
  id: number;
  priority: string;
  vip: boolean;
  createdAt: Date;
}

/** Urgent conversations first, then high; within a priority VIP customers jump the queue; otherwise first come, first served. */
export function queueOrder(a: QueuedConversation, b: QueuedConversation): number {
  const rank = priorityRank(b.priority) - priorityRank(a.priority);
  if (rank) return rank;
  if (a.vip !== b.vip) return a.vip ? -1 : 1;
  return a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id;
}

/** A token bucket: `rate` tokens a second, holding at most `burst`. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    now = Date.now(),
  ) {
    this.tokens = burst;
    this.last = now;
  }

  take(now = Date.now()): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Forbidden phrases (服务忌语) found in a text, in the order they appear. */
export function findForbidden<T extends { phrase: string }>(text: string, phrases: readonly T[]): T[] {
  return phrases.filter((p) => p.phrase && text.includes(p.phrase)).sort((a, b) => text.indexOf(a.phrase) - text.indexOf(b.phrase));
}

/** Fills {customerName}, {orderNo}, {agentName} in a quick reply; unknown variables stay as they are. */
export function fillScript(body: string, vars: Partial<Record<'customerName' | 'orderNo' | 'agentName', string>>): string {
  return body.replace(/\{(customerName|orderNo|agentName)\}/g, (whole, name: keyof typeof vars) => vars[name] ?? whole);
}
