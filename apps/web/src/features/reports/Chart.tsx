/**
 * A small ECharts wrapper: only the charts and parts the reports draw are imported (echarts/core), so the bundle
 * carries no more of ECharts than that, and only on the report pages (they are loaded lazily, see lazy.tsx).
 */
import { BarChart, HeatmapChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([
  LineChart,
  BarChart,
  HeatmapChart,
  PieChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

/** The app's font, so Chinese in the charts reads like the rest of the page. */
const FONT = '-apple-system, BlinkMacSystemFont, "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif';

export const CHART_COLORS = [
  '#0f7b8a',
  '#5b8ff9',
  '#f6bd16',
  '#e8684a',
  '#6dc8ec',
  '#9270ca',
  '#ff9d4d',
  '#269a99',
  '#ff99c3',
  '#5d7092',
  '#b8d86b',
  '#a0522d',
];

export function Chart({ option, height = 280, testId, label }: { option: ChartOption; height?: number; testId?: string; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const element = box.current!;
    const instance = echarts.init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(element);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ color: CHART_COLORS, textStyle: { fontFamily: FONT }, animationDuration: 400, ...option }, { notMerge: true });
  }, [option]);

  return <div ref={box} style={{ height, width: '100%' }} role="img" aria-label={label} data-testid={testId} />;
}
