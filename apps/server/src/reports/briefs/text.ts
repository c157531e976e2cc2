import type { AfterSaleReason, AfterSaleState, BriefKind } from '@kefu/domain';
import type { Advice } from '@kefu/protocol/api/briefs';
import type { z } from 'zod';
import { METRIC_LABEL } from '../dashboard/labels.ts';
import { REASON_LABEL } from '../defects/text.ts';

/** The Chinese words of the briefs' PDF, Excel and e-mail (the web app has its own, in both languages, in i18n/briefs.ts). */
export const BRIEF_TITLE: Record<BriefKind, string> = {
  weekly_aftersales: '售后分析周报',
  monthly_needs: '客户需求月报',
};

export const STATE_LABEL: Record<AfterSaleState, string> = {
  requested: '待审核',
  pending_approval: '待主管审批',
  approved: '已批准',
  rejected: '已驳回',
  in_transit: '退回中',
  received: '已收货',
  repairing: '维修中',
  reshipped: '已寄出',
  refunded: '已退款',
  granted: '已发放',
  closed: '已关闭',
  cancelled: '已取消',
};

export const RISK_LABEL = { overdue: '超时未处理', pending_approval: '待主管审批', complex: '复杂情况' } as const;

/** What a manager can do about a reason that stands out. */
const REASON_ACTION: Record<AfterSaleReason, string> = {
  size: '更新尺码表，并在详情页写明尺码建议',
  quality: '联系供应商排查质量，加强到货抽检',
  damaged: '加固包装，并与快递核对运输破损',
  wrong_item: '仓库出库前复核商品与规格',
  late: '督促仓库按时发货，关注物流时效',
  no_reason: '核对详情页的描述、图片与实物是否一致',
  other: '查看原因说明并补充分类',
};

export const percent = (ratio: number) => `${(ratio * 100).toFixed(ratio > 0 && ratio < 0.1 ? 1 : 0)}%`;
export const signedPercent = (ratio: number | null) => (ratio === null ? '—' : `${ratio > 0 ? '+' : ''}${percent(ratio)}`);
export const metricLabel = (metric: string) => METRIC_LABEL[metric] ?? metric;

/** One line of advice as the manager reads it. */
export function adviceText(advice: z.input<typeof Advice>): string {
  switch (advice.code) {
    case 'reason_share':
      return `售后原因「${REASON_LABEL[advice.reason]}」占 ${percent(advice.share)}（${advice.count} 单），建议${REASON_ACTION[advice.reason]}。`;
    case 'product_defects':
      return `「${advice.productName}」本周有 ${advice.cases} 起质量相关售后或投诉${advice.words.length ? `（常见词：${advice.words.join('、')}）` : ''}，建议产品部排查。`;
    case 'volume_up':
      return `售后单较上周增加 ${percent(advice.change)}（本周 ${advice.count} 单），建议排查新品、批次或促销活动的影响。`;
    case 'sla_below_target':
      return `「${metricLabel(advice.metric)}」时效达成率 ${percent(advice.attainment)}，低于 90% 的目标，建议调整排班或分派。`;
    case 'pending_approvals':
      return `${advice.count} 单售后等待主管审批，请尽快处理。`;
    case 'overdue_aftersales':
      return `${advice.count} 单售后已超过处理时效，请优先跟进。`;
    case 'steady':
      return '本周售后平稳，暂无需要特别处理的问题。';
  }
}
