/** Service-level notifications in the agent workspace, without a browser: the store's `sla` frames, grouping, links. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChatStore } from '../src/features/chat/ChatStore.ts';
import { FakeWs } from './fake-ws.ts';
import { groupAlerts, SlaBurst, SlaDedup, slaTarget, type SlaFrame, type SlaGroup } from '../src/features/chat/sla-alerts.ts';

let n = 0;
function sla(patch: Partial<SlaFrame> = {}): SlaFrame {
  n++;
  return {
    type: 'sla',
    event: 'breached',
    clockId: String(n),
    metric: 'first_response',
    dueAt: new Date(1_800_000_000_000 + n * 1000).toISOString(),
    subjectKind: 'ticket',
    subjectId: n,
    ticketId: n,
    title: `T-${n} 物流太慢`,
    ...patch,
  };
}

const welcome = (status: string, role = 'agent') => ({
  type: 'welcome',
  agent: { id: 7, name: '小美', role, status, maxChats: 5 },
  conversations: [],
});

describe('the chat store with sla frames', () => {
  let sockets: FakeWs[];
  let store: ChatStore;

  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('document', { title: 'kefu 客服', hidden: false });
    vi.stubGlobal('location', { protocol: 'https:', host: 'kefu.example.com' });
    vi.stubGlobal('fetch', () => Promise.reject(new Error('no server in this test')));
    sockets = [];
    store = new ChatStore(undefined, (url) => {
      const ws = new FakeWs(url);
      sockets.push(ws);
      return ws;
    });
    store.start();
  });
  afterEach(() => {
    store.stop();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('connects on any page without changing the status; opening the workspace puts an offline agent online, also after a reconnect', async () => {
    expect(sockets[0]!.url).toBe('wss://kefu.example.com/ws/agent?presence=keep');
    sockets[0]!.open();
    sockets[0]!.frame(welcome('offline'));
    expect(sockets[0]!.sent.filter((f) => f.type === 'status')).toEqual([]);

    store.openWorkspace();
    expect(sockets[0]!.sent.filter((f) => f.type === 'status')).toEqual([{ type: 'status', status: 'online' }]);

    sockets[0]!.drop();
    await vi.advanceTimersByTimeAsync(1000);
    sockets[1]!.open();
    sockets[1]!.frame(welcome('offline'));
    expect(sockets[1]!.sent.filter((f) => f.type === 'status')).toEqual([{ type: 'status', status: 'online' }]);
  });

  it('leaves a supervisor, and an agent who is busy, as they are', () => {
    sockets[0]!.open();
    sockets[0]!.frame(welcome('offline', 'supervisor'));
    store.openWorkspace();
    expect(sockets[0]!.sent.filter((f) => f.type === 'status')).toEqual([]);
    sockets[0]!.frame(welcome('busy'));
    store.openWorkspace();
    expect(sockets[0]!.sent.filter((f) => f.type === 'status')).toEqual([]);
  });

  it('hands each warning and breach to its listeners once, and marks a breached chat overdue', () => {
    const heard: SlaFrame[] = [];
    const off = store.sla.subscribe((f) => heard.push(f));
    sockets[0]!.open();
    sockets[0]!.frame(welcome('online'));
    const warned = sla({ event: 'warned', metric: 'chat_response', subjectKind: 'conversation', subjectId: 31, ticketId: null });
    const breached = { ...warned, event: 'breached' as const };
    sockets[0]!.frame(warned);
    // A supervisor who is the assignee gets the frame twice: once as each.
    sockets[0]!.frame(warned);
    sockets[0]!.frame(breached);
    sockets[0]!.frame({ type: 'overdue', conversationId: 31, waitingSeconds: 35 });
    expect(heard).toEqual([warned, breached]);
    expect(store.state.overdue[31]).toBe(true);

    off();
    sockets[0]!.frame(sla());
    expect(heard).toHaveLength(2);
  });
});

describe('grouping a burst', () => {
  it('shows breaches first, earliest due first, and counts the rest', () => {
    const warned = [sla({ event: 'warned' }), sla({ event: 'warned' })];
    const breached = [sla(), sla(), sla(), sla()];
    const group = groupAlerts([...warned, ...breached.slice().reverse()], 3);
    expect(group.shown.map((f) => f.clockId)).toEqual(breached.slice(0, 3).map((f) => f.clockId));
    expect(group.more).toEqual({ breached: 1, warned: 2 });
    expect(groupAlerts(warned, 3)).toEqual({ shown: warned, more: { breached: 0, warned: 0 } });
  });

  it('collects what arrives together into one group, and starts again after it', () => {
    vi.useFakeTimers();
    try {
      const groups: SlaGroup[] = [];
      const burst = new SlaBurst((g) => groups.push(g), 400, 3);
      for (let i = 0; i < 7; i++) burst.add(sla());
      vi.advanceTimersByTime(399);
      expect(groups).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(groups).toHaveLength(1);
      expect(groups[0]!.shown).toHaveLength(3);
      expect(groups[0]!.more).toEqual({ breached: 4, warned: 0 });
      burst.add(sla({ event: 'warned' }));
      vi.advanceTimersByTime(400);
      expect(groups).toHaveLength(2);
      expect(groups[1]!.more).toEqual({ breached: 0, warned: 0 });
      burst.add(sla());
      burst.stop();
      vi.advanceTimersByTime(1000);
      expect(groups).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('forgets old frames but never lets the same one through twice while it remembers it', () => {
    const seen = new SlaDedup(2);
    const [a, b, c] = [sla(), sla(), sla()];
    expect([seen.first(a), seen.first(a), seen.first({ ...a, event: 'warned' })]).toEqual([true, false, true]);
    expect([seen.first(b), seen.first(c), seen.first(c)]).toEqual([true, true, false]);
  });
});

describe('where a notification leads', () => {
  it("to the clock's ticket, else to the chat, order or list", () => {
    expect(slaTarget(sla({ subjectKind: 'after_sale', subjectId: 4, ticketId: 12 }))).toEqual({ path: '/tickets/12' });
    expect(slaTarget(sla({ subjectKind: 'conversation', subjectId: 31, ticketId: null }))).toEqual({ path: '/chat', conversationId: 31 });
    expect(slaTarget(sla({ subjectKind: 'order', subjectId: 9, ticketId: null }))).toEqual({ path: '/orders/9' });
    expect(slaTarget(sla({ subjectKind: 'task', subjectId: 5, ticketId: null }))).toEqual({ path: '/tasks' });
  });
});
