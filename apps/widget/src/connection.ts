// The shopper's socket: connect, reconnect with backoff, resume after the last seq it has everything up to,
// fill a hole in the seqs (a message whose live delivery was lost) by resuming from it, and keep every
// unacknowledged `send` until the server has acknowledged it (resent with the same clientId after a reconnect).
// No DOM here: the socket, the clock and the storage are passed in, so the state machine is unit-tested.

import { parseFrame, type ClientFrame, type ControlFrame, type MessageKind, type SendFrame, type ServerFrame } from './protocol.ts';

export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string | null): void;
}

export interface SocketHandlers {
  open(): void;
  message(data: string): void;
  close(code: number): void;
}
export interface SocketLike {
  send(data: string): void;
  close(): void;
}
export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketLike;

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * idle: not started; connecting: socket opening / waiting for `welcome`; resuming: `resume` sent, waiting for
 * `resumed`; ready: sends go straight out; waiting: disconnected, a retry is scheduled; stopped: stop() was called.
 */
export type ConnectionStatus = 'idle' | 'connecting' | 'resuming' | 'ready' | 'waiting' | 'stopped';

export type ConnectionEvent =
  | { type: 'status'; status: ConnectionStatus; retryInMs?: number }
  | { type: 'frame'; frame: ServerFrame }
  /** A send the server refused (error frame with its clientId); kept in `failed` until retry() or discard(). */
  | { type: 'failed'; clientId: string; code: string };

export interface ConnectionOptions {
  /** ws(s)://host/ws/shopper */
  url: string;
  shop: string;
  socket: SocketFactory;
  storage: KeyValueStore;
  clock?: Clock;
  random?: () => number;
  uuid?: () => string;
  /** A send not acknowledged within this time means a dead socket: drop it and reconnect. */
  ackTimeoutMs?: number;
  /** No `resumed` within this time: go ready anyway, so the pending sends are not held back for ever. */
  resumeTimeoutMs?: number;
  /** A hole in the seqs still open after this time is fetched with a resume (it may only be a message overtaken on the way). */
  gapWaitMs?: number;
}

export const TYPING_INTERVAL_MS = 2000;
/** The server takes 10 messages a second from a socket; a refused one is sent again after this. */
export const RATE_LIMIT_RETRY_MS = 1000;
const MIN_DELAY_MS = 500;
const MAX_DELAY_MS = 5000;

/** Reconnect delay after `attempt` failed tries: 0.5 s, 1 s, 2 s, 4 s, 5 s, 5 s… with ±20 % jitter, never over 5 s. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** Math.max(0, attempt));
  return Math.round(Math.min(MAX_DELAY_MS, base * (0.8 + 0.4 * random())));
}

export function randomUuid(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  // crypto.randomUUID needs a secure context; shop pages on plain http still have getRandomValues.
  const b = new Uint8Array(16);
  c.getRandomValues(b);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class Connection {
  status: ConnectionStatus = 'idle';
  /** True once a `welcome` arrived: later disconnections are shown as "reconnecting". */
  hasBeenReady = false;
  visitorToken: string | null;
  conversationId: number | null = null;
  /** The seq up to which this page has every message of the conversation it may see (a resume starts after it). */
  lastSeq = 0;
  /** Sends waiting for their ack, in the order they were made. */
  readonly outbox = new Map<string, SendFrame>();
  /** Sends the server refused (rate_limited, too_large…). */
  readonly failed = new Map<string, SendFrame>();

  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly uuid: () => string;
  private readonly ackTimeoutMs: number;
  private readonly resumeTimeoutMs: number;
  private readonly gapWaitMs: number;
  /** Seqs received beyond a hole, waiting for it to be filled. */
  private readonly ahead = new Set<number>();
  private gapTimer: unknown = null;
  private readonly listeners = new Set<(e: ConnectionEvent) => void>();
  private readonly closedIds = new Set<number>();
  private readonly ackTimers = new Map<string, unknown>();
  private controls: ControlFrame[] = [];
  private socket: SocketLike | null = null;
  private generation = 0;
  private attempt = 0;
  private retryTimer: unknown = null;
  private resumeTimer: unknown = null;
  private lastTypingAt = Number.NEGATIVE_INFINITY;
  private lastReadSent = 0;

  constructor(private readonly opts: ConnectionOptions) {
    this.clock = opts.clock ?? realClock;
    this.random = opts.random ?? Math.random;
    this.uuid = opts.uuid ?? randomUuid;
    this.ackTimeoutMs = opts.ackTimeoutMs ?? 15_000;
    this.resumeTimeoutMs = opts.resumeTimeoutMs ?? 10_000;
    this.gapWaitMs = opts.gapWaitMs ?? 1000;
    this.visitorToken = opts.storage.get(this.key('visitor'));
    const conv = readJson<{ id: number; lastSeq: number }>(opts.storage.get(this.key('conv')));
    // A new page starts with an empty message list, so its first resume asks for the whole history
    // (afterSeq 0); the stored lastSeq is only a record of how far the shopper got.
    if (conv && typeof conv.id === 'number') this.conversationId = conv.id;
    for (const f of readJson<SendFrame[]>(opts.storage.get(this.key('outbox'))) ?? []) {
      if (f && f.type === 'send' && typeof f.clientId === 'string') this.outbox.set(f.clientId, f);
    }
  }

  on(listener: (e: ConnectionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Whether there is something to resume or deliver: then connect at once instead of waiting for the panel. */
  get hasSomethingToResume(): boolean {
    return this.conversationId !== null || this.outbox.size > 0;
  }

  start(): void {
    if (this.status === 'idle' || this.status === 'stopped') this.open();
  }

  stop(): void {
    this.setStatus('stopped');
    this.clearTimers();
    this.dropSocket();
  }

  /** Retry now instead of waiting for the backoff (the browser came back online, the panel was opened). */
  reconnectNow(): void {
    if (this.status !== 'waiting') return;
    this.clock.clearTimeout(this.retryTimer);
    this.open();
  }

  /** Queues a message; it goes out now if the socket is ready, else after the next (re)connect. */
  send(kind: MessageKind, body: string, clientId: string = this.uuid()): SendFrame {
    const frame: SendFrame = { type: 'send', clientId, kind, body };
    this.outbox.set(clientId, frame);
    this.saveOutbox();
    if (this.status === 'ready') this.transmit(frame);
    return frame;
  }

  /** Sends a refused message again, same clientId. */
  retry(clientId: string): boolean {
    const frame = this.failed.get(clientId);
    if (!frame) return false;
    this.failed.delete(clientId);
    this.send(frame.kind, frame.body, frame.clientId);
    return true;
  }

  discard(clientId: string): void {
    this.failed.delete(clientId);
    if (this.outbox.delete(clientId)) this.saveOutbox();
  }

  /** identify / rate / leave_message: sent now when ready, else once the connection is ready again. */
  control(frame: ControlFrame): boolean {
    if (this.status === 'ready') {
      this.raw(frame);
      return true;
    }
    this.controls.push(frame);
    return false;
  }

  /** Forgets a control frame still waiting for the connection (the shopper gave up on it). */
  cancelControl(frame: ControlFrame): void {
    this.controls = this.controls.filter((c) => c !== frame);
  }

  /** Tells the agent the shopper is typing, at most once every 2 s. */
  typing(): boolean {
    const now = this.clock.now();
    if (this.status !== 'ready' || this.conversationId === null || now - this.lastTypingAt < TYPING_INTERVAL_MS) return false;
    this.lastTypingAt = now;
    this.raw({ type: 'typing', conversationId: this.conversationId });
    return true;
  }

  /** Reports the shopper has seen everything up to `seq`. */
  read(seq: number): boolean {
    if (this.status !== 'ready' || this.conversationId === null || seq <= this.lastReadSent) return false;
    this.lastReadSent = seq;
    this.raw({ type: 'read', conversationId: this.conversationId, seq });
    return true;
  }

  // ---- socket life cycle ----

  private open(): void {
    this.dropSocket();
    const gen = ++this.generation;
    this.setStatus('connecting');
    const q = new URLSearchParams({ shop: this.opts.shop });
    if (this.visitorToken) q.set('visitor', this.visitorToken);
    const url = `${this.opts.url}?${q}`;
    try {
      this.socket = this.opts.socket(url, {
        open: () => {},
        message: (data) => {
          if (gen !== this.generation) return;
          const frame = parseFrame(data);
          if (frame) this.handle(frame);
        },
        close: () => {
          if (gen !== this.generation) return;
          this.socket = null;
          this.lost();
        },
      });
    } catch {
      this.socket = null;
      this.lost();
    }
  }

  /** The socket is gone (closed, or declared dead): schedule the next try. */
  private lost(): void {
    this.clearTimers();
    if (this.status === 'stopped') return;
    const delay = backoffDelay(this.attempt++, this.random);
    this.setStatus('waiting', delay);
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = null;
      this.open();
    }, delay);
  }

  private dropSocket(): void {
    const s = this.socket;
    this.socket = null;
    this.generation++;
    if (s) {
      try { s.close(); } catch { /* already closed */ }
    }
  }

  private clearTimers(): void {
    this.clock.clearTimeout(this.retryTimer);
    this.clock.clearTimeout(this.resumeTimer);
    this.clock.clearTimeout(this.gapTimer);
    this.retryTimer = this.resumeTimer = this.gapTimer = null;
    for (const t of this.ackTimers.values()) this.clock.clearTimeout(t);
    this.ackTimers.clear();
  }

  private handle(frame: ServerFrame): void {
    switch (frame.type) {
      case 'welcome': {
        this.attempt = 0;
        this.hasBeenReady = true;
        if (frame.visitor?.token && frame.visitor.token !== this.visitorToken) {
          this.visitorToken = frame.visitor.token;
          this.opts.storage.set(this.key('visitor'), this.visitorToken);
        }
        const conv = frame.conversation;
        const open = conv && conv.status !== 'closed' ? conv : null;
        if (open) {
          if (open.id !== this.conversationId) this.setConversation(open.id);
        } else if (this.conversationId !== null) {
          this.closedIds.add(this.conversationId);
          this.setConversation(null);
        }
        this.emit({ type: 'frame', frame });
        if (this.conversationId !== null) {
          this.setStatus('resuming');
          this.raw({ type: 'resume', conversationId: this.conversationId, afterSeq: this.lastSeq });
          this.resumeTimer = this.clock.setTimeout(() => this.ready(), this.resumeTimeoutMs);
        } else {
          this.ready();
        }
        return;
      }
      case 'ack': {
        this.clearAckTimer(frame.clientId);
        if (this.outbox.delete(frame.clientId)) this.saveOutbox();
        if (frame.conversationId !== this.conversationId && !this.closedIds.has(frame.conversationId)) {
          this.setConversation(frame.conversationId);
        }
        if (frame.conversationId === this.conversationId) this.received(frame.seq);
        break;
      }
      case 'message': {
        if (this.conversationId === null && !this.closedIds.has(frame.conversationId)) this.setConversation(frame.conversationId);
        if (frame.conversationId === this.conversationId) this.received(frame.seq);
        if (frame.clientId && this.outbox.has(frame.clientId)) {
          // Our own message came back (e.g. during a resume, after the ack was lost): it is stored.
          this.clearAckTimer(frame.clientId);
          this.outbox.delete(frame.clientId);
          this.saveOutbox();
        }
        break;
      }
      case 'resumed': {
        if (frame.conversationId === this.conversationId) {
          // The server sent everything up to lastSeq (notes hidden from shoppers included in the count).
          if (frame.lastSeq > this.lastSeq) this.advanceTo(frame.lastSeq);
          if (frame.more) this.raw({ type: 'resume', conversationId: frame.conversationId, afterSeq: this.lastSeq });
        }
        this.emit({ type: 'frame', frame });
        if (this.status === 'resuming' && !frame.more) this.ready();
        else this.watchGap();
        return;
      }
      case 'closed':
        this.closeConversation(frame.conversationId);
        break;
      case 'conversation':
        if (frame.conversation?.status === 'closed') this.closeConversation(frame.conversation.id);
        break;
      case 'error': {
        if (frame.clientId && this.outbox.has(frame.clientId) && frame.code === 'rate_limited') {
          // Too many at once (a long outbox after an outage): the same message goes again in a moment.
          this.retryLater(frame.clientId);
          return;
        }
        if (frame.clientId && this.outbox.has(frame.clientId)) {
          const f = this.outbox.get(frame.clientId)!;
          this.clearAckTimer(frame.clientId);
          this.outbox.delete(frame.clientId);
          this.saveOutbox();
          this.failed.set(frame.clientId, f);
          this.emit({ type: 'frame', frame });
          this.emit({ type: 'failed', clientId: frame.clientId, code: frame.code });
          return;
        }
        if (this.status === 'resuming' && (frame.code === 'not_found' || frame.code === 'forbidden')) {
          // The conversation to resume is gone: start afresh.
          if (this.conversationId !== null) this.closedIds.add(this.conversationId);
          this.setConversation(null);
          this.emit({ type: 'frame', frame });
          this.ready();
          return;
        }
        break;
      }
    }
    this.emit({ type: 'frame', frame });
  }

  /** A message (or our own ack) of the open conversation: everything up to lastSeq is here, the rest waits for its hole. */
  private received(seq: number): void {
    if (seq <= this.lastSeq) return;
    if (seq === this.lastSeq + 1) this.advanceTo(seq);
    else this.ahead.add(seq);
    this.watchGap();
  }

  private advanceTo(seq: number): void {
    this.lastSeq = seq;
    for (const s of this.ahead) if (s <= seq) this.ahead.delete(s);
    while (this.ahead.delete(this.lastSeq + 1)) this.lastSeq++;
    this.saveConv();
  }

  /**
   * A hole below a received seq: a message overtaken on the way arrives in a moment; one whose delivery was
   * lost (a server died between storing and telling) never does. Wait a little, then ask for it with a resume.
   */
  private watchGap(): void {
    if (this.ahead.size === 0 || this.gapTimer !== null || this.status !== 'ready') return;
    const gen = this.generation;
    this.gapTimer = this.clock.setTimeout(() => {
      this.gapTimer = null;
      if (gen !== this.generation || this.status !== 'ready' || this.ahead.size === 0 || this.conversationId === null) return;
      this.raw({ type: 'resume', conversationId: this.conversationId, afterSeq: this.lastSeq });
    }, this.gapWaitMs);
  }

  private ready(): void {
    this.clock.clearTimeout(this.resumeTimer);
    this.resumeTimer = null;
    if (!this.socket) return;
    this.setStatus('ready');
    this.watchGap();
    const controls = this.controls;
    this.controls = [];
    for (const c of controls) this.raw(c);
    for (const f of this.outbox.values()) this.transmit(f);
  }

  private retryLater(clientId: string): void {
    this.clearAckTimer(clientId);
    const gen = this.generation;
    this.ackTimers.set(clientId, this.clock.setTimeout(() => {
      this.ackTimers.delete(clientId);
      const frame = this.outbox.get(clientId);
      if (frame && gen === this.generation && this.status === 'ready') this.transmit(frame);
    }, RATE_LIMIT_RETRY_MS));
  }

  private transmit(frame: SendFrame): void {
    this.raw(frame);
    this.clearAckTimer(frame.clientId);
    const gen = this.generation;
    this.ackTimers.set(frame.clientId, this.clock.setTimeout(() => {
      this.ackTimers.delete(frame.clientId);
      if (gen !== this.generation || !this.outbox.has(frame.clientId) || this.status === 'stopped') return;
      // No ack in time: the socket is probably dead without the browser knowing. Start over.
      this.dropSocket();
      this.lost();
    }, this.ackTimeoutMs));
  }

  private clearAckTimer(clientId: string): void {
    const t = this.ackTimers.get(clientId);
    if (t !== undefined) {
      this.clock.clearTimeout(t);
      this.ackTimers.delete(clientId);
    }
  }

  private raw(frame: ClientFrame): void {
    try {
      this.socket?.send(JSON.stringify(frame));
    } catch { /* the close handler reconnects; sends stay in the outbox */ }
  }

  private closeConversation(id: number): void {
    this.closedIds.add(id);
    if (id === this.conversationId) this.setConversation(null);
  }

  private setConversation(id: number | null): void {
    this.conversationId = id;
    this.lastSeq = 0;
    this.ahead.clear();
    this.lastReadSent = 0;
    this.saveConv();
  }

  private saveConv(): void {
    this.opts.storage.set(this.key('conv'),
      this.conversationId === null ? null : JSON.stringify({ id: this.conversationId, lastSeq: this.lastSeq }));
  }

  private saveOutbox(): void {
    this.opts.storage.set(this.key('outbox'), this.outbox.size ? JSON.stringify([...this.outbox.values()]) : null);
  }

  private key(name: string): string {
    return `kefu.${this.opts.shop}.${name}`;
  }

  private setStatus(status: ConnectionStatus, retryInMs?: number): void {
    if (this.status === 'stopped' && status !== 'connecting') return;
    this.status = status;
    this.emit({ type: 'status', status, retryInMs });
  }

  private emit(e: ConnectionEvent): void {
    for (const l of this.listeners) l(e);
  }
}

function readJson<T>(text: string | null): T | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}
