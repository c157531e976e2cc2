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

export interface QueuedConversation {
  id: number;
  vip: boolean;
  createdAt: Date;
}

/** VIP customers jump the queue; otherwise first come, first served. */
export function queueOrder(a: QueuedConversation, b: QueuedConversation): number {
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
