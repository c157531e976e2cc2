/**
 * Shopper notifications: which events tell the shopper, and the variables each template may use. The texts
 * themselves are the shop's (notification_templates), checked against these lists when an admin saves them.
 */
export const NOTIFICATION_KEYS = ['order.confirmed', 'order.shipped', 'order.delayed', 'aftersale.moved'] as const;
export type NotificationKey = (typeof NOTIFICATION_KEYS)[number];

export const NOTIFICATION_VARIABLES: Record<NotificationKey, readonly string[]> = {
  'order.confirmed': ['orderNo', 'customerName'],
  'order.shipped': ['orderNo', 'customerName', 'trackingNo', 'courier'],
  'order.delayed': ['orderNo', 'customerName', 'reason'],
  'aftersale.moved': ['orderNo', 'customerName', 'afterSaleKind', 'afterSaleStatus'],
};

/** What the shopper is told when the agent recorded no reason for a late shipment. */
export const DEFAULT_DELAY_REASON = '仓库正在加紧备货';

/** An after-sale state as the shopper reads it; null for steps that are internal (a supervisor's approval). */
export const AFTER_SALE_STATE_FOR_SHOPPER: Record<string, string | null> = {
  requested: '已受理',
  pending_approval: null,
  approved: '已通过审核',
  rejected: '未通过审核',
  in_transit: '的退回商品正在运输中',
  received: '的退回商品已收到',
  repairing: '的商品正在维修',
  reshipped: '的商品已重新发出',
  refunded: '已退款',
  granted: '的补偿已发放',
  closed: '已完成',
  cancelled: '已取消',
};

export const AFTER_SALE_KIND_FOR_SHOPPER: Record<string, string> = {
  return: '退货',
  exchange: '换货',
  repair: '维修',
  refund: '退款',
  reissue: '补发',
  compensation: '补偿',
};
