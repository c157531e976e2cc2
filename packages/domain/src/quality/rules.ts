/**
 * Conversation quality inspection (质检): the rule kinds an admin edits, what each one's settings are, and the
 * defaults a new shop starts from (docs/quality.md). Every rule takes points off a score of 100; a fatal hit
 * (致命项) makes the score 0.
 */

export const QUALITY_RULE_KINDS = [
  'forbidden_phrase',
  'greeting',
  'closing',
  'order_number',
  'first_response',
  'slow_response',
  'upset_at_end',
  'unanswered_question',
] as const;
export type QualityRuleKind = (typeof QUALITY_RULE_KINDS)[number];

/** What each kind of rule reads; `maxHits` caps how many hits of a repeatable rule take points off. */
export interface QualityRuleParams {
  /** Forbidden phrases (服务忌语) in the agent's messages; a phrase listed in `severePhrases` is a fatal hit. */
  forbidden_phrase: { severePhrases: string[]; maxHits: number };
  /** The agent's first message greets the shopper (您好/亲/欢迎…). */
  greeting: { words: string[] };
  /** One of the agent's last `lastMessages` messages closes the conversation politely. */
  closing: { words: string[]; lastMessages: number };
  /** A question about an order (these intents) with no order linked, no order number given and none asked for. */
  order_number: { intents: string[]; askWords: string[] };
  /** The agent's first answer came later than `seconds` after the shopper started waiting (from assignment). */
  first_response: { seconds: number };
  /** A later answer came later than `seconds`. */
  slow_response: { seconds: number; maxHits: number };
  /** One of the shopper's last `lastMessages` messages still reads as upset. */
  upset_at_end: { lastMessages: number };
  /** A shopper's question with no agent or bot message after it before the conversation closed. */
  unanswered_question: { words: string[]; maxHits: number };
}

export type QualityRule = {
  [K in QualityRuleKind]: { id: number; kind: K; name: string; points: number; fatal: boolean; enabled: boolean; params: QualityRuleParams[K] };
}[QualityRuleKind];

/** Intents of @kefu/nlp's model that are about an order: where it is, its delivery, an after-sale on it. */
export const ORDER_INTENTS = ['order_status', 'logistics', 'return_refund', 'exchange', 'repair'];

export const DEFAULT_QUALITY_PARAMS: QualityRuleParams = {
  forbidden_phrase: { severePhrases: [], maxHits: 3 },
  greeting: { words: ['您好', '你好', '亲', '欢迎', '在的', '很高兴为您服务', '有什么可以帮您'] },
  closing: {
    words: [
      '还有其他可以帮您',
      '还有什么可以帮您',
      '还有其他问题',
      '还有什么问题',
      '祝您生活愉快',
      '祝您',
      '感谢',
      '谢谢',
      '欢迎再来',
      '欢迎下次光临',
      '再见',
    ],
    lastMessages: 2,
  },
  order_number: { intents: ORDER_INTENTS, askWords: ['订单号', '订单编号', '单号', '订单信息', '哪个订单', '哪笔订单', '发一下订单', '订单截图'] },
  first_response: { seconds: 30 },
  slow_response: { seconds: 60, maxHits: 3 },
  upset_at_end: { lastMessages: 2 },
  unanswered_question: {
    words: ['吗', '？', '?', '怎么', '多少', '什么时候', '哪', '几', '能不能', '可不可以', '是不是', '有没有', '请问', '如何', '为什么', '呢'],
    maxHits: 3,
  },
};

/** The rules a new shop starts with (the migration seeds the same), in the order of the score sheet. */
export const DEFAULT_QUALITY_RULES: { kind: QualityRuleKind; name: string; points: number; fatal: boolean }[] = [
  { kind: 'forbidden_phrase', name: '使用服务忌语', points: 10, fatal: false },
  { kind: 'greeting', name: '首句未使用问候语', points: 5, fatal: false },
  { kind: 'closing', name: '未使用结束语', points: 5, fatal: false },
  { kind: 'order_number', name: '订单问题未核实订单号', points: 10, fatal: false },
  { kind: 'first_response', name: '首次响应超过 30 秒', points: 10, fatal: false },
  { kind: 'slow_response', name: '回复间隔超过 60 秒', points: 5, fatal: false },
  { kind: 'upset_at_end', name: '结束时顾客仍有负面情绪', points: 15, fatal: false },
  { kind: 'unanswered_question', name: '顾客问题未回复', points: 10, fatal: false },
];

/** A score from what is taken off: 0 when anything is fatal, else 100 less the points, never below 0. */
export function qualityScore(deductions: readonly { points: number; fatal: boolean }[]): number {
  if (deductions.some((d) => d.fatal)) return 0;
  return Math.max(0, 100 - deductions.reduce((sum, d) => sum + d.points, 0));
}
