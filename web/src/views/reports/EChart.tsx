// One ECharts chart in the reports view: ECharts loads on first use; each figure (bar, desa) opens the list behind
// it by a click, or from the keyboard: the arrow keys step through the figures, Enter or Space opens one.
import type { EChartsOption } from 'echarts';
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';

/** A figure of the chart: where ECharts draws it, its name read out, and the list it opens. */
export interface Pick {
  seriesIndex: number;
  dataIndex: number;
  /** The region's name on a map, which ECharts finds figures by instead of their index. */
  name?: string;
  label: string;
  open?: () => void;
}

type Chart = ReturnType<typeof import('echarts/core').init>;

/** A GeoJSON map the chart needs registered before it draws (ECharts keeps registered maps by name). */
export interface GeoMap {
  name: string;
  geoJson: object;
}

export function EChart({
  option,
  title,
  picks,
  keyHint,
  height = 280,
  map,
  testId,
}: {
  option: EChartsOption;
  title: string;
  picks: Pick[];
  /** How to use the keyboard on the chart, read out with its title. */
  keyHint: string;
  height?: number;
  map?: GeoMap;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<Chart | null>(null);
  const picksRef = useRef(picks);
  picksRef.current = picks;
  const [ready, setReady] = useState(false);
  const [focus, setFocus] = useState(-1);

  useEffect(() => {
    let live = true;
    let observer: ResizeObserver | null = null;
    void import('./echarts.ts').then(({ echarts }) => {
      if (!live || !box.current) return;
      const made = echarts.init(box.current, null, { renderer: 'svg' });
      made.on('click', (event) => {
        const pick = picksRef.current.find((p) =>
          p.name === undefined
            ? p.seriesIndex === event.seriesIndex && p.dataIndex === event.dataIndex
            : p.name === event.name,
        );
        pick?.open?.();
      });
      observer = new ResizeObserver(() => made.resize());
      observer.observe(box.current);
      chart.current = made;
      setReady(true);
    });
    return () => {
      live = false;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (!ready || !chart.current) return;
    void import('./echarts.ts').then(({ echarts }) => {
      if (map && !echarts.getMap(map.name)) echarts.registerMap(map.name, map.geoJson as never);
      // Tooltips drawn inside the SVG (rich text): ECharts' HTML tooltips carry inline styles the CSP refuses.
      const tooltip = option.tooltip && { ...(option.tooltip as object), renderMode: 'richText' as const };
      chart.current?.setOption(
        { ...option, tooltip, aria: { enabled: true, label: { description: title } } },
        { notMerge: true },
      );
    });
  }, [ready, option, title, map]);

  const show = (index: number) => {
    const pick = picks[index];
    if (!pick || !chart.current) return;
    setFocus(index);
    const where =
      pick.name === undefined
        ? { seriesIndex: pick.seriesIndex, dataIndex: pick.dataIndex }
        : { seriesIndex: pick.seriesIndex, name: pick.name };
    chart.current.dispatchAction({ type: 'downplay' });
    chart.current.dispatchAction({ type: 'highlight', ...where });
    chart.current.dispatchAction({ type: 'showTip', ...where });
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const last = picks.length - 1;
    if (last < 0) return;
    const step: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    if (event.key in step) {
      event.preventDefault();
      show(focus < 0 ? 0 : Math.min(last, Math.max(0, focus + step[event.key]!)));
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      show(event.key === 'Home' ? 0 : last);
    } else if ((event.key === 'Enter' || event.key === ' ') && focus >= 0) {
      event.preventDefault();
      picks[focus]?.open?.();
    }
  };
  const current = picks[focus];

  return (
    <figure className="chart-figure">
      {/* biome-ignore lint/a11y/useSemanticElements: a chart steered by the arrow keys; no native element is one */}
      <div
        className="echart"
        role="group"
        tabIndex={picks.length > 0 ? 0 : -1}
        aria-label={`${title}. ${keyHint}`}
        aria-busy={!ready}
        data-testid={testId}
        data-figures={picks.length}
        onKeyDown={onKeyDown}
        onBlur={() => {
          setFocus(-1);
          chart.current?.dispatchAction({ type: 'downplay' });
          chart.current?.dispatchAction({ type: 'hideTip' });
        }}
      >
        <div ref={box} className="echart-canvas" style={{ height }} />
      </div>
      <figcaption className="sr-only" aria-live="polite">
        {current?.label ?? ''}
      </figcaption>
    </figure>
  );
}
