import { describe, expect, it } from 'vitest';
import { fillScript, findForbidden, pickAgent, queueOrder, routedPriority, TokenBucket, type AgentLoad } from '../src/index.ts';

const agent = (id: number, load: number, extra: Partial<AgentLoad> = {}): AgentLoad => ({
  id,
  status: 'online',
  load,
  maxChats: 3,
  groupIds: [1],
  ...extra,
});

describe('routing a new conversation', () => {
  it("goes to the customer's own agent when online and free, even outside the group", () => {
    expect(pickAgent([agent(1, 0), agent(2, 2, { groupIds: [9] })], 1, 2)?.id).toBe(2);
  });

  it('else to the least-loaded online agent of the group', () => {
    expect(pickAgent([agent(1, 2), agent(2, 1), agent(3, 0, { groupIds: [2] })], 1, null)?.id).toBe(2);
    expect(pickAgent([agent(1, 2), agent(2, 3, { status: 'online' })], 1, 2)?.id).toBe(1);
  });

  it('skips busy, away and offline agents and those at their maximum', () => {
    const agents = [agent(1, 0, { status: 'busy' }), agent(2, 0, { status: 'away' }), agent(3, 3), agent(4, 0, { status: 'offline' })];
    expect(pickAgent(agents, 1, null)).toBeNull();
    expect(pickAgent(agents, 1, 1)).toBeNull();
  });

  it('lets VIP customers jump the queue, otherwise first come first served', () => {
    const t = (s: number) => new Date(1_700_000_000_000 + s * 1000);
    const queue = [
      { id: 1, vip: false, createdAt: t(1) },
      { id: 2, vip: true, createdAt: t(5) },
      { id: 3, vip: false, createdAt: t(0) },
    ];
    expect([...queue].sort(queueOrder).map((q) => q.id)).toEqual([2, 3, 1]);
  });

  it('serves urgent, then high conversations before VIPs, and routing only ever raises a priority', () => {
    const t = (s: number) => new Date(1_700_000_000_000 + s * 1000);
    const queue = [
      { id: 1, priority: 'normal', vip: true, createdAt: t(0) },
      { id: 2, priority: 'high', vip: false, createdAt: t(5) },
      { id: 3, priority: 'urgent', vip: false, createdAt: t(9) },
      { id: 4, priority: 'high', vip: true, createdAt: t(7) },
      { id: 5, priority: 'normal', vip: false, createdAt: t(1) },
    ];
    expect([...queue].sort(queueOrder).map((q) => q.id)).toEqual([3, 4, 2, 1, 5]);
    expect(routedPriority('normal', { complaint: true, negative: false })).toBe('high');
    expect(routedPriority('normal', { complaint: false, negative: true })).toBe('high');
    expect(routedPriority('normal', { complaint: true, negative: true })).toBe('urgent');
    expect(routedPriority('urgent', { complaint: true, negative: false })).toBe('urgent');
  });
});

describe('limits and scripts', () => {
  it('a token bucket allows the burst, then the rate', () => {
    const bucket = new TokenBucket(10, 20, 0);
    let allowed = 0;
    for (let i = 0; i < 30; i++) if (bucket.take(0)) allowed++;
    expect(allowed).toBe(20);
    expect(bucket.take(50)).toBe(false);
    expect(bucket.take(100)).toBe(true);
  });

  it('finds forbidden phrases in order', () => {
    const phrases = [{ phrase: '不知道' }, { phrase: '你自己看' }];
    expect(findForbidden('你自己看吧，我不知道', phrases).map((p) => p.phrase)).toEqual(['你自己看', '不知道']);
    expect(findForbidden('您看可以吗？', phrases)).toEqual([]);
  });

  it('fills quick-reply variables and leaves unknown ones', () => {
    expect(fillScript('{customerName}您好，订单{orderNo}已发货。{agentName}', { customerName: '林小姐', agentName: '小美' })).toBe(
      '林小姐您好，订单{orderNo}已发货。小美',
    );
  });
});
