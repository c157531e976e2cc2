import type { AfterSaleReason, RootCause } from '@kefu/domain';

/** Chinese words of the e-mail, the task and the recall report's files (the web app has its own, in i18n/defects.ts). */
const CHINA_OFFSET_MS = 8 * 3600_000;

/** "2026-03-08 14:05", China time. */
export const chinaMinute = (at: Date) => new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
export const chinaDate = (at: Date) => new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);

/** ¥1,234.50 from integer fen. */
export const yuan = (fen: number) => `¥${(fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export const ROOT_CAUSE_LABEL: Record<RootCause | 'unknown', string> = {
  product_defect: '产品缺陷',
  wrong_item: '发错货',
  logistics: '物流问题',
  service: '服务问题',
  policy: '政策规则',
  expectation: '预期不符',
  other: '其他',
  unknown: '未记录',
};

export const REASON_LABEL: Record<AfterSaleReason, string> = {
  no_reason: '七天无理由',
  quality: '质量问题',
  damaged: '商品破损',
  wrong_item: '发错货',
  size: '尺码不合适',
  late: '发货/物流慢',
  other: '其他',
};

export const STATE_LABEL: Record<string, string> = { open: '待处理', acknowledged: '已确认', closed: '已关闭' };

/** Where a case stands: its after-sale's state, or its ticket's status (as the web app says them). */
export const CASE_STATE_LABEL: Record<string, string> = {
  requested: '待审核',
  pending_approval: '待主管审批',
  approved: '已批准',
  rejected: '已驳回',
  in_transit: '退回途中',
  received: '仓库已收货',
  repairing: '维修中',
  reshipped: '已发出',
  refunded: '已退款',
  granted: '已发放',
  cancelled: '已撤销',
  new: '新建',
  open: '处理中',
  pending_customer: '待客户回复',
  pending_internal: '待内部处理',
  solved: '处理完毕',
  closed: '已关闭',
};
