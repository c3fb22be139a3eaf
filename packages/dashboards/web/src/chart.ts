import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

// Only what the dashboard draws, so the bundle stays small; everything is bundled, nothing fetched.
echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

export interface BarSeries {
  readonly name: string;
  readonly data: readonly number[];
  readonly color?: string;
}

const charts = new Set<echarts.ECharts>();
window.addEventListener('resize', () => {
  for (const c of charts) c.resize();
});

/** A bar chart (stacked when asked) in `el`; ECharts' aria module describes it to screen readers. */
export function barChart(
  el: HTMLElement,
  options: { categories: readonly string[]; series: readonly BarSeries[]; stacked?: boolean; horizontal?: boolean },
): void {
  charts.forEach((c) => {
    if (c.isDisposed() || !document.body.contains(c.getDom())) {
      c.dispose();
      charts.delete(c);
    }
  });
  if (!document.body.contains(el)) return;
  const chart = echarts.init(el, undefined, { renderer: 'svg' });
  charts.add(chart);
  const category = { type: 'category' as const, data: [...options.categories] };
  const value = { type: 'value' as const, minInterval: 1 };
  chart.setOption({
    animation: false,
    aria: { enabled: true },
    tooltip: { trigger: 'axis' },
    legend: { show: options.series.length > 1, top: 0 },
    grid: { left: 8, right: 16, bottom: 8, top: options.series.length > 1 ? 48 : 16, containLabel: true },
    xAxis: options.horizontal ? value : category,
    yAxis: options.horizontal ? category : value,
    series: options.series.map((s) => ({
      type: 'bar',
      name: s.name,
      data: [...s.data],
      ...(options.stacked ? { stack: 'total' } : {}),
      ...(s.color ? { itemStyle: { color: s.color } } : {}),
      label: { show: !options.stacked, position: options.horizontal ? 'right' : 'top' },
    })),
  });
}
