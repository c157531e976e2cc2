// Holes in a conversation's seqs, against a fake socket: a lost live delivery is fetched with a resume.
import { describe, expect, it } from 'vitest';
import { RATE_LIMIT_RETRY_MS } from '../src/connection.ts';
import { message, setup, welcome } from './fakes.ts';

describe('Connection: holes in the seqs', () => {
  /** Ready in conversation 42 with seqs 1 and 2. */
  function inConversation() {
    const a = setup();
    a.conn.start();
    a.last().server(welcome({ id: 42, status: 'active' }));
    a.last().server(message(42, 1));
    a.last().server(message(42, 2));
    a.last().server({ type: 'resumed', conversationId: 42, lastSeq: 2 });
    a.last().sent = [];
    return a;
  }

  it('asks for a lost message with a resume from the first missing seq', () => {
    const { conn, clock, last } = inConversation();
    last().server(message(42, 4)); // 3 was stored but its live delivery was lost
    expect(conn.lastSeq).toBe(2);
    clock.advance(999);
    expect(last().sent).toEqual([]);
    clock.advance(1);
    expect(last().sent).toEqual([{ type: 'resume', conversationId: 42, afterSeq: 2 }]);
    last().server(message(42, 3));
    last().server(message(42, 4));
    last().server({ type: 'resumed', conversationId: 42, lastSeq: 4 });
    expect(conn.lastSeq).toBe(4);
    expect(conn.status).toBe('ready');
    clock.advance(5000);
    expect(last().sent).toHaveLength(1);
  });

  it('lets a message overtaken on the way, or our own acked one, fill a hole without a resume', () => {
    const { conn, clock, last } = inConversation();
    last().server(message(42, 4));
    last().server(message(42, 3));
    const f = conn.send('text', '好的');
    last().server(message(42, 6));
    last().server({ type: 'ack', clientId: f.clientId, conversationId: 42, seq: 5, at: 'x' });
    expect(conn.lastSeq).toBe(6);
    clock.advance(5000);
    expect(last().types()).toEqual(['send']);
    // A hole that stays is fetched.
    last().server(message(42, 8));
    clock.advance(1000);
    expect(last().sent.at(-1)).toEqual({ type: 'resume', conversationId: 42, afterSeq: 6 });
  });

  it('after a reconnect resumes from below the hole, not from the highest seq seen', () => {
    const { conn, clock, last } = inConversation();
    last().server(message(42, 5));
    last().drop();
    clock.advance(500);
    last().server(welcome({ id: 42, status: 'active' }));
    expect(last().sent).toEqual([{ type: 'resume', conversationId: 42, afterSeq: 2 }]);
    last().server(message(42, 3));
    last().server({ type: 'resumed', conversationId: 42, lastSeq: 5 });
    expect(conn.lastSeq).toBe(5);
  });

  it('takes the seqs of notes it never sees, counted in `resumed`, for no hole', () => {
    const { conn, clock, last } = inConversation();
    last().server(message(42, 5)); // 3 and 4 are notes
    clock.advance(1000);
    expect(last().sent).toEqual([{ type: 'resume', conversationId: 42, afterSeq: 2 }]);
    last().server({ type: 'resumed', conversationId: 42, lastSeq: 5 });
    last().server(message(42, 6));
    expect(conn.lastSeq).toBe(6);
    clock.advance(5000);
    expect(last().sent).toHaveLength(1);
  });

  it('resumes again while the server says there is more', () => {
    const { conn, last } = setup();
    conn.start();
    last().server(welcome({ id: 42, status: 'active' }));
    last().server(message(42, 1));
    last().server({ type: 'resumed', conversationId: 42, lastSeq: 1, more: true });
    expect(conn.status).toBe('resuming');
    expect(last().sent.at(-1)).toEqual({ type: 'resume', conversationId: 42, afterSeq: 1 });
    last().server(message(42, 2));
    last().server({ type: 'resumed', conversationId: 42, lastSeq: 2 });
    expect(conn.status).toBe('ready');
  });

  it('sends a rate-limited message again a moment later instead of failing it', () => {
    const { conn, clock, last } = inConversation();
    const f = conn.send('text', '补发的第 21 条');
    last().server({ type: 'error', code: 'rate_limited', message: 'at most 10 messages a second', clientId: f.clientId });
    expect(conn.failed.size).toBe(0);
    expect(conn.outbox.has(f.clientId)).toBe(true);
    clock.advance(RATE_LIMIT_RETRY_MS);
    expect(
      last()
        .sent.filter((x) => x.type === 'send')
        .map((x) => x.clientId),
    ).toEqual([f.clientId, f.clientId]);
    last().server({ type: 'ack', clientId: f.clientId, conversationId: 42, seq: 3, at: 'x' });
    expect(conn.outbox.size).toBe(0);
  });
});
