/** The agent socket without a browser: resume after reconnect, resend unacknowledged messages with the same clientId. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatSocket, GAP_WAIT_MS, type ConnectionState } from '../src/features/chat/socket.ts';
import type { InFrame } from '../src/features/chat/types.ts';
import { FakeWs } from './fake-ws.ts';

const welcome = { type: 'welcome', agent: { id: 7, name: '小美', status: 'online', maxChats: 5 }, conversations: [] };

describe('ChatSocket', () => {
  let sockets: FakeWs[];
  let frames: InFrame[];
  let states: ConnectionState[];
  let lastSeen: Map<number, number>;
  let socket: ChatSocket;

  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
    frames = [];
    states = [];
    lastSeen = new Map([
      [11, 4],
      [12, 0],
    ]);
    socket = new ChatSocket(
      'ws://x/ws/agent',
      {
        onFrame: (f) => frames.push(f),
        onState: (s) => states.push(s),
        resumePoints: () => [...lastSeen].map(([conversationId, afterSeq]) => ({ conversationId, afterSeq })),
      },
      () => {
        const ws = new FakeWs();
        sockets.push(ws);
        return ws;
      },
    );
    socket.start();
  });
  afterEach(() => {
    socket.stop();
    vi.useRealTimers();
  });

  it('resumes every open conversation after welcome', () => {
    sockets[0]!.open();
    expect(socket.ready).toBe(false);
    sockets[0]!.frame(welcome);
    expect(socket.ready).toBe(true);
    expect(states).toContain('open');
    expect(sockets[0]!.sent).toEqual([
      { type: 'resume', conversationId: 11, afterSeq: 4 },
      { type: 'resume', conversationId: 12, afterSeq: 0 },
    ]);
    expect(socket.isResuming(11)).toBe(true);
    sockets[0]!.frame({ type: 'resumed', conversationId: 11, lastSeq: 6 });
    expect(socket.isResuming(11)).toBe(false);
  });

  it('resends an unacknowledged message with the same clientId after a reconnect, and forgets it once acked', () => {
    sockets[0]!.open();
    sockets[0]!.frame(welcome);
    socket.sendMessage({ type: 'send', conversationId: 11, clientId: 'c-1', kind: 'text', body: '您好' });
    socket.sendMessage({ type: 'send', conversationId: 11, clientId: 'c-2', kind: 'text', body: '在的' });
    sockets[0]!.frame({ type: 'ack', clientId: 'c-1', conversationId: 11, seq: 5, at: '2026-01-01T00:00:00Z' });
    sockets[0]!.drop();
    expect(states.at(-1)).toBe('closed');

    // Reconnects after 0.5 s, then 1 s after another failure.
    vi.advanceTimersByTime(499);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    sockets[1]!.drop();
    vi.advanceTimersByTime(999);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);

    lastSeen.set(11, 5);
    sockets[2]!.open();
    sockets[2]!.frame(welcome);
    const sent = sockets[2]!.sent;
    expect(sent.filter((f) => f.type === 'resume')).toEqual([
      { type: 'resume', conversationId: 11, afterSeq: 5 },
      { type: 'resume', conversationId: 12, afterSeq: 0 },
    ]);
    expect(sent.filter((f) => f.type === 'send')).toEqual([{ type: 'send', conversationId: 11, clientId: 'c-2', kind: 'text', body: '在的' }]);
    sockets[2]!.frame({ type: 'ack', clientId: 'c-2', conversationId: 11, seq: 6, at: '2026-01-01T00:00:01Z' });
    expect(socket.isPending('c-2')).toBe(false);
  });

  it('queues messages written while disconnected and drops other frames', () => {
    socket.sendMessage({ type: 'send', conversationId: 12, clientId: 'c-9', kind: 'note', body: '备注' });
    expect(socket.send({ type: 'typing', conversationId: 12 })).toBe(false);
    sockets[0]!.open();
    sockets[0]!.frame(welcome);
    expect(sockets[0]!.sent.filter((f) => f.type === 'send').map((f) => f.clientId)).toEqual(['c-9']);
    expect(sockets[0]!.sent.some((f) => f.type === 'typing')).toBe(false);
  });

  it('reports a refused message and retries a rate-limited one', () => {
    sockets[0]!.open();
    sockets[0]!.frame(welcome);
    socket.sendMessage({ type: 'send', conversationId: 11, clientId: 'a', kind: 'text', body: 'x' });
    socket.sendMessage({ type: 'send', conversationId: 11, clientId: 'b', kind: 'text', body: 'y' });
    sockets[0]!.frame({ type: 'error', code: 'invalid', message: 'too long', clientId: 'a' });
    expect(socket.isPending('a')).toBe(false);
    expect(frames.at(-1)).toMatchObject({ type: 'error', clientId: 'a' });
    sockets[0]!.frame({ type: 'error', code: 'rate_limited', message: 'slow down', clientId: 'b' });
    expect(socket.isPending('b')).toBe(true);
    const before = sockets[0]!.sent.length;
    vi.advanceTimersByTime(1000);
    expect(sockets[0]!.sent.slice(before)).toEqual([{ type: 'send', conversationId: 11, clientId: 'b', kind: 'text', body: 'y' }]);
  });

  it('stops reconnecting once stopped', () => {
    sockets[0]!.drop();
    socket.stop();
    vi.advanceTimersByTime(10_000);
    expect(sockets).toHaveLength(1);
  });
});

describe('ChatSocket: holes in a conversation’s seqs', () => {
  let ws: FakeWs;
  let socket: ChatSocket;
  const msg = (seq: number) => ({
    type: 'message',
    conversationId: 11,
    seq,
    clientId: null,
    kind: 'text',
    body: `m${seq}`,
    data: {},
    sender: { kind: 'shopper', id: 1, name: '顾客' },
    at: '2026-01-01T00:00:00Z',
  });
  const resumes = () => ws.sent.filter((f) => f.type === 'resume');

  beforeEach(() => {
    vi.useFakeTimers();
    socket = new ChatSocket(
      'ws://x/ws/agent',
      {
        onFrame: () => {},
        onState: () => {},
        resumePoints: () => [{ conversationId: 11, afterSeq: 0 }],
      },
      () => (ws = new FakeWs()),
    );
    socket.start();
    ws.open();
    ws.frame(welcome);
    ws.frame(msg(1));
    ws.frame(msg(2));
    ws.frame({ type: 'resumed', conversationId: 11, lastSeq: 2 });
    ws.sent = [];
  });
  afterEach(() => {
    socket.stop();
    vi.useRealTimers();
  });

  it('fetches a message whose live delivery was lost with a resume from the first missing seq', () => {
    ws.frame(msg(4));
    vi.advanceTimersByTime(GAP_WAIT_MS - 1);
    expect(resumes()).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(resumes()).toEqual([{ type: 'resume', conversationId: 11, afterSeq: 2 }]);
    ws.frame(msg(3));
    ws.frame({ type: 'resumed', conversationId: 11, lastSeq: 4 });
    ws.frame(msg(5));
    vi.advanceTimersByTime(10_000);
    expect(resumes()).toHaveLength(1);
  });

  it('lets a message overtaken on the way, or its own acked one, fill a hole without a resume', () => {
    ws.frame(msg(4));
    ws.frame(msg(3));
    socket.sendMessage({ type: 'send', conversationId: 11, clientId: 'c-5', kind: 'text', body: '好的' });
    ws.frame(msg(6));
    ws.frame({ type: 'ack', clientId: 'c-5', conversationId: 11, seq: 5, at: '2026-01-01T00:00:00Z' });
    vi.advanceTimersByTime(10_000);
    expect(resumes()).toEqual([]);
    // A hole that stays is fetched.
    ws.frame(msg(8));
    vi.advanceTimersByTime(GAP_WAIT_MS);
    expect(resumes()).toEqual([{ type: 'resume', conversationId: 11, afterSeq: 6 }]);
  });

  it('leaves conversations it was not told to follow alone, and forgets those that left', () => {
    ws.frame({ ...msg(9), conversationId: 99 });
    socket.forget(11);
    ws.frame(msg(7));
    vi.advanceTimersByTime(10_000);
    expect(resumes()).toEqual([]);
  });

  it('resumes again while the server says there is more', () => {
    socket.send({ type: 'resume', conversationId: 12, afterSeq: 0 });
    ws.frame({ type: 'resumed', conversationId: 12, lastSeq: 500, more: true });
    expect(resumes().at(-1)).toEqual({ type: 'resume', conversationId: 12, afterSeq: 500 });
    expect(socket.isResuming(12)).toBe(true);
    ws.frame({ type: 'resumed', conversationId: 12, lastSeq: 620 });
    expect(socket.isResuming(12)).toBe(false);
  });
});
