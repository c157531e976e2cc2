/**
 * The load generator: agents and shoppers over real WebSockets (`ws`) against the server on 127.0.0.1.
 *
 * Every client socket is bound to a loopback source address of its own group (127.10.x.y for shoppers,
 * 127.20.0.y for agents), at most `perAddress` sockets per address: the server admits 30 connections per IP.
 * Times are taken with performance.now() in this one process, so send → receipt needs no clock sync.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import type { BenchAgent } from './setup.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- frames are read loosely by the load generator
type Frame = Record<string, any>;

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

const r2 = (x: number) => Math.round(x * 100) / 100;

/** Nearest-rank percentiles, in milliseconds. */
export function summarize(values: ArrayLike<number>): LatencySummary {
  const s = Float64Array.from(values).sort();
  if (s.length === 0) return { count: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN };
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
  let sum = 0;
  for (const v of s) sum += v;
  return { count: s.length, p50: r2(at(0.5)), p95: r2(at(0.95)), p99: r2(at(0.99)), max: r2(s[s.length - 1]!), mean: r2(sum / s.length) };
}

export interface LoadOptions {
  port: number;
  shopKey: string;
  agents: BenchAgent[];
  conversations: number;
  seconds: number;
  warmupSeconds: number;
  /** an agent answers every n-th shopper message (10 → 10 %); 0: never */
  replyEvery: number;
  /** new shopper connections per second, and at most this many still opening at once */
  connectRate: number;
  connectConcurrency: number;
  perAddress: number;
  assignTimeoutS: number;
  drainSeconds: number;
  /** messages a second one shopper may send (1; compare.ts raises it to reach the bare pipeline's rate, under the server's 10/s) */
  maxPerShopperPerSec?: number;
  /** performance.now() after which nothing new starts */
  deadlineAt: number;
  log(message: string): void;
  /** called when the measured window starts and ends (CPU marks) */
  onWindow?(edge: 'start' | 'end'): Promise<void>;
}

const pad = (n: number) => String(n).padStart(8, '0');
export const shopperAddress = (i: number, perAddress: number) => {
  const g = Math.floor(i / perAddress);
  return `127.10.${Math.floor(g / 250)}.${(g % 250) + 1}`;
};
export const agentAddress = (j: number, perAddress: number) => `127.20.0.${Math.floor(j / perAddress) + 1}`;

interface Shopper {
  i: number;
  ws: WebSocket;
  conversationId?: number;
  agentId?: number;
  openerSentAt?: number;
  openerAckAt?: number;
  assignedAt?: number;
  closed: boolean;
}

interface Agent {
  j: number;
  id: number;
  ws: WebSocket;
  conversations: Set<number>;
  closed: boolean;
  /** replies wait here when the agent would exceed the server's 10 messages/s per connection */
  outbox: { t: Tracking; i: number; text: string; held?: boolean }[];
  tokens: number;
  refilledAt: number;
  timer?: NodeJS.Timeout;
}

/**
 * Whether an agent answers message k: one in `every`, picked by a hash of k, so that the answered messages are
 * spread over all shoppers and agents (k mod N is the shopper, and shoppers were assigned to agents in turn).
 */
const answers = (k: number, every: number) => (Math.imul(k + 1, 0x9e3779b1) >>> 0) % 100_000 < 100_000 / every;

/** Client-side pacing of an agent's sends, under the server's limit (10/s, bursts of 20). */
const AGENT_SENDS_PER_SEC = 8;
const AGENT_BURST = 10;

/** What each message of one steady step (client id m-k, k = base + i) went through; index i. */
export interface Tracking {
  base: number;
  total: number;
  sentAt: Float64Array;
  ackAt: Float64Array;
  ackSeq: Int32Array;
  ackConv: Int32Array;
  deliveredAt: Float64Array;
  /** the seq of the first delivery; negated if a later delivery had another seq */
  deliveredSeq: Int32Array;
  deliveredCount: Int32Array;
  replySentAt: Float64Array;
  replyAckAt: Float64Array;
  replyDeliveredAt: Float64Array;
  replyDeliveredCount: Int32Array;
}

function newTracking(base: number, total: number): Tracking {
  return {
    base,
    total,
    sentAt: new Float64Array(total),
    ackAt: new Float64Array(total),
    ackSeq: new Int32Array(total),
    ackConv: new Int32Array(total),
    deliveredAt: new Float64Array(total),
    deliveredSeq: new Int32Array(total),
    deliveredCount: new Int32Array(total),
    replySentAt: new Float64Array(total),
    replyAckAt: new Float64Array(total),
    replyDeliveredAt: new Float64Array(total),
    replyDeliveredCount: new Int32Array(total),
  };
}

export interface StepResult {
  conversations: number;
  rateTarget: number;
  perShopperIntervalS: number;
  warmupSeconds: number;
  windowSeconds: number;
  /** messages sent in the measured window (after warm-up), per second */
  sentPerSec: number;
  ackedPerSec: number;
  /** deliveries to agents that happened inside the measured window, per second */
  deliveredPerSec: number;
  shopperToAgentMs: LatencySummary;
  ackMs: LatencySummary;
  agentToShopperMs: LatencySummary;
  replyAckMs: LatencySummary;
  /** all messages of the step, warm-up included; lost = sent but never acked or never delivered to the agent, plus not sent (socket closed) */
  totals: {
    planned: number;
    sent: number;
    notSentSocketClosed: number;
    acked: number;
    duplicateAcks: number;
    deliveredUnique: number;
    duplicatedSameSeq: number;
    deliveredTwiceDifferentSeq: number;
    neverAcked: number;
    ackedNotDelivered: number;
    deliveredNotAcked: number;
    lost: number;
    ackSeqDiffersFromDelivered: number;
    outOfOrder: number;
  };
  /** heldByPacing: replies an agent held back to stay under 10 messages/s per connection */
  replies: { sent: number; acked: number; delivered: number; lost: number; duplicated: number; heldByPacing: number };
  /** waited after the last send for late acks and deliveries; `drained` false: the server still had a backlog */
  drainSeconds: number;
  drained: boolean;
  /** how late this process sent messages against the schedule */
  scheduleLagMs: LatencySummary;
  loadgenEventLoopDelayMs: { p50: number; p99: number; max: number };
  /** shopper→agent latency by second of the window (when sent): [p50, p99, max] ms, to see periodic stalls */
  timeline: [number, number, number][];
  /** the seconds with the highest p99, with what happened then */
  worstSeconds: { second: number; p99: number; max: number }[];
}

export interface LoadResult {
  agents: { connected: number; online: number; connectMs: LatencySummary };
  open: {
    shoppers: number;
    connected: number;
    failed: number;
    seconds: number;
    connectMs: LatencySummary;
    welcomeMs: LatencySummary;
    openerAckMs: LatencySummary;
    /** first message sent → `assigned` frame */
    assignMs: LatencySummary;
    assigned: number;
    /** from the first connection to the last assignment */
    allAssignedSeconds: number;
    conversationsSeenByAgents: number;
  };
  steps?: StepResult[];
  errors: Record<string, number>;
  errorSamples: string[];
  unexpectedCloses: number;
  framesReceived: { shoppers: Record<string, number>; agents: Record<string, number> };
  trackings?: Tracking[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean, timeoutMs: number, everyMs = 20): Promise<boolean> {
  const end = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > end) return false;
    await sleep(everyMs);
  }
  return true;
}

export class LoadGenerator {
  readonly shoppers: Shopper[] = [];
  readonly agents: Agent[] = [];
  private readonly errors: Record<string, number> = {};
  private readonly errorSamples: string[] = [];
  private unexpectedCloses = 0;
  private stopping = false;
  private readonly shopperFrames: Record<string, number> = {};
  private readonly agentFrames: Record<string, number> = {};
  private readonly trackings: Tracking[] = [];
  private nextK = 0;
  private duplicateAcks = 0;
  private lastSeqAtAgent = new Map<number, number>();
  private outOfOrder = 0;
  private replyEvery = 0;

  constructor(private readonly o: LoadOptions) {}

  /** The step a message belongs to, and its index there. */
  private find(clientId: string): [Tracking, number] | undefined {
    const k = Number(clientId.slice(2));
    for (let j = this.trackings.length - 1; j >= 0; j--) {
      const t = this.trackings[j]!;
      if (k >= t.base && k < t.base + t.total) return [t, k - t.base];
    }
    return undefined;
  }

  private error(where: string, frame: Frame) {
    const key = `${where}: ${frame.code}`;
    this.errors[key] = (this.errors[key] ?? 0) + 1;
    if (this.errorSamples.length < 20) this.errorSamples.push(`${where}: ${JSON.stringify(frame).slice(0, 300)}`);
  }

  private connect(path: string, localAddress: string, onFrame: (f: Frame) => void): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${this.o.port}${path}`, { localAddress, perMessageDeflate: false, handshakeTimeout: 15_000 });
      ws.on('message', (raw) => {
        let f: Frame;
        try {
          f = JSON.parse(raw.toString()) as Frame;
        } catch {
          return;
        }
        onFrame(f);
      });
      ws.once('open', () => resolve(ws));
      ws.once('error', (e) => reject(e));
    });
  }

  // ——— agents ———

  async connectAgents(): Promise<LoadResult['agents']> {
    const connectMs: number[] = [];
    let online = 0;
    await Promise.all(
      this.o.agents.map(async (a, j) => {
        const t0 = performance.now();
        let welcome: ((f: Frame) => void) | undefined;
        const welcomed = new Promise<Frame>((resolve) => {
          welcome = resolve;
        });
        const agent: Agent = {
          j,
          id: a.id,
          ws: undefined as never,
          conversations: new Set(),
          closed: false,
          outbox: [],
          tokens: AGENT_BURST,
          refilledAt: performance.now(),
        };
        agent.ws = await this.connect(`/ws/agent?token=${encodeURIComponent(a.token)}`, agentAddress(j, this.o.perAddress), (f) => {
          this.agentFrames[f.type] = (this.agentFrames[f.type] ?? 0) + 1;
          if (f.type === 'welcome') welcome!(f);
          else this.onAgentFrame(agent, f);
        });
        agent.ws.on('close', () => {
          agent.closed = true;
          if (!this.stopping) this.unexpectedCloses++;
        });
        this.agents.push(agent);
        const w = await Promise.race([welcomed, sleep(15_000).then(() => undefined)]);
        if (!w) throw new Error(`agent ${a.name}: no welcome in 15 s`);
        connectMs.push(performance.now() - t0);
        if (w.agent?.status === 'online') online++;
      }),
    );
    return { connected: this.agents.length, online, connectMs: summarize(connectMs) };
  }

  private onAgentFrame(agent: Agent, f: Frame) {
    switch (f.type) {
      case 'message': {
        const cid = f.clientId;
        if (f.sender?.kind !== 'shopper' || typeof cid !== 'string' || !cid.startsWith('m-')) return;
        const now = performance.now();
        const found = this.find(cid);
        if (!found) return;
        const [t, i] = found;
        const n = t.deliveredCount[i]!++;
        if (n === 0) {
          t.deliveredAt[i] = now;
          t.deliveredSeq[i] = f.seq;
        } else if (t.deliveredSeq[i] !== f.seq) {
          t.deliveredSeq[i] = -Math.abs(t.deliveredSeq[i]!);
        }
        const last = this.lastSeqAtAgent.get(f.conversationId) ?? 0;
        if (f.seq < last) this.outOfOrder++;
        else this.lastSeqAtAgent.set(f.conversationId, f.seq);
        const k = t.base + i;
        if (n === 0 && this.replyEvery > 0 && answers(k, this.replyEvery) && !agent.closed) {
          agent.outbox.push({
            t,
            i,
            text: JSON.stringify({
              type: 'send',
              conversationId: f.conversationId,
              clientId: `r-${pad(k)}`,
              kind: 'text',
              body: `您好，收到您的第${k}条消息`,
            }),
          });
          this.pump(agent);
        }
        return;
      }
      case 'ack': {
        const cid = f.clientId;
        if (typeof cid === 'string' && cid.startsWith('r-')) {
          const found = this.find(cid);
          if (found && found[0].replyAckAt[found[1]] === 0) found[0].replyAckAt[found[1]] = performance.now();
        }
        return;
      }
      case 'conversation':
        if (f.conversation?.agentId === agent.id && f.conversation.status === 'active') agent.conversations.add(f.conversation.id);
        return;
      case 'error':
        this.error('agent', f);
        return;
      default:
    }
  }

  private pacedReplies = 0;

  private pump(agent: Agent) {
    const now = performance.now();
    agent.tokens = Math.min(AGENT_BURST, agent.tokens + ((now - agent.refilledAt) / 1000) * AGENT_SENDS_PER_SEC);
    agent.refilledAt = now;
    while (agent.outbox.length > 0 && agent.tokens >= 1) {
      const { t, i, text } = agent.outbox.shift()!;
      agent.tokens -= 1;
      if (agent.closed) continue;
      t.replySentAt[i] = performance.now();
      agent.ws.send(text);
    }
    for (const item of agent.outbox) {
      if (!item.held) {
        item.held = true;
        this.pacedReplies++;
      }
    }
    if (agent.outbox.length > 0 && !agent.timer) {
      agent.timer = setTimeout(() => {
        agent.timer = undefined;
        this.pump(agent);
      }, 1000 / AGENT_SENDS_PER_SEC);
    }
  }

  // ——— shoppers ———

  private onShopperFrame(s: Shopper, f: Frame, welcome: (f: Frame) => void, openerAck: (f: Frame) => void) {
    this.shopperFrames[f.type] = (this.shopperFrames[f.type] ?? 0) + 1;
    switch (f.type) {
      case 'welcome':
        welcome(f);
        return;
      case 'ack': {
        const cid = f.clientId as string;
        if (cid.startsWith('o-')) return openerAck(f);
        const found = cid.startsWith('m-') ? this.find(cid) : undefined;
        if (!found) return;
        const [t, i] = found;
        if (t.ackAt[i] !== 0) {
          this.duplicateAcks++;
          return;
        }
        t.ackAt[i] = performance.now();
        t.ackSeq[i] = f.seq;
        t.ackConv[i] = f.conversationId;
        return;
      }
      case 'assigned':
        if (s.assignedAt === undefined) {
          s.assignedAt = performance.now();
          s.agentId = f.agent?.id;
          s.conversationId ??= f.conversationId;
        }
        return;
      case 'message': {
        const cid = f.clientId;
        if (f.sender?.kind !== 'agent' || typeof cid !== 'string' || !cid.startsWith('r-')) return;
        const found = this.find(cid);
        if (!found) return;
        const [t, i] = found;
        if (t.replyDeliveredCount[i]!++ === 0) t.replyDeliveredAt[i] = performance.now();
        return;
      }
      case 'error':
        this.error('shopper', f);
        return;
      default:
    }
  }

  async openShoppers(): Promise<LoadResult['open']> {
    const { conversations: n, connectRate, connectConcurrency } = this.o;
    const connectMs: number[] = [];
    const welcomeMs: number[] = [];
    const openerAckMs: number[] = [];
    let failed = 0;
    let inflight = 0;
    let lastProgress = performance.now();
    const t0 = performance.now();
    const openOne = async (i: number) => {
      const start = performance.now();
      let gotWelcome: (f: Frame) => void = () => {};
      let gotAck: (f: Frame) => void = () => {};
      const welcomed = new Promise<Frame>((r) => {
        gotWelcome = r;
      });
      const acked = new Promise<Frame>((r) => {
        gotAck = r;
      });
      const s: Shopper = { i, ws: undefined as never, closed: false };
      try {
        s.ws = await this.connect(`/ws/shopper?shop=${encodeURIComponent(this.o.shopKey)}`, shopperAddress(i, this.o.perAddress), (f) =>
          this.onShopperFrame(s, f, gotWelcome, gotAck),
        );
      } catch (e) {
        failed++;
        if (this.errorSamples.length < 20) this.errorSamples.push(`shopper ${i} connect: ${(e as Error).message}`);
        return;
      }
      s.ws.on('close', () => {
        s.closed = true;
        if (!this.stopping) this.unexpectedCloses++;
      });
      this.shoppers.push(s);
      connectMs.push(performance.now() - start);
      // The first message opens the conversation; sent right away (the server holds early frames).
      s.openerSentAt = performance.now();
      s.ws.send(JSON.stringify({ type: 'send', clientId: `o-${pad(i)}`, kind: 'text', body: `你好，我想问一下订单的发货时间（顾客${i}）` }));
      const timeout = sleep(30_000).then(() => undefined);
      const w = await Promise.race([welcomed, timeout]);
      if (w) welcomeMs.push(performance.now() - start);
      const a = await Promise.race([acked, timeout]);
      if (a) {
        s.openerAckAt = performance.now();
        s.conversationId = a.conversationId;
        openerAckMs.push(s.openerAckAt - s.openerSentAt);
      } else {
        failed++;
        if (this.errorSamples.length < 20) this.errorSamples.push(`shopper ${i}: no ack for the first message in 30 s`);
      }
      lastProgress = performance.now();
    };
    const pending: Promise<void>[] = [];
    for (let i = 0; i < n; i++) {
      const due = t0 + (i * 1000) / connectRate;
      while (performance.now() < due || inflight >= connectConcurrency) {
        if (performance.now() > this.o.deadlineAt) throw new Error('time limit reached while opening shopper connections');
        await sleep(Math.max(1, Math.min(20, due - performance.now())));
      }
      inflight++;
      pending.push(
        openOne(i).finally(() => {
          inflight--;
        }),
      );
      if (i > 0 && i % 500 === 0) this.o.log(`opened ${i} shoppers (${inflight} opening)`);
    }
    await Promise.all(pending);
    const openedSeconds = (performance.now() - t0) / 1000;
    this.o.log(`${this.shoppers.length} shoppers connected in ${openedSeconds.toFixed(1)} s; waiting for assignments`);
    void lastProgress;
    const acked = this.shoppers.filter((s) => s.openerAckAt !== undefined);
    await waitFor(() => acked.every((s) => s.assignedAt !== undefined), this.o.assignTimeoutS * 1000, 50);
    const assigned = acked.filter((s) => s.assignedAt !== undefined);
    const lastAssigned = Math.max(...assigned.map((s) => s.assignedAt!), t0);
    // Agents are told with a `conversation` frame; give those a moment too.
    await waitFor(() => this.agents.reduce((sum, a) => sum + a.conversations.size, 0) >= assigned.length, 5000, 50);
    return {
      shoppers: n,
      connected: this.shoppers.length,
      failed,
      seconds: r2(openedSeconds),
      connectMs: summarize(connectMs),
      welcomeMs: summarize(welcomeMs),
      openerAckMs: summarize(openerAckMs),
      assignMs: summarize(assigned.map((s) => s.assignedAt! - s.openerSentAt!)),
      assigned: assigned.length,
      allAssignedSeconds: r2((lastAssigned - t0) / 1000),
      conversationsSeenByAgents: this.agents.reduce((sum, a) => sum + a.conversations.size, 0),
    };
  }

  // ——— the measured phase ———

  /** One step: `rate` msg/s for warm-up + seconds, then a drain; messages m-<k> continue from the previous step. */
  async steady(requestedRate: number): Promise<StepResult> {
    const o = this.o;
    const active = this.shoppers.filter((s) => s.assignedAt !== undefined && !s.closed);
    if (active.length === 0) throw new Error('no assigned shopper to send from');
    let rate = requestedRate;
    const perShopper = o.maxPerShopperPerSec ?? 1;
    if (rate > active.length * perShopper) {
      o.log(`rate ${rate} would be more than ${perShopper} msg/s per shopper with ${active.length} shoppers: using ${active.length * perShopper}/s`);
      rate = active.length * perShopper;
    }
    const total = Math.floor(rate * (o.warmupSeconds + o.seconds));
    const warmupCount = Math.floor(rate * o.warmupSeconds);
    const base = this.nextK;
    this.nextK += total;
    const t = newTracking(base, total);
    this.trackings.push(t);
    this.replyEvery = o.replyEvery;
    const dupAcks0 = this.duplicateAcks;
    const paced0 = this.pacedReplies;
    const outOfOrder0 = this.outOfOrder;
    const lag: number[] = [];
    let notSent = 0;
    const loop = monitorEventLoopDelay({ resolution: 10 });
    const start = performance.now();
    const windowStart = start + o.warmupSeconds * 1000;
    let windowOpened = false;
    let i = 0;
    // Shopper (base + i) mod N sends message i: consecutive messages come from different shoppers.
    o.log(
      `sending ${rate} msg/s from ${active.length} shoppers (one every ${(active.length / rate).toFixed(2)} s each): ${o.warmupSeconds} s warm-up + ${o.seconds} s measured`,
    );
    await new Promise<void>((resolve) => {
      const tick = () => {
        const now = performance.now();
        if (!windowOpened && now >= windowStart) {
          windowOpened = true;
          loop.enable();
          void o.onWindow?.('start');
        }
        const due = Math.min(total, Math.floor(((now - start) * rate) / 1000) + 1);
        while (i < due) {
          const s = active[(base + i) % active.length]!;
          if (s.closed || s.ws.readyState !== WebSocket.OPEN) {
            notSent++;
          } else {
            const sent = performance.now();
            t.sentAt[i] = sent;
            if (i >= warmupCount) lag.push(sent - (start + (i * 1000) / rate));
            s.ws.send(
              JSON.stringify({ type: 'send', clientId: `m-${pad(base + i)}`, kind: 'text', body: `压测消息 #${base + i} 发送于 ${Date.now()}` }),
            );
          }
          i++;
        }
        if (i >= total || now > o.deadlineAt) {
          clearInterval(timer);
          resolve();
        }
      };
      const timer = setInterval(tick, 2);
    });
    const windowEnd = performance.now();
    loop.disable();
    await o.onWindow?.('end');
    const sentIdx: number[] = [];
    for (let x = 0; x < i; x++) if (t.sentAt[x]! > 0) sentIdx.push(x);
    const done = () =>
      this.agents.every((a) => a.outbox.length === 0) &&
      sentIdx.every((x) => t.ackAt[x]! > 0 && t.deliveredCount[x]! > 0 && (t.replySentAt[x] === 0 || t.replyDeliveredCount[x]! > 0));
    const drainStart = performance.now();
    const drained = await waitFor(done, o.drainSeconds * 1000, 100);
    const drainSeconds = (performance.now() - drainStart) / 1000;

    // ——— figures
    const measured = sentIdx.filter((x) => x >= warmupCount);
    const windowSeconds = (windowEnd - windowStart) / 1000;
    const inWindow = (x: number) => x >= windowStart && x <= windowEnd;
    let deliveredUnique = 0;
    let dupSame = 0;
    let dupOther = 0;
    let neverAcked = 0;
    let ackedNotDelivered = 0;
    let deliveredNotAcked = 0;
    let seqDiff = 0;
    let acked = 0;
    for (const x of sentIdx) {
      const d = t.deliveredCount[x]!;
      const a = t.ackAt[x]! > 0;
      if (a) acked++;
      if (d > 0) deliveredUnique++;
      if (d > 1) {
        if (t.deliveredSeq[x]! < 0) dupOther += d - 1;
        else dupSame += d - 1;
      }
      if (!a) neverAcked++;
      if (a && d === 0) ackedNotDelivered++;
      if (!a && d > 0) deliveredNotAcked++;
      if (a && d > 0 && Math.abs(t.deliveredSeq[x]!) !== t.ackSeq[x]) seqDiff++;
    }
    const replies = sentIdx.filter((x) => t.replySentAt[x]! > 0);
    const measuredReplies = replies.filter((x) => x >= warmupCount);
    const el = (x: number) => Math.max(0, r2(x / 1e6 - 10)); // the histogram includes the 10 ms resolution
    const perSecond: number[][] = [];
    for (const x of measured) {
      if (t.deliveredCount[x] === 0) continue;
      const sec = Math.floor((t.sentAt[x]! - windowStart) / 1000);
      (perSecond[sec] ??= []).push(t.deliveredAt[x]! - t.sentAt[x]!);
    }
    const timeline = Array.from(perSecond, (v) => {
      const l = summarize(v ?? []);
      return [l.p50, l.p99, l.max] as [number, number, number];
    });
    return {
      conversations: active.length,
      rateTarget: rate,
      perShopperIntervalS: r2(active.length / rate),
      warmupSeconds: o.warmupSeconds,
      windowSeconds: r2(windowSeconds),
      sentPerSec: r2(measured.length / windowSeconds),
      ackedPerSec: r2(sentIdx.filter((x) => inWindow(t.ackAt[x]!)).length / windowSeconds),
      deliveredPerSec: r2(sentIdx.filter((x) => inWindow(t.deliveredAt[x]!)).length / windowSeconds),
      shopperToAgentMs: summarize(measured.filter((x) => t.deliveredCount[x]! > 0).map((x) => t.deliveredAt[x]! - t.sentAt[x]!)),
      ackMs: summarize(measured.filter((x) => t.ackAt[x]! > 0).map((x) => t.ackAt[x]! - t.sentAt[x]!)),
      agentToShopperMs: summarize(
        measuredReplies.filter((x) => t.replyDeliveredCount[x]! > 0).map((x) => t.replyDeliveredAt[x]! - t.replySentAt[x]!),
      ),
      replyAckMs: summarize(measuredReplies.filter((x) => t.replyAckAt[x]! > 0).map((x) => t.replyAckAt[x]! - t.replySentAt[x]!)),
      totals: {
        planned: total,
        sent: sentIdx.length,
        notSentSocketClosed: notSent,
        acked,
        duplicateAcks: this.duplicateAcks - dupAcks0,
        deliveredUnique,
        duplicatedSameSeq: dupSame,
        deliveredTwiceDifferentSeq: dupOther,
        neverAcked,
        ackedNotDelivered,
        deliveredNotAcked,
        lost: sentIdx.filter((x) => t.ackAt[x] === 0 || t.deliveredCount[x] === 0).length + notSent,
        ackSeqDiffersFromDelivered: seqDiff,
        outOfOrder: this.outOfOrder - outOfOrder0,
      },
      replies: {
        sent: replies.length,
        acked: replies.filter((x) => t.replyAckAt[x]! > 0).length,
        delivered: replies.filter((x) => t.replyDeliveredCount[x]! > 0).length,
        lost: replies.filter((x) => t.replyDeliveredCount[x] === 0).length,
        duplicated: replies.reduce((sum, x) => sum + Math.max(0, t.replyDeliveredCount[x]! - 1), 0),
        heldByPacing: this.pacedReplies - paced0,
      },
      drainSeconds: r2(drainSeconds),
      drained,
      scheduleLagMs: summarize(lag),
      loadgenEventLoopDelayMs: { p50: el(loop.percentile(50)), p99: el(loop.percentile(99)), max: el(loop.max) },
      timeline,
      worstSeconds: timeline
        .map(([, p99, max], second) => ({ second, p99, max }))
        .sort((a, b) => b.p99 - a.p99)
        .slice(0, 5),
    };
  }

  result(): Pick<LoadResult, 'errors' | 'errorSamples' | 'unexpectedCloses' | 'framesReceived' | 'trackings'> {
    return {
      errors: this.errors,
      errorSamples: this.errorSamples,
      unexpectedCloses: this.unexpectedCloses,
      framesReceived: { shoppers: this.shopperFrames, agents: this.agentFrames },
      trackings: this.trackings,
    };
  }

  /** Closes every client socket (after the server has gone, or to end the run). */
  async close(): Promise<void> {
    this.stopping = true;
    for (const c of [...this.shoppers, ...this.agents]) if (c.ws && c.ws.readyState !== WebSocket.CLOSED) c.ws.terminate();
  }

  markStopping(): void {
    this.stopping = true;
  }
}
