import type { Translate } from '../../i18n.ts';
import { yuan } from '../../shared/format.ts';
import type { SegmentRule } from './segmentsApi.ts';

/** The editable thresholds of each rule, in the order the form shows them. */
export const THRESHOLD_FIELDS: Record<SegmentRule['segment'], string[]> = {
  vip: ['windowDays', 'minOrders', 'minSpendFen'],
  high_value: ['windowDays', 'minSpendFen'],
  complaint_prone: ['windowDays', 'minComplaints', 'minAfterSales'],
  at_risk: ['minOrders', 'daysWithoutOrder'],
  active: ['windowDays', 'minOrders'],
  new: ['withinDays', 'maxOrders'],
};

/** "近 365 天下单 ≥ 5 笔且消费 ≥ ¥10,000.00": a rule read as a sentence. */
export function ruleSentence(t: Translate, rule: SegmentRule): string {
  const th = rule.thresholds as Record<string, number>;
  return t(`segments.rule.${rule.segment}`, { ...th, ...('minSpendFen' in th && { minSpend: yuan(th.minSpendFen!) }) });
}
