// A fake socket, clock and storage for the connection's state machine (no network, no timers of its own).
import { Connection, type Clock, type KeyValueStore, type SocketHandlers } from '../src/connection.ts';
import type { ServerFrame } from '../src/protocol.ts';

export class FakeSocket {
  sent: Record<string, unknown>[] = [];
  closed = false;
  constructor(
    readonly url: string,
    readonly h: SocketHandlers,
  ) {}
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close() {
    this.closed = true;
  }
  server(frame: ServerFrame | Record<string, unknown>) {
    this.h.message(JSON.stringify(frame));
  }
  drop(code = 1006) {
    this.h.close(code);
  }
  types() {
    return this.sent.map((f) => f.type);
  }
}

export class FakeClock implements Clock {
  t = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();
  private next = 1;
  now() {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number) {
    const id = this.next++;
    this.timers.set(id, { at: this.t + ms, fn });
    return id;
  }
  clearTimeout(h: unknown) {
    this.timers.delete(h as number);
  }
  advance(ms: number) {
    const end = this.t + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, v]) => v.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.t = due[1].at;
      due[1].fn();
    }
    this.t = end;
  }
}

export class MemoryStorage implements KeyValueStore {
  m = new Map<string, string>();
  get(k: string) {
    return this.m.get(k) ?? null;
  }
  set(k: string, v: string | null) {
    if (v === null) this.m.delete(k);
    else this.m.set(k, v);
  }
}

export function setup(storage = new MemoryStorage()) {
  const sockets: FakeSocket[] = [];
  const clock = new FakeClock();
  let n = 0;
  const conn = new Connection({
    url: 'wss://kefu.example/ws/shopper',
    shop: 'nuancheng',
    storage,
    clock,
    random: () => 0.5,
    uuid: () => `uuid-${++n}`,
    socket: (url, h) => {
      const s = new FakeSocket(url, h);
      sockets.push(s);
      return s;
    },
  });
  const frames: ServerFrame[] = [];
  const statuses: string[] = [];
  conn.on((e) => {
    if (e.type === 'frame') frames.push(e.frame);
    if (e.type === 'status') statuses.push(e.status);
  });
  const last = () => sockets[sockets.length - 1]!;
  return { conn, sockets, clock, storage, frames, statuses, last };
}

export const welcome = (conversation: null | { id: number; status: 'queued' | 'active' | 'closed' }, token = 'tok-1', agentsOnline = 2) =>
  ({ type: 'welcome', visitor: { token, customerId: null, name: '访客' }, conversation, agentsOnline }) as ServerFrame;

export const message = (conversationId: number, seq: number, clientId: string | null = null) =>
  ({
    type: 'message',
    conversationId,
    seq,
    clientId,
    kind: 'text',
    body: `m${seq}`,
    data: {},
    sender: { kind: 'agent', id: 3, name: '小美' },
    at: '2026-11-11T00:00:00Z',
  }) as ServerFrame;
