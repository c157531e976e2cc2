import { normalizePhone } from './customers.ts';

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

/** Time rules, in minutes: new orders confirmed within 30 minutes; paid orders shipped within 48 hours. */
export const CONFIRM_WITHIN_MINUTES = 30;
export const SHIP_WITHIN_HOURS = 48;
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
 * The checks that need only the order itself. Time rules (confirmation, shipping) and duplicates need the
 * clock and other orders; the sweep and the ingest query apply those.
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

/**
 * When the sweep must next look at an order: 30 minutes after it was placed while it is unconfirmed, 48 hours
 * after payment while it is unshipped. `after` skips deadlines already acted on (the sweep passes its clock;
 * an import of old orders passes null so past deadlines fire at once). Null when no time rule can fire.
 */
export function nextCheckAt(
  order: { status: OrderStatus; createdAt: Date; confirmedAt: Date | null; paidAt: Date | null; shippedAt: Date | null },
  after: Date | null,
): Date | null {
  if (order.status === 'cancelled' || hasLeftWarehouse(order.status)) return null;
  const due: number[] = [];
  if (!order.confirmedAt) due.push(order.createdAt.getTime() + CONFIRM_WITHIN_MINUTES * 60_000);
  if (order.paidAt && !order.shippedAt) due.push(order.paidAt.getTime() + SHIP_WITHIN_HOURS * 3600_000);
  const pending = after ? due.filter((t) => t > after.getTime()) : due;
  return pending.length ? new Date(Math.min(...pending)) : null;
}

/** The time rules that have come due by `now`: unconfirmed after 30 minutes, unshipped 48 hours after payment (contact the shopper first). */
export function dueTimeFlags(
  order: { status: OrderStatus; createdAt: Date; confirmedAt: Date | null; paidAt: Date | null; shippedAt: Date | null },
  now: Date,
): OrderFlag[] {
  if (order.status === 'cancelled' || hasLeftWarehouse(order.status)) return [];
  const flags: OrderFlag[] = [];
  const confirmBy = order.createdAt.getTime() + CONFIRM_WITHIN_MINUTES * 60_000;
  if (!order.confirmedAt && confirmBy <= now.getTime()) flags.push({ kind: 'unconfirmed', detail: { dueAt: new Date(confirmBy).toISOString() } });
  if (order.paidAt && !order.shippedAt) {
    const shipBy = order.paidAt.getTime() + SHIP_WITHIN_HOURS * 3600_000;
    if (shipBy <= now.getTime()) flags.push({ kind: 'unshipped', detail: { dueAt: new Date(shipBy).toISOString() } });
  }
  return flags;
}
