import { isSafeLink, normalizePhone, ticketCategoryForIntent, type AgentStatus, type HandoverReason } from '@kefu/domain';
import { sql } from 'kysely';
import type { Hub } from '../chat/hub.ts';
import type { Db } from '../db/database.ts';
import type { BotBrain } from '../knowledge/bot.ts';
import type { Principal } from '../http/context.ts';
import { badRequest, conflict, notFound } from '../http/errors.ts';
import { assertAccess, conversationFor } from './access.ts';
import { agentLoads, dispatch, queuePositions, type Assignment } from './dispatch.ts';
import { catchUp, messagesAfter, openConversationOf, startConversation, storeMessage, type MessageKind, type StoredMessage } from './store.ts';
import { transferConversation } from './transfer.ts';
import { leaveMessage } from './visitors.ts';
import { conversationView, forShopper } from './views.ts';

const INTENT_LABEL: Record<string, string> = {
  product: '商品咨询', size: '尺码', price: '价格优惠', order_status: '订单状态', logistics: '物流', return_refund: '退货退款',
  exchange: '换货', repair: '维修', complaint: '投诉', invoice: '发票',
};

const HANDOVER_LABEL: Record<HandoverReason, string> = {
  asked: '顾客要求人工', vip: 'VIP 顾客', complaint: '投诉', emotion: '顾客情绪激动', repeated: '重复提问', low_confidence: '机器人无把握',
};

export interface Shop { id: number; key: string; name: string; identity_secret: string; default_group_id: number | null }
export interface Visitor { id: number; shop_id: number; customer_id: number | null; name: string }

export interface ChatSettings { responseTargetSeconds: number; defaultMaxChats: number }

/** Looks at a shopper's text for the agent (knowledge suggestions, intent); optional. */
export type Assist = (conversationId: number, text: string) => Promise<Record<string, unknown>>;

/** Reads a shopper's message: its intent, and whether the shopper is upset; optional. */
export type Understand = (text: string) => { intent: string; negative: boolean };

/** Live chat: what shoppers and agents do, and who is told about it. */
export class ChatService {
  constructor(private readonly db: Db, readonly hub: Hub, readonly settings: ChatSettings, private readonly assist?: Assist,
    private readonly bot?: BotBrain, private readonly understand?: Understand) {}

  // ——— shoppers ———

  async shopperSend(shop: Shop, visitor: Visitor, m: { clientId: string; kind: 'text' | 'image' | 'order'; body: string }) {
    let conv: { id: number; status: string; agent_id: number | null; vip?: boolean } | undefined = await openConversationOf(this.db, visitor.id);
    const opened = !conv;
    if (!conv) {
      const fresh = await this.db.selectFrom('visitors').select(['id', 'customer_id']).where('id', '=', visitor.id).executeTakeFirstOrThrow();
      const created = await startConversation(this.db, shop, fresh, undefined, await this.botOn(shop.id));
      conv = { id: created.id, status: created.status, agent_id: null, vip: created.vip };
    }
    const data = await this.attachmentData(shop.id, m.kind, m.body, visitor.customer_id, 'shopper');
    const { message, created } = await storeMessage(this.db, {
      conversationId: conv.id, sender: { kind: 'shopper', id: visitor.id, name: visitor.name }, kind: m.kind, body: m.body, data, clientId: m.clientId,
    });
    // Also a retry: the first try may have stored it and died before telling anyone; receivers drop a seq they have.
    await this.publishMessage(visitor.id, [conv.agent_id], message);
    if (created && m.kind === 'text' && conv.agent_id && this.assist) void this.assistAgent(conv.agent_id, conv.id, message.seq, m.body);
    if (opened && conv.status === 'queued' && m.kind === 'text' && this.understand) {
      const { intent, negative } = this.understand(m.body);
      if (intent === 'complaint' || negative) await this.routeToAfterSales(conv.id, intent === 'complaint' ? '投诉' : '情绪激动');
    }
    if (opened) {
      const view = await conversationView(this.db, conv.id);
      this.hub.send({ kind: 'visitor', id: visitor.id }, { type: 'conversation', conversation: view && forShopper(view) });
      this.hub.send({ kind: 'supervisors' }, { type: 'conversation', conversation: view });
      if (conv.status !== 'bot') await this.dispatchAndTell();
    }
    if (created && conv.status === 'bot') this.botTurnInOrder(conv.id, shop.id, visitor, m.kind === 'text' ? m.body : null);
    return message;
  }

  // ——— the service bot ———

  private readonly botTurns = new Map<number, Promise<void>>();

  private async botOn(shopId: number): Promise<boolean> {
    if (!this.bot) return false;
    const shop = await this.db.selectFrom('shops').select('bot').where('id', '=', shopId).executeTakeFirst();
    return shop?.bot.enabled === true;
  }

  /** The bot takes a conversation's messages one at a time, in the order they came. */
  private botTurnInOrder(conversationId: number, shopId: number, visitor: Visitor, text: string | null) {
    const previous = this.botTurns.get(conversationId) ?? Promise.resolve();
    const next = previous.then(() => this.botTurn(conversationId, shopId, visitor, text)).catch(() => this.handover(conversationId, 'low_confidence', text ?? ''))
      .finally(() => { if (this.botTurns.get(conversationId) === next) this.botTurns.delete(conversationId); });
    this.botTurns.set(conversationId, next);
  }

  /** Answers from the knowledge when confident; otherwise (or for a picture or an order card) hands over. */
  private async botTurn(conversationId: number, shopId: number, visitor: Visitor, text: string | null) {
    const conv = await this.db.selectFrom('conversations').leftJoin('customers', 'customers.id', 'conversations.customer_id')
      .select(['conversations.status', 'conversations.vip', 'customers.name as customer_name']).where('conversations.id', '=', conversationId).executeTakeFirstOrThrow();
    if (conv.status !== 'bot') return;
    if (text === null) return this.handover(conversationId, 'low_confidence', '');
    const shop = await this.db.selectFrom('shops').select('bot').where('id', '=', shopId).executeTakeFirstOrThrow();
    const answered = (await this.db.selectFrom('bot_answers').select('faq_id').where('conversation_id', '=', conversationId).execute())
      .map((r) => r.faq_id).filter((id): id is number => id !== null);
    const thought = await this.bot!(text, { vip: conv.vip, answered, threshold: shop.bot.threshold, customerName: conv.customer_name ?? undefined });
    if (thought.decision.action === 'handover') return this.handover(conversationId, thought.decision.reason, text, thought.intent);
    const faqId = thought.decision.faqId;
    const logged = await this.db.insertInto('bot_answers').values({ conversation_id: conversationId, question: text.slice(0, 2000), faq_id: faqId, score: 0, confidence: thought.confidence })
      .returning('id').executeTakeFirstOrThrow();
    await this.db.updateTable('faq_entries').set({ hits: sql<number>`hits + 1` }).where('id', '=', faqId).execute();
    const { message } = await storeMessage(this.db, {
      conversationId, sender: { kind: 'bot', id: null, name: '智能客服' }, kind: 'text', body: thought.answer!,
      data: { botAnswerId: Number(logged.id), faqId, confidence: Math.round(thought.confidence * 1000) / 1000 },
    });
    await this.publishMessage(visitor.id, [], message);
  }

  /**
   * The bot gives the conversation to a person: it joins the queue with a note for the agent summing up what
   * the shopper asked and what the bot answered. A complaint goes to the after-sales group, ahead in the queue.
   */
  async handover(conversationId: number, reason: HandoverReason, lastText: string, intent?: string) {
    const moved = await this.db.updateTable('conversations').set({ status: 'queued' })
      .where('id', '=', conversationId).where('status', '=', 'bot').returning('visitor_id').executeTakeFirst();
    if (!moved) return;
    if (reason === 'complaint' || reason === 'emotion') await this.routeToAfterSales(conversationId, reason === 'complaint' ? '投诉' : '情绪激动');
    const answers = await this.db.selectFrom('bot_answers').leftJoin('faq_entries', 'faq_entries.id', 'bot_answers.faq_id')
      .select(['bot_answers.question', 'faq_entries.question as faq']).where('conversation_id', '=', conversationId).orderBy('bot_answers.id').execute();
    const summary = [
      `机器人转人工（${HANDOVER_LABEL[reason]}）`,
      lastText && `顾客最后说：${lastText.slice(0, 200)}`,
      intent && intent !== 'other' && `意图：${INTENT_LABEL[intent] ?? intent}`,
      answers.length ? `机器人已回答 ${answers.length} 个问题：${answers.map((a) => a.faq ?? a.question).join('；').slice(0, 300)}` : '机器人尚未回答任何问题',
    ].filter(Boolean).join('\n');
    // A note: the agent reads it with the history when the conversation reaches them; the shopper never sees it.
    await storeMessage(this.db, { conversationId, sender: { kind: 'bot', id: null, name: '智能客服' }, kind: 'note', body: summary, data: { code: 'handover', reason, intent } });
    await this.systemMessage(conversationId, '正在为您转接人工客服，请稍候', { code: 'handover', reason });
    this.hub.send({ kind: 'supervisors' }, { type: 'conversation', conversation: await conversationView(this.db, conversationId) });
    await this.dispatchAndTell();
  }

  /** A complaint or an upset shopper: to the after-sales group (售后, when there is one), ahead in the queue, tagged. */
  private async routeToAfterSales(conversationId: number, tag: string) {
    const afterSales = await this.db.selectFrom('skill_groups').select('id').where('name', '=', '售后').executeTakeFirst();
    await this.db.updateTable('conversations').set({
      ...(afterSales && { group_id: afterSales.id }), vip: true, tags: sql<string[]>`array_append(tags, ${tag})`,
    }).where('id', '=', conversationId).execute();
  }

  /** A message left when no one is online: a ticket filed by what it is about. */
  async leaveMessage(visitor: Visitor, input: { body: string; name?: string; phone?: string; email?: string }) {
    const read = this.understand?.(input.body);
    return leaveMessage(this.db, visitor, input, {
      category: read ? ticketCategoryForIntent(read.intent) : null,
      tag: read && read.intent !== 'other' ? INTENT_LABEL[read.intent] ?? null : null,
      complaint: read ? read.intent === 'complaint' || read.negative : false,
    });
  }

  /** The shopper's 👍/👎 on a bot answer in their own conversation. */
  async botFeedback(visitorId: number, answerId: number, helpful: boolean) {
    const row = await this.db.updateTable('bot_answers').set({ helpful })
      .where('id', '=', String(answerId))
      .where('conversation_id', 'in', this.db.selectFrom('conversations').select('id').where('visitor_id', '=', visitorId))
      .returning('id').executeTakeFirst();
    if (!row) throw notFound('bot answer');
  }

  /** A conversation reaching its agent brings suggestions for the shopper's latest question, usually the first message. */
  private async assistOnArrival(agentId: number, conversationId: number) {
    const last = await this.db.selectFrom('messages').select(['seq', 'body']).where('conversation_id', '=', conversationId)
      .where('sender_kind', '=', 'shopper').where('kind', '=', 'text').orderBy('seq', 'desc').limit(1).executeTakeFirst();
    if (last) await this.assistAgent(agentId, conversationId, last.seq, last.body);
  }

  /** Suggestions follow the message to its agent; they are a help, so a failure only loses them. */
  private async assistAgent(agentId: number, conversationId: number, seq: number, text: string) {
    try {
      const help = await this.assist!(conversationId, text);
      this.hub.send({ kind: 'agent', id: agentId }, { type: 'suggestions', conversationId, seq, ...help });
    } catch {
      // nothing to tell the agent
    }
  }

  /**
   * What a card carries. A shopper's order card shows the order (status, total, tracking, dates) only when the
   * order is their PROVEN customer's (customerId is set only by a signed identity or a code); otherwise the
   * number alone, whether or not such an order exists. Staff cards show the order.
   */
  private async attachmentData(shopId: number, kind: string, body: string, customerId: number | null, sentBy: 'shopper' | 'staff' = 'staff'): Promise<Record<string, unknown>> {
    if (kind === 'image') {
      const file = await this.db.selectFrom('chat_files').select('id').where('id', '=', body).where('shop_id', '=', shopId).executeTakeFirst();
      if (!file) throw badRequest('body', 'no such image; upload it first with POST /api/chat/files');
      return { url: `/api/chat/files/${file.id}` };
    }
    if (kind === 'product') {
      // A product card: the agent sends the product's id; the card carries what the shopper sees.
      const id = /^\d{1,9}$/.test(body) ? Number(body) : 0;
      const product = await this.db.selectFrom('products').select(['id', 'sku', 'name', 'price_fen', 'stock', 'images']).where('id', '=', id).executeTakeFirst();
      if (!product) throw badRequest('body', 'no such product');
      return { productId: product.id, sku: product.sku, name: product.name, priceFen: Number(product.price_fen), inStock: product.stock > 0, image: product.images.find(isSafeLink) ?? null };
    }
    if (kind === 'order') {
      if (sentBy === 'shopper' && !customerId) return { orderNo: body };
      let q = this.db.selectFrom('orders').select(['order_no', 'platform', 'status', 'total_fen', 'tracking_no', 'created_at']).where('order_no', '=', body);
      if (sentBy === 'shopper') q = q.where('customer_id', '=', customerId);
      else if (customerId) q = q.orderBy(sql`customer_id = ${customerId}`, 'desc');
      const order = await q.limit(1).executeTakeFirst();
      return order ? { orderNo: order.order_no, platform: order.platform, status: order.status, totalFen: order.total_fen, trackingNo: order.tracking_no, createdAt: order.created_at } : { orderNo: body };
    }
    return {};
  }

  /** Tells the agent of the visitor's open conversation what changed (e.g. the shopper identified). */
  async tellAgentAbout(visitorId: number) {
    const open = await openConversationOf(this.db, visitorId);
    if (!open?.agent_id) return;
    this.hub.send({ kind: 'agent', id: open.agent_id }, { type: 'conversation', conversation: await conversationView(this.db, open.id) });
  }

  async conversationOfVisitor(visitorId: number, conversationId: number) {
    const conv = await this.db.selectFrom('conversations').select(['id', 'visitor_id', 'agent_id', 'status']).where('id', '=', conversationId).executeTakeFirst();
    if (!conv || conv.visitor_id !== visitorId) throw notFound('conversation');
    return conv;
  }

  async rate(visitorId: number, conversationId: number, score: number, comment: string | undefined) {
    const conv = await this.conversationOfVisitor(visitorId, conversationId);
    await this.db.updateTable('conversations').set({ rating: score, rating_comment: comment ?? null }).where('id', '=', conv.id).execute();
    if (conv.agent_id) this.hub.send({ kind: 'agent', id: conv.agent_id }, { type: 'conversation', conversation: await conversationView(this.db, conv.id) });
  }

  // ——— agents ———

  async setStatus(agent: Principal, status: AgentStatus, maxChats?: number) {
    const row = await this.db.insertInto('agent_presence')
      .values({ user_id: agent.id, status, max_chats: maxChats ?? this.settings.defaultMaxChats })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ status, updated_at: new Date(), ...(maxChats && { max_chats: maxChats }) }))
      .returning(['status', 'max_chats']).executeTakeFirstOrThrow();
    if (status === 'online') await this.dispatchAndTell();
    return { status: row.status, maxChats: row.max_chats };
  }

  async presenceOf(agentId: number) {
    const row = await this.db.selectFrom('agent_presence').select(['status', 'max_chats']).where('user_id', '=', agentId).executeTakeFirst();
    return { status: (row?.status ?? 'offline') as AgentStatus, maxChats: row?.max_chats ?? this.settings.defaultMaxChats };
  }

  async agentSend(agent: Principal, m: { conversationId: number; clientId: string; kind: MessageKind; body: string }) {
    const conv = await conversationFor(this.db, agent, m.conversationId, m.kind === 'note' ? 'note' : 'send');
    if (m.kind !== 'note' && conv.status === 'closed') throw conflict('the conversation is closed');
    const data = await this.attachmentData(conv.shop_id, m.kind, m.body, null);
    const { message } = await storeMessage(this.db, {
      conversationId: conv.id, sender: { kind: 'agent', id: agent.id, name: agent.displayName }, kind: m.kind, body: m.body, data, clientId: m.clientId,
    });
    // Published on a retry too (see shopperSend).
    await this.publishMessage(conv.visitor_id, [conv.agent_id, agent.id], message);
    return message;
  }

  async accept(agent: Principal, conversationId: number) {
    const assignment = await this.db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(7324001)`.execute(tx);
      const conv = await tx.selectFrom('conversations').select(['id', 'status', 'visitor_id', 'agent_id']).where('id', '=', conversationId).forUpdate().executeTakeFirst();
      if (!conv) throw notFound('conversation');
      if (conv.status !== 'queued') throw conflict('someone else has taken this conversation');
      assertAccess(agent, conv, 'accept');
      const me = (await agentLoads(tx)).find((a) => a.id === agent.id);
      if (me && me.load >= me.maxChats) throw conflict(`you already have ${me.load} conversations, your maximum`);
      await tx.updateTable('conversations').set({ status: 'active', agent_id: agent.id, assigned_at: new Date() }).where('id', '=', conv.id).execute();
      return { conversationId: conv.id, visitorId: conv.visitor_id, agentId: agent.id, agentName: agent.displayName };
    });
    await this.tellAssignments([assignment]);
  }

  /** To an agent or a group's queue, with an optional note for the next agent: all or nothing (transfer.ts). */
  async transfer(actor: Principal, conversationId: number, to: { agentId?: number; groupId?: number }, note?: string) {
    const moved = await transferConversation(this.db, actor, conversationId, to, note);
    for (const message of moved.messages) await this.publishMessage(moved.visitorId, [moved.toAgentId, moved.fromAgentId, actor.id], message);
    const view = await conversationView(this.db, conversationId);
    if (moved.fromAgentId) this.hub.send({ kind: 'agent', id: moved.fromAgentId }, { type: 'conversation', conversation: view });
    if (moved.toAgentId) {
      this.hub.send({ kind: 'agent', id: moved.toAgentId }, { type: 'conversation', conversation: view });
      this.hub.send({ kind: 'visitor', id: moved.visitorId }, { type: 'assigned', conversationId, agent: { id: moved.toAgentId, name: moved.targetName } });
    }
    this.hub.send({ kind: 'supervisors' }, { type: 'conversation', conversation: view });
    await this.dispatchAndTell();
  }

  async close(actor: Principal | null, conversationId: number, reason: string, visitorId?: number) {
    const conv = await this.db.selectFrom('conversations').select(['id', 'visitor_id', 'agent_id', 'status']).where('id', '=', conversationId).executeTakeFirst();
    if (!conv || (visitorId !== undefined && conv.visitor_id !== visitorId)) throw notFound('conversation');
    if (conv.status === 'closed') return;
    if (actor) assertAccess(actor, conv, 'close');
    await this.db.updateTable('conversations').set({ status: 'closed', closed_at: new Date(), close_reason: reason, waiting_since: null })
      .where('id', '=', conv.id).execute();
    await this.systemMessage(conv.id, '会话已结束', { code: 'closed', by: actor ? 'agent' : 'shopper' });
    const frame = { type: 'closed', conversationId: conv.id, reason };
    this.hub.send({ kind: 'visitor', id: conv.visitor_id }, frame);
    if (conv.agent_id) this.hub.send({ kind: 'agent', id: conv.agent_id }, frame);
    this.hub.send({ kind: 'supervisors' }, frame);
    await this.dispatchAndTell();
  }

  /** A read receipt: from the shopper (`who` is their visitor id) or the agent (`who` is the staff member). */
  async markRead(by: 'shopper' | 'agent', conversationId: number, seq: number, who: number | Principal) {
    const conv = await this.partyConversation(conversationId, who, 'mark_read');
    const column = by === 'shopper' ? 'shopper_read_seq' : 'agent_read_seq';
    await this.db.updateTable('conversations').set({ [column]: sql<number>`greatest(${sql.ref(column)}, least(${seq}, last_seq))` })
      .where('id', '=', conv.id).execute();
    const frame = { type: 'read', conversationId: conv.id, by, seq };
    if (by === 'shopper' && conv.agent_id) this.hub.send({ kind: 'agent', id: conv.agent_id }, frame);
    if (by === 'agent') this.hub.send({ kind: 'visitor', id: conv.visitor_id }, frame);
  }

  async typing(from: 'shopper' | 'agent', conversationId: number, name: string, who: number | Principal) {
    const conv = await this.partyConversation(conversationId, who, 'typing');
    const frame = { type: 'typing', conversationId, from, name };
    if (from === 'shopper' && conv.agent_id) this.hub.send({ kind: 'agent', id: conv.agent_id }, frame);
    if (from === 'agent') this.hub.send({ kind: 'visitor', id: conv.visitor_id }, frame);
  }

  /** The conversation of a shopper (by visitor id: their own only) or of a staff member (through the access rule). */
  private async partyConversation(conversationId: number, who: number | Principal, action: 'mark_read' | 'typing') {
    if (typeof who !== 'number') return conversationFor(this.db, who, conversationId, action);
    const conv = await this.db.selectFrom('conversations').select(['id', 'visitor_id', 'agent_id']).where('id', '=', conversationId).executeTakeFirst();
    if (!conv || conv.visitor_id !== who) throw notFound('conversation');
    return conv;
  }

  async history(conversationId: number, afterSeq: number, includeNotes: boolean) {
    return messagesAfter(this.db, conversationId, afterSeq, includeNotes);
  }

  /** What a client resuming after `afterSeq` is sent (store.ts catchUp). */
  catchUp(conversationId: number, afterSeq: number, includeNotes: boolean) {
    return catchUp(this.db, conversationId, afterSeq, includeNotes);
  }

  // ——— shared ———

  /** A system line in the conversation; `data.code` lets clients show it in their own language. */
  async systemMessage(conversationId: number, body: string, data: { code: string } & Record<string, unknown>) {
    const conv = await this.db.selectFrom('conversations').select(['visitor_id', 'agent_id']).where('id', '=', conversationId).executeTakeFirstOrThrow();
    const { message } = await storeMessage(this.db, { conversationId, sender: { kind: 'system', id: null, name: '系统' }, kind: 'system', body, data });
    await this.publishMessage(conv.visitor_id, [conv.agent_id], message);
  }

  /** To the shopper (never a note) and to each agent named, once; resolves when the bus has taken it. */
  private async publishMessage(visitorId: number, agentIds: (number | null)[], message: StoredMessage) {
    const frame = { type: 'message', ...message };
    const sent: Promise<void>[] = [];
    if (message.kind !== 'note') sent.push(this.hub.sendConfirmed({ kind: 'visitor', id: visitorId }, frame));
    for (const id of new Set(agentIds)) if (id) sent.push(this.hub.sendConfirmed({ kind: 'agent', id }, frame));
    await Promise.all(sent);
  }

  /** Runs the dispatcher and tells everyone concerned: assigned agents, their shoppers, the queue. */
  async dispatchAndTell() {
    await this.tellAssignments(await dispatch(this.db));
  }

  private async tellAssignments(assignments: Assignment[]) {
    for (const a of assignments) {
      this.hub.send({ kind: 'visitor', id: a.visitorId }, { type: 'assigned', conversationId: a.conversationId, agent: { id: a.agentId, name: a.agentName } });
      await this.systemMessage(a.conversationId, `客服 ${a.agentName} 为您服务`, { code: 'assigned', agentName: a.agentName });
      const view = await conversationView(this.db, a.conversationId);
      this.hub.send({ kind: 'agent', id: a.agentId }, { type: 'conversation', conversation: view });
      this.hub.send({ kind: 'supervisors' }, { type: 'conversation', conversation: view });
      if (this.assist) void this.assistOnArrival(a.agentId, a.conversationId);
    }
    for (const q of await queuePositions(this.db)) {
      this.hub.send({ kind: 'visitor', id: q.visitorId }, { type: 'queue', conversationId: q.conversationId, position: q.position });
    }
  }

  /** Flags conversations whose shopper has waited past the response target; safe in several processes. */
  async flagOverdue(): Promise<number> {
    const due = await this.db.transaction().execute(async (tx) => {
      const rows = await tx.selectFrom('conversations').select(['id', 'agent_id', 'waiting_since'])
        .where('status', '<>', 'closed').where('overdue_flagged_at', 'is', null)
        .where('waiting_since', '<', sql<Date>`now() - make_interval(secs => ${this.settings.responseTargetSeconds})`)
        .forUpdate().skipLocked().limit(500).execute();
      if (rows.length) await tx.updateTable('conversations').set({ overdue_flagged_at: new Date() }).where('id', 'in', rows.map((r) => r.id)).execute();
      return rows;
    });
    for (const r of due) {
      const frame = { type: 'overdue', conversationId: r.id, waitingSeconds: Math.round((Date.now() - r.waiting_since!.getTime()) / 1000) };
      if (r.agent_id) this.hub.send({ kind: 'agent', id: r.agent_id }, frame);
      this.hub.send({ kind: 'supervisors' }, frame);
    }
    return due.length;
  }
}

export function phoneOrNull(raw: string | undefined) {
  return raw ? normalizePhone(raw) : null;
}
