import type { AfterSaleKind, AfterSaleState, Channel, Department } from '@kefu/domain';
import type { Row } from './bulk.ts';
import { DAY, HOUR, MINUTE } from './history-calendar.ts';
import { doneAt, planPast, runningClock, stoppedClock } from './history-clocks.ts';
import { writeTask } from './history-tasks.ts';
import type { Attached, TicketStory } from './history-tickets.ts';
import type { HistoryOrder, World } from './history-world.ts';
import type { Random } from './random.ts';

/** The states a request passes on its way to done, after approval (the domain's state machines, aftersales.ts). */
const PATH: Record<AfterSaleKind, AfterSaleState[]> = {
  return: ['in_transit', 'received', 'refunded', 'closed'],
  refund: ['refunded', 'closed'],
  exchange: ['in_transit', 'received', 'reshipped', 'closed'],
  repair: ['in_transit', 'received', 'repairing', 'reshipped', 'closed'],
  reissue: ['reshipped', 'closed'],
  compensation: ['granted', 'closed'],
};

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

/**
 * The department's part of a request, as a collaboration task, where kefu asks for it (docs/aftersales.md): asked
 * when the request reaches `at`; the move to `before` waits until it is done (the refund once finance has paid, the
 * parcel back once the repair is done). `share`: how many requests of the kind had one (repairs are asked by hand).
 */
export const TASK_PLAN: Record<
  AfterSaleKind,
  {
    department: Department;
    share: number;
    at: AfterSaleState;
    before: AfterSaleState;
    text(amount: number): { title: string; description: string; answer: string };
  }
> = {
  return: {
    department: 'finance',
    share: 1,
    at: 'received',
    before: 'refunded',
    text: (amount) => ({
      title: `退货已入库，请原路退款 ${yuan(amount)}`,
      description: '退回的商品已验收入库，请按原支付方式退款。',
      answer: '已原路退回，1-3个工作日到账。',
    }),
  },
  refund: {
    department: 'finance',
    share: 1,
    at: 'approved',
    before: 'refunded',
    text: (amount) => ({
      title: `请原路退款 ${yuan(amount)}`,
      description: '仅退款已审核通过，请按原支付方式退款。',
      answer: '已原路退回，1-3个工作日到账。',
    }),
  },
  exchange: {
    department: 'warehouse',
    share: 1,
    at: 'received',
    before: 'reshipped',
    text: () => ({
      title: '请验收并换新发出',
      description: '换货包裹已到仓，请验收后按新尺码/颜色发出。',
      answer: '已验收，新商品已发出，单号已回填。',
    }),
  },
  repair: {
    department: 'tech',
    share: 0.8,
    at: 'received',
    before: 'reshipped',
    text: () => ({
      title: '请检测并维修',
      description: '顾客反映无法正常使用，请检测故障并维修。',
      answer: '已检测：加热元件故障，已更换，测试正常。',
    }),
  },
  reissue: {
    department: 'warehouse',
    share: 1,
    at: 'approved',
    before: 'reshipped',
    text: () => ({ title: '请补发商品', description: '顾客反映少发/错发，请按订单补发。', answer: '已补发，单号已回填。' }),
  },
  compensation: {
    department: 'finance',
    share: 1,
    at: 'approved',
    before: 'granted',
    text: (amount) => ({ title: `请发放补偿 ${yuan(amount)}`, description: '补偿已审核通过，请发放给顾客。', answer: '已发放。' }),
  },
};

export interface LifeFacts {
  id: number;
  ticketId: number;
  taskId: number | null;
  agentId: number;
  amount: number;
  kind: AfterSaleKind;
  createdAt: number;
  channel: Channel;
  description: string;
  order: HistoryOrder;
  /** Part of the repeated defect: never rejected. */
  cluster: boolean;
}

/**
 * A request's life on its ticket: opened, reviewed (its promise), then along its kind's path as far as time allows,
 * the department's task where the path needs it, the ticket waiting on the shopper while goods come back.
 */
export function liveAfterSale(world: World, rnd: Random, f: LifeFacts, story: TicketStory, out: { clocks: Row[]; tasks: Row[] }) {
  const now = world.now.getTime();
  const plan = TASK_PLAN[f.kind];
  story.add('after_sale', f.agentId, f.createdAt + 2000, { afterSaleId: f.id, kind: f.kind, to: 'requested', amountFen: f.amount }, f.description);
  const [review] = planPast(world.policies, { ticketType: 'after_sale', channel: f.channel }, ['aftersale_review'], f.createdAt);
  const reviewedAt = review ? doneAt(rnd, review, 0.93) : f.createdAt + (1 + rnd.next() * 10) * HOUR;
  let state = 'requested' as AfterSaleState;
  let at = f.createdAt;
  let approvedAt: number | null = null;
  let rejectedAt: number | null = null;
  let pausedMs = 0;
  let pausedSince: number | null = null;
  /** undefined: not asked yet; null: asked, not done. */
  let taskDone: number | null | undefined;
  const move = (to: AfterSaleState, when: number, actor: number) => {
    story.add('after_sale', actor, when, { afterSaleId: f.id, from: state, to });
    state = to;
    at = when;
  };
  const ask = () => {
    const asked = at + 10 * MINUTE;
    if (f.taskId === null || asked >= now) return;
    const task = { id: f.taskId, department: plan.department, ...plan.text(f.amount), orderId: f.order.id, afterSaleId: f.id };
    taskDone = writeTask(world, rnd, story, { ...task, ticketType: 'after_sale', at: asked, agentId: f.agentId }, out);
  };
  const actorFor = (to: AfterSaleState) =>
    to === 'received' || to === 'reshipped'
      ? world.departments.warehouse
      : to === 'refunded' || to === 'granted'
        ? world.departments.finance
        : to === 'repairing'
          ? world.departments.tech
          : f.agentId;
  if (reviewedAt < now) {
    if (!f.cluster && rnd.chance(0.06)) {
      move('rejected', reviewedAt, f.agentId);
      rejectedAt = reviewedAt;
      const closing = at + (2 + rnd.next() * 20) * HOUR;
      if (closing < now) move('closed', closing, f.agentId);
    } else {
      move('approved', reviewedAt, f.agentId);
      approvedAt = reviewedAt;
      // The shopper sends the goods back: the ticket waits on them until the warehouse has them.
      if (PATH[f.kind].includes('in_transit')) {
        story.add('status', f.agentId, reviewedAt + MINUTE, { from: 'open', to: 'pending_customer' });
        pausedSince = reviewedAt + MINUTE;
      }
      if (plan.at === 'approved') ask();
      for (const to of PATH[f.kind]) {
        const step =
          to === 'in_transit' ? (0.5 + rnd.next() * 1.5) * DAY : to === 'received' ? (1 + rnd.next() * 2) * DAY : (1 + rnd.next() * 9) * HOUR;
        let when = at + step;
        if (to === plan.before && taskDone !== undefined) {
          if (taskDone === null) break;
          when = Math.max(when, taskDone + (10 + rnd.next() * 50) * MINUTE);
        }
        if (when >= now) break;
        move(to, when, actorFor(to));
        if (to === 'received' && pausedSince !== null) {
          story.add('status', f.agentId, when + MINUTE, { from: 'pending_customer', to: 'open' });
          pausedMs += when + MINUTE - pausedSince;
          pausedSince = null;
        }
        if (to === plan.at) ask();
      }
    }
  }
  if (review) {
    const clock = { planned: review, subject: { kind: 'after_sale' as const, id: f.id }, ticketId: f.ticketId };
    out.clocks.push(reviewedAt < now ? stoppedClock(clock, reviewedAt) : runningClock(clock, now));
  }
  const attached: Attached = { doneAt: state === 'closed' ? at : null, pausedMs, pausedSince };
  return { state, at, approvedAt, rejectedAt, attached };
}
