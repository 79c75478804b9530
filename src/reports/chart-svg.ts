// The reports' charts drawn on the server as SVG by ECharts (server-side rendering), for the PDF.
// ECharts loads on the first report, not at start-up (half a second of module loading).
import type { EChartsOption } from 'echarts';

/** Draws one chart as an SVG document of the given size (points). */
export type ChartSvg = (option: EChartsOption, width: number, height: number) => string;

let loaded: Promise<ChartSvg> | null = null;

/** The chart drawer, once ECharts is loaded; tooltips have no place on paper. */
export function chartSvg(): Promise<ChartSvg> {
  loaded ??= (async () => {
    const [echarts, { BarChart, BoxplotChart }, components, { SVGRenderer }] = await Promise.all([
      import('echarts/core'),
      import('echarts/charts'),
      import('echarts/components'),
      import('echarts/renderers'),
    ]);
    const { AriaComponent, GridComponent, LegendComponent, MarkLineComponent } = components;
    echarts.use([
      BarChart,
      BoxplotChart,
      GridComponent,
      LegendComponent,
      MarkLineComponent,
      AriaComponent,
      SVGRenderer,
    ]);
    return (option, width, height) => {
      const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
      try {
        const { tooltip: _tooltip, ...paper } = option;
        chart.setOption({ ...paper, legend: paper.legend ? { ...paper.legend, type: 'plain' } : undefined });
        return chart.renderToSVGString();
      } finally {
        chart.dispose();
      }
    };
  })();
  return loaded;
}
