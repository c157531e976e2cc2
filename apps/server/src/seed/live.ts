import { DEFAULT_AFTER_SALE_POLICY, type AfterSaleKind, type AfterSaleState, type Department } from '@kefu/domain';
import { sql } from 'kysely';
import { KIND_LABEL } from '../aftersales/service.ts';
import { createTask } from '../collaboration/service.ts';
import type { Tx } from '../db/database.ts';
import { createTicket } from '../tickets/service.ts';
import { LIVE_CHATS, LIVE_TASKS, PROBLEM_ORDERS } from './live-texts.ts';

export interface LiveCounts {
  conversations: number;
  afterSales: number;
  tasks: number;
  problemOrders: number;
}

const MINUTE = 60_000;

/**
 * What the shop is busy with right now, so every page shows work on first start: open conversations (waiting in the
 * queue, active with an agent, some with messages the agent has not read), an after-sale request in every state (one
 * over the approval limit waiting for the supervisor), open collaboration tasks for every department (the warehouse's
 * reissue among them) and problem orders. A few dozen rows, written through the tickets' and tasks' own services.
 */
export async function seedLive(tx: Tx, now: Date): Promise<LiveCounts> {
  const users = new Map((await tx.selectFrom('users').select(['id', 'username']).execute()).map((u) => [u.username, u.id]));
  const groups = new Map((await tx.selectFrom('skill_groups').select(['id', 'name']).execute()).map((g) => [g.name, g.id]));
  const shop = await tx.selectFrom('shops').select('id').orderBy('id').executeTakeFirst();
  const rows = await tx
    .selectFrom('orders')
    .innerJoin('order_lines', 'order_lines.order_id', 'orders.id')
    .select([
      'orders.id',
      'orders.order_no',
      'orders.customer_id',
      'orders.status',
      'orders.receiver_phone',
      sql<string>`concat(orders.province, orders.city, orders.district, orders.address)`.as('receiver_address'),
      'order_lines.id as line_id',
      'order_lines.unit_price_fen',
    ])
    .where('orders.kind', '=', 'normal')
    .where('orders.customer_id', 'is not', null)
    .where('orders.status', 'in', ['delivered', 'completed'])
    .orderBy('orders.id', 'desc')
    .orderBy('order_lines.id')
    .limit(200)
    .execute();
  // One order per shopper (its first line): each case below is another shopper's.
  const orders = rows.filter((o, i) => rows.findIndex((x) => x.customer_id === o.customer_id) === i);
  const supervisor = users.get('zhuguan');
  if (!shop || !supervisor || orders.length < 33) return { conversations: 0, afterSales: 0, tasks: 0, problemOrders: 0 };
  const agents = ['xiaomei', 'ajie', 'lina'].map((u) => users.get(u)!).filter(Boolean);

  const conversations = await seedConversations(tx, shop.id, groups, agents, orders, now);
  const { afterSales, tasks: afterSaleTasks } = await seedAfterSales(tx, supervisor, agents, groups.get('售后') ?? null, orders.slice(8), now);
  const tasks = await seedTasks(tx, supervisor, agents, groups.get('售后') ?? null, orders.slice(0, 8));
  const problemOrders = await seedProblemOrders(tx, agents, orders.slice(30));
  return { conversations, afterSales, tasks: afterSaleTasks + tasks, problemOrders };
}

type LiveOrder = {
  id: number;
  order_no: string;
  customer_id: number | null;
  line_id: number;
  unit_price_fen: number;
  receiver_phone: string | null;
  receiver_address: string;
};

async function seedConversations(tx: Tx, shopId: number, groups: Map<string, number>, agents: number[], orders: LiveOrder[], now: Date) {
  let count = 0;
  for (const [i, chat] of LIVE_CHATS.entries()) {
    const customerId = orders[i]!.customer_id;
    const customer = customerId ? await tx.selectFrom('customers').select('name').where('id', '=', customerId).executeTakeFirst() : undefined;
    const visitor = await tx
      .insertInto('visitors')
      .values({ shop_id: shopId, token_hash: `live-${i}-${now.getTime()}`, name: customer?.name ?? `访客${i + 1}`, customer_id: customerId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const started = new Date(now.getTime() - chat.minutesAgo * MINUTE);
    const agentId = chat.status === 'active' ? agents[i % agents.length]! : null;
    const lines = chat.lines.filter(([who]) => who === 'shopper' || agentId);
    const lastAgentLine = lines.map(([who]) => who).lastIndexOf('agent');
    const conv = await tx
      .insertInto('conversations')
      .values({
        shop_id: shopId,
        visitor_id: visitor.id,
        customer_id: customerId,
        group_id: groups.get(chat.group) ?? null,
        agent_id: agentId,
        status: chat.status,
        last_seq: lines.length,
        shopper_read_seq: lastAgentLine + 1,
        // Unread: the shopper's latest lines after the agent last looked.
        agent_read_seq: chat.unread ? Math.max(0, lines.length - chat.unread) : lines.length,
        // Waiting: queued, or the shopper wrote last (since their first line after the agent's).
        waiting_since: lastAgentLine < lines.length - 1 ? new Date(started.getTime() + (lastAgentLine + 1) * 45_000) : null,
        assigned_at: agentId ? new Date(started.getTime() + MINUTE) : null,
        first_response_at: agentId && lastAgentLine >= 0 ? new Date(started.getTime() + 2 * MINUTE) : null,
        tags: chat.tags,
        created_at: started,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('messages')
      .values(
        lines.map(([who, body], seq) => ({
          conversation_id: conv.id,
          seq: seq + 1,
          sender_kind: who,
          sender_id: who === 'shopper' ? visitor.id : agentId,
          kind: 'text',
          body,
          data: '{}',
          at: new Date(started.getTime() + seq * 45_000),
        })),
      )
      .execute();
    count++;
  }
  return count;
}

/** One request per state, each kind where that state belongs; the refund over the limit waits for the supervisor. */
const AFTER_SALE_PLAN: [AfterSaleState, AfterSaleKind, Department | null][] = [
  ['requested', 'return', null],
  ['pending_approval', 'refund', null],
  ['approved', 'reissue', 'warehouse'],
  ['approved', 'return', 'warehouse'],
  ['rejected', 'return', null],
  ['in_transit', 'exchange', 'warehouse'],
  ['received', 'return', 'finance'],
  ['repairing', 'repair', null],
  ['reshipped', 'exchange', null],
  ['refunded', 'refund', null],
  ['granted', 'compensation', null],
  ['closed', 'return', null],
  ['cancelled', 'refund', null],
];
const TASK_TITLE: Partial<Record<Department, string>> = { warehouse: '请发补发单', finance: '退货已收到，请退款' };

async function seedAfterSales(tx: Tx, supervisor: number, agents: number[], groupId: number | null, orders: LiveOrder[], now: Date) {
  let tasks = 0;
  for (const [i, [state, kind, department]] of AFTER_SALE_PLAN.entries()) {
    const order = orders[i]!;
    const agentId = agents[i % agents.length]!;
    const overLimit = state === 'pending_approval';
    const amount = overLimit
      ? DEFAULT_AFTER_SALE_POLICY.approvalLimitFen + 30_000
      : kind === 'compensation'
        ? 2_000
        : kind === 'return' || kind === 'refund'
          ? Number(order.unit_price_fen)
          : 0;
    // What an agent types in: the shopper's contact for the parcel, masked for departments whose task does not need it.
    const sendTo = `寄到 ${order.receiver_address}，电话 ${order.receiver_phone ?? ''}`;
    const description = overLimit
      ? '羽绒被整批有异味，顾客要求全额退款并赔偿运费'
      : `${KIND_LABEL[kind]}：顾客反馈商品问题，已提供照片。${kind === 'reissue' || kind === 'exchange' ? sendTo : kind === 'return' ? `上门取件，${sendTo.slice(3)}` : ''}`;
    const ticket = await createTicket(
      tx,
      { id: agentId },
      {
        type: 'after_sale',
        subject: `${KIND_LABEL[kind]} · 订单 ${order.order_no}`,
        description,
        orderId: order.id,
        customerId: order.customer_id,
        assigneeId: agentId,
        groupId,
        priority: overLimit ? 'high' : 'normal',
      },
    );
    const created = new Date(now.getTime() - (i + 1) * 50 * MINUTE);
    const decided = state !== 'requested' && state !== 'pending_approval' && state !== 'cancelled';
    const afterSale = await tx
      .insertInto('after_sales')
      .values({
        ticket_id: ticket.id,
        order_id: order.id,
        customer_id: order.customer_id,
        kind,
        state,
        reason: kind === 'exchange' ? 'size' : kind === 'compensation' ? 'late' : 'quality',
        description,
        lines: JSON.stringify([{ lineId: order.line_id, quantity: 1 }]),
        amount_fen: amount,
        goods_fen: kind === 'exchange' || kind === 'reissue' ? Number(order.unit_price_fen) : 0,
        compensation_kind: kind === 'compensation' ? 'coupon' : null,
        complex: false,
        return_tracking_no: state === 'in_transit' ? 'SF1460023311' : null,
        approved_by: decided && state !== 'rejected' ? (overLimit ? supervisor : agentId) : null,
        approved_at: decided && state !== 'rejected' ? new Date(created.getTime() + 20 * MINUTE) : null,
        rejected_at: state === 'rejected' ? new Date(created.getTime() + 20 * MINUTE) : null,
        created_by: agentId,
        created_at: created,
        updated_at: new Date(created.getTime() + 25 * MINUTE),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (department) {
      await createTask(tx, agentId, {
        ticketId: ticket.id,
        orderId: order.id,
        afterSaleId: afterSale.id,
        department,
        title: `${kind === 'reissue' ? TASK_TITLE.warehouse : kind === 'exchange' ? '等待换货包裹' : state === 'received' ? TASK_TITLE.finance : '等待退货包裹'} · ${KIND_LABEL[kind]} · 订单 ${order.order_no}`,
        description,
      });
      tasks++;
    }
  }
  return { afterSales: AFTER_SALE_PLAN.length, tasks };
}

/** Tasks the desk handed to each department on open tickets, beyond the after-sales' own. */
async function seedTasks(tx: Tx, supervisor: number, agents: number[], groupId: number | null, orders: LiveOrder[]) {
  for (const [i, task] of LIVE_TASKS.entries()) {
    const order = orders[i]!;
    const agentId = agents[i % agents.length]!;
    const ticket = await createTicket(
      tx,
      { id: agentId },
      {
        type: task.ticketType,
        subject: task.subject,
        description: task.description,
        orderId: order.id,
        customerId: order.customer_id,
        assigneeId: agentId,
        groupId,
        ...(task.ticketType === 'complaint' && { category: 'product_quality' as const, severity: 'major' as const }),
      },
    );
    await createTask(tx, i === 0 ? supervisor : agentId, {
      ticketId: ticket.id,
      orderId: order.id,
      department: task.department,
      title: task.title,
      description: task.description,
    });
  }
  return LIVE_TASKS.length;
}

async function seedProblemOrders(tx: Tx, agents: number[], orders: LiveOrder[]) {
  for (const [i, problem] of PROBLEM_ORDERS.entries()) {
    const order = orders[i]!;
    await createTicket(
      tx,
      { id: agents[i % agents.length]! },
      {
        type: 'problem_order',
        subject: `${problem.label} · 订单 ${order.order_no}`,
        description: problem.description,
        orderId: order.id,
        customerId: order.customer_id,
        assigneeId: agents[i % agents.length]!,
        tags: [problem.label],
        priority: problem.priority,
      },
    );
  }
  return PROBLEM_ORDERS.length;
}
