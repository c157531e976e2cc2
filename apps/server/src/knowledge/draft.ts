import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { notFound } from '../http/errors.ts';
import type { KnowledgeIndex } from './index.ts';
import { complete, type ChatMessage } from './llm.ts';

const STATUS: Record<string, string> = {
  unpaid: '待付款',
  paid: '待发货',
  shipped: '已发货',
  delivered: '已签收',
  completed: '交易成功',
  cancelled: '已取消',
};

/**
 * A reply drafted by the language model for the agent to check and send: grounded in the shop's knowledge
 * (the best FAQ answers to the shopper's latest question) and the customer's recent orders, with the
 * conversation so far. The agent always sees it before the shopper does.
 */
export async function draftReply(db: Db, config: Config, index: KnowledgeIndex, conversationId: number, shopName: string) {
  const conv = await db.selectFrom('conversations').select(['id', 'customer_id']).where('id', '=', conversationId).executeTakeFirst();
  if (!conv) throw notFound('conversation');
  const history = (
    await db
      .selectFrom('messages')
      .select(['sender_kind', 'kind', 'body'])
      .where('conversation_id', '=', conversationId)
      .where('kind', 'in', ['text', 'order', 'product'])
      .orderBy('seq', 'desc')
      .limit(12)
      .execute()
  ).reverse();
  const lastQuestion = [...history].reverse().find((m) => m.sender_kind === 'shopper')?.body ?? '';
  const [knowledge, orders] = await Promise.all([
    lastQuestion ? index.suggest(lastQuestion, { limit: 3 }) : Promise.resolve([]),
    conv.customer_id
      ? db
          .selectFrom('orders')
          .select(['order_no', 'status', 'total_fen', 'tracking_no', 'courier', 'created_at'])
          .where('customer_id', '=', conv.customer_id)
          .orderBy('created_at', 'desc')
          .limit(3)
          .execute()
      : Promise.resolve([]),
  ]);
  const facts = [
    knowledge.length ? `店铺知识库：\n${knowledge.map((k) => `- 问：${k.question}\n  答：${k.answer}`).join('\n')}` : '店铺知识库：没有相关条目。',
    orders.length
      ? `顾客最近的订单：\n${orders.map((o) => `- ${o.order_no}，${STATUS[o.status] ?? o.status}，实付 ¥${(Number(o.total_fen) / 100).toFixed(2)}${o.tracking_no ? `，${o.courier ?? '快递'} ${o.tracking_no}` : ''}`).join('\n')}`
      : '顾客的订单：未知（顾客未登录或没有订单）。',
  ].join('\n\n');
  const messages: ChatMessage[] = [
    {
      role: 'system',
      content: `你是网店「${shopName}」的客服，帮客服同事起草下一条回复。只根据下面的资料和对话回答，不要编造价格、时效、政策或订单信息；资料里没有的，就说会为顾客核实。语气亲切礼貌，先致歉再给方案（如有问题），不用反问或责备的话，简短，不超过120字，直接给出回复内容。\n\n${facts}`,
    },
    ...history.map((m): ChatMessage => ({ role: m.sender_kind === 'shopper' ? 'user' : 'assistant', content: m.body })),
  ];
  const draft = await complete(config, messages);
  return { draft, sources: knowledge.map((k) => k.id) };
}
