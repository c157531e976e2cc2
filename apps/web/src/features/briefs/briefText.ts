import { enumLabel, type Lang, type Translate } from '../../i18n.ts';
import type { Advice, BriefSummary } from './briefsApi.ts';

export const percent = (ratio: number | null | undefined) =>
  ratio === null || ratio === undefined ? '—' : `${(ratio * 100).toFixed(ratio > 0 && ratio < 0.1 ? 1 : 0)}%`;

/** A change against the week before: "+25%", "−10%", "—" when there was nothing the week before. */
export function changeText(now: number, before: number): string {
  if (before === 0) return '—';
  const ratio = (now - before) / before;
  return `${ratio > 0 ? '+' : ratio < 0 ? '−' : '±'}${percent(Math.abs(ratio))}`;
}

/** "售后分析周报 2026-05-15", "客户需求月报 2026-04". */
export function briefName(t: Translate, brief: Pick<BriefSummary, 'kind' | 'periodStart' | 'periodEnd'>): string {
  return brief.kind === 'weekly_aftersales'
    ? t('briefs.weekTitle', { end: brief.periodEnd })
    : t('briefs.monthTitle', { month: brief.periodStart.slice(0, 7) });
}

/** One line of the weekly brief's advice in the reader's language. */
export function adviceText(t: Translate, advice: Advice, lang: Lang): string {
  const list = (words: string[]) => words.join(lang === 'zh' ? '、' : ', ');
  switch (advice.code) {
    case 'reason_share':
      return t('briefs.advice.reason_share', {
        reason: enumLabel(t, 'afterSaleReason', advice.reason),
        share: percent(advice.share),
        count: advice.count,
        action: t(`briefs.action.${advice.reason}`),
      });
    case 'product_defects':
      return t('briefs.advice.product_defects', {
        product: advice.productName,
        cases: advice.cases,
        words: advice.words.length ? t('briefs.advice.words', { words: list(advice.words) }) : '',
      });
    case 'volume_up':
      return t('briefs.advice.volume_up', { change: percent(advice.change), count: advice.count });
    case 'sla_below_target':
      return t('briefs.advice.sla_below_target', { metric: enumLabel(t, 'sla.metric', advice.metric), attainment: percent(advice.attainment) });
    case 'pending_approvals':
      return t('briefs.advice.pending_approvals', { count: advice.count });
    case 'overdue_aftersales':
      return t('briefs.advice.overdue_aftersales', { count: advice.count });
    case 'steady':
      return t('briefs.advice.steady');
  }
}
