// The reports' charts drawn on the server as SVG by ECharts (server-side rendering), for the PDF; the desa map from
// the shipped boundaries.
// ECharts loads on the first report, not at start-up (half a second of module loading).
import type { EChartsOption } from 'echarts';
import { bulukumbaGeo, HOME_REGENCY } from '../seed/boundaries.ts';

/** The name the desa boundaries of the home regency are registered under (desaMapOption draws them). */
export const DESA_MAP = `pinisi-desa-${HOME_REGENCY}`;

/** Draws one chart as an SVG document of the given size (points). */
export type ChartSvg = (option: EChartsOption, width: number, height: number) => string;

let loaded: Promise<ChartSvg> | null = null;

/** Degrees between kept corners of a boundary: about a point and a half on an A4 page's width of the regency. */
const PAPER_STEP_DEG = 0.002;

/** A ring without the corners nearer than PAPER_STEP_DEG to the last one kept (first and last always kept). */
export function paperRing(ring: number[][]): number[][] {
  if (ring.length <= 4) return ring;
  const kept = [ring[0]!];
  for (const point of ring.slice(1, -1)) {
    const last = kept.at(-1)!;
    if (Math.hypot(point[0]! - last[0]!, point[1]! - last[1]!) >= PAPER_STEP_DEG) kept.push(point);
  }
  kept.push(ring.at(-1)!);
  return kept.length >= 4 ? kept : ring;
}

type AreaGeometry = ReturnType<typeof bulukumbaGeo>['boundaries']['features'][number]['geometry'];

const paperGeometry = (g: AreaGeometry): AreaGeometry =>
  g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map(paperRing) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(paperRing)) };

/** The chart drawer, once ECharts is loaded; tooltips have no place on paper. */
export function chartSvg(): Promise<ChartSvg> {
  loaded ??= (async () => {
    const [echarts, { BarChart, BoxplotChart, MapChart }, components, { SVGRenderer }] = await Promise.all([
      import('echarts/core'),
      import('echarts/charts'),
      import('echarts/components'),
      import('echarts/renderers'),
    ]);
    const { AriaComponent, GridComponent, LegendComponent, MarkLineComponent, VisualMapComponent } =
      components;
    echarts.use([
      BarChart,
      BoxplotChart,
      MapChart,
      GridComponent,
      VisualMapComponent,
      LegendComponent,
      MarkLineComponent,
      AriaComponent,
      SVGRenderer,
    ]);
    // The shipped boundaries' desa of the home regency, for the map of incidents by desa, with the corners paper
    // cannot show left out (a third of the drawing's time).
    const features = bulukumbaGeo()
      .boundaries.features.filter(
        (f) => f.properties.level === 'village' && f.properties.code.startsWith(`${HOME_REGENCY}.`),
      )
      .map((f) => ({ ...f, geometry: paperGeometry(f.geometry) }));
    echarts.registerMap(DESA_MAP, { type: 'FeatureCollection', features } as never);
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
