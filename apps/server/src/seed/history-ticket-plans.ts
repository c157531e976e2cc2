import { ticketCategoryForIntent, type Channel, type Severity, type TicketType } from '@kefu/domain';
import { PROBLEM_KIND_LABEL } from '../orders/problem.ts';
import { DAY, HOUR, MINUTE, momentPicker, OFFICE_HOURS, onSpikeDay } from './history-calendar.ts';
import type { ChatOutcome } from './history-chats.ts';
import { INTENT_TEXTS } from './history-chat-texts.ts';
import { writeTask, type TaskRows } from './history-tasks.ts';
import { COLLABORATIONS, COMPLAINTS, CONSULTATIONS, PROBLEM_ORDERS, SUGGESTIONS, type ComplaintStory } from './history-ticket-texts.ts';
import type { TicketSpec } from './history-tickets.ts';
import { agentIn, type HistoryOrder, type World } from './history-world.ts';
import type { Random } from './random.ts';
import { TICKET_STORIES } from './shop.ts';

/** Tickets written at the desk over the eight weeks, besides the chats' and the after-sales'. */
const DESK_COMPLAINTS = 30;
const CONSULTATION_COUNT = 140;
const PROBLEM_ORDER_COUNT = 45;
export const COLLABORATION_COUNT = 20;
const SUGGESTION_COUNT = 14;

const CHANNELS: Channel[] = ['email', 'phone', 'taobao', 'taobao', 'jd', 'pdd', 'web'];
const AFTER_SALES_INTENTS = ['return_refund', 'exchange', 'repair'];

function latestOrder(world: World, customerId: number, before: number): HistoryOrder | null {
  const list = (world.ordersOf.get(customerId) ?? []).filter((o) => o.createdAt.getTime() < before - HOUR && o.status !== 'unpaid');
  return list.at(-1) ?? null;
}

/** The complaint story a shopper's words in chat point to. */
function storyFor(text: string, rnd: Random): ComplaintStory {
  const by = (subject: string) => COMPLAINTS.find((c) => c.subject.includes(subject))!;
  if (/客服|不回/.test(text)) return by('客服态度');
  if (/掉色/.test(text)) return by('掉色');
  if (/发货|快递/.test(text)) return by('快递');
  if (/退款|退货/.test(text)) return by('无理由');
  if (/图片|颜色/.test(text)) return by('颜色');
  return rnd.pick(COMPLAINTS);
}

function severity(rnd: Random): Severity {
  const r = rnd.next();
  return r < 0.5 ? 'minor' : r < 0.9 ? 'major' : 'critical';
}

/** Complaints are escalated now and then (DOMAIN.md §7 wants escalations from service faults ≤ 5% of the work). */
export function escalation(rnd: Random, share = 0.2): TicketSpec['escalate'] {
  const r = rnd.next() / share;
  return r < 0.6 ? 'supervisor' : r < 0.75 ? 'manager' : r < 1 ? 'platform' : undefined;
}

function complaintSpec(
  world: World,
  rnd: Random,
  story: ComplaintStory,
  base: Partial<TicketSpec> & Pick<TicketSpec, 'createdAt' | 'channel'>,
): TicketSpec {
  const productId = story.sku ? (world.products.find((p) => p.sku === story.sku)?.id ?? null) : null;
  return {
    type: 'complaint',
    customerId: null,
    orderId: null,
    subject: story.subject,
    description: story.description,
    category: story.category,
    severity: severity(rnd),
    priority: rnd.chance(0.3) ? 'urgent' : 'high',
    tags: onSpikeDay(new Date(base.createdAt), world.now) ? ['大促'] : [],
    agentId: agentIn(world, rnd, world.groups['售后']).id,
    groupId: world.groups['售后'],
    conversationId: null,
    reply: story.reply,
    complaint: { rootCause: story.rootCause, solution: story.solution },
    escalate: escalation(rnd),
    ...base,
    productId: base.productId ?? productId,
  };
}

/** Tickets filed from chats that are not after-sales (those are the after-sales' own): complaints, questions to follow up. */
export function chatTicketSpecs(world: World, rnd: Random, outcomes: readonly ChatOutcome[]): TicketSpec[] {
  const specs: TicketSpec[] = [];
  for (const o of outcomes) {
    if (!o.transferred || (AFTER_SALES_INTENTS.includes(o.plan.intent) && o.plan.order?.lines.length)) continue;
    const base = {
      createdAt: o.closedAt - MINUTE,
      channel: 'web' as const,
      customerId: o.plan.customer?.id ?? null,
      orderId: o.plan.order?.id ?? null,
      productId: o.plan.productId,
      conversationId: o.plan.id,
      agentId: o.agentId!,
      groupId: o.groupId,
    };
    if (o.plan.intent === 'complaint') {
      const story = storyFor(o.opener, rnd);
      specs.push(complaintSpec(world, rnd, story, { ...base, subject: o.opener, description: `在线会话转工单：${o.opener}` }));
      continue;
    }
    specs.push({
      ...base,
      type: 'consultation',
      subject: o.opener,
      description: `在线会话转工单：${o.opener}`,
      category: ticketCategoryForIntent(o.plan.intent),
      severity: null,
      priority: 'normal',
      tags: [],
      reply: INTENT_TEXTS[o.plan.intent].answers[0]!.replaceAll('{tracking}', o.plan.order?.trackingNo ?? ''),
    });
  }
  return specs;
}

/** Complaints, consultations, problem orders and suggestions written at the desk from other channels. */
export function deskTicketSpecs(world: World, rnd: Random): TicketSpec[] {
  const now = world.now.getTime();
  const pick = momentPicker(world.now, 56, OFFICE_HOURS, now - 30 * MINUTE);
  const customerAt = (at: number) => world.contacts.pick(() => rnd.pick(world.customers), at).id;
  const specs: TicketSpec[] = [];
  for (let i = 0; i < DESK_COMPLAINTS; i++) {
    const createdAt = pick(rnd).getTime();
    const customerId = customerAt(createdAt);
    specs.push(
      complaintSpec(world, rnd, rnd.pick(COMPLAINTS), {
        createdAt,
        channel: rnd.pick(CHANNELS),
        customerId,
        orderId: latestOrder(world, customerId, createdAt)?.id ?? null,
      }),
    );
  }
  const consultations = [...TICKET_STORIES.consultation, ...CONSULTATIONS];
  for (let i = 0; i < CONSULTATION_COUNT; i++) {
    const story = rnd.pick(consultations);
    const createdAt = pick(rnd).getTime();
    specs.push({
      ...plain(world, rnd, 'consultation', createdAt, customerAt(createdAt), '售前'),
      subject: story.subject,
      description: story.description,
      category: story.category,
      reply: story.reply,
      escalate: escalation(rnd, 0.01),
    });
  }
  for (let i = 0; i < PROBLEM_ORDER_COUNT; i++) {
    const createdAt = pick(rnd).getTime();
    // The shop raises problem orders itself: they are no shopper's contact.
    const customerId = rnd.pick(world.customers).id;
    const order = latestOrder(world, customerId, createdAt);
    if (!order) continue;
    const story = rnd.pick(PROBLEM_ORDERS);
    const kind = story.subject.includes('拒收') ? 'refused' : story.subject.includes('重复') ? 'return' : 'courier';
    specs.push({
      ...plain(world, rnd, 'problem_order', createdAt, customerId, '售后'),
      orderId: order.id,
      subject: `${PROBLEM_KIND_LABEL[kind]} · 订单 ${order.orderNo}`,
      description: story.description,
      category: 'logistics',
      tags: [PROBLEM_KIND_LABEL[kind]],
      reply: story.reply,
      escalate: escalation(rnd, 0.02),
    });
  }
  for (let i = 0; i < SUGGESTION_COUNT; i++) {
    const story = rnd.pick(SUGGESTIONS);
    const createdAt = pick(rnd).getTime();
    specs.push({
      ...plain(world, rnd, 'suggestion', createdAt, customerAt(createdAt), '售前'),
      productId: world.products.find((p) => p.sku === story.sku)?.id ?? null,
      subject: story.subject,
      description: story.description,
      priority: 'low',
      reply: '感谢您的建议！已经转给产品部门，有进展会通知您。',
    });
  }
  return specs;
}

function plain(world: World, rnd: Random, type: TicketType, createdAt: number, customerId: number, group: '售前' | '售后') {
  return {
    type,
    channel: rnd.pick(CHANNELS),
    createdAt,
    customerId,
    orderId: null,
    productId: null,
    category: null,
    severity: null,
    priority: rnd.pick(['low', 'normal', 'normal', 'high'] as const),
    tags: onSpikeDay(new Date(createdAt), world.now) ? ['大促'] : [],
    agentId: agentIn(world, rnd, world.groups[group]).id,
    groupId: world.groups[group],
    conversationId: null,
  } satisfies Partial<TicketSpec>;
}

const DEPARTMENT_NAME = { warehouse: '仓库', finance: '财务', tech: '技术', product: '产品' } as const;

/** Work handed to a department through a collaboration ticket (协同工单), each with its task. */
export function collaborationSpecs(world: World, rnd: Random, taskIds: readonly number[], out: TaskRows): TicketSpec[] {
  const now = world.now.getTime();
  const pick = momentPicker(world.now, 56, OFFICE_HOURS, now - 2 * HOUR);
  return taskIds.map((taskId) => {
    const c = rnd.pick(COLLABORATIONS);
    const createdAt = pick(rnd).getTime();
    const customerId = rnd.pick(world.customers).id;
    const order = latestOrder(world, customerId, createdAt);
    const base = plain(world, rnd, 'collaboration', createdAt, customerId, '售后');
    return {
      ...base,
      orderId: order?.id ?? null,
      subject: c.subject,
      description: c.description,
      category: c.department === 'finance' ? 'payment' : 'after_sales_policy',
      reply: `已转${DEPARTMENT_NAME[c.department]}处理，有结果第一时间告诉您。`,
      attach: (_ticketId, story) => {
        const at = Math.min(createdAt + (10 + rnd.next() * 50) * MINUTE, now - MINUTE);
        const task = { id: taskId, department: c.department, title: c.task, description: c.description, answer: c.answer };
        const doneTime = writeTask(
          world,
          rnd,
          story,
          { ...task, orderId: order?.id ?? null, afterSaleId: null, ticketType: 'collaboration', at, agentId: base.agentId },
          out,
        );
        return {
          doneAt: doneTime === null ? null : Math.min(doneTime + (0.5 + rnd.next() * 6) * HOUR, doneTime + DAY),
          pausedMs: 0,
          pausedSince: null,
        };
      },
    };
  });
}
