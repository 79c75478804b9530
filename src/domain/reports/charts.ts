// The reports' charts as ECharts options, built from a report: the same charts in the browser and in the PDF.
import type { EChartsOption } from 'echarts';
import type { Durations, Report } from './summary.ts';

/** The words a chart shows, in the reader's language. */
export interface ChartWords {
  seconds: string;
  minutes: string;
  calls: string;
  incidents: string;
  /** Labels of the agency timings, in this order: acknowledged, en route, on scene, done. */
  agencyTimes: [string, string, string, string];
  /** A call type's name (`unclassified` included). */
  callType: (type: string) => string;
  /** Short date (day step) or hour (hour step) of a series point. */
  at: (ms: number, step: 'hour' | 'day') => string;
  /** A number in the reader's way (1.234 and 0,1 in Indonesian). */
  number: (n: number) => string;
}

/** Names of codes: agencies, kecamatan, desa, categories. */
export type Namer = (code: string) => string;

/** Chart colours: readable when printed in grey, distinct on screen. */
const PALETTE = ['#1f5f8b', '#e07b39', '#3a9a5b', '#c23b3b', '#7b5ea7', '#8c6d46', '#d4a017', '#4fa3a5'];

const BASE: EChartsOption = {
  animation: false,
  color: PALETTE,
  textStyle: { fontFamily: 'Roboto, sans-serif' },
  grid: { left: 16, right: 24, top: 28, bottom: 16 },
  aria: { enabled: true },
};

/**
 * A label outside its bar: without ECharts' white outline, which the PDF's SVG drawing (no paint-order) lays over
 * the letters, leaving them white on white.
 */
const PLAIN_LABEL = { textBorderWidth: 0, textBorderColor: 'none' } as const;

const binLabel = (le: string) => (le === '+' ? '> 3600' : `≤ ${le}`);

/** A tooltip of the bars under the pointer, its counts in the reader's way (ECharts writes 3,318). */
const countTooltip = (words: ChartWords) => ({
  trigger: 'axis' as const,
  valueFormatter: (value: unknown) => words.number(Number(value)),
});

/** A value axis titled with what it counts, its numbers in the reader's way. */
const countAxis = (name: string, words: ChartWords) => ({
  type: 'value' as const,
  minInterval: 1,
  name,
  axisLabel: { formatter: (value: number) => words.number(value) },
});

/** A duration histogram with dashed target lines after the bins at those bounds (between two bars). */
export function histogramOption(
  d: Durations,
  targets: { seconds: number; label: string }[],
  words: ChartWords,
): EChartsOption {
  const bins = d.histogram;
  return {
    ...BASE,
    tooltip: countTooltip(words),
    xAxis: { type: 'category', data: bins.map((b) => binLabel(b.le)), name: words.seconds },
    yAxis: countAxis(words.calls, words),
    series: [
      {
        type: 'bar',
        name: words.calls,
        data: bins.map((b) => b.n),
        label: {
          ...PLAIN_LABEL,
          show: true,
          position: 'top',
          formatter: (p) => (Number(p.value) > 0 ? words.number(Number(p.value)) : ''),
        },
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { type: 'dashed', color: '#c23b3b' },
          label: { ...PLAIN_LABEL, formatter: '{b}', position: 'end' },
          data: targets
            .map((t) => ({ t, index: bins.findIndex((b) => b.le === String(t.seconds)) }))
            .filter(({ index }) => index >= 0)
            .map(({ t, index }, i) => ({
              name: t.label,
              xAxis: index + 0.5,
              // Each next label a line higher: neighbouring bounds' labels side by side overlapped.
              label: { distance: 5 + 14 * i },
            })),
        },
      },
    ],
  };
}

/** The call types of a report, most frequent first: the order of callTypesOption's series. */
export const callTypeOrder = (report: Report): string[] =>
  Object.keys(report.calls.byType).sort(
    (a, b) => (report.calls.byType[b] ?? 0) - (report.calls.byType[a] ?? 0),
  );

/** Calls by type over time, stacked bars. */
export function callTypesOption(report: Report, words: ChartWords): EChartsOption {
  const types = callTypeOrder(report);
  return {
    ...BASE,
    tooltip: countTooltip(words),
    // Every type's name below the bars, on as many lines as it takes: a scrolled legend hid half of them (and
    // cannot scroll on paper).
    legend: { bottom: 0, type: 'plain' },
    grid: { ...(BASE.grid as object), bottom: 84 },
    xAxis: { type: 'category', data: report.calls.series.map((p) => words.at(p.at, report.step)) },
    yAxis: countAxis(words.calls, words),
    series: types.map((type) => ({
      type: 'bar',
      stack: 'calls',
      name: words.callType(type),
      data: report.calls.series.map((p) => p.byType[type] ?? 0),
    })),
  };
}

/**
 * The `limit` largest counts (every one unless told) as countsOption draws them, bottom to top (the largest last).
 * Every one: the 15 largest left a month's other 7 kinds of incident out without a word.
 */
export const countRows = (
  counts: Record<string, number>,
  limit = Number.POSITIVE_INFINITY,
): [string, number][] =>
  Object.entries(counts)
    .sort(([, a], [, b]) => b - a)
    .slice(0, limit)
    .reverse();

/** The height (px) a count chart needs to name each of its bars at `perBar` px a bar, at least `least`. */
export const countsHeight = (counts: Record<string, number>, perBar: number, least: number): number =>
  Math.max(least, 56 + perBar * Object.keys(counts).length);

/** Horizontal bars of counts by a code, largest on top (every code unless `limit` says otherwise). */
export function countsOption(
  counts: Record<string, number>,
  name: Namer,
  words: ChartWords,
  limit = Number.POSITIVE_INFINITY,
): EChartsOption {
  const rows = countRows(counts, limit);
  return {
    ...BASE,
    tooltip: countTooltip(words),
    xAxis: { ...countAxis(words.incidents, words), nameLocation: 'middle', nameGap: 24 },
    // Every bar named (ECharts hides every other name when they are close, as on paper).
    yAxis: { type: 'category', data: rows.map(([code]) => name(code)), axisLabel: { interval: 0 } },
    series: [
      {
        type: 'bar',
        name: words.incidents,
        data: rows.map(([, n]) => n),
        label: {
          ...PLAIN_LABEL,
          show: true,
          position: 'right',
          formatter: (p) => words.number(Number(p.value)),
        },
      },
    ],
  };
}

/**
 * The q-quantile (0–1) of the durations in ms, read from their histogram: linear within the bin that holds it (the
 * first bin starts at 0; the open bin above the last bound counts as that bound). Null when there are none.
 */
export function durationQuantile(d: Durations, q: number): number | null {
  if (d.n <= 0) return null;
  const want = q * d.n;
  let seen = 0;
  let lower = 0;
  for (const bin of d.histogram) {
    const upper = bin.le === '+' ? lower : Number(bin.le);
    if (bin.n > 0 && seen + bin.n >= want) {
      const within = Math.min(1, Math.max(0, (want - seen) / bin.n));
      return Math.round((lower + (upper - lower) * within) * 1000);
    }
    seen += bin.n;
    lower = upper;
  }
  return Math.round(lower * 1000);
}

/** A box of the durations in minutes: 10th, 25th, 50th, 75th and 90th percentiles; null when there are none. */
export function durationBox(d: Durations): [number, number, number, number, number] | null {
  const qs = [0.1, 0.25, 0.5, 0.75, 0.9].map((q) => durationQuantile(d, q));
  if (qs.some((v) => v === null)) return null;
  // Minutes to a tenth; never 0 on the logarithmic axis.
  return qs.map((ms) => Math.max(0.1, Math.round((ms ?? 0) / 6000) / 10)) as [
    number,
    number,
    number,
    number,
    number,
  ];
}

/**
 * Each agency's times from the request (minutes, logarithmic axis) as box plots: acknowledged, en route, on scene,
 * done; the box spans the 25th to 75th percentile around the median, the whiskers the 10th and 90th.
 */
export function agencyTimesOption(report: Report, name: Namer, words: ChartWords): EChartsOption {
  const agencies = report.agencies;
  const figures = (a: Report['agencies'][number]) => [a.ack, a.enRoute, a.onScene, a.done];
  return {
    ...BASE,
    tooltip: { trigger: 'item' },
    legend: { top: 0 },
    grid: { ...(BASE.grid as object), top: 40, left: 40 },
    xAxis: {
      type: 'category',
      data: agencies.map((a) => name(a.agency)),
      axisLabel: { interval: 0, rotate: 30 },
    },
    yAxis: {
      type: 'log',
      logBase: 10,
      min: 0.1,
      name: words.minutes,
      axisLabel: { formatter: (value: number) => words.number(value) },
    },
    series: words.agencyTimes.map((label, i) => ({
      type: 'boxplot',
      name: label,
      boxWidth: [4, 14],
      data: agencies.map((a) => durationBox(figures(a)[i]!) ?? []),
    })),
  };
}

/**
 * Incidents by desa as a choropleth over the desa boundaries registered (echarts.registerMap) under `map`, whose
 * features carry their Kemendagri code in `properties.code`. A desa without incidents is drawn pale.
 */
export function desaMapOption(
  map: string,
  counts: Record<string, number>,
  name: Namer,
  words: ChartWords,
): EChartsOption {
  const max = Math.max(1, ...Object.values(counts));
  return {
    ...BASE,
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const item = p as { name: string; value?: number };
        return `${name(item.name)}: ${words.number(Number.isFinite(item.value) ? Number(item.value) : 0)}`;
      },
    },
    visualMap: {
      min: 0,
      max,
      left: 8,
      bottom: 8,
      calculable: false,
      text: [words.number(max), '0'],
      inRange: { color: ['#fff5eb', '#fdae6b', '#e6550d', '#a63603'] },
    },
    series: [
      {
        type: 'map',
        map,
        nameProperty: 'code',
        name: words.incidents,
        roam: true,
        itemStyle: { areaColor: '#f4f4f4', borderColor: '#7a8a99', borderWidth: 0.5 },
        emphasis: { label: { show: false }, itemStyle: { areaColor: '#1f5f8b' } },
        select: { disabled: true },
        data: Object.entries(counts).map(([code, n]) => ({ name: code, value: n })),
      },
    ],
  };
}
