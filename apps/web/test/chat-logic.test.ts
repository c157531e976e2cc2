import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  contiguousSeq,
  fillVariables,
  findForbidden,
  formatDuration,
  isReadByShopper,
  matchQuickReplies,
  mergeMessages,
  placeholderRanges,
  segments,
  unreadCount,
} from '../src/features/chat/logic.ts';
import type { ChatMessage, MessageKind, QuickReply } from '../src/features/chat/types.ts';

const msg = (seq: number, from: 'shopper' | 'agent' | 'system' = 'shopper', kind: MessageKind = 'text', body = `m${seq}`): ChatMessage => ({
  conversationId: 1,
  seq,
  clientId: null,
  kind,
  body,
  data: {},
  sender: { kind: from, id: from === 'agent' ? 7 : null, name: '' },
  at: new Date(1_700_000_000_000 + seq * 1000).toISOString(),
});

describe('mergeMessages', () => {
  it('appends newer messages in seq order', () => {
    expect(mergeMessages([msg(1), msg(2)], [msg(4), msg(3)]).map((m) => m.seq)).toEqual([1, 2, 3, 4]);
  });
  it('drops duplicates by seq, the later copy winning', () => {
    const merged = mergeMessages([msg(1), msg(2), msg(3)], [msg(2, 'shopper', 'text', 'again'), msg(3), msg(4)]);
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(merged[1]!.body).toBe('again');
  });
  it('fills gaps (notes the shopper never sees, a resume after a reconnect)', () => {
    expect(mergeMessages([msg(1), msg(5)], [msg(3), msg(2)]).map((m) => m.seq)).toEqual([1, 2, 3, 5]);
  });
  it('deduplicates within one batch', () => {
    expect(mergeMessages([], [msg(2), msg(2), msg(1)]).map((m) => m.seq)).toEqual([1, 2]);
  });
  it('returns the same array when nothing comes in', () => {
    const list = [msg(1)];
    expect(mergeMessages(list, [])).toBe(list);
  });
});

describe('resume point', () => {
  it('is the end of the gap-free run, so history before an early live message is still fetched', () => {
    expect(contiguousSeq([msg(2)])).toBe(0);
    expect(contiguousSeq([msg(1), msg(2), msg(4)])).toBe(2);
    expect(contiguousSeq([msg(4)], 3)).toBe(4);
    expect(contiguousSeq([msg(1), msg(2)], 5)).toBe(5);
    expect(contiguousSeq([])).toBe(0);
  });
});

describe('unread counting', () => {
  const list = [msg(1), msg(2, 'agent'), msg(3), msg(4, 'agent', 'note'), msg(5), msg(6, 'system'), msg(7)];
  it('counts shopper messages after the read seq', () => {
    expect(unreadCount(list, 0)).toBe(4);
    expect(unreadCount(list, 3)).toBe(2);
    expect(unreadCount(list, 7)).toBe(0);
  });
  it('marks agent messages read once the shopper read seq passes them', () => {
    expect(isReadByShopper(msg(2, 'agent'), 2)).toBe(true);
    expect(isReadByShopper(msg(2, 'agent'), 1)).toBe(false);
    expect(isReadByShopper(msg(4, 'agent', 'note'), 9)).toBe(false);
    expect(isReadByShopper(msg(3), 9)).toBe(false);
  });
});

describe('quick replies', () => {
  const replies: QuickReply[] = [
    { id: 1, scope: 'shared', title: '欢迎语', body: '您好{customerName}，很高兴为您服务，请问有什么可以帮您？', shortcut: 'hi' },
    { id: 2, scope: 'shared', title: '查询物流', body: '您的订单 {orderNo} 已发货，我是{agentName}。', shortcut: 'wl' },
    { id: 3, scope: 'personal', title: '结束语', body: '您有什么问题随时可以再来咨询！', shortcut: null },
    { id: 4, scope: 'personal', title: '尺码建议', body: '身高165建议选M码，您看可以吗？', shortcut: 'cm' },
  ];
  it('fills the variables it knows', () => {
    expect(fillVariables(replies[0]!.body, { customerName: '王女士' }).text).toBe('您好王女士，很高兴为您服务，请问有什么可以帮您？');
    expect(fillVariables(replies[1]!.body, { orderNo: 'TB123', agentName: '小美' })).toEqual({
      text: '您的订单 TB123 已发货，我是小美。',
      unfilled: [],
    });
  });
  it('leaves unknown values as placeholders and reports them', () => {
    const r = fillVariables(replies[1]!.body, { agentName: '小美', orderNo: null });
    expect(r.text).toBe('您的订单 {orderNo} 已发货，我是小美。');
    expect(r.unfilled).toEqual(['{orderNo}']);
    expect(placeholderRanges(r.text)).toEqual([{ start: 5, end: 14 }]);
  });
  it('matches shortcut, title and body; Chinese by substring', () => {
    expect(matchQuickReplies(replies, 'wl').map((r) => r.id)).toEqual([2]);
    expect(matchQuickReplies(replies, '物流').map((r) => r.id)).toEqual([2]);
    expect(matchQuickReplies(replies, '咨询').map((r) => r.id)).toEqual([3]);
    expect(matchQuickReplies(replies, 'M码').map((r) => r.id)).toEqual([4]);
    expect(matchQuickReplies(replies, 'HI').map((r) => r.id)).toEqual([1]);
    expect(matchQuickReplies(replies, 'zzz')).toEqual([]);
  });
  it('ranks a shortcut hit above a body hit and lists personal ones first without a query', () => {
    const list: QuickReply[] = [
      { id: 10, scope: 'shared', title: 'x', body: '关于 cm 的说明', shortcut: null },
      { id: 11, scope: 'shared', title: 'y', body: '…', shortcut: 'cm' },
    ];
    expect(matchQuickReplies(list, 'cm').map((r) => r.id)).toEqual([11, 10]);
    expect(matchQuickReplies(replies, '').map((r) => r.scope)).toEqual(['personal', 'personal', 'shared', 'shared']);
  });
});

describe('forbidden phrases', () => {
  const phrases = [
    { id: 1, phrase: '不知道', suggestion: '我帮您确认一下' },
    { id: 2, phrase: '你怎么还不明白', suggestion: '可能是我没说清楚，我再解释一下' },
    { id: 3, phrase: '不明白', suggestion: '' },
    { id: 4, phrase: 'NO WAY', suggestion: '' },
  ];
  it('finds every occurrence with its position and suggestion', () => {
    const hits = findForbidden('这个我不知道，真的不知道', phrases);
    expect(hits.map((h) => [h.start, h.end, h.phrase])).toEqual([
      [3, 6, '不知道'],
      [9, 12, '不知道'],
    ]);
    expect(hits[0]!.suggestion).toBe('我帮您确认一下');
  });
  it('prefers the longer phrase where two overlap', () => {
    const hits = findForbidden('你怎么还不明白呢', phrases);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.phrase).toBe('你怎么还不明白');
  });
  it('ignores case and finds nothing in clean text', () => {
    expect(findForbidden('no way!', phrases)).toHaveLength(1);
    expect(findForbidden('您好，您看可以吗？', phrases)).toEqual([]);
    expect(findForbidden('', phrases)).toEqual([]);
  });
  it('cuts text into marked segments for the highlight', () => {
    const text = '我不知道{orderNo}';
    expect(
      segments(text, [
        { start: 1, end: 4, tone: 'bad' },
        { start: 4, end: 13, tone: 'var' },
      ]),
    ).toEqual([
      { text: '我', tone: null },
      { text: '不知道', tone: 'bad' },
      { text: '{orderNo}', tone: 'var' },
    ]);
  });
});

describe('time and reconnects', () => {
  it('formats waiting times', () => {
    expect(formatDuration(5)).toBe('0:05');
    expect(formatDuration(754)).toBe('12:34');
    expect(formatDuration(3723)).toBe('1:02:03');
  });
  it('backs off from 0.5 s to 5 s', () => {
    expect([0, 1, 2, 3, 4, 10].map(backoffDelay)).toEqual([500, 1000, 2000, 4000, 5000, 5000]);
  });
});
