import { describe, expect, it } from 'vitest';
import type { MessageFrame } from '../src/protocol.ts';
import { MessageStore } from '../src/store.ts';

function msg(seq: number, over: Partial<MessageFrame> = {}): MessageFrame {
  return {
    type: 'message',
    conversationId: 7,
    seq,
    clientId: null,
    kind: 'text',
    body: `m${seq}`,
    data: {},
    sender: { kind: 'agent', id: 3, name: '小美' },
    at: new Date(1_700_000_000_000 + seq * 1000).toISOString(),
    ...over,
  };
}

const bodies = (s: MessageStore) => s.list().map((i) => i.body);

describe('MessageStore', () => {
  it('keeps messages in seq order whatever order they arrive in', () => {
    const s = new MessageStore();
    for (const n of [3, 1, 5, 2, 4]) s.receive(msg(n));
    expect(bodies(s)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
  });

  it('drops duplicates by (conversation, seq), e.g. a resume after a reconnect', () => {
    const s = new MessageStore();
    expect(s.receive(msg(1)).isNew).toBe(true);
    expect(s.receive(msg(2)).isNew).toBe(true);
    expect(s.receive(msg(1)).isNew).toBe(false);
    expect(s.receive(msg(2)).isNew).toBe(false);
    expect(s.size).toBe(2);
    // the same seq in another conversation is another message
    expect(s.receive(msg(1, { conversationId: 8 })).isNew).toBe(true);
    expect(s.size).toBe(3);
  });

  it('takes fresher data of a duplicate (an order card filled in later)', () => {
    const s = new MessageStore();
    s.receive(msg(1, { kind: 'order', body: '2026111100001' }));
    const v = s.list()[0]!.version;
    s.receive(msg(1, { kind: 'order', body: '2026111100001', data: { status: 'shipped' } }));
    expect(s.list()[0]!.data).toEqual({ status: 'shipped' });
    expect(s.list()[0]!.version).toBeGreaterThan(v);
  });

  it('shows our message at once as sending, below everything, then places it by seq on ack', () => {
    const s = new MessageStore();
    s.receive(msg(1));
    const mine = s.addLocal('c-1', 'text', 'hello');
    expect(mine.status).toBe('sending');
    s.receive(msg(2));
    expect(bodies(s)).toEqual(['m1', 'm2', 'hello']);
    s.ack('c-1', 7, 3);
    s.receive(msg(4));
    s.addLocal('c-2', 'text', 'again');
    expect(bodies(s)).toEqual(['m1', 'm2', 'hello', 'm4', 'again']);
    expect(s.list().map((i) => i.status)).toEqual([undefined, undefined, 'sent', undefined, 'sending']);
  });

  it('pending → sent on ack, then the echo of the same message is not added again', () => {
    const s = new MessageStore();
    s.receive(msg(1));
    s.receive(msg(2));
    s.addLocal('c-1', 'text', 'hello');
    const acked = s.ack('c-1', 7, 4, '2026-11-11T00:00:00Z')!;
    expect(acked.status).toBe('sent');
    expect(acked.seq).toBe(4);
    s.receive(msg(3));
    expect(bodies(s)).toEqual(['m1', 'm2', 'm3', 'hello']);
    const echo = s.receive(msg(4, { clientId: 'c-1', body: 'hello', sender: { kind: 'shopper', id: 1, name: '' } }));
    expect(echo.isNew).toBe(false);
    expect(s.size).toBe(4);
    expect(echo.item.status).toBe('sent');
  });

  it('an echo that comes before the ack (e.g. in a resume) acknowledges the pending message', () => {
    const s = new MessageStore();
    s.addLocal('c-9', 'image', 'file-1', { preview: 'blob:x' });
    const r = s.receive(
      msg(5, { clientId: 'c-9', kind: 'image', body: 'file-1', data: { url: '/f/1' }, sender: { kind: 'shopper', id: 1, name: '访客0001' } }),
    );
    expect(r.isNew).toBe(false);
    expect(r.item.seq).toBe(5);
    expect(r.item.status).toBe('sent');
    expect(r.item.data).toEqual({ url: '/f/1' });
    expect(s.ack('c-9', 7, 5)!.seq).toBe(5);
    expect(s.size).toBe(1);
  });

  it('marks our messages read up to the seq the agent read, and later ones stay unread', () => {
    const s = new MessageStore();
    s.addLocal('a', 'text', 'one');
    s.addLocal('b', 'text', 'two');
    s.ack('a', 7, 1);
    s.ack('b', 7, 3);
    s.receive(msg(2));
    s.markRead(7, 2);
    expect(s.list().map((i) => i.status)).toEqual(['read', undefined, 'sent']);
    s.markRead(7, 1); // older read receipts change nothing
    expect(s.list()[2]!.status).toBe('sent');
    // a message acked after the read receipt covering it is read at once
    s.markRead(7, 5);
    s.addLocal('c', 'text', 'three');
    expect(s.ack('c', 7, 4)!.status).toBe('read');
  });

  it('failed and resent messages keep their place among the pending ones', () => {
    const s = new MessageStore();
    s.addLocal('a', 'text', 'one');
    s.addLocal('b', 'text', 'two');
    s.fail('a', '发送太快了，请稍后再试');
    expect(s.list()[0]!.status).toBe('failed');
    expect(s.list()[0]!.error).toBe('发送太快了，请稍后再试');
    s.resending('a');
    expect(s.list()[0]!.status).toBe('sending');
    expect(bodies(s)).toEqual(['one', 'two']);
    s.remove('b');
    expect(bodies(s)).toEqual(['one']);
  });

  it('places a notice after what was on screen when it was made, and de-duplicates it by key', () => {
    const s = new MessageStore();
    s.receive(msg(1));
    s.notice('小美 为您服务', 'assigned:7:3');
    s.notice('小美 为您服务', 'assigned:7:3');
    s.receive(msg(2));
    s.addLocal('x', 'text', 'pending');
    expect(bodies(s)).toEqual(['m1', '小美 为您服务', 'm2', 'pending']);
  });

  it('keeps an earlier conversation above a new one', () => {
    const s = new MessageStore();
    s.receive(msg(8, { conversationId: 7 }));
    s.receive(msg(1, { conversationId: 9 }));
    s.receive(msg(9, { conversationId: 7 }));
    expect(s.list().map((i) => `${i.conversationId}:${i.seq}`)).toEqual(['7:8', '7:9', '9:1']);
  });
});
