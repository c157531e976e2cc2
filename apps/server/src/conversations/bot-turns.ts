import { asksAboutSize, productSizeReply, transition, type HandoverReason, type SizeRow } from '@kefu/domain';
import type { PageContext } from '@kefu/protocol/chat/shopper';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { notFound } from '../http/errors.ts';
import type { BotBrain } from '../knowledge/bot.ts';
import { recordUnknown } from '../knowledge/index.ts';
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

/** What the bot says to a line that asks nothing: a greeting or thanks gets a polite line, the rest nothing. */
const POLITE: Partial<Record<string, string>> = {
  greeting: '您好，我是智能客服，请问有什么可以帮您？',
  thanks: '不客气，还有问题随时问我哦～',
};

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
  takeInOrder(conversationId: number, shopId: number, visitorId: number, text: string | null, page?: PageContext): void {
    const previous = this.turns.get(conversationId) ?? Promise.resolve();
    const next = previous
      .then(() => this.turn(conversationId, shopId, visitorId, text, page))
      .catch(() => this.handover(conversationId, 'low_confidence', text ?? ''))
      .finally(() => {
        if (this.turns.get(conversationId) === next) this.turns.delete(conversationId);
      });
    this.turns.set(conversationId, next);
  }

  /** Answers from the knowledge when confident; otherwise (or for a picture or an order card) hands over. */
  private async turn(conversationId: number, shopId: number, visitorId: number, text: string | null, page?: PageContext) {
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
      ...(page?.productId && { productId: page.productId }),
    });
    const d = thought.decision;
    const canAnswer = d.action === 'answer' || (d.action === 'handover' && (d.reason === 'low_confidence' || d.reason === 'repeated'));
    // "这件有M码吗" on a product page: that product's size chart answers it better than any general entry.
    const sized = canAnswer && page?.productId && asksAboutSize(text) ? await this.sizeReply(page.productId, text) : null;
    if (sized) return this.say(conversationId, visitorId, sized, { productId: page!.productId, intent: 'size' });
    if (d.action === 'silent') {
      const line = POLITE[d.act];
      if (line && !(await this.botHasSpoken(conversationId))) await this.say(conversationId, visitorId, line, { code: d.act });
      return;
    }
    if (d.action === 'handover') {
      // A question the knowledge could not answer is mined for the FAQ (未知问题), counted and deduplicated.
      if (d.reason === 'low_confidence') await recordUnknown(this.db, text, conversationId);
      return this.handover(conversationId, d.reason, text, thought.intent, page);
    }
    const faqId = d.faqId;
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
    await this.say(conversationId, visitorId, thought.answer!, {
      botAnswerId: Number(logged.id),
      faqId,
      confidence: Math.round(thought.confidence * 1000) / 1000,
      intent: thought.intent,
    });
  }

  private async say(conversationId: number, visitorId: number, body: string, data: Record<string, unknown>) {
    const { message } = await storeMessage(this.db, { conversationId, sender: BOT, kind: 'text', body, data });
    await this.fanOut.message(visitorId, [], message);
  }

  private async botHasSpoken(conversationId: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('messages')
      .select('id')
      .where('conversation_id', '=', conversationId)
      .where('sender_kind', '=', 'bot')
      .where('kind', '=', 'text')
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  private async sizeReply(productId: number, text: string): Promise<string | null> {
    const p = await this.db.selectFrom('products').select(['name', 'size_chart', 'stock']).where('id', '=', productId).executeTakeFirst();
    return p ? productSizeReply(text, { name: p.name, sizeChart: (p.size_chart ?? []) as SizeRow[], stock: p.stock }) : null;
  }

  /**
   * The bot gives the conversation to a person: it joins the queue with a note for the agent summing up what
   * the shopper asked and what the bot answered. A complaint goes to the after-sales group, ahead in the queue.
   * The update is guarded by the status, so a conversation is handed over once.
   */
  async handover(conversationId: number, reason: HandoverReason, lastText: string, intent?: string, page?: PageContext) {
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
      page && `顾客所在页面：${page.productName ?? page.title ?? ''}${page.productId ? `（商品 #${page.productId}）` : ''} ${page.url}`.slice(0, 300),
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
