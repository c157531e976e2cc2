import { ToAgentFrame } from '@kefu/protocol/chat/agent';
import { ToShopperFrame } from '@kefu/protocol/chat/shopper';
import { expect } from 'vitest';
import { WebSocket } from 'ws';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- frames are read loosely by tests; the protocol check above types them
type Frame = Record<string, any>;

/** Frames the server sent, to any client, that do not fit the protocol's schemas (@kefu/protocol/chat). */
const offProtocol: string[] = [];

/** For `afterEach`: every frame the server sent during the test fits the protocol. */
export function expectFramesFitProtocol(): void {
  expect(offProtocol.splice(0)).toEqual([]);
}

/** A protocol client for tests: keeps every frame it received and waits for the ones a test expects. */
export class ChatClient {
  readonly frames: Frame[] = [];
  private waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  private constructor(
    readonly socket: WebSocket,
    schema: typeof ToShopperFrame | typeof ToAgentFrame,
  ) {
    socket.on('message', (raw) => {
      const frame = JSON.parse(raw.toString()) as Frame;
      const checked = schema.safeParse(frame);
      if (!checked.success) {
        offProtocol.push(`${JSON.stringify(frame)} — ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      }
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => (w.match(frame) ? (w.resolve(frame), false) : true));
    });
  }

  static connect(url: string, headers: Record<string, string> = {}): Promise<ChatClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers });
      const client = new ChatClient(socket, url.includes('/ws/agent') ? ToAgentFrame : ToShopperFrame);
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    });
  }

  send(frame: Frame | string): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first frame (already received or still to come) matching, after `from` frames. */
  next(match: (f: Frame) => boolean, timeoutMs = 5000, from = 0): Promise<Frame> {
    const seen = this.frames.slice(from).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching frame in ${timeoutMs} ms; got ${JSON.stringify(this.frames.slice(-5))}`)),
        timeoutMs,
      );
      this.waiters.push({
        match,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
      });
    });
  }

  type(type: string, extra: (f: Frame) => boolean = () => true, timeoutMs?: number) {
    return this.next((f) => f.type === type && extra(f), timeoutMs);
  }

  messages(conversationId: number): Frame[] {
    return this.frames.filter((f) => f.type === 'message' && f.conversationId === conversationId);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
