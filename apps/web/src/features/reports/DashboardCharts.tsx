import type { KpiKey } from '@kefu/domain';
import { useMemo } from 'react';
import { enumLabel, useI18n, type MessageKey } from '../../i18n.ts';
import { Chart, CHART_COLORS, type ChartOption } from './Chart.tsx';
import { kpiName, kpiValue } from './kpiText.ts';
import { percent } from './reportFormat.ts';
import type { DailyKpis, Kpi, KpiReport } from './reportsApi.ts';

/** The KPIs that have a line per day, and the daily figure each is drawn from. */
export const TREND_FIELDS: Partial<Record<KpiKey, keyof DailyKpis>> = {
  csat: 'csat',
  fcr: 'fcr',
  secondContactRate: 'secondContactRate',
  firstResponse: 'firstResponseMs',
  avgResponse: 'avgResponseMs',
  within30s: 'within30s',
  escalationRate: 'escalationRate',
  botDeflection: 'botDeflection',
};

const TARGET_RED = '#cf1322';
const axisDay = (day: string) => day.slice(5);

/** A KPI per day against its target line, over the day's cases (light bars). */
export function TrendChart({ daily, kpi }: { daily: DailyKpis[]; kpi: Kpi }) {
  const { t, lang } = useI18n();
  const field = TREND_FIELDS[kpi.key]!;
  const option = useMemo<ChartOption>(() => {
    const ratio = kpi.unit === 'ratio';
    const value = (v: number | null) => (v === null ? null : ratio ? Math.round(v * 1000) / 10 : Math.round(v / 100) / 10);
    const unit = ratio ? '%' : lang === 'zh' ? '秒' : 's';
    return {
      grid: { left: 48, right: 48, top: 36, bottom: 28 },
      tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null || v === undefined ? '—' : `${v}${ratio ? '%' : ` ${unit}`}`) },
      legend: { top: 0, data: [kpiName(t, kpi.key), t('reports.cases')] },
      xAxis: { type: 'category', data: daily.map((d) => axisDay(d.day)), axisTick: { alignWithLabel: true } },
      yAxis: [
        { type: 'value', name: unit, min: ratio ? 0 : undefined, max: ratio ? 100 : undefined, splitLine: { lineStyle: { type: 'dashed' } } },
        { type: 'value', name: t('reports.cases'), splitLine: { show: false } },
      ],
      series: [
        {
          name: t('reports.cases'),
          type: 'bar',
          yAxisIndex: 1,
          data: daily.map((d) => d.conversations + d.tickets),
          itemStyle: { color: '#e6edf2' },
          barMaxWidth: 24,
        },
        {
          name: kpiName(t, kpi.key),
          type: 'line',
          data: daily.map((d) => value(d[field] as number | null)),
          connectNulls: true,
          smooth: true,
          symbolSize: 6,
          lineStyle: { width: 2.5 },
          markLine:
            kpi.target === null
              ? undefined
              : {
                  symbol: 'none',
                  lineStyle: { color: TARGET_RED, type: 'dashed' },
                  label: {
                    formatter: t('reports.targetLine', { target: kpiValue(kpi.target, kpi.unit, lang) }),
                    position: 'insideStartTop',
                    color: TARGET_RED,
                  },
                  data: [{ yAxis: value(kpi.target) }],
                },
        },
      ],
    };
  }, [daily, kpi, field, t, lang]);
  return <Chart option={option} height={300} label={kpiName(t, kpi.key)} testId="trend-chart" />;
}

const WEEKDAYS: MessageKey[] = [
  'reports.weekday.1',
  'reports.weekday.2',
  'reports.weekday.3',
  'reports.weekday.4',
  'reports.weekday.5',
  'reports.weekday.6',
  'reports.weekday.7',
];

/** New cases by weekday and hour, China time: where the Double-11 peak shows. */
export function HeatmapChart({ cells }: { cells: KpiReport['heatmap'] }) {
  const { t } = useI18n();
  const option = useMemo<ChartOption>(() => {
    const max = Math.max(1, ...cells.map((c) => c.count));
    return {
      grid: { left: 56, right: 96, top: 8, bottom: 40 },
      tooltip: {
        position: 'top',
        formatter: (p: { value: [number, number, number] }) =>
          `${t(WEEKDAYS[p.value[1]]!)} ${String(p.value[0]).padStart(2, '0')}:00 · ${p.value[2]}`,
      },
      xAxis: { type: 'category', data: Array.from({ length: 24 }, (_, h) => `${h}`), splitArea: { show: true }, name: t('reports.hour') },
      yAxis: { type: 'category', data: WEEKDAYS.map((k) => t(k)), inverse: true, splitArea: { show: true } },
      visualMap: {
        min: 0,
        max,
        calculable: true,
        orient: 'vertical',
        right: 8,
        top: 'middle',
        itemHeight: 180,
        inRange: { color: ['#f2f8f9', '#bfe1e6', '#5fb3bf', '#0f7b8a', '#0a4a53'] },
      },
      series: [
        {
          type: 'heatmap',
          data: cells.map((c) => [c.hour, c.weekday - 1, c.count]),
          label: { show: false },
          emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } },
        },
      ],
    };
  }, [cells, t]);
  return <Chart option={option} height={300} label={t('reports.heatmap')} testId="heatmap-chart" />;
}

/** Each promise kept on time, per metric, as a bar against 100%. */
export function SlaChart({ sla }: { sla: KpiReport['sla'] }) {
  const { t } = useI18n();
  const option = useMemo<ChartOption>(() => {
    const rows = sla.filter((s) => s.met + s.breached > 0);
    return {
      grid: { left: 88, right: 56, top: 8, bottom: 24 },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (ps: { dataIndex: number }[]) => {
          const s = rows[ps[0]!.dataIndex]!;
          return `${enumLabel(t, 'sla.metric', s.metric)}<br/>${t('reports.slaDetail', { met: s.met, breached: s.breached, rate: percent(s.rate) })}`;
        },
      },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { lineStyle: { type: 'dashed' } } },
      yAxis: { type: 'category', inverse: true, data: rows.map((s) => enumLabel(t, 'sla.metric', s.metric)) },
      series: [
        {
          type: 'bar',
          barMaxWidth: 18,
          data: rows.map((s) => ({
            value: Math.round((s.rate ?? 0) * 1000) / 10,
            itemStyle: { color: (s.rate ?? 0) >= 0.9 ? CHART_COLORS[0] : (s.rate ?? 0) >= 0.8 ? '#f6bd16' : '#e8684a' },
          })),
          label: { show: true, position: 'right', formatter: '{c}%' },
        },
      ],
    };
  }, [sla, t]);
  return <Chart option={option} height={Math.max(160, 36 * sla.length + 40)} label={t('reports.sla')} testId="sla-chart" />;
}

/** Why the bot handed conversations to a person. */
export function HandoverChart({ reasons }: { reasons: KpiReport['handoverReasons'] }) {
  const { t } = useI18n();
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { orient: 'vertical', right: 8, top: 'middle' },
      series: [
        {
          type: 'pie',
          radius: ['45%', '72%'],
          center: ['36%', '50%'],
          label: { formatter: '{d}%', fontSize: 12 },
          labelLine: { length: 8, length2: 8 },
          data: reasons.map((r) => ({ name: t(`reports.handover.${r.reason}` as MessageKey), value: r.count })),
        },
      ],
    }),
    [reasons, t],
  );
  return <Chart option={option} height={260} label={t('reports.handoverReasons')} testId="handover-chart" />;
}
