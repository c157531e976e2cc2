import { describe, expect, it } from 'vitest';
import {
  appealRefusal,
  appealState,
  DEFAULT_QUALITY_PARAMS,
  DEFAULT_QUALITY_RULES,
  DEFAULT_QUALITY_SAMPLING,
  inspectConversation,
  isInspectable,
  sampleReason,
  sheetScore,
  type QualityMessage,
  type QualityRule,
  type QualityTranscript,
} from '../src/index.ts';

const AGENT = 7;
const T0 = new Date('2026-03-02T02:00:00Z').getTime();
const RULES = DEFAULT_QUALITY_RULES.map((r, i) => ({ ...r, id: i + 1, enabled: true, params: DEFAULT_QUALITY_PARAMS[r.kind] })) as QualityRule[];
const PHRASES = [
  { phrase: '不知道', suggestion: '我帮您确认一下' },
  { phrase: '你自己看', suggestion: '我来为您说明' },
  { phrase: '滚', suggestion: '' },
];

type Line = [from: QualityMessage['from'], body: string, atSeconds: number, extra?: Partial<QualityMessage>];

/** A conversation from lines [who, text, seconds after the start, extra]; the agent got it at second 0. */
function chat(lines: Line[], extra: Partial<QualityTranscript> = {}): QualityTranscript {
  const messages = lines.map(([from, body, s, more], i) => ({
    id: String(100 + i),
    seq: i + 1,
    from,
    senderId: from === 'agent' ? AGENT : from === 'shopper' ? 55 : null,
    kind: 'text',
    body,
    at: new Date(T0 + s * 1000),
    intent: from === 'shopper' ? 'product' : null,
    negative: false,
    ...more,
  }));
  return { agentId: AGENT, assignedAt: new Date(T0), orderLinked: false, messages, phrases: PHRASES, ...extra };
}

/** A polite, quick conversation that breaks no rule. */
const CLEAN: Line[] = [
  ['shopper', '这件睡衣有粉色的吗', 0],
  ['agent', '亲，您好，粉色有货的哦', 10],
  ['shopper', '好的，那我拍了', 30],
  ['agent', '好的亲，还有其他可以帮您的吗？祝您生活愉快', 45],
  ['shopper', '没有了', 50],
];

const kinds = (t: QualityTranscript) => inspectConversation(t, RULES).hits.map((h) => h.kind);
const hit = (t: QualityTranscript, kind: string) => inspectConversation(t, RULES).hits.find((h) => h.kind === kind);

describe('automatic inspection (质检)', () => {
  it('gives a clean conversation 100 and no hits', () => {
    expect(inspectConversation(chat(CLEAN), RULES)).toEqual({ hits: [], fatal: false, score: 100 });
  });

  it('does not inspect a conversation the agent never answered (the bot alone)', () => {
    expect(
      isInspectable(
        chat([
          ['shopper', '发货了吗', 0],
          ['bot', '亲，48 小时内发货', 1],
        ]),
      ),
    ).toBe(false);
    expect(
      isInspectable(
        chat([
          ['shopper', '在吗', 0],
          ['agent', '内部备注', 5, { kind: 'note' }],
        ]),
      ),
    ).toBe(false);
    expect(isInspectable(chat(CLEAN))).toBe(true);
  });

  it('finds forbidden phrases in the agent’s messages, each one a hit, capped', () => {
    for (const body of ['这个我不知道', '你自己看说明吧', '不知道，你自己看详情页']) {
      const lines: Line[] = [...CLEAN.slice(0, 2), ['agent', body, 20], ...CLEAN.slice(3)];
      const found = hit(chat(lines), 'forbidden_phrase');
      expect(found, body).toBeDefined();
      expect(found!.fatal).toBe(false);
      expect(found!.evidence.every((e) => e.messageId === '102' && body.includes(e.detail!))).toBe(true);
    }
    const many: Line[] = [
      ...CLEAN.slice(0, 2),
      ['agent', '不知道', 15],
      ['agent', '不知道', 16],
      ['agent', '不知道', 17],
      ['agent', '不知道', 18],
      ...CLEAN.slice(3),
    ];
    const found = hit(chat(many), 'forbidden_phrase')!;
    expect(found.evidence).toHaveLength(4);
    expect(found.points).toBe(30); // 10 a hit, at most 3 hits
    // The shopper saying it is not the agent's fault.
    expect(kinds(chat([['shopper', '我也不知道选哪个码', 0], ...CLEAN.slice(1)]))).toEqual([]);
  });

  it('makes a severe forbidden phrase fatal: the score is 0', () => {
    const rules = RULES.map((r) => (r.kind === 'forbidden_phrase' ? { ...r, params: { ...r.params, severePhrases: ['滚'] } } : r)) as QualityRule[];
    const result = inspectConversation(chat([...CLEAN.slice(0, 2), ['agent', '你给我滚', 20], ...CLEAN.slice(3)]), rules);
    expect(result).toMatchObject({ fatal: true, score: 0 });
    expect(result.hits[0]).toMatchObject({ kind: 'forbidden_phrase', fatal: true });
  });

  it('makes every hit of a rule marked fatal fatal', () => {
    const rules = RULES.map((r) => (r.kind === 'greeting' ? { ...r, fatal: true } : r)) as QualityRule[];
    const result = inspectConversation(chat([CLEAN[0]!, ['agent', '粉色有货', 10], ...CLEAN.slice(2)]), rules);
    expect(result).toMatchObject({ fatal: true, score: 0 });
  });

  it('wants a greeting in the agent’s first message', () => {
    for (const greeting of ['您好，有的', '亲，有货哦', '欢迎光临，有的', '你好呀，这款有粉色', '在的，有粉色']) {
      expect(kinds(chat([CLEAN[0]!, ['agent', greeting, 10], ...CLEAN.slice(2)])), greeting).toEqual([]);
    }
    for (const rude of ['有', '粉色有货', '自己去详情页看颜色']) {
      const found = hit(chat([CLEAN[0]!, ['agent', rude, 10], ...CLEAN.slice(2)]), 'greeting');
      expect(found, rude).toMatchObject({ points: 5, evidence: [{ messageId: '101', quote: rude }] });
    }
  });

  it('wants a closing in one of the agent’s last two messages', () => {
    for (const closing of ['还有其他可以帮您的吗', '感谢您的耐心等待', '谢谢亲', '祝您生活愉快', '欢迎下次光临']) {
      expect(kinds(chat([...CLEAN.slice(0, 3), ['agent', closing, 45]])), closing).toEqual([]);
    }
    for (const ending of ['好的', '已经备注了', '嗯']) {
      expect(hit(chat([...CLEAN.slice(0, 3), ['agent', ending, 45]]), 'closing'), ending).toMatchObject({ evidence: [{ messageId: '103' }] });
    }
  });

  it('wants the order number checked when the question is about an order', () => {
    const about = (intent: string, question: string, answer: string, extra: Partial<QualityTranscript> = {}) =>
      chat(
        [
          ['shopper', question, 0, { intent }],
          ['agent', answer, 10],
          ['shopper', '好', 20],
          ['agent', '还有其他可以帮您的吗', 30],
        ],
        extra,
      );
    for (const [intent, q] of [
      ['logistics', '快递怎么还没到'],
      ['order_status', '我的订单发货了吗'],
      ['return_refund', '我要退货退款'],
      ['exchange', '尺码不合适能换吗'],
    ] as const) {
      expect(hit(about(intent, q, '亲，您好，马上为您处理'), 'order_number'), q).toMatchObject({ evidence: [{ messageId: '100' }] });
      expect(kinds(about(intent, q, '亲，您好，麻烦提供一下订单号')), `${q} asked`).toEqual([]);
      expect(kinds(about(intent, q, '您好，请问是哪个订单呢')), `${q} which`).toEqual([]);
      expect(kinds(about(intent, q, '您好，马上处理', { orderLinked: true })), `${q} linked`).toEqual([]);
    }
    // The shopper gave the number, or sent the order card.
    expect(kinds(about('logistics', '单号 TB20260301123456 到哪了', '您好，马上查'))).toEqual([]);
    const card = chat([
      ['shopper', '这单到哪了', 0, { intent: 'logistics' }],
      ['shopper', '订单', 1, { kind: 'order' }],
      ['agent', '您好，已发出，感谢', 10],
    ]);
    expect(kinds(card)).toEqual([]);
    // A question about a product needs no order.
    expect(kinds(about('size', '我165穿什么码', '您好，建议 M 码'))).toEqual([]);
  });

  it('takes points off a first answer later than 30 s after the shopper waited (from assignment)', () => {
    expect(
      hit(chat([CLEAN[0]!, ['agent', '您好，有的', 45], ...CLEAN.slice(2).map(([f, b, s]) => [f, b, s + 40] as Line)]), 'first_response'),
    ).toMatchObject({
      evidence: [{ messageId: '101', detail: '45' }],
    });
    // Waiting in the queue before the agent got the conversation does not count against the agent.
    const queued = chat([CLEAN[0]!, ['agent', '您好，有的', 50], ['shopper', '好', 55], ['agent', '感谢您', 60]], {
      assignedAt: new Date(T0 + 40_000),
    });
    expect(kinds(queued)).toEqual([]);
    expect(kinds(chat([CLEAN[0]!, ['agent', '您好，有的', 30], ['shopper', '好', 35], ['agent', '感谢', 40]]))).toEqual([]);
  });

  it('takes points off each later answer slower than 60 s, and not the first answer twice', () => {
    const slow = chat([
      ['shopper', '有粉色吗', 0],
      ['agent', '您好，有的', 5],
      ['shopper', '有 L 吗', 10],
      ['shopper', '在吗', 40],
      ['agent', '有的', 80],
      ['shopper', '好', 100],
      ['agent', '感谢您', 200],
    ]);
    expect(hit(slow, 'slow_response')).toMatchObject({
      points: 10,
      evidence: [
        { messageId: '104', detail: '70' },
        { messageId: '106', detail: '100' },
      ],
    });
    const lateFirst = chat([
      ['shopper', '有粉色吗', 0],
      ['agent', '您好，有的', 90],
      ['shopper', '好', 95],
      ['agent', '感谢', 100],
    ]);
    expect(kinds(lateFirst)).toEqual(['first_response']);
  });

  it('sees a shopper still upset at the end', () => {
    const upset = (...ends: [string, boolean][]) =>
      chat([...CLEAN.slice(0, 4), ...ends.map(([body, negative], i) => ['shopper', body, 50 + i, { negative }] as Line)]);
    expect(hit(upset(['什么破服务', true]), 'upset_at_end')).toMatchObject({ points: 15, evidence: [{ quote: '什么破服务' }] });
    expect(hit(upset(['我要投诉你们', true], ['算了', false]), 'upset_at_end')?.evidence).toHaveLength(1);
    // Upset earlier, calm at the end: the agent turned it round.
    expect(kinds(chat([['shopper', '气死了，还没发货', 0, { negative: true }], ...CLEAN.slice(1)]))).toEqual([]);
  });

  it('finds questions nobody answered before the close', () => {
    for (const question of ['那什么时候发货？', '可以开发票吗', '运费多少', '怎么退货', '有没有赠品']) {
      expect(hit(chat([...CLEAN.slice(0, 4), ['shopper', question, 60]]), 'unanswered_question'), question).toMatchObject({
        evidence: [{ messageId: '104' }],
      });
    }
    expect(kinds(chat([...CLEAN.slice(0, 4), ['shopper', '好的谢谢', 60]]))).toEqual([]);
    // The bot's answer counts: the shopper was answered.
    expect(kinds(chat([...CLEAN.slice(0, 4), ['shopper', '运费多少', 60], ['bot', '满 99 包邮', 61]]))).toEqual([]);
  });

  it('skips disabled rules and adds up the rest, never below 0', () => {
    const rude: Line[] = [
      ['shopper', '快递怎么还没到', 0, { intent: 'logistics' }],
      ['agent', '不知道，你自己看', 120],
      ['shopper', '什么态度？', 130, { negative: true }],
    ];
    const all = inspectConversation(chat(rude), RULES);
    expect(all.hits.map((h) => h.kind)).toEqual([
      'forbidden_phrase',
      'greeting',
      'closing',
      'order_number',
      'first_response',
      'upset_at_end',
      'unanswered_question',
    ]);
    expect(all.score).toBe(100 - 20 - 5 - 5 - 10 - 10 - 15 - 10);
    const heavy = RULES.map((r) => ({ ...r, points: 40 })) as QualityRule[];
    expect(inspectConversation(chat(rude), heavy).score).toBe(0);
    const fewer = RULES.map((r) => (r.kind === 'forbidden_phrase' ? { ...r, enabled: false } : r)) as QualityRule[];
    expect(inspectConversation(chat(rude), fewer).hits.map((h) => h.kind)).not.toContain('forbidden_phrase');
  });

  it('looks only at the inspected agent’s answers (a colleague before a transfer is not theirs)', () => {
    const transferred = chat([
      ['shopper', '有粉色吗', 0],
      ['agent', '不知道', 5, { senderId: 99 }],
      ['agent', '您好，有粉色的', 70],
      ['shopper', '好', 75],
      ['agent', '感谢', 80],
    ]);
    expect(kinds({ ...transferred, assignedAt: new Date(T0 + 60_000) })).toEqual([]);
  });
});

describe('sampling and review', () => {
  it('sends every fatal and every low score to review, and a random share of the rest', () => {
    const s = DEFAULT_QUALITY_SAMPLING;
    expect(sampleReason({ fatal: true, score: 0 }, s, 0.99)).toBe('fatal');
    expect(sampleReason({ fatal: false, score: 79 }, s, 0.99)).toBe('low_score');
    expect(sampleReason({ fatal: false, score: 80 }, s, 0.05)).toBe('random');
    expect(sampleReason({ fatal: false, score: 95 }, s, 0.1)).toBeNull();
    expect(sampleReason({ fatal: false, score: 100 }, { samplePercent: 0, reviewBelow: 0 }, 0)).toBeNull();
    expect(sampleReason({ fatal: false, score: 100 }, { samplePercent: 100, reviewBelow: 0 }, 0.999)).toBe('random');
  });

  it('scores a review sheet like the automatic score', () => {
    expect(sheetScore([])).toBe(100);
    expect(
      sheetScore([
        { ruleId: 1, points: 10, fatal: false },
        { ruleId: 2, points: 5, fatal: false },
      ]),
    ).toBe(85);
    expect(sheetScore([{ ruleId: 1, points: 0, fatal: true }])).toBe(0);
    expect(
      sheetScore([
        { ruleId: 1, points: 70, fatal: false },
        { ruleId: 2, points: 70, fatal: false },
      ]),
    ).toBe(0);
  });

  it('lets an agent appeal once, and a supervisor decide a pending appeal once', () => {
    const none = { appealedAt: null, appealDecision: null };
    const pending = { appealedAt: new Date(), appealDecision: null };
    const accepted = { appealedAt: new Date(), appealDecision: 'accepted' };
    expect([appealState(none), appealState(pending), appealState(accepted), appealState({ ...accepted, appealDecision: 'rejected' })]).toEqual([
      'none',
      'pending',
      'accepted',
      'rejected',
    ]);
    expect(appealRefusal(none, 'appeal')).toBeNull();
    expect(appealRefusal(pending, 'appeal')).toBe('already_appealed');
    expect(appealRefusal(accepted, 'appeal')).toBe('already_appealed');
    expect(appealRefusal(none, 'decide')).toBe('no_appeal');
    expect(appealRefusal(pending, 'decide')).toBeNull();
    expect(appealRefusal(accepted, 'decide')).toBe('already_decided');
  });
});
