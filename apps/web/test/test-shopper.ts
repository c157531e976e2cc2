import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

export type Frame = Record<string, unknown> & { type: string };

/** A shopper of the demo shop on /ws/shopper, speaking the protocol, for browser tests that need the other side. */
export class TestShopper {
  frames: Frame[] = [];
  conversationId = 0;
  private ws!: WebSocket;
  constructor(private readonly base: string) {}

  async connect() {
    this.ws = new WebSocket(`${this.base.replace(/^http/, 'ws')}/ws/shopper?shop=nuancheng`);
    this.ws.on('message', (raw) => {
      const f = JSON.parse(String(raw)) as Frame;
      this.frames.push(f);
      if (f.type === 'ack') this.conversationId = f.conversationId as number;
    });
    await this.waitFor((f) => f.type === 'welcome');
    return this;
  }

  async waitFor(pred: (f: Frame) => boolean, ms = 10_000): Promise<Frame> {
    const end = Date.now() + ms;
    for (;;) {
      const hit = this.frames.find(pred);
      if (hit) return hit;
      if (Date.now() > end) throw new Error(`shopper waited in vain; last frames ${JSON.stringify(this.frames.slice(-3))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async send(body: string, page?: { url: string; title?: string; productName?: string }) {
    const clientId = randomUUID();
    this.ws.send(JSON.stringify({ type: 'send', clientId, kind: 'text', body, ...(page && { page }) }));
    return this.waitFor((f) => f.type === 'ack' && f.clientId === clientId);
  }

  /**
   * Proves who they are as a real shopper must: a code goes to the contact on file for the order, and the
   * shopper types it back. `codeSentTo` reads the code from wherever the test's SMS gateway put it.
   */
  async identify(orderNo: string, codeSentTo: () => Promise<string>) {
    const from = this.frames.length;
    const after = (pred: (f: Frame) => boolean) => this.waitFor((f) => this.frames.indexOf(f) >= from && pred(f));
    this.ws.send(JSON.stringify({ type: 'request_code', orderNo }));
    const sent = await after((f) => f.type === 'code_sent' || f.type === 'error');
    if (sent.type === 'error') return sent;
    this.ws.send(JSON.stringify({ type: 'verify', code: await codeSentTo() }));
    return after((f) => f.type === 'identified' || f.type === 'error');
  }

  /**
   * How many messages with this text reached the shopper. A retried send is published again (so that a crash between
   * storing and publishing loses nothing) and clients drop a seq they already hold: count distinct seqs.
   */
  received(body: string) {
    return new Set(this.frames.filter((f) => f.type === 'message' && f.body === body).map((f) => `${f.conversationId}:${f.seq}`)).size;
  }

  close() {
    this.ws.close();
  }
}
