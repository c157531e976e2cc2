import { transition, type HandoverReason } from '@kefu/domain';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { notFound } from '../http/errors.ts';
import type { BotBrain } from '../knowledge/bot.ts';
import type { FanOut } from './fan-out.ts';
import type { Routing } from './routing.ts';
import { storeMessage } from './store.ts';

export const INTENT_LABEL: Record<string, string> = {
  product: '商品咨询',
  size: '尺码',
  price: '价格优惠',
  order_status: '订单状态',
  logistics: '物流',
  return_refund: '退货退款',
  exchange: '换货',
  repair: '维修',
  complaint: '投诉',
  invoice: '发票',
};

export const HANDOVER_LABEL: Record<HandoverReason, string> = {
  asked: '顾客要求人工',
  vip: 'VIP 顾客',
  complaint: '投诉',
  emotion: '顾客情绪激动',
  repeated: '重复提问',
  low_confidence: '机器人无把握',
};

const BOT = { kind: 'bot' as const, id: null, name: '智能客服' };

/** The service bot (智能客服): answers from the knowledge when confident, else hands the conversation to a person. */
export class BotTurns {
  private readonly turns = new Map<number, Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly fanOut: FanOut,
    private readonly routing: Routing,
    private readonly brain?: BotBrain,
  ) {}

  /** Whether a new conversation of the shop starts with the bot. */
  async isOn(shopId: number): Promise<boolean> {
    if (!this.brain) return false;
    const shop = await this.db.selectFrom('shops').select('bot').where('id', '=', shopId).executeTakeFirst();
    return shop?.bot.enabled === true;
  }

  /** The bot takes a conversation's messages one at a time, in the order they came; `text` null: a picture or a card. */
  takeInOrder(conversationId: number, shopId: number, visitorId: number, text: string | null): void {
    const previous = this.turns.get(conversationId) ?? Promise.resolve();
    const next = previous
      .then(() => this.turn(conversationId, shopId, visitorId, text))
      .catch(() => this.handover(conversationId, 'low_confidence', text ?? ''))
      .finally(() => {
        if (this.turns.get(conversationId) === next) this.turns.delete(conversationId);
      });
    this.turns.set(conversationId, next);
  }

  /** Answers from the knowledge when confident; otherwise (or for a picture or an order card) hands over. */
  private async turn(conversationId: number, shopId: number, visitorId: number, text: string | null) {
    const conv = await this.db
      .selectFrom('conversations')
      .leftJoin('customers', 'customers.id', 'conversations.customer_id')
      .select(['conversations.status', 'conversations.vip', 'customers.name as customer_name'])
      .where('conversations.id', '=', conversationId)
      .executeTakeFirstOrThrow();
    if (conv.status !== 'bot') return;
    if (text === null) return this.handover(conversationId, 'low_confidence', '');
    const shop = await this.db.selectFrom('shops').select('bot').where('id', '=', shopId).executeTakeFirstOrThrow();
    const answered = (await this.db.selectFrom('bot_answers').select('faq_id').where('conversation_id', '=', conversationId).execute())
      .map((r) => r.faq_id)
      .filter((id): id is number => id !== null);
    const thought = await this.brain!(text, {
      vip: conv.vip,
      answered,
      threshold: shop.bot.threshold,
      customerName: conv.customer_name ?? undefined,
    });
    if (thought.decision.action === 'handover') return this.handover(conversationId, thought.decision.reason, text, thought.intent);
    const faqId = thought.decision.faqId;
    const logged = await this.db
      .insertInto('bot_answers')
      .values({ conversation_id: conversationId, question: text.slice(0, 2000), faq_id: faqId, score: 0, confidence: thought.confidence })
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.db
      .updateTable('faq_entries')
      .set({ hits: sql<number>`hits + 1` })
      .where('id', '=', faqId)
      .execute();
    const { message } = await storeMessage(this.db, {
      conversationId,
      sender: BOT,
      kind: 'text',
      body: thought.answer!,
      data: { botAnswerId: Number(logged.id), faqId, confidence: Math.round(thought.confidence * 1000) / 1000, intent: thought.intent },
    });
    await this.fanOut.message(visitorId, [], message);
  }

  /**
   * The bot gives the conversation to a person: it joins the queue with a note for the agent summing up what
   * the shopper asked and what the bot answered. A complaint goes to the after-sales group, ahead in the queue.
   * The update is guarded by the status, so a conversation is handed over once.
   */
  async handover(conversationId: number, reason: HandoverReason, lastText: string, intent?: string) {
    const { from, to } = transition('hand_over');
    const moved = await this.db
      .updateTable('conversations')
      .set({ status: to })
      .where('id', '=', conversationId)
      .where('status', 'in', from)
      .returning('visitor_id')
      .executeTakeFirst();
    if (!moved) return;
    if (reason === 'complaint' || reason === 'emotion')
      await this.routing.routeToAfterSales(conversationId, { complaint: reason === 'complaint', negative: reason === 'emotion' });
    const answers = await this.db
      .selectFrom('bot_answers')
      .leftJoin('faq_entries', 'faq_entries.id', 'bot_answers.faq_id')
      .select(['bot_answers.question', 'faq_entries.question as faq'])
      .where('conversation_id', '=', conversationId)
      .orderBy('bot_answers.id')
      .execute();
    const summary = [
      `机器人转人工（${HANDOVER_LABEL[reason]}）`,
      lastText && `顾客最后说：${lastText.slice(0, 200)}`,
      intent && intent !== 'other' && `意图：${INTENT_LABEL[intent] ?? intent}`,
      answers.length
        ? `机器人已回答 ${answers.length} 个问题：${answers
            .map((a) => a.faq ?? a.question)
            .join('；')
            .slice(0, 300)}`
        : '机器人尚未回答任何问题',
    ]
      .filter(Boolean)
      .join('\n');
    // A note: the agent reads it with the history when the conversation reaches them; the shopper never sees it.
    await storeMessage(this.db, { conversationId, sender: BOT, kind: 'note', body: summary, data: { code: 'handover', reason, intent } });
    await this.fanOut.systemLine(conversationId, '正在为您转接人工客服，请稍候', { code: 'handover', reason });
    await this.fanOut.conversation(conversationId, { supervisors: true });
    await this.routing.dispatchAndTell();
  }

  /** The shopper's 👍/👎 on a bot answer in their own conversation. */
  async feedback(visitorId: number, answerId: number, helpful: boolean) {
    const row = await this.db
      .updateTable('bot_answers')
      .set({ helpful })
      .where('id', '=', String(answerId))
      .where('conversation_id', 'in', this.db.selectFrom('conversations').select('id').where('visitor_id', '=', visitorId))
      .returning('id')
      .executeTakeFirst();
    if (!row) throw notFound('bot answer');
  }
}
