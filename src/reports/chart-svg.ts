// The reports' charts drawn on the server as SVG by ECharts (server-side rendering), for the PDF.
import type { EChartsOption } from 'echarts';
import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkLineComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, LegendComponent, MarkLineComponent, AriaComponent, SVGRenderer]);

/** One chart as an SVG document of the given size (points); tooltips have no place on paper. */
export function chartSvg(option: EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    const { tooltip: _tooltip, ...paper } = option;
    chart.setOption({ ...paper, legend: paper.legend ? { ...paper.legend, type: 'plain' } : undefined });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
