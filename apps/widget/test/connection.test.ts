// The connection's state machine against a fake socket (no network): reconnect, resume, pending sends.
// Real-socket tests are in the server's suite; holes in the seqs are in connection-gaps.test.ts.
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../src/connection.ts';
import { message, setup, welcome } from './fakes.ts';

describe('backoffDelay', () => {
  it('goes 0.5 s → 1 → 2 → 4 → 5 s and stays at 5 s, jitter within ±20 % and never over 5 s', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((a) => backoffDelay(a, () => 0.5))).toEqual([500, 1000, 2000, 4000, 5000, 5000, 5000]);
    expect(backoffDelay(0, () => 0)).toBe(400);
    expect(backoffDelay(0, () => 1)).toBe(600);
    expect(backoffDelay(9, () => 1)).toBe(5000);
  });
});

describe('Connection', () => {
  it('connects with the shop key, keeps the visitor token from welcome per shop, and reuses it', () => {
    const a = setup();
    a.conn.start();
    expect(a.last().url).toBe('wss://kefu.example/ws/shopper?shop=nuancheng');
    a.last().server(welcome(null, 'tok-xyz'));
    expect(a.conn.status).toBe('ready');
    expect(a.storage.get('kefu.nuancheng.visitor')).toBe('tok-xyz');

    const b = setup(a.storage); // a reload: same visitor
    b.conn.start();
    expect(b.last().url).toBe('wss://kefu.example/ws/shopper?shop=nuancheng&visitor=tok-xyz');
  });

  it('resumes an open conversation from seq 0 on a new page, then is ready after `resumed`', () => {
    const a = setup();
    a.conn.start();
    a.last().server(welcome({ id: 42, status: 'active' }));
    expect(a.conn.status).toBe('resuming');
    expect(a.last().sent).toEqual([{ type: 'resume', conversationId: 42, afterSeq: 0 }]);
    a.last().server(message(42, 1));
    a.last().server(message(42, 2));
    a.last().server({ type: 'resumed', conversationId: 42, lastSeq: 2 });
    expect(a.conn.status).toBe('ready');
    expect(a.conn.lastSeq).toBe(2);
    expect(JSON.parse(a.storage.get('kefu.nuancheng.conv')!)).toEqual({ id: 42, lastSeq: 2 });
  });

  it('sends at once when ready; the ack clears the outbox and opens the conversation', () => {
    const { conn, last, storage } = setup();
    conn.start();
    last().server(welcome(null));
    const f = conn.send('text', '你好');
    expect(last().sent).toEqual([{ type: 'send', clientId: 'uuid-1', kind: 'text', body: '你好' }]);
    expect(conn.outbox.size).toBe(1);
    expect(storage.get('kefu.nuancheng.outbox')).toContain('uuid-1');
    last().server({ type: 'ack', clientId: f.clientId, conversationId: 9, seq: 1, at: '2026-11-11T00:00:00Z' });
    expect(conn.outbox.size).toBe(0);
    expect(storage.get('kefu.nuancheng.outbox')).toBeNull();
    expect(conn.conversationId).toBe(9);
  });

  it('reconnects with backoff 0.5 s, 1 s, 2 s… and resumes after the last seen seq', () => {
    const { conn, sockets, clock, last, statuses } = setup();
    conn.start();
    last().server(welcome({ id: 42, status: 'active' }));
    last().server(message(42, 1));
    last().server(message(42, 3));
    last().server({ type: 'resumed', conversationId: 42, lastSeq: 3 });

    last().drop();
    expect(conn.status).toBe('waiting');
    clock.advance(499);
    expect(sockets).toHaveLength(1);
    clock.advance(1);
    expect(sockets).toHaveLength(2);
    expect(last().url).toContain('visitor=tok-1');
    last().drop(); // the server is still down
    clock.advance(999);
    expect(sockets).toHaveLength(2);
    clock.advance(1);
    expect(sockets).toHaveLength(3);
    last().drop();
    clock.advance(2000);
    expect(sockets).toHaveLength(4);

    last().server(welcome({ id: 42, status: 'active' }));
    expect(last().sent).toEqual([{ type: 'resume', conversationId: 42, afterSeq: 3 }]);
    last().server({ type: 'resumed', conversationId: 42, lastSeq: 3 });
    expect(statuses.slice(-2)).toEqual(['resuming', 'ready']);

    // the backoff starts again at 0.5 s after a successful welcome
    last().drop();
    clock.advance(500);
    expect(sockets).toHaveLength(5);
  });

  it('resends an unacknowledged message after reconnect with the same clientId, after the resume', () => {
    const { conn, clock, last } = setup();
    conn.start();
    last().server(welcome({ id: 42, status: 'active' }));
    last().server({ type: 'resumed', conversationId: 42, lastSeq: 0 });
    conn.send('text', '在吗');
    const first = last();
    first.drop(); // no ack
    conn.send('text', '请问有货吗'); // typed while offline: queued
    clock.advance(500);
    last().server(welcome({ id: 42, status: 'active' }));
    expect(last().types()).toEqual(['resume']); // nothing before the resume is done
    last().server({ type: 'resumed', conversationId: 42, lastSeq: 0 });
    expect(last().sent.slice(1)).toEqual([
      { type: 'send', clientId: 'uuid-1', kind: 'text', body: '在吗' },
      { type: 'send', clientId: 'uuid-2', kind: 'text', body: '请问有货吗' },
    ]);
    // the server had stored the first one: it acks the retry with the same seq
    last().server({ type: 'ack', clientId: 'uuid-1', conversationId: 42, seq: 1, at: 'x' });
    last().server({ type: 'ack', clientId: 'uuid-2', conversationId: 42, seq: 2, at: 'x' });
    expect(conn.outbox.size).toBe(0);
  });

  it('an own message seen during the resume counts as acknowledged and is not resent', () => {
    const { conn, clock, last } = setup();
    conn.start();
    last().server(welcome({ id: 42, status: 'active' }));
    last().server({ type: 'resumed', conversationId: 42, lastSeq: 0 });
    conn.send('text', '在吗');
    last().drop();
    clock.advance(500);
    last().server(welcome({ id: 42, status: 'active' }));
    last().server({ ...(message(42, 1, 'uuid-1') as object), sender: { kind: 'shopper', id: 1, name: '' } });
    last().server({ type: 'resumed', conversationId: 42, lastSeq: 1 });
    expect(last().types()).toEqual(['resume']);
    expect(conn.outbox.size).toBe(0);
  });

  it('keeps unacknowledged sends across a reload and sends them once connected', () => {
    const a = setup();
    a.conn.start();
    a.last().server(welcome(null));
    a.conn.send('order', '2026111100123');
    const b = setup(a.storage);
    expect([...b.conn.outbox.keys()]).toEqual(['uuid-1']);
    expect(b.conn.hasSomethingToResume).toBe(true);
    b.conn.start();
    b.last().server(welcome(null));
    expect(b.last().sent).toEqual([{ type: 'send', clientId: 'uuid-1', kind: 'order', body: '2026111100123' }]);
  });

  it('a send without an ack in time means a dead socket: drop it and reconnect', () => {
    const { conn, sockets, clock, last } = setup();
    conn.start();
    last().server(welcome(null));
    conn.send('text', 'hello');
    clock.advance(14_999);
    expect(sockets).toHaveLength(1);
    clock.advance(1);
    expect(sockets[0]!.closed).toBe(true);
    expect(conn.status).toBe('waiting');
    clock.advance(500);
    expect(sockets).toHaveLength(2);
    // the old socket's late events are ignored
    sockets[0]!.server({ type: 'ack', clientId: 'uuid-1', conversationId: 1, seq: 1, at: 'x' });
    expect(conn.outbox.size).toBe(1);
  });

  it('a refused send (error with clientId) moves to failed, and retry sends it again with the same clientId', () => {
    const { conn, last } = setup();
    const failed: string[] = [];
    conn.on((e) => {
      if (e.type === 'failed') failed.push(`${e.clientId}:${e.code}`);
    });
    conn.start();
    last().server(welcome(null));
    conn.send('text', 'spam');
    last().server({ type: 'error', code: 'too_large', message: 'too long', clientId: 'uuid-1' });
    expect(failed).toEqual(['uuid-1:too_large']);
    expect(conn.outbox.size).toBe(0);
    expect(conn.failed.has('uuid-1')).toBe(true);
    expect(conn.retry('uuid-1')).toBe(true);
    expect(last().sent[1]).toEqual({ type: 'send', clientId: 'uuid-1', kind: 'text', body: 'spam' });
  });

  it('starts afresh when the conversation closed, and when the conversation to resume is gone', () => {
    const { conn, clock, last, storage } = setup();
    conn.start();
    last().server(welcome({ id: 42, status: 'active' }));
    last().server({ type: 'resumed', conversationId: 42, lastSeq: 5 });
    last().server({ type: 'closed', conversationId: 42, reason: 'resolved' });
    expect(conn.conversationId).toBeNull();
    expect(storage.get('kefu.nuancheng.conv')).toBeNull();

    last().server({ type: 'ack', clientId: 'late', conversationId: 42, seq: 6, at: 'x' }); // a late ack of the old one
    expect(conn.conversationId).toBeNull();

    conn.send('text', 'new question');
    last().server({ type: 'ack', clientId: 'uuid-1', conversationId: 43, seq: 1, at: 'x' });
    expect(conn.conversationId).toBe(43);

    // reconnect: the server says 43 is unknown
    last().drop();
    clock.advance(500);
    last().server(welcome({ id: 43, status: 'queued' }));
    last().server({ type: 'error', code: 'not_found', message: 'no such conversation' });
    expect(conn.status).toBe('ready');
    expect(conn.conversationId).toBeNull();
  });

  it('a welcome without an open conversation forgets the stored one', () => {
    const a = setup();
    a.conn.start();
    a.last().server(welcome({ id: 42, status: 'active' }));
    const b = setup(a.storage);
    b.conn.start();
    b.last().server(welcome({ id: 42, status: 'closed' }));
    expect(b.conn.conversationId).toBeNull();
    expect(b.conn.status).toBe('ready');
    expect(b.last().sent).toEqual([]);
  });

  it('sends typing at most every 2 s, only with a conversation; read only forward', () => {
    const { conn, clock, last } = setup();
    conn.start();
    last().server(welcome(null));
    expect(conn.typing()).toBe(false); // no conversation yet
    last().server(welcome({ id: 42, status: 'active' }));
    last().server({ type: 'resumed', conversationId: 42, lastSeq: 0 });
    last().sent = [];
    expect(conn.typing()).toBe(true);
    clock.advance(1000);
    expect(conn.typing()).toBe(false);
    clock.advance(1000);
    expect(conn.typing()).toBe(true);
    expect(conn.read(3)).toBe(true);
    expect(conn.read(3)).toBe(false);
    expect(conn.read(2)).toBe(false);
    expect(last().sent).toEqual([
      { type: 'typing', conversationId: 42 },
      { type: 'typing', conversationId: 42 },
      { type: 'read', conversationId: 42, seq: 3 },
    ]);
  });

  it('holds control frames (rate, leave_message, request_code) until ready, and can cancel them', () => {
    const { conn, last } = setup();
    conn.start();
    const leave = { type: 'leave_message', body: '有货吗', phone: '13800138000' } as const;
    const ident = { type: 'request_code', phone: '13800138000' } as const;
    expect(conn.control(leave)).toBe(false);
    expect(conn.control(ident)).toBe(false);
    conn.cancelControl(ident);
    last().server(welcome(null));
    expect(last().sent).toEqual([leave]);
  });

  it('stop() closes the socket and never reconnects', () => {
    const { conn, sockets, clock, last } = setup();
    conn.start();
    last().server(welcome(null));
    conn.stop();
    expect(sockets[0]!.closed).toBe(true);
    clock.advance(60_000);
    expect(sockets).toHaveLength(1);
    expect(conn.status).toBe('stopped');
  });

  it('ignores frames that are not JSON objects with a type', () => {
    const { conn, last, frames } = setup();
    conn.start();
    last().h.message('not json');
    last().h.message('[1,2]');
    last().h.message('{"no":"type"}');
    expect(frames).toEqual([]);
  });
});
