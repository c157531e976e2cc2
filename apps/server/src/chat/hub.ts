import type { ToAgentFrame } from '@kefu/protocol/chat/agent';
import type { ToShopperFrame } from '@kefu/protocol/chat/shopper';
import type { WebSocket } from 'ws';
import type { Bus, ChatEvent } from './bus.ts';

export interface Peer {
  socket: WebSocket;
  kind: 'visitor' | 'agent';
  id: number;
  supervisor: boolean;
  /** The tickets whose page this socket's tab has open (collision.ts). */
  tickets?: Set<number>;
  /** The conversation this supervisor's socket follows live (`watch`). */
  watching?: number | null;
}

/** The sockets this process holds, and delivery of bus events to them. */
export class Hub {
  private readonly visitors = new Map<number, Set<Peer>>();
  private readonly agents = new Map<number, Set<Peer>>();
  private readonly perIp = new Map<string, number>();

  constructor(readonly bus: Bus) {
    bus.subscribe((event) => this.deliver(event));
  }

  toShopper(visitorId: number, frame: ToShopperFrame): void {
    void this.bus.publish({ target: { kind: 'visitor', id: visitorId }, frame });
  }

  toAgent(agentId: number, frame: ToAgentFrame): void {
    void this.bus.publish({ target: { kind: 'agent', id: agentId }, frame });
  }

  /** Ends the staff member's open chat sockets, in whichever process holds them; their browser must log in again. */
  disconnectAgent(agentId: number, reason: string): Promise<void> {
    return this.bus.publish({ target: { kind: 'agent', id: agentId }, close: { code: 4401, reason } });
  }

  /** To every supervisor and admin connected (the monitor). */
  toSupervisors(frame: ToAgentFrame): void {
    void this.bus.publish({ target: { kind: 'supervisors' }, frame });
  }

  /**
   * Resolves once the bus has taken the frame: a message is acked only after that, so a process that dies
   * after the ack has already passed the message on.
   */
  publish(event: ChatEvent): Promise<void> {
    return this.bus.publish(event);
  }

  add(peer: Peer): void {
    const map = peer.kind === 'visitor' ? this.visitors : this.agents;
    let set = map.get(peer.id);
    if (!set) map.set(peer.id, (set = new Set()));
    set.add(peer);
  }

  /** Removes the peer; tells whether it was that visitor's or agent's last socket here. */
  remove(peer: Peer): boolean {
    const map = peer.kind === 'visitor' ? this.visitors : this.agents;
    const set = map.get(peer.id);
    set?.delete(peer);
    if (set && set.size === 0) map.delete(peer.id);
    return !map.has(peer.id);
  }

  /** Counts a connection from an IP address; false when it has too many already. */
  admit(ip: string, max: number): boolean {
    const n = this.perIp.get(ip) ?? 0;
    if (n >= max) return false;
    this.perIp.set(ip, n + 1);
    return true;
  }

  release(ip: string): void {
    const n = (this.perIp.get(ip) ?? 1) - 1;
    if (n <= 0) this.perIp.delete(ip);
    else this.perIp.set(ip, n);
  }

  closeAll(): void {
    for (const map of [this.visitors, this.agents]) {
      for (const set of map.values()) for (const peer of set) peer.socket.close(1001, 'server shutting down');
    }
  }

  private deliver(event: ChatEvent): void {
    const peers = [...(this.peersFor(event.target) ?? [])];
    if ('close' in event) {
      for (const peer of peers) peer.socket.close(event.close.code, event.close.reason);
      return;
    }
    const text = JSON.stringify(event.frame);
    for (const peer of peers) if (peer.socket.readyState === peer.socket.OPEN) peer.socket.send(text);
  }

  private peersFor(target: ChatEvent['target']): Iterable<Peer> | undefined {
    switch (target.kind) {
      case 'visitor':
        return this.visitors.get(target.id);
      case 'agent':
        return this.agents.get(target.id);
      case 'supervisors':
        return this.staffWhere((p) => p.supervisor);
      case 'ticket':
        return this.staffWhere((p) => p.id !== target.exceptUserId && !!p.tickets?.has(target.id));
      case 'watchers':
        return this.staffWhere((p) => p.supervisor && p.watching === target.id);
    }
  }

  private staffWhere(test: (peer: Peer) => boolean): Peer[] {
    return [...this.agents.values()].flatMap((set) => [...set].filter(test));
  }
}
