/** GET /api/chat/overview, read generously: the field names are not fixed by the protocol doc. */
import { secondsSince } from './logic.ts';
import type { Conversation } from './types.ts';

export interface Overview {
  groups: { id: number; name: string; queued: number; longestWaitSeconds: number }[];
  agents: { id: number; name: string; status: string; active: number; maxChats: number }[];
  waiting: Conversation[];
  /** Conversations being served, shoppers waiting for an answer first. */
  active: Conversation[];
}

type Raw = Record<string, unknown>;
const num = (...v: unknown[]) => { for (const x of v) if (typeof x === 'number') return x; return 0; };
const str = (...v: unknown[]) => { for (const x of v) if (typeof x === 'string') return x; return ''; };
const arr = (...v: unknown[]) => { for (const x of v) if (Array.isArray(x)) return x as Raw[]; return [] as Raw[]; };

export function normalizeOverview(raw: unknown, now = Date.now()): Overview {
  const r = (raw ?? {}) as Raw;
  return {
    groups: arr(r.groups, r.queues).map((g) => ({
      id: num(g.id, g.groupId),
      name: str(g.name, g.groupName),
      queued: num(g.queued, g.queueLength, g.waiting, g.length),
      longestWaitSeconds: typeof g.longestWaitSeconds === 'number' ? g.longestWaitSeconds
        : typeof g.longestWait === 'number' ? g.longestWait
        : secondsSince(str(g.oldestWaitingSince, g.longestWaitingSince) || null, now),
    })),
    agents: arr(r.agents).map((a) => ({
      id: num(a.id, a.userId),
      name: str(a.name, a.displayName, a.display_name),
      status: str(a.status) || 'offline',
      active: num(a.active, a.activeChats, a.load),
      maxChats: num(a.maxChats, a.max) || 5,
    })),
    waiting: arr(r.waiting, r.conversations, r.queue) as unknown as Conversation[],
    active: arr(r.active) as unknown as Conversation[],
  };
}
