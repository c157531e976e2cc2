import { TICKET_PRESENCE_TTL_SECONDS } from '@kefu/protocol/chat/agent';
import type { Db } from '../db/database.ts';
import { notFound } from '../http/errors.ts';
import type { Hub, Peer } from './hub.ts';

type State = 'viewing' | 'typing';
interface Staff {
  id: number;
  displayName: string;
}

/**
 * Collision on tickets: who has a ticket's page open, and who is typing a reply there. Each tab repeats its state
 * every ~10 s over its agent socket; this process keeps the states of its own sockets, and tells the others on the
 * ticket through the bus (so across processes). A tab not heard of for the TTL (frozen, or its process died with the
 * socket half-open) is swept as `left`; a closed socket leaves at once. Clients also forget a viewer after the TTL,
 * which covers a process that crashed and can no longer say so.
 */
export class TicketCollision {
  private readonly seen = new Map<Peer, { user: Staff; tickets: Map<number, { state: State; at: number }> }>();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly db: Db,
    private readonly hub: Hub,
    private readonly ttlMs = TICKET_PRESENCE_TTL_SECONDS * 1000,
  ) {
    this.timer = setInterval(() => this.sweep(), 5000);
    this.timer.unref();
  }

  async report(peer: Peer, user: Staff, ticketId: number, state: State | 'left'): Promise<void> {
    let mine = this.seen.get(peer);
    if (state === 'left') {
      peer.tickets?.delete(ticketId);
      if (mine?.tickets.delete(ticketId)) this.tell(user, ticketId, { state: 'left' });
      return;
    }
    const fresh = !mine?.tickets.has(ticketId);
    if (fresh) {
      const ticket = await this.db.selectFrom('tickets').select('id').where('id', '=', ticketId).executeTakeFirst();
      if (!ticket) throw notFound('ticket');
    }
    if (!mine) this.seen.set(peer, (mine = { user, tickets: new Map() }));
    mine.tickets.set(ticketId, { state, at: Date.now() });
    (peer.tickets ??= new Set()).add(ticketId);
    this.tell(user, ticketId, { state, ...(fresh && { fresh: true }) });
  }

  /** A reply was stored on the ticket: the others there see who replied (and review before sending theirs). */
  replied(user: Staff, ticketId: number, eventId: string): void {
    this.tell(user, ticketId, { state: 'replied', eventId });
  }

  /** The socket closed: it leaves every ticket it was on. */
  drop(peer: Peer): void {
    const mine = this.seen.get(peer);
    this.seen.delete(peer);
    for (const ticketId of mine?.tickets.keys() ?? []) this.tell(mine!.user, ticketId, { state: 'left' });
  }

  /**
   * Forgets the states not repeated within the TTL; `now` for tests. The silent tab still hears about the ticket
   * (it may only be frozen): its next report makes it fresh again.
   */
  sweep(now = Date.now()): void {
    for (const [peer, mine] of this.seen) {
      for (const [ticketId, s] of mine.tickets) {
        if (now - s.at <= this.ttlMs) continue;
        mine.tickets.delete(ticketId);
        this.tell(mine.user, ticketId, { state: 'left' });
      }
      if (mine.tickets.size === 0) this.seen.delete(peer);
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private tell(user: Staff, ticketId: number, what: { state: State | 'left' | 'replied'; fresh?: true; eventId?: string }): void {
    void this.hub.publish({
      target: { kind: 'ticket', id: ticketId, exceptUserId: user.id },
      frame: { type: 'ticket_presence', ticketId, user: { id: user.id, name: user.displayName }, ...what },
    });
  }
}
