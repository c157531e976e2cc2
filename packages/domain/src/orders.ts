import { normalizePhone } from './customers.ts';
import type { Channel } from './sla/policy.ts';

/** Orders as the marketplaces report them, and the checks that raise work for agents (DOMAIN §2). */

export const ORDER_PLATFORMS = ['taobao', 'tmall', 'jd', 'pdd', 'shop'] as const;
export type OrderPlatform = (typeof ORDER_PLATFORMS)[number];

/** unpaid 待付款 → paid 待发货 → shipped 已发货 → delivered 已签收 → completed 交易成功; cancelled 已取消 at any point before shipping. */
export const ORDER_STATUSES = ['unpaid', 'paid', 'shipped', 'delivered', 'completed', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** An order has left the warehouse: nothing may be added, swapped or cancelled any more. */
export function hasLeftWarehouse(status: OrderStatus): boolean {
  return status === 'shipped' || status === 'delivered' || status === 'completed';
}

export const PROBLEM_ORDER_KINDS = ['quality', 'wrong_item', 'refused', 'return', 'courier'] as const;
export type ProblemOrderKind = (typeof PROBLEM_ORDER_KINDS)[number];

/** A problem order is answered within 30 minutes. */
export const PROBLEM_ORDER_ANSWER_MINUTES = 30;

export const ORDER_FLAG_KINDS = [
  'unconfirmed',
  'unshipped',
  'duplicate',
  'address_implausible',
  'phone_implausible',
  'remote_no_mobile',
  'small_order',
  'large_order',
  'vip_order',
  'restricted_region',
  'invoice_check',
  'remark',
] as const;
export type OrderFlagKind = (typeof ORDER_FLAG_KINDS)[number];

export interface OrderCheckSettings {
  /** Orders at or below this are confirmed by phone (DOMAIN: "very small orders, ~10 yuan"). */
  smallOrderFen: number;
  /** Orders at or above this get a follow-up. */
  largeOrderFen: number;
  /** Provinces where couriers need a mobile number to deliver. */
  remoteProvinces: string[];
}

export const DEFAULT_ORDER_CHECKS: OrderCheckSettings = {
  smallOrderFen: 1000,
  largeOrderFen: 200_000,
  remoteProvinces: ['新疆', '西藏', '青海', '内蒙古', '甘肃', '宁夏'],
};

export interface CheckedOrder {
  status: OrderStatus;
  totalFen: number;
  receiverPhone: string | null;
  province: string | null;
  city: string | null;
  address: string | null;
  remark: string;
  invoice: { title: string; amountFen?: number | null } | null;
  customerVip: boolean;
  /** Provinces a line's product cannot ship to, with the product's name. */
  restrictions: { product: string; provinces: string[] }[];
}

export interface OrderFlag {
  kind: OrderFlagKind;
  detail: Record<string, unknown>;
}

const MOBILE = /^1[3-9]\d{9}$/;

export function isMobile(phone: string): boolean {
  return MOBILE.test(normalizePhone(phone) ?? '');
}

/**
 * The checks that need only the order itself. The time rules (confirmation, shipping) are promises on the clock
 * (`openOrderPromises`) and duplicates need other orders; the ingest query applies those.
 */
export function orderChecks(order: CheckedOrder, settings: OrderCheckSettings = DEFAULT_ORDER_CHECKS): OrderFlag[] {
  const flags: OrderFlag[] = [];
  if (order.status === 'cancelled') return flags;
  const phone = order.receiverPhone ? normalizePhone(order.receiverPhone) : null;
  const mobile = phone !== null && MOBILE.test(phone);
  if (!mobile && !/^0\d{9,11}$/.test(phone ?? '')) flags.push({ kind: 'phone_implausible', detail: { phone: order.receiverPhone ?? '' } });
  const address = (order.address ?? '').trim();
  if (!order.province || !order.city || address.length < 5 || /^(.)\1+$/.test(address) || !/[\p{Script=Han}\d]/u.test(address)) {
    flags.push({ kind: 'address_implausible', detail: { province: order.province, city: order.city, address } });
  }
  const remote = order.province ? settings.remoteProvinces.find((p) => order.province!.startsWith(p)) : undefined;
  if (remote && !mobile) flags.push({ kind: 'remote_no_mobile', detail: { province: order.province } });
  if (order.totalFen > 0 && order.totalFen <= settings.smallOrderFen) flags.push({ kind: 'small_order', detail: { totalFen: order.totalFen } });
  if (order.totalFen >= settings.largeOrderFen) flags.push({ kind: 'large_order', detail: { totalFen: order.totalFen } });
  if (order.customerVip) flags.push({ kind: 'vip_order', detail: {} });
  for (const r of order.restrictions) {
    const hit = order.province ? r.provinces.find((p) => order.province!.startsWith(p)) : undefined;
    if (hit) flags.push({ kind: 'restricted_region', detail: { product: r.product, province: hit } });
  }
  if (order.invoice) {
    flags.push({
      kind: 'invoice_check',
      detail: { title: order.invoice.title, amountFen: order.invoice.amountFen ?? order.totalFen, payableFen: order.totalFen },
    });
  }
  if (order.remark.trim()) flags.push({ kind: 'remark', detail: { remark: order.remark.trim() } });
  return flags;
}

/** Where an order came in, as service-level policies tell channels apart (Tmall is sold through Taobao's back office). */
export const ORDER_CHANNEL: Record<OrderPlatform, Channel> = { taobao: 'taobao', tmall: 'taobao', jd: 'jd', pdd: 'pdd', shop: 'web' };

/**
 * An order's promises (DOMAIN §2), each on its own clock: confirmed (`order_confirm`, 30 minutes by default) and,
 * once paid, shipped (`order_ship`, 48 hours); the shop's policies set the targets.
 */
export type OrderMetric = 'order_confirm' | 'order_ship';

export interface OrderProgress {
  status: OrderStatus;
  confirmedAt: Date | null;
  paidAt: Date | null;
  shippedAt: Date | null;
}

/** The promises still owed on an order: none once it has left the warehouse or is cancelled. */
export function openOrderPromises(order: OrderProgress): OrderMetric[] {
  if (order.status === 'cancelled' || hasLeftWarehouse(order.status)) return [];
  const open: OrderMetric[] = [];
  if (!order.confirmedAt) open.push('order_confirm');
  if (order.paidAt && !order.shippedAt) open.push('order_ship');
  return open;
}

/** How a promise that is no longer open ended: kept once the order is confirmed or on its way, void when it is cancelled. */
export function closedPromiseOutcome(order: Pick<OrderProgress, 'status'>): 'met' | 'cancelled' {
  return order.status === 'cancelled' ? 'cancelled' : 'met';
}

/** The check a missed promise raises on the order, for an agent to contact the shopper (first, with the reason). */
export const MISSED_PROMISE_FLAG: Record<OrderMetric, OrderFlagKind> = { order_confirm: 'unconfirmed', order_ship: 'unshipped' };
