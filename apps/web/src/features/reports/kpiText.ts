import type { KpiKey } from '@kefu/domain';
import type { Lang, MessageKey, Translate } from '../../i18n.ts';
import { percent, seconds } from './reportFormat.ts';
import type { Kpi } from './reportsApi.ts';

export const kpiName = (t: Translate, key: KpiKey) => t(`reports.kpi.${key}` as MessageKey);
export const kpiHelp = (t: Translate, key: KpiKey) => t(`reports.kpiHelp.${key}` as MessageKey);

/** A KPI's figure in its unit: a percentage or a response time. */
export function kpiValue(value: number | null, unit: Kpi['unit'], lang: Lang): string {
  return unit === 'ratio' ? percent(value) : seconds(value, lang);
}

/** "目标 ≥ 90%" / "目标 ≤ 30 秒", or null when the KPI is watched without a target. */
export function targetText(t: Translate, kpi: Pick<Kpi, 'target' | 'better' | 'unit'>, lang: Lang): string | null {
  if (kpi.target === null) return null;
  return t(kpi.better === 'higher' ? 'reports.targetAtLeast' : 'reports.targetAtMost', { target: kpiValue(kpi.target, kpi.unit, lang) });
}
