/**
 * The agent's WebSocket, independent of React: reconnects with backoff (0.5 s → 5 s), resumes every open
 * conversation from its last seen seq after each `welcome`, fills a hole in a conversation's seqs (a message
 * whose live delivery was lost) with a resume from it, and resends unacknowledged messages with their
 * original clientId (the server stores a clientId once, so a resend never duplicates).
 */
import { GAP_WAIT_MS, SeqTracker } from '@kefu/domain';
import { backoffDelay } from './logic.ts';
import type { InFrame, OutFrame, SendFrame } from './types.ts';

export { GAP_WAIT_MS };

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface SocketHooks {
  onFrame(frame: InFrame): void;
  onState(state: ConnectionState, attempt: number): void;
  /** Asked after each welcome (once the welcome frame is handled): which conversations to resume, from which seq. */
  resumePoints(): { conversationId: number; afterSeq: number }[];
}

interface WebSocketLike {
  readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}
export type WebSocketFactory = (url: string) => WebSocketLike;

const OPEN = 1;

/** A conversation's seqs, and the timer that fetches a hole still open after GAP_WAIT_MS. */
interface SeqTrack {
  seqs: SeqTracker;
  timer: ReturnType<typeof setTimeout> | null;
}
const newTrack = (upTo: number): SeqTrack => ({ seqs: new SeqTracker(upTo), timer: null });

export class ChatSocket {
  private ws: WebSocketLike | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = true;
  private welcomed = false;
  /** Sent but not acknowledged, in sending order. */
  private readonly pending = new Map<string, SendFrame>();
  /** Conversations being resumed: their messages are history, not news. */
  private readonly resuming = new Set<number>();
  /** Conversations whose history has been fetched (a `resumed` came): their holes are watched. */
  private readonly tracks = new Map<number, SeqTrack>();

  constructor(
    private readonly url: string,
    private readonly hooks: SocketHooks,
    private readonly factory: WebSocketFactory = (u) => new WebSocket(u) as unknown as WebSocketLike,
  ) {}

  get ready(): boolean {
    return this.welcomed && this.ws?.readyState === OPEN;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const ws = this.ws;
    this.ws = null;
    this.welcomed = false;
    if (ws) {
      ws.onclose = ws.onmessage = ws.onerror = ws.onopen = null;
      ws.close(1000, 'bye');
    }
    this.hooks.onState('closed', this.attempt);
  }

  /** Any frame but `send`; dropped while disconnected (typing, read and status are re-sent by their owners). */
  send(frame: OutFrame): boolean {
    if (frame.type === 'send') {
      this.sendMessage(frame);
      return true;
    }
    if (frame.type === 'resume') {
      this.resuming.add(frame.conversationId);
      // Live messages that come during the resume are counted too.
      if (!this.tracks.has(frame.conversationId)) this.tracks.set(frame.conversationId, newTrack(frame.afterSeq));
    }
    if (!this.ready) return false;
    this.ws!.send(JSON.stringify(frame));
    return true;
  }

  /** A message: kept until its ack, sent again after a reconnect. */
  sendMessage(frame: SendFrame): void {
    this.pending.set(frame.clientId, frame);
    if (this.ready) this.ws!.send(JSON.stringify(frame));
  }

  /** Forget an unacknowledged message (the agent gave up on it). */
  discard(clientId: string): void {
    this.pending.delete(clientId);
  }

  isPending(clientId: string): boolean {
    return this.pending.has(clientId);
  }

  isResuming(conversationId: number): boolean {
    return this.resuming.has(conversationId);
  }

  /** Stop watching a conversation's seqs (it is no longer this agent's). */
  forget(conversationId: number): void {
    const track = this.tracks.get(conversationId);
    if (track?.timer) clearTimeout(track.timer);
    this.tracks.delete(conversationId);
  }

  /** A seq of a conversation arrived (a message, or our own ack). */
  private received(conversationId: number, seq: number): void {
    const track = this.tracks.get(conversationId);
    if (track?.seqs.receive(seq)) this.watchGap(conversationId, track);
  }

  private watchGap(conversationId: number, track: SeqTrack): void {
    if (!track.seqs.hasHole || track.timer) return;
    track.timer = setTimeout(() => {
      track.timer = null;
      const afterSeq = track.seqs.holeResumePoint;
      if (afterSeq === null || !this.ready || this.resuming.has(conversationId) || this.tracks.get(conversationId) !== track) return;
      this.send({ type: 'resume', conversationId, afterSeq });
    }, GAP_WAIT_MS);
  }

  private connect(): void {
    this.hooks.onState('connecting', this.attempt);
    let ws: WebSocketLike;
    try {
      ws = this.factory(this.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.onmessage = (ev) => this.receive(ev.data);
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.welcomed = false;
      this.resuming.clear();
      // The resume after the next welcome fetches whatever is missing.
      for (const id of [...this.tracks.keys()]) this.forget(id);
      this.hooks.onState('closed', this.attempt);
      this.scheduleReconnect();
    };
    ws.onerror = () => {
      /* onclose follows */
    };
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt);
    this.attempt++;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.stopped) this.connect();
    }, delay);
  }

  private receive(data: unknown): void {
    let frame: InFrame;
    try {
      frame = JSON.parse(String(data)) as InFrame;
    } catch {
      return;
    }
    if (!frame || typeof frame !== 'object' || typeof frame.type !== 'string') return;
    switch (frame.type) {
      case 'welcome':
        this.welcomed = true;
        this.attempt = 0;
        this.hooks.onFrame(frame);
        this.hooks.onState('open', 0);
        for (const point of this.hooks.resumePoints()) this.send({ type: 'resume', ...point });
        for (const f of this.pending.values()) this.ws?.send(JSON.stringify(f));
        return;
      case 'ack':
        this.pending.delete(frame.clientId);
        this.received(frame.conversationId, frame.seq);
        break;
      case 'message':
        this.received(frame.conversationId, frame.seq);
        break;
      case 'resumed': {
        let track = this.tracks.get(frame.conversationId);
        if (!track) this.tracks.set(frame.conversationId, (track = newTrack(frame.lastSeq)));
        track.seqs.coverTo(frame.lastSeq);
        this.hooks.onFrame(frame);
        if (frame.more) {
          this.send({ type: 'resume', conversationId: frame.conversationId, afterSeq: track.seqs.upTo });
          return;
        }
        this.resuming.delete(frame.conversationId);
        this.watchGap(frame.conversationId, track);
        return;
      }
      case 'error':
        if (frame.clientId && this.pending.has(frame.clientId)) {
          const clientId = frame.clientId;
          if (frame.code === 'rate_limited') {
            // Keep it; try again in a second.
            setTimeout(() => {
              const f = this.pending.get(clientId);
              if (f && this.ready) this.ws!.send(JSON.stringify(f));
            }, 1000);
            return;
          }
          this.pending.delete(clientId);
        }
        break;
    }
    this.hooks.onFrame(frame);
  }
}

export function agentSocketUrl(loc: { protocol: string; host: string } = location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws/agent`;
}
