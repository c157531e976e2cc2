import type { AfterSaleKind, AfterSaleReason, Channel, Department, TicketCategory } from '@kefu/domain';
import { KIND_LABEL } from '../aftersales/service.ts';
import type { Row } from './bulk.ts';
import { DAY, HOUR, MINUTE, momentPicker, OFFICE_HOURS } from './history-calendar.ts';
import type { ChatOutcome } from './history-chats.ts';
import { PRODUCT_SHORT } from './history-chat-texts.ts';
import { liveAfterSale, TASK_PLAN } from './history-aftersale-life.ts';
import { AFTER_SALE_TEXTS, DEFECTS, ZIP_DEFECTS, ZIP_SKU } from './history-ticket-texts.ts';
import { escalation } from './history-ticket-plans.ts';
import type { TicketSpec } from './history-tickets.ts';
import type { HistoryOrder, World } from './history-world.ts';
import type { Random } from './random.ts';

/** After-sale requests over the eight weeks besides those filed from chats, and the repeated defect of the last days. */
const STANDALONE = 60;
const CLUSTER = 5;

export interface AfterSalePlan {
  kind: AfterSaleKind;
  reason: AfterSaleReason;
  description: string;
  order: HistoryOrder;
  line: HistoryOrder['lines'][number];
  createdAt: number;
  channel: Channel;
  conversationId: number | null;
  agentId: number | null;
  task: Department | null;
  cluster: boolean;
}

export interface AfterSaleRows {
  afterSales: Row[];
  clocks: Row[];
  tasks: Row[];
}

const KINDS: [AfterSaleKind, number][] = [
  ['return', 35],
  ['refund', 22],
  ['exchange', 18],
  ['repair', 8],
  ['reissue', 8],
  ['compensation', 9],
];
const REASONS: Record<AfterSaleKind, AfterSaleReason[]> = {
  return: ['no_reason', 'no_reason', 'quality', 'quality', 'size', 'damaged', 'wrong_item'],
  refund: ['late', 'damaged', 'quality', 'other'],
  exchange: ['size', 'size', 'size', 'wrong_item', 'quality'],
  repair: ['quality'],
  reissue: ['wrong_item', 'damaged'],
  compensation: ['late', 'damaged', 'quality'],
};
const KIND_OF_INTENT: Record<string, AfterSaleKind[]> = { return_refund: ['return', 'refund'], exchange: ['exchange'], repair: ['repair'] };
const REPLY: Record<AfterSaleKind, string> = {
  return: '您好，退货申请已受理，快递员会上门取件，仓库收货后为您退款。',
  refund: '您好，仅退款申请已受理，审核通过后原路退回。',
  exchange: '您好，换货申请已受理，寄回后24小时内为您发出新的。',
  repair: '您好，维修申请已受理，每天下午4点前告知您维修进度。',
  reissue: '非常抱歉，已为您安排补发，今天发出。',
  compensation: '非常抱歉给您带来不便，补偿申请已提交，审核后发放。',
};

function describe(world: World, rnd: Random, reason: AfterSaleReason, productId: number | null): string {
  const sku = world.products.find((p) => p.id === productId)?.sku ?? '';
  if (reason === 'quality' && DEFECTS[sku] && rnd.chance(0.7)) return rnd.pick(DEFECTS[sku]);
  return rnd.pick(AFTER_SALE_TEXTS[reason]).replaceAll('{product}', PRODUCT_SHORT[sku] ?? '商品');
}

function plan(world: World, rnd: Random, kind: AfterSaleKind, order: HistoryOrder, at: number, extra: Partial<AfterSalePlan> = {}): AfterSalePlan {
  const line = order.lines[0]!;
  const reason = extra.reason ?? rnd.pick(REASONS[kind]);
  const { department, share } = TASK_PLAN[kind];
  return {
    kind,
    reason,
    description: extra.description ?? describe(world, rnd, reason, line.productId),
    order,
    line,
    createdAt: at,
    channel: extra.channel ?? rnd.pick(['taobao', 'jd', 'pdd', 'web'] as const),
    conversationId: extra.conversationId ?? null,
    agentId: extra.agentId ?? null,
    task: rnd.chance(share) ? department : null,
    cluster: extra.cluster ?? false,
  };
}

/** The after-sale requests: those the chats turned into tickets, others from the marketplaces, and the jacket's zips. */
export function planAfterSales(world: World, rnd: Random, outcomes: readonly ChatOutcome[]): AfterSalePlan[] {
  const now = world.now.getTime();
  const plans: AfterSalePlan[] = [];
  for (const o of outcomes) {
    const kinds = KIND_OF_INTENT[o.plan.intent];
    if (!o.transferred || !kinds || !o.plan.order?.lines.length) continue;
    const at = o.closedAt - 2 * MINUTE;
    plans.push(plan(world, rnd, rnd.pick(kinds), o.plan.order, at, { channel: 'web', conversationId: o.plan.id, agentId: o.agentId }));
  }
  const orders = [...world.ordersOf.values()].flat().filter((o) => o.lines.length && o.status !== 'unpaid' && o.status !== 'cancelled');
  const pick = momentPicker(world.now, 56, OFFICE_HOURS, now - 2 * HOUR);
  for (let i = 0; i < STANDALONE; i++) {
    const at = pick(rnd).getTime();
    const candidates = orders.filter((o) => o.createdAt.getTime() < at - 3 * DAY && o.createdAt.getTime() > at - 40 * DAY);
    if (!candidates.length) continue;
    const free = candidates.filter((o) => world.contacts.isFree(o.customerId, at));
    const order = rnd.pick(free.length ? free : candidates);
    world.contacts.add(order.customerId, at);
    plans.push(plan(world, rnd, rnd.weighted(KINDS, ([, w]) => w)[0], order, at));
  }
  // The same defect on one jacket, again and again in the last six days: what the defect alarm is for.
  const jacket = world.products.find((p) => p.sku === ZIP_SKU);
  // One order each of different shoppers, the latest delivered before the week.
  const withJacket = orders
    .filter((o) => o.lines[0]!.productId === jacket?.id && o.createdAt.getTime() < now - 8 * DAY)
    .reverse()
    .filter((o, i, all) => all.findIndex((x) => x.customerId === o.customerId) === i);
  for (let i = 0; i < Math.min(CLUSTER, withJacket.length); i++) {
    const at = now - (6 - i * 1.3) * DAY + rnd.int(0, 6 * 3600) * 1000;
    plans.push(
      plan(world, rnd, rnd.pick(['return', 'exchange', 'refund'] as const), withJacket[i]!, Math.min(at, now - 3 * HOUR), {
        reason: 'quality',
        description: ZIP_DEFECTS[i % ZIP_DEFECTS.length]!,
        cluster: true,
      }),
    );
  }
  return plans;
}

const CATEGORY: Record<AfterSaleReason, TicketCategory> = {
  quality: 'product_quality',
  size: 'after_sales_policy',
  no_reason: 'after_sales_policy',
  damaged: 'logistics',
  wrong_item: 'logistics',
  late: 'logistics',
  other: 'after_sales_policy',
};

/** The after-sale ticket of a plan; its story (review, the moves, the department's task) is written when the ticket is. */
export function afterSaleSpec(
  world: World,
  rnd: Random,
  p: AfterSalePlan,
  ids: { afterSale: number; task: number | null },
  agentId: number,
  out: AfterSaleRows,
): TicketSpec {
  const amount =
    p.kind === 'return' || p.kind === 'refund' ? p.line.unitPriceFen : p.kind === 'compensation' ? rnd.pick([1000, 2000, 3000, 5000]) : 0;
  return {
    type: 'after_sale',
    channel: p.channel,
    createdAt: p.createdAt,
    customerId: p.order.customerId,
    orderId: p.order.id,
    productId: p.line.productId,
    subject: `${KIND_LABEL[p.kind]} · 订单 ${p.order.orderNo}`,
    description: p.description,
    category: CATEGORY[p.reason],
    severity: null,
    priority: p.cluster ? 'high' : 'normal',
    tags: p.cluster ? ['质量问题'] : [],
    agentId,
    groupId: world.groups['售后'],
    conversationId: p.conversationId,
    reply: REPLY[p.kind],
    escalate: escalation(rnd, 0.012),
    attach: (ticketId, story) => {
      const facts = { ...p, id: ids.afterSale, taskId: ids.task, ticketId, agentId, amount, description: p.description };
      const life = liveAfterSale(world, rnd, facts, story, out);
      out.afterSales.push({
        id: ids.afterSale,
        ticket_id: ticketId,
        order_id: p.order.id,
        customer_id: p.order.customerId,
        kind: p.kind,
        state: life.state,
        reason: p.reason,
        description: p.description,
        lines: [{ lineId: p.line.id, quantity: 1 }],
        amount_fen: amount,
        compensation_kind: p.kind === 'compensation' ? rnd.pick(['coupon', 'cash', 'shipping_refund'] as const) : null,
        goods_intact: p.kind === 'return' ? p.reason === 'no_reason' || p.reason === 'size' : null,
        checks: [],
        approved_by: life.approvedAt === null ? null : agentId,
        approved_at: life.approvedAt === null ? null : new Date(life.approvedAt).toISOString(),
        rejected_at: life.rejectedAt === null ? null : new Date(life.rejectedAt).toISOString(),
        goods_fen: p.kind === 'exchange' || p.kind === 'reissue' ? p.line.unitPriceFen : 0,
        created_by: agentId,
        created_at: new Date(p.createdAt).toISOString(),
        updated_at: new Date(life.at).toISOString(),
      });
      return life.attached;
    },
  };
}
