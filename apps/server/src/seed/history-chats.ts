import { HANDOVER_LABEL, INTENT_LABEL } from '../conversations/bot-turns.ts';
import type { HandoverReason } from '@kefu/domain';
import type { Row } from './bulk.ts';
import { CHAT_HOURS, chinaDayStart, DAY, HOUR, MINUTE, momentPicker, onSpikeDay, waitMs } from './history-calendar.ts';
import {
  ASK_ORDER_NUMBER,
  ASK_PERSON,
  CLOSINGS,
  GREETINGS,
  INTENT_TEXTS,
  PRODUCT_SHORT,
  RATING_COMMENTS,
  SLIPS,
  THANKS,
  UNKNOWN_QUESTIONS,
  UPSET,
  type ChatIntent,
} from './history-chat-texts.ts';
import { ChatScript } from './history-script.ts';
import { agentIn, type HistoryOrder, type World } from './history-world.ts';
import type { Random } from './random.ts';

/** First contacts over the eight weeks; a few dozen second contacts about the same order come on top. */
const FIRST_CONTACTS = 1480;
const WEEKS = 8;

export interface ChatPlan {
  id: number;
  /** The shopper's customer record; null for a visitor who never said who they are (most pre-sales questions). */
  customer: World['customers'][number] | null;
  /** Who chatted: the customer's visitor (`c<id>`) or an anonymous one of its own (`a<n>`). */
  visitor: string;
  openedAt: number;
  intent: ChatIntent;
  order: HistoryOrder | null;
  productId: number | null;
  /** A second contact: the same shopper about the same order, days after the first. */
  again: boolean;
}

/** What the tickets take from a conversation that became one (转工单). */
export interface ChatOutcome {
  plan: ChatPlan;
  agentId: number | null;
  groupId: number;
  closedAt: number;
  transferred: boolean;
  opener: string;
}

/** Everything the conversations write, gathered for the bulk inserts. */
export interface ChatRows {
  /** The visitor each chat came from (ids reserved ahead), and the visitors' rows. */
  visitorOf: Map<string, number>;
  visitors: Map<number, Row>;
  conversations: Row[];
  messages: Row[];
  clocks: Row[];
  /** Bot answers before their ids are known; `data` is the bot message's data, which names the answer's id. */
  botAnswers: { row: Row; data: Record<string, unknown> }[];
  unknown: { question: string; conversationId: number; at: number }[];
  faqHits: Map<number, number>;
  outcomes: ChatOutcome[];
}

const INTENTS = Object.keys(INTENT_TEXTS) as ChatIntent[];
const WITHOUT_ORDER: ChatIntent[] = ['size', 'product', 'price', 'other'];

/** How long after buying shoppers ask about an order, by what they ask: where it is soon after, a return later. */
const ORDER_AGE: Partial<Record<ChatIntent, [number, number]>> = {
  logistics: [HOUR, 12 * DAY],
  order_status: [HOUR, 5 * DAY],
  invoice: [HOUR, 30 * DAY],
  return_refund: [2 * DAY, 40 * DAY],
  exchange: [2 * DAY, 30 * DAY],
  repair: [7 * DAY, 90 * DAY],
  complaint: [HOUR, 40 * DAY],
};

/** The order a shopper would ask about at `at`: their latest of the right age, paid and not cancelled. */
function orderAt(world: World, customerId: number, intent: ChatIntent, at: number): HistoryOrder | null {
  const [youngest, oldest] = ORDER_AGE[intent] ?? [HOUR, 30 * DAY];
  const orders = world.ordersOf.get(customerId) ?? [];
  for (let i = orders.length - 1; i >= 0; i--) {
    const o = orders[i]!;
    const age = at - o.createdAt.getTime();
    if (age >= youngest && age <= oldest && o.status !== 'unpaid' && o.status !== 'cancelled') return o;
  }
  return null;
}

/** When, who and about what: the eight weeks of conversations in time order, today's included. */
export function planChats(world: World, rnd: Random): Omit<ChatPlan, 'id'>[] {
  const now = world.now.getTime();
  const latest = now - 25 * MINUTE;
  const pick = momentPicker(world.now, WEEKS * 7, CHAT_HOURS, latest);
  // A few from today's last hours, so "today" and "this week" are never empty on a fresh demo.
  const todayFrom = Math.max(chinaDayStart(now), now - 6 * HOUR);
  const moments = Array.from({ length: FIRST_CONTACTS }, (_, i) =>
    Math.floor(i < 6 && latest - todayFrom > 30 * MINUTE ? todayFrom + rnd.next() * (latest - todayFrom) : pick(rnd).getTime()),
  ).sort((a, b) => a - b);
  const plans: Omit<ChatPlan, 'id'>[] = [];
  // In time order, so a shopper's second contact is booked before later chats look for a free customer.
  moments.forEach((openedAt, i) => {
    let intent = rnd.weighted(INTENTS, (k) => INTENT_TEXTS[k].weight);
    let known = rnd.pick(world.customers);
    let order: HistoryOrder | null = null;
    // About an order: a customer who bought at the right time and is not in touch about something else this week.
    for (let tries = 0; INTENT_TEXTS[intent].aboutOrder && !order && tries < 12; tries++) {
      known = rnd.pick(world.customers);
      order = world.contacts.isFree(known.id, openedAt) ? orderAt(world, known.id, intent, openedAt) : null;
    }
    if (INTENT_TEXTS[intent].aboutOrder && !order) intent = rnd.pick(WITHOUT_ORDER);
    // Questions before buying mostly come from visitors who never say who they are.
    const customer = order || (rnd.chance(0.15) && world.contacts.isFree(known.id, openedAt)) ? known : null;
    if (customer) world.contacts.add(customer.id, openedAt);
    const productId = order?.lines[0]?.productId ?? (intent === 'size' || intent === 'product' ? rnd.pick(world.products).id : null);
    const first = { customer, visitor: customer ? `c${customer.id}` : `a${i}`, openedAt, intent, order, productId, again: false };
    plans.push(first);
    // Some come back about the same order within days: it has not arrived, the refund has not come.
    if (!customer || !order || !INTENT_TEXTS[intent].again.length || !rnd.chance(0.1)) return;
    const again = Math.floor(openedAt + (1 + rnd.next() * 5.5) * DAY);
    if (again < latest && world.contacts.isFree(customer.id, again, openedAt)) {
      plans.push({ ...first, openedAt: again, again: true });
      world.contacts.add(customer.id, again);
    }
  });
  return plans.sort((a, b) => a.openedAt - b.openedAt);
}

/** 1–5, mostly 4–5 (CSAT ≈ 90%), lower after a slip, a slow answer, a second contact or a complaint. */
function ratingFor(rnd: Random, penalty: number): number {
  const r = rnd.next();
  if (r < 0.011 + penalty * 0.25) return 1;
  if (r < 0.029 + penalty * 0.45) return 2;
  if (r < 0.075 + penalty * 0.6) return 3;
  if (r < 0.28 + penalty * 0.8) return 4;
  return 5;
}

/** Writes one conversation into `out`: the bot's part if it had one, the agent's, the close and the rating. */
export function writeChat(world: World, rnd: Random, plan: ChatPlan, out: ChatRows): void {
  const { customer, intent, order, again } = plan;
  const texts = INTENT_TEXTS[intent];
  const now = world.now.getTime();
  const visitorId = out.visitorOf.get(plan.visitor)!;
  if (!out.visitors.has(visitorId))
    out.visitors.set(visitorId, {
      id: visitorId,
      shop_id: world.shopId,
      // Not a hash of any token (those are 64 hex digits): nobody can come back as a past visitor.
      token_hash: `seed-history:${visitorId}`,
      customer_id: customer?.id ?? null,
      name: customer?.name ?? `访客${String(visitorId).padStart(4, '0')}`,
      created_at: new Date(plan.openedAt).toISOString(),
    });
  const product = world.products.find((p) => p.id === plan.productId);
  const fill = (text: string) =>
    text.replaceAll('{product}', (product && PRODUCT_SHORT[product.sku]) ?? '衣服').replaceAll('{tracking}', order?.trackingNo ?? '');
  const slow = onSpikeDay(new Date(plan.openedAt), world.now) ? 1.8 : 1;
  const vip = customer?.vip ?? false;
  let groupId = vip ? world.groups.VIP : world.groups[texts.group];
  let priority = intent === 'complaint' ? 'high' : 'normal';
  // Agents label each chat with what it was about (会话小结); routing adds 投诉 / 情绪激动.
  const tags: string[] = INTENT_LABEL[intent] ? [INTENT_LABEL[intent]] : [];
  const attrs = { channel: 'web', segment: vip ? 'vip' : null, priority: 'normal' } as const;
  const s = new ChatScript(plan.id, visitorId, plan.openedAt, world.policies, attrs, now - 30_000);
  const opener = again ? rnd.pick(texts.again) : fill(rnd.pick(texts.openers));
  let cardSent = false;
  const sendCard = () => {
    if (!order || cardSent) return;
    const card = {
      orderNo: order.orderNo,
      platform: order.platform,
      status: order.status,
      totalFen: order.totalFen,
      trackingNo: order.trackingNo,
      createdAt: order.createdAt.toISOString(),
    };
    s.shopper(order.orderNo, 'order', card);
    cardSent = true;
  };

  // The bot first, when the shop had it on: it answers what it knows, or hands over with a note for the agent.
  if (!again && rnd.chance(0.4)) {
    const faqs = world.faq.filter((f) => texts.faq.includes(f.category));
    const unknown = rnd.chance(0.07);
    const faq = !unknown && faqs.length && rnd.chance(0.7) ? rnd.pick(faqs) : null;
    const question = unknown ? rnd.pick(UNKNOWN_QUESTIONS) : faq ? rnd.pick([faq.question, ...faq.alternatives]) : opener;
    s.shopper(question);
    let reason: HandoverReason | null = vip ? 'vip' : intent === 'complaint' ? 'complaint' : !faq ? 'low_confidence' : null;
    if (unknown) out.unknown.push({ question, conversationId: plan.id, at: s.at });
    if (!reason && faq) {
      const confidence = Math.round((0.62 + rnd.next() * 0.35) * 1000) / 1000;
      const data: Record<string, unknown> = { faqId: faq.id, confidence };
      const helpful = rnd.chance(0.3) ? rnd.chance(0.8) : null;
      out.botAnswers.push({
        row: { conversation_id: plan.id, question, faq_id: faq.id, score: 0, confidence, helpful, at: new Date(s.wait(1500).at).toISOString() },
        data,
      });
      out.faqHits.set(faq.id, (out.faqHits.get(faq.id) ?? 0) + 1);
      s.answer('bot', null, faq.answer, data);
      const r = rnd.next();
      if (r < 0.55) {
        // Answered: the shopper has what they came for and leaves.
        s.wait(waitMs(rnd, [6e4, 3e5], [3e5, 9e5], [9e5, 18e5])).close('shopper');
        const rating = rnd.chance(0.35) ? ratingFor(rnd, 0.05) : null;
        pushConversation(out, world, plan, { groupId, agentId: null, priority, tags, s, closeReason: 'resolved', rating, rnd, assignedAt: null });
        return;
      }
      reason = r < 0.8 ? 'asked' : r < 0.88 ? 'repeated' : r < 0.94 ? 'emotion' : 'low_confidence';
      const next = reason === 'asked' ? rnd.pick(ASK_PERSON) : reason === 'emotion' ? rnd.pick(UPSET) : reason === 'repeated' ? question : opener;
      s.wait(waitMs(rnd, [6e3, 30e3], [30e3, 90e3], [9e4, 2e5])).shopper(next);
    }
    const last = s.messages.filter((m) => m.sender_kind === 'shopper').at(-1)!.body as string;
    const answered = faq && reason !== 'vip' && reason !== 'complaint' && s.messages.some((m) => m.sender_kind === 'bot');
    const summary = [
      `机器人转人工（${HANDOVER_LABEL[reason!]}）`,
      `顾客最后说：${last}`,
      intent !== 'other' && `意图：${INTENT_LABEL[intent] ?? intent}`,
      answered ? `机器人已回答 1 个问题：${faq.question}` : '机器人尚未回答任何问题',
    ].filter(Boolean);
    s.wait(800).note(summary.join('\n'), { code: 'handover', reason, intent });
    s.system('正在为您转接人工客服，请稍候', { code: 'handover', reason });
    if (reason === 'complaint' || reason === 'emotion') {
      groupId = world.groups['售后'];
      priority = 'high';
      tags.push(reason === 'complaint' ? '投诉' : '情绪激动');
    }
  } else {
    s.shopper(opener);
    if (texts.aboutOrder && rnd.chance(0.55)) {
      s.wait(waitMs(rnd, [3e3, 15e3], [15e3, 40e3], [4e4, 9e4]));
      sendCard();
    }
  }
  if (intent === 'complaint' && !tags.includes('投诉')) tags.push('投诉');

  // An agent takes it from the queue, greets (mostly), asks for the order if needed, answers, closes (mostly).
  const agent = agentIn(world, rnd, groupId);
  s.wait(waitMs(rnd, [1e3, 8e3], [8e3, 40e3], [4e4, 15e4], 0.1, 0.015) * slow).system(`客服 ${agent.name} 为您服务`, {
    code: 'assigned',
    agentName: agent.name,
  });
  const assignedAt = s.at;
  const respond = () => s.wait(waitMs(rnd, [2e3, 18e3], [18e3, 60e3], [6e4, 3e5], 0.09, 0.015) * agent.pace * slow);
  const pause = (lo: number, hi: number) => s.wait(lo + rnd.next() * (hi - lo));
  if (rnd.chance(agent.care)) respond().answer('agent', agent.id, rnd.pick(GREETINGS).replace('{agent}', agent.name));
  if (texts.aboutOrder && order && !cardSent) {
    if (rnd.chance(agent.care)) {
      respond().answer('agent', agent.id, rnd.pick(ASK_ORDER_NUMBER));
      pause(15e3, 80e3);
    }
    sendCard();
  }
  if (product && (intent === 'size' || intent === 'product') && rnd.chance(0.35))
    pause(4e3, 15e3).answer('agent', agent.id, String(product.id), productCard(product), 'product');
  const slipped = rnd.chance(agent.care < 0.9 ? 0.045 : 0.015);
  if (slipped) respond().answer('agent', agent.id, rnd.pick(SLIPS));
  respond().answer('agent', agent.id, fill(rnd.pick(texts.answers)));
  // Up to two more questions, each a different one.
  const first = rnd.int(0, texts.followUps.length - 1);
  for (let k = 0, more = rnd.int(0, 2); k < more; k++) {
    const [question, reply] = texts.followUps[(first + k) % texts.followUps.length]!;
    pause(10e3, 70e3).shopper(question);
    respond().answer('agent', agent.id, reply);
  }
  // A shopper back about the same matter is settled this time (second-contact resolution, DOMAIN.md §7).
  const transferred = !again && rnd.chance(intent === 'complaint' ? 0.6 : texts.group === '售后' ? 0.22 : 0.015);
  if (transferred) pause(5e3, 30e3).answer('agent', agent.id, '已经为您创建了工单，处理进展会第一时间通知您。');
  const noReply = !again && !transferred && rnd.chance(0.06);
  if (rnd.chance(agent.care - 0.06)) pause(5e3, 25e3).answer('agent', agent.id, rnd.pick(CLOSINGS));
  if (!noReply && rnd.chance(0.7)) pause(8e3, 40e3).shopper(rnd.pick(THANKS));
  (noReply ? pause(3 * 60e3, 10 * 60e3) : pause(4e3, 25e3)).close('agent');
  const firstWait = (s.firstResponseAt ?? s.at) - plan.openedAt;
  const penalty =
    (slipped ? 0.5 : 0) + (firstWait > 90e3 ? 0.12 : 0) + (again ? 0.1 : 0) + (intent === 'complaint' ? 0.15 : 0) + (slow > 1 ? 0.04 : 0);
  const rating = !noReply && rnd.chance(0.62) ? ratingFor(rnd, penalty) : null;
  const closeReason = transferred ? 'transferred_to_ticket' : noReply ? 'no_reply' : 'resolved';
  pushConversation(out, world, plan, { groupId, agentId: agent.id, priority, tags, s, closeReason, rating, rnd, assignedAt });
  out.outcomes.push({ plan, agentId: agent.id, groupId, closedAt: s.at, transferred, opener });
}

function productCard(p: World['products'][number]) {
  return { productId: p.id, sku: p.sku, name: p.name, priceFen: p.priceFen, inStock: true, image: null };
}

function pushConversation(
  out: ChatRows,
  world: World,
  plan: ChatPlan,
  c: {
    groupId: number;
    agentId: number | null;
    priority: string;
    tags: string[];
    s: ChatScript;
    closeReason: string;
    rating: number | null;
    rnd: Random;
    assignedAt: number | null;
  },
) {
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  const comment = c.rating !== null && c.rnd.chance(0.4) ? c.rnd.pick(RATING_COMMENTS[c.rating]!) : null;
  out.conversations.push({
    id: plan.id,
    shop_id: world.shopId,
    visitor_id: out.visitorOf.get(plan.visitor),
    customer_id: plan.customer?.id ?? null,
    group_id: c.groupId,
    agent_id: c.agentId,
    status: 'closed',
    vip: plan.customer?.vip ?? false,
    priority: c.priority,
    last_seq: c.s.seq,
    shopper_read_seq: c.s.seq,
    agent_read_seq: c.s.seq,
    first_response_at: iso(c.s.firstResponseAt),
    close_reason: c.closeReason,
    rating: c.rating,
    rating_comment: comment,
    created_at: iso(plan.openedAt),
    tags: c.tags,
    assigned_at: iso(c.assignedAt),
    closed_at: iso(c.s.at),
  });
  out.messages.push(...c.s.messages);
  out.clocks.push(...c.s.clocks);
}
