// The shopper's socket: connect, reconnect with backoff, resume after the last seq it has everything up to,
// fill a hole in the seqs (a message whose live delivery was lost) by resuming from it, and keep every
// unacknowledged `send` until the server has acknowledged it (resent with the same clientId after a reconnect).
// No DOM here: the socket, the clock and the storage are passed in, so the state machine is unit-tested.

// The shared seq rules come by their own subpath: the widget's bundle takes that one small file, not @kefu/domain.
import { GAP_WAIT_MS, SeqTracker } from '@kefu/domain/seq-tracker';
import { parseFrame, type ClientFrame, type ControlFrame, type MessageKind, type SendFrame, type ServerFrame } from './protocol.ts';
import type { ConnectionEvent, ConnectionStatus } from './connection-events.ts';
import { Outbox } from './outbox.ts';
import { backoffDelay, randomUuid, readJson, realClock, type Clock, type ConnectionOptions, type SocketLike } from './transport.ts';

export type { ConnectionEvent, ConnectionStatus } from './connection-events.ts';
export { RATE_LIMIT_RETRY_MS } from './outbox.ts';
export {
  backoffDelay,
  randomUuid,
  type Clock,
  type ConnectionOptions,
  type KeyValueStore,
  type SocketFactory,
  type SocketHandlers,
  type SocketLike,
} from './transport.ts';

export const TYPING_INTERVAL_MS = 2000;

export class Connection {
  status: ConnectionStatus = 'idle';
  /** True once a `welcome` arrived: later disconnections are shown as "reconnecting". */
  hasBeenReady = false;
  visitorToken: string | null;
  conversationId: number | null = null;
  private readonly sends: Outbox;

  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly uuid: () => string;
  private readonly resumeTimeoutMs: number;
  private readonly gapWaitMs: number;
  /** The seqs of the open conversation this page holds. */
  private readonly seqs = new SeqTracker();
  private gapTimer: unknown = null;
  private readonly listeners = new Set<(e: ConnectionEvent) => void>();
  private readonly closedIds = new Set<number>();
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
    this.resumeTimeoutMs = opts.resumeTimeoutMs ?? 10_000;
    this.gapWaitMs = opts.gapWaitMs ?? GAP_WAIT_MS;
    this.visitorToken = opts.storage.get(this.key('visitor'));
    const conv = readJson<{ id: number; lastSeq: number }>(opts.storage.get(this.key('conv')));
    // A new page starts with an empty message list, so its first resume asks for the whole history
    // (afterSeq 0); the stored lastSeq is only a record of how far the shopper got.
    if (conv && typeof conv.id === 'number') this.conversationId = conv.id;
    this.sends = new Outbox(
      {
        generation: () => this.generation,
        ready: () => this.status === 'ready',
        stopped: () => this.status === 'stopped',
        send: (frame) => this.raw(frame),
        dead: () => {
          this.dropSocket();
          this.lost();
        },
      },
      this.clock,
      opts.storage,
      this.key('outbox'),
      opts.ackTimeoutMs ?? 15_000,
    );
  }

  /** Sends waiting for their ack, in the order they were made. */
  get outbox(): ReadonlyMap<string, SendFrame> {
    return this.sends.pending;
  }

  /** Sends the server refused (too_large, invalid…). */
  get failed(): ReadonlyMap<string, SendFrame> {
    return this.sends.failed;
  }

  /** The seq up to which this page has every message of the conversation it may see (a resume starts after it). */
  get lastSeq(): number {
    return this.seqs.upTo;
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
    const page = kind === 'text' ? this.opts.page?.() : null;
    const frame: SendFrame = { type: 'send', clientId, kind, body, ...(page && { page }) };
    this.sends.add(frame);
    return frame;
  }

  /** Sends a refused message again, same clientId. */
  retry(clientId: string): boolean {
    const frame = this.sends.takeFailed(clientId);
    if (!frame) return false;
    this.send(frame.kind, frame.body, frame.clientId);
    return true;
  }

  discard(clientId: string): void {
    this.sends.discard(clientId);
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
      try {
        s.close();
      } catch {
        /* already closed */
      }
    }
  }

  private clearTimers(): void {
    this.clock.clearTimeout(this.retryTimer);
    this.clock.clearTimeout(this.resumeTimer);
    this.clock.clearTimeout(this.gapTimer);
    this.retryTimer = this.resumeTimer = this.gapTimer = null;
    this.sends.clearTimers();
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
        this.sends.delivered(frame.clientId);
        if (frame.conversationId !== this.conversationId && !this.closedIds.has(frame.conversationId)) {
          this.setConversation(frame.conversationId);
        }
        if (frame.conversationId === this.conversationId) this.received(frame.seq);
        break;
      }
      case 'message': {
        if (this.conversationId === null && !this.closedIds.has(frame.conversationId)) this.setConversation(frame.conversationId);
        if (frame.conversationId === this.conversationId) this.received(frame.seq);
        // Our own message came back (e.g. during a resume, after the ack was lost): it is stored.
        if (frame.clientId) this.sends.delivered(frame.clientId);
        break;
      }
      case 'resumed': {
        if (frame.conversationId === this.conversationId) {
          // The server sent everything up to lastSeq (notes hidden from shoppers included in the count).
          if (frame.lastSeq > this.lastSeq) {
            this.seqs.coverTo(frame.lastSeq);
            this.saveConv();
          }
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
        const fate = frame.clientId ? this.sends.refused(frame.clientId, frame.code) : null;
        if (fate === 'later') return;
        if (fate === 'failed' && frame.clientId) {
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
    const before = this.lastSeq;
    if (!this.seqs.receive(seq)) return;
    if (this.lastSeq !== before) this.saveConv();
    this.watchGap();
  }

  /**
   * A hole below a received seq: a message overtaken on the way arrives in a moment; one whose delivery was
   * lost (a server died between storing and telling) never does. Wait a little, then ask for it with a resume.
   */
  private watchGap(): void {
    if (!this.seqs.hasHole || this.gapTimer !== null || this.status !== 'ready') return;
    const gen = this.generation;
    this.gapTimer = this.clock.setTimeout(() => {
      this.gapTimer = null;
      const afterSeq = this.seqs.holeResumePoint;
      if (gen !== this.generation || this.status !== 'ready' || afterSeq === null || this.conversationId === null) return;
      this.raw({ type: 'resume', conversationId: this.conversationId, afterSeq });
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
    this.sends.transmitAll();
  }

  private raw(frame: ClientFrame): void {
    try {
      this.socket?.send(JSON.stringify(frame));
    } catch {
      /* the close handler reconnects; sends stay in the outbox */
    }
  }

  private closeConversation(id: number): void {
    this.closedIds.add(id);
    if (id === this.conversationId) this.setConversation(null);
  }

  private setConversation(id: number | null): void {
    this.conversationId = id;
    this.seqs.reset();
    this.lastReadSent = 0;
    this.saveConv();
  }

  private saveConv(): void {
    this.opts.storage.set(this.key('conv'), this.conversationId === null ? null : JSON.stringify({ id: this.conversationId, lastSeq: this.lastSeq }));
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
