import type { Db } from '../../src/db/database.ts';
import type { Random } from '../../src/seed/random.ts';
import { ChatClient } from '../chat-client.ts';
import { changedTables, settled, snapshot } from './snapshot.ts';
import { deeplyNested, mutate, poisonLeaf } from './values.ts';

type Frame = Record<string, unknown>;
export interface SocketFinding {
  socket: 'shopper' | 'agent';
  frame: string;
  problem: string;
  changed?: string[];
}
export interface SocketFuzzReport {
  frames: number;
  byAnswer: Record<string, number>;
  findings: SocketFinding[];
}

const clientId = (rnd: Random) => `fuzz-${rnd.int(0, 999_999_999)}`;

/** One plausible frame of each type the shopper and the agent send (docs/chat-protocol.md); the fuzzer spoils them. */
const SHOPPER_FRAMES = (rnd: Random, conversationId: number): Frame[] => [
  { type: 'send', clientId: clientId(rnd), kind: rnd.pick(['text', 'image', 'order']), body: '你好，请问什么时候发货' },
  { type: 'resume', conversationId, afterSeq: 0 },
  { type: 'typing', conversationId },
  { type: 'read', conversationId, seq: 1 },
  { type: 'identify', identity: { ref: 'u1', name: '张三', ts: 1_800_000_000, sig: 'a'.repeat(64) } },
  { type: 'request_code', phone: '13800138000' },
  { type: 'verify', code: '123456' },
  { type: 'rate', conversationId, score: 5, comment: '很好' },
  { type: 'feedback', answerId: 1, helpful: true },
  { type: 'leave_message', body: '有人吗', name: '张三', phone: '13800138000' },
];
const AGENT_FRAMES = (rnd: Random, conversationId: number): Frame[] => [
  {
    type: 'send',
    conversationId,
    clientId: clientId(rnd),
    kind: rnd.pick(['text', 'note', 'product', 'order']),
    body: rnd.pick(['好的，马上为您查询', '1', 'TB-1']),
  },
  { type: 'resume', conversationId, afterSeq: 0 },
  { type: 'typing', conversationId },
  { type: 'read', conversationId, seq: 1 },
  { type: 'status', status: rnd.pick(['online', 'busy', 'away']) },
  { type: 'accept', conversationId },
  { type: 'transfer', conversationId, toAgentId: rnd.int(1, 4), note: '转给你' },
  { type: 'transfer', conversationId, toGroupId: rnd.int(1, 3) },
];

/** A frame as text: a spoiled plausible frame, or raw garbage. */
function fuzzFrame(rnd: Random, plausible: Frame[]): string | Buffer {
  switch (rnd.int(0, 9)) {
    case 0:
      return rnd.pick(['not json', '{"type":', 'null', '[]', '"send"', '1e999', '{"type":"nope"}', '{"type":"send","__proto__":{"x":1}}', '\u0000']);
    case 1:
      return Buffer.from([0, 1, 2, 255]);
    case 2:
      return JSON.stringify({ type: rnd.pick(plausible).type, nested: deeplyNested(rnd.pick([100, 3000])) });
    case 3:
      return JSON.stringify({ ...rnd.pick(plausible), body: 'x'.repeat(rnd.pick([17 * 1024, 40 * 1024, 70 * 1024])) });
    case 4:
    case 5:
    case 6: {
      // Poison a field but keep the type, so the frame reaches its handler.
      const { type, ...fields } = rnd.pick(plausible);
      return JSON.stringify({ type, ...(poisonLeaf(fields, rnd) as Frame) });
    }
    default:
      return JSON.stringify(mutate(rnd.pick(plausible), rnd));
  }
}

/**
 * A socket that answers in order: after each fuzzed frame it sends a `resume` with a unique `afterSeq`, whose `resumed`
 * echo marks that every earlier frame has been handled. Reconnects before the per-connection rate limits bite.
 */
class Probe {
  client!: ChatClient;
  private rounds = 0;
  private marker = 1_000_000;
  constructor(
    readonly kind: 'shopper' | 'agent',
    private readonly connect: () => Promise<ChatClient>,
    public conversationId: number,
  ) {}

  async open() {
    this.client = await this.connect();
    this.rounds = 0;
  }

  /** Reconnects when the connection is closed or near its rate limits; true when it did. */
  async ready(): Promise<boolean> {
    if (this.rounds < 12 && this.client.socket.readyState === this.client.socket.OPEN) return false;
    await this.client.close();
    await this.open();
    return true;
  }

  /** Sends the frame and waits until it was handled; the frames it was answered with. */
  async round(frame: string | Buffer): Promise<{ answers: Frame[]; closed: number | null }> {
    this.rounds++;
    const from = this.client.frames.length;
    const socket = this.client.socket;
    let onClose: (code: number) => void = () => undefined;
    const closed = new Promise<number>((resolve) => {
      onClose = resolve;
      socket.once('close', onClose);
    });
    const marker = ++this.marker;
    this.client.socket.send(frame);
    this.client.send({ type: 'resume', conversationId: this.conversationId, afterSeq: marker });
    const done = this.client.next((f) => f.type === 'resumed' && f.lastSeq === marker, 5000, from).then(() => null);
    const code = await Promise.race([done, closed]).finally(() => socket.off('close', onClose));
    return { answers: this.client.frames.slice(from).filter((f) => !(f.type === 'resumed' && f.lastSeq === marker)), closed: code };
  }
}

/**
 * Sends `count` malformed frames to each of the shopper and agent sockets. Findings: an `internal` error frame, a
 * frame left unanswered (the marker never came back), a connection closed for anything but an oversized frame, and
 * stored data changed by a frame that was answered with an error.
 */
export async function fuzzSockets(options: {
  db: Db;
  rnd: Random;
  count: number;
  wsBase: string;
  shopKey: string;
  agentCookie: () => string;
}): Promise<SocketFuzzReport> {
  const { rnd, db } = options;
  const report: SocketFuzzReport = { frames: 0, byAnswer: {}, findings: [] };
  // The shopper opens a conversation and the admin takes it, so frames about it reach the handlers.
  let visitor = '';
  const shopperProbe = new Probe(
    'shopper',
    async () => {
      const c = await ChatClient.connect(`${options.wsBase}/ws/shopper?shop=${options.shopKey}${visitor ? `&visitor=${visitor}` : ''}`);
      visitor = (await c.type('welcome')).visitor.token;
      return c;
    },
    0,
  );
  await shopperProbe.open();
  shopperProbe.client.send({ type: 'send', clientId: clientId(rnd), kind: 'text', body: '你好' });
  shopperProbe.conversationId = (await shopperProbe.client.type('ack')).conversationId;
  const agentProbe = new Probe(
    'agent',
    async () => {
      const c = await ChatClient.connect(`${options.wsBase}/ws/agent`, { cookie: options.agentCookie() });
      await c.type('welcome');
      return c;
    },
    shopperProbe.conversationId,
  );
  await agentProbe.open();
  agentProbe.client.send({ type: 'accept', conversationId: shopperProbe.conversationId });
  await agentProbe.client.type('conversation', (f) => f.conversation?.id === shopperProbe.conversationId).catch(() => undefined);

  for (let i = 0; i < options.count; i++) {
    for (const [probe, frames] of [
      [shopperProbe, SHOPPER_FRAMES],
      [agentProbe, AGENT_FRAMES],
    ] as const) {
      const frame = fuzzFrame(rnd, frames(rnd, probe.conversationId));
      const shown = Buffer.isBuffer(frame) ? `<binary ${frame.toString('hex')}>` : frame.slice(0, 300);
      // Connecting and disconnecting change an agent's presence by design: wait for that before the snapshot.
      const before = (await probe.ready()) ? await settled(db, 40) : await snapshot(db);
      let result: Awaited<ReturnType<Probe['round']>>;
      try {
        result = await probe.round(frame);
      } catch (err) {
        report.findings.push({ socket: probe.kind, frame: shown, problem: `no answer: ${(err as Error).message.slice(0, 200)}` });
        await probe.open();
        continue;
      }
      report.frames++;
      const errors = result.answers.filter((f) => f.type === 'error');
      const answer = errors.length ? `error:${errors.map((e) => e.code).join(',')}` : 'handled';
      report.byAnswer[answer] = (report.byAnswer[answer] ?? 0) + 1;
      if (errors.some((e) => e.code === 'internal'))
        report.findings.push({ socket: probe.kind, frame: shown, problem: `internal: ${JSON.stringify(errors)}` });
      if (result.closed !== null && !(result.closed === 1009 && errors.some((e) => e.code === 'too_large'))) {
        report.findings.push({ socket: probe.kind, frame: shown, problem: `connection closed (${result.closed}) without a too_large error frame` });
      }
      // A closed connection sets an agent offline, by design, a moment later; the oversized frame itself was never read.
      if (result.closed !== null) await settled(db, 40);
      else if (errors.length) {
        const changed = changedTables(before, await snapshot(db));
        if (changed.length) report.findings.push({ socket: probe.kind, frame: shown, problem: 'refused but stored', changed });
      }
    }
  }
  await Promise.all([shopperProbe.client.close(), agentProbe.client.close()]);
  return report;
}
