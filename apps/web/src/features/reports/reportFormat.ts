import type { Lang } from '../../i18n.ts';

/** 0.934 → "93.4%"; no figure → "—". */
export function percent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined) return '—';
  return `${(value * 100).toFixed(digits).replace(/\.0+$/, '')}%`;
}

/** Milliseconds as a response time: "18.5 秒", "2.3 分钟", "1.5 小时" (or s / min / h in English). */
export function seconds(ms: number | null | undefined, lang: Lang): string {
  if (ms === null || ms === undefined) return '—';
  const units = lang === 'zh' ? { s: ' 秒', m: ' 分钟', h: ' 小时' } : { s: ' s', m: ' min', h: ' h' };
  const round = (n: number) => (n >= 100 ? Math.round(n).toString() : n.toFixed(1).replace(/\.0$/, ''));
  if (ms < 60_000) return `${round(ms / 1000)}${units.s}`;
  if (ms < 3_600_000) return `${round(ms / 60_000)}${units.m}`;
  return `${round(ms / 3_600_000)}${units.h}`;
}

/** A change since the previous period: "+2.3 个百分点" for ratios, "−4.1 秒" for durations. */
export function changeText(change: number, unit: 'ratio' | 'ms', lang: Lang): string {
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  if (unit === 'ratio') {
    const points = Math.abs(change * 100)
      .toFixed(1)
      .replace(/\.0$/, '');
    return lang === 'zh' ? `${sign}${points} 个百分点` : `${sign}${points} pt`;
  }
  return `${sign}${seconds(Math.abs(change), lang)}`;
}

export const integer = (n: number, lang: Lang) => n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US');
