/**
 * Service-level warnings and breaches from the agent socket (`sla` frames), made fit to show: each once, a burst
 * grouped into a few notifications and a count of the rest, and where each one leads. Pure but for timers, so
 * tested without a browser; SlaNotifications.tsx shows what comes out.
 */
import type { InFrame } from './types.ts';

export type SlaFrame = Extract<InFrame, { type: 'sla' }>;

/**
 * Whether a frame is new. A supervisor who is also the assignee is sent the same frame twice (once as each);
 * a warning and the breach of one clock are different news.
 */
export class SlaDedup {
  private readonly seen = new Set<string>();

  constructor(private readonly keep = 500) {}

  first(f: SlaFrame): boolean {
    const key = `${f.clockId}:${f.event}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    // Forget the oldest: a clock is warned and breached once, so old keys never come back.
    if (this.seen.size > this.keep) this.seen.delete(this.seen.values().next().value!);
    return true;
  }
}

/** Where the store puts `sla` frames: each reaches the listeners once. */
export class SlaFeed {
  private readonly listeners = new Set<(f: SlaFrame) => void>();
  private readonly seen = new SlaDedup();

  receive(f: SlaFrame): void {
    if (this.seen.first(f)) for (const fn of this.listeners) fn(f);
  }

  subscribe(fn: (f: SlaFrame) => void): () => void {
    this.listeners.add(fn);
    return () => {
      this.listeners.delete(fn);
    };
  }
}

/** What one burst shows: a notification for each of `shown` (breaches first), and a count of the rest. */
export interface SlaGroup {
  shown: SlaFrame[];
  more: { breached: number; warned: number };
}

/** Breaches before warnings; within each, the earliest due first. */
function urgency(a: SlaFrame, b: SlaFrame): number {
  if (a.event !== b.event) return a.event === 'breached' ? -1 : 1;
  return Date.parse(a.dueAt) - Date.parse(b.dueAt);
}

export function groupAlerts(frames: readonly SlaFrame[], maxShown: number): SlaGroup {
  const ordered = [...frames].sort(urgency);
  const rest = ordered.slice(maxShown);
  return {
    shown: ordered.slice(0, maxShown),
    more: { breached: rest.filter((f) => f.event === 'breached').length, warned: rest.filter((f) => f.event === 'warned').length },
  };
}

/**
 * Collects frames for `windowMs` after the first of a burst (the sweep sends a whole batch at once), then hands the
 * burst over as one group of at most `maxShown` notifications.
 */
export class SlaBurst {
  private frames: SlaFrame[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly show: (group: SlaGroup) => void,
    private readonly windowMs = 400,
    private readonly maxShown = 3,
  ) {}

  add(f: SlaFrame): void {
    this.frames.push(f);
    this.timer ??= setTimeout(() => this.flush(), this.windowMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const frames = this.frames;
    this.frames = [];
    if (frames.length) this.show(groupAlerts(frames, this.maxShown));
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.frames = [];
  }
}

/** Where a notification leads: the ticket the clock belongs to, else its own page (a chat opens in the workspace). */
export function slaTarget(f: SlaFrame): { path: string; conversationId?: number } {
  if (f.ticketId !== null) return { path: `/tickets/${f.ticketId}` };
  switch (f.subjectKind) {
    case 'conversation':
      return { path: '/chat', conversationId: f.subjectId };
    case 'order':
      return { path: `/orders/${f.subjectId}` };
    case 'ticket':
      return { path: `/tickets/${f.subjectId}` };
    case 'task':
      return { path: '/tasks' };
    case 'after_sale':
      return { path: '/tickets' };
    case 'follow_up':
      return { path: '/follow-ups' };
    case 'review':
      return { path: `/reviews/${f.subjectId}` };
  }
}
