// The shopper's sends until the server has them: kept in storage (a reload keeps them), sent again with the
// same clientId (the server stores a clientId once), and timed, since a send with no ack reveals a dead socket.
import type { SendFrame } from './protocol.ts';
import { readJson, type Clock, type KeyValueStore } from './transport.ts';

/** The server takes 10 messages a second from a socket; a refused one is sent again after this. */
export const RATE_LIMIT_RETRY_MS = 1000;

/** What the outbox needs from the connection it rides on. */
export interface OutboxLine {
  /** The socket's generation: a timer set for an earlier socket does nothing. */
  generation(): number;
  ready(): boolean;
  stopped(): boolean;
  send(frame: SendFrame): void;
  /** No ack in time: the socket is probably dead without the browser knowing. */
  dead(): void;
}

export class Outbox {
  /** Sends waiting for their ack, in the order they were made. */
  readonly pending = new Map<string, SendFrame>();
  /** Sends the server refused (too_large, invalid…), until retried or discarded. */
  readonly failed = new Map<string, SendFrame>();
  private readonly timers = new Map<string, unknown>();

  constructor(
    private readonly line: OutboxLine,
    private readonly clock: Clock,
    private readonly storage: KeyValueStore,
    private readonly storageKey: string,
    private readonly ackTimeoutMs: number,
  ) {
    for (const f of readJson<SendFrame[]>(storage.get(storageKey)) ?? []) {
      if (f && f.type === 'send' && typeof f.clientId === 'string') this.pending.set(f.clientId, f);
    }
  }

  /** Queues a send; it goes out now when the connection is ready. */
  add(frame: SendFrame): void {
    this.pending.set(frame.clientId, frame);
    this.save();
    if (this.line.ready()) this.transmit(frame);
  }

  /** The server stored it (its ack, or the message itself came back): true when it was waiting. */
  delivered(clientId: string): boolean {
    this.clearTimer(clientId);
    if (!this.pending.delete(clientId)) return false;
    this.save();
    return true;
  }

  /**
   * The server refused a send. Rate-limited (a long outbox after an outage): it goes again in a moment
   * ('later'). Otherwise it waits in `failed` until retry() or discard() ('failed'). Null: not one of ours.
   */
  refused(clientId: string, code: string): 'later' | 'failed' | null {
    const frame = this.pending.get(clientId);
    if (!frame) return null;
    if (code === 'rate_limited') {
      this.retryLater(clientId);
      return 'later';
    }
    this.delivered(clientId);
    this.failed.set(clientId, frame);
    return 'failed';
  }

  /** Takes a refused send back out of `failed`, to be sent again. */
  takeFailed(clientId: string): SendFrame | undefined {
    const frame = this.failed.get(clientId);
    this.failed.delete(clientId);
    return frame;
  }

  discard(clientId: string): void {
    this.failed.delete(clientId);
    this.delivered(clientId);
  }

  transmitAll(): void {
    for (const f of this.pending.values()) this.transmit(f);
  }

  clearTimers(): void {
    for (const t of this.timers.values()) this.clock.clearTimeout(t);
    this.timers.clear();
  }

  private retryLater(clientId: string): void {
    this.clearTimer(clientId);
    const gen = this.line.generation();
    this.timers.set(
      clientId,
      this.clock.setTimeout(() => {
        this.timers.delete(clientId);
        const frame = this.pending.get(clientId);
        if (frame && gen === this.line.generation() && this.line.ready()) this.transmit(frame);
      }, RATE_LIMIT_RETRY_MS),
    );
  }

  private transmit(frame: SendFrame): void {
    this.line.send(frame);
    this.clearTimer(frame.clientId);
    const gen = this.line.generation();
    this.timers.set(
      frame.clientId,
      this.clock.setTimeout(() => {
        this.timers.delete(frame.clientId);
        if (gen !== this.line.generation() || !this.pending.has(frame.clientId) || this.line.stopped()) return;
        this.line.dead();
      }, this.ackTimeoutMs),
    );
  }

  private clearTimer(clientId: string): void {
    const t = this.timers.get(clientId);
    if (t === undefined) return;
    this.clock.clearTimeout(t);
    this.timers.delete(clientId);
  }

  private save(): void {
    this.storage.set(this.storageKey, this.pending.size ? JSON.stringify([...this.pending.values()]) : null);
  }
}
