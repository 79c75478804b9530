// The agencies' response times as box plots: percentiles read from the duration histograms, hand-computed; the
// charts' axes titled and their numbers written the reader's way.
import { describe, expect, it } from 'vitest';
import {
  agencyTimesOption,
  type ChartWords,
  callTypesOption,
  countsHeight,
  countsOption,
  durationBox,
  durationQuantile,
  histogramOption,
} from './charts.ts';
import { DURATION_BINS_S, OVER } from './facts.ts';
import type { Durations, Report } from './summary.ts';

/** Durations with these counts per bin (upper bound in seconds, or '+'). */
function durations(counts: Record<string, number>): Durations {
  const histogram = [...DURATION_BINS_S.map(String), OVER].map((le) => ({ le, n: counts[le] ?? 0 }));
  const n = histogram.reduce((sum, bin) => sum + bin.n, 0);
  return { n, meanMs: null, p50: null, p90: null, histogram };
}

const words: ChartWords = {
  seconds: 's',
  minutes: 'min',
  calls: 'calls',
  incidents: 'incidents',
  agencyTimes: ['ack', 'en route', 'on scene', 'done'],
  callType: (t) => t,
  at: (ms) => String(ms),
  number: (n) => new Intl.NumberFormat('id-ID').format(n),
};

describe('agency response times as box plots', () => {
  it('reads percentiles from the histogram, linear within a bin', () => {
    // 10 in (60, 90] s, 10 in (90, 120] s.
    const d = durations({ '90': 10, '120': 10 });
    expect(durationQuantile(d, 0.5)).toBe(90_000);
    expect(durationQuantile(d, 0.25)).toBe(75_000);
    expect(durationQuantile(d, 0.75)).toBe(105_000);
    expect(durationQuantile(d, 0.1)).toBe(66_000);
    // The first bin starts at 0; the open bin counts as 3600 s.
    expect(durationQuantile(durations({ '5': 4 }), 0.5)).toBe(2_500);
    expect(durationQuantile(durations({ '+': 3 }), 0.9)).toBe(3_600_000);
    expect(durationQuantile(durations({}), 0.5)).toBeNull();
    // Minutes to a tenth: 66, 75, 90, 105, 114 s.
    expect(durationBox(d)).toEqual([1.1, 1.3, 1.5, 1.8, 1.9]);
    expect(durationBox(durations({}))).toBeNull();
  });

  it('draws one box per agency and stage, empty where an agency has no times', () => {
    const agency = (id: string, ack: Durations) => ({
      agency: id,
      requested: ack.n,
      byStatus: {},
      ack,
      enRoute: durations({ '600': 2 }),
      onScene: durations({ '1200': 2 }),
      done: durations({ '3600': 2 }),
      declined: 0,
      escalations: 0,
    });
    const report = {
      agencies: [agency('damkar', durations({ '90': 10, '120': 10 })), agency('psc119', durations({}))],
    } as unknown as Report;
    const option = agencyTimesOption(report, (code) => code.toUpperCase(), words);
    const series = option.series as { type: string; name: string; data: unknown[] }[];
    expect(series.map((s) => [s.type, s.name])).toEqual([
      ['boxplot', 'ack'],
      ['boxplot', 'en route'],
      ['boxplot', 'on scene'],
      ['boxplot', 'done'],
    ]);
    expect(series[0]!.data).toEqual([[1.1, 1.3, 1.5, 1.8, 1.9], []]);
    // (300, 600] s: the 10th percentile at 330 s.
    expect(series[1]!.data[0]).toEqual([5.5, 6.3, 7.5, 8.8, 9.5]);
    expect((option.xAxis as { data: string[] }).data).toEqual(['DAMKAR', 'PSC119']);
  });
});

describe('the charts’ axes and numbers', () => {
  type Axis = { name?: string; axisLabel?: { formatter?: (value: number) => string } };
  type Labelled = { label: { formatter: (p: { value: number }) => string } };

  it('titles the count axes and writes their numbers and the bar labels the Indonesian way', () => {
    const histogram = histogramOption(
      durations({ '5': 3318, '10': 12 }),
      [{ seconds: 15, label: '15 s' }],
      words,
    );
    const y = histogram.yAxis as Axis;
    expect(y.name).toBe('calls');
    expect(y.axisLabel?.formatter?.(3500)).toBe('3.500');
    expect((histogram.series as Labelled[])[0]!.label.formatter({ value: 3318 })).toBe('3.318');

    const counts = countsOption({ banjir: 1234 }, (c) => c, words);
    const x = counts.xAxis as Axis;
    expect(x.name).toBe('incidents');
    expect(x.axisLabel?.formatter?.(1500)).toBe('1.500');
    expect((counts.series as Labelled[])[0]!.label.formatter({ value: 1234 })).toBe('1.234');

    const report = {
      calls: { byType: { prank: 2 }, series: [{ at: 0, byType: { prank: 2 } }] },
      step: 'day',
    };
    expect((callTypesOption(report as unknown as Report, words).yAxis as Axis).name).toBe('calls');
    type Tip = { valueFormatter: (value: unknown) => string };
    expect((histogram.tooltip as Tip).valueFormatter(3318)).toBe('3.318');
    expect((counts.tooltip as Tip).valueFormatter(1234)).toBe('1.234');
    const agencies = agencyTimesOption({ agencies: [] } as unknown as Report, (c) => c, words);
    expect((agencies.yAxis as Axis).axisLabel?.formatter?.(0.1)).toBe('0,1');
  });
});

describe('the charts as a reader sees them, on screen and on paper', () => {
  type Series = {
    label: { textBorderColor?: string };
    markLine?: { label: { textBorderColor?: string }; data: { name: string; xAxis: number }[] };
  };

  it('draws each target line between the bars it separates, its label and the bars’ without a white outline', () => {
    const option = histogramOption(
      durations({ '5': 3, '15': 2, '20': 1 }),
      [
        { seconds: 15, label: '15 s' },
        { seconds: 20, label: '20 s' },
      ],
      words,
    );
    const [bars] = option.series as Series[];
    const bins = (option.xAxis as { data: string[] }).data;
    // ≤ 15 is the third bin (index 2): its line stands after it, before ≤ 20.
    expect(bins.slice(0, 4)).toEqual(['≤ 5', '≤ 10', '≤ 15', '≤ 20']);
    expect(bars!.markLine!.data.map((d) => [d.name, d.xAxis])).toEqual([
      ['15 s', 2.5],
      ['20 s', 3.5],
    ]);
    // The PDF's SVG drawing lays the outline over the letters: white on white.
    expect(bars!.label.textBorderColor).toBe('none');
    expect(bars!.markLine!.label.textBorderColor).toBe('none');
  });

  it('draws and names every bar of a count chart and shows every call type in the legend', () => {
    // A month's 22 kinds of incident: every one drawn, in a chart tall enough to name each.
    const counts = Object.fromEntries(Array.from({ length: 22 }, (_, i) => [`k${i}`, i + 1]));
    const option = countsOption(counts, (c) => c, words);
    expect((option.yAxis as { data: string[] }).data).toHaveLength(22);
    expect(countsHeight(counts, 20, 280)).toBe(56 + 22 * 20);
    expect(countsHeight({ a: 1 }, 20, 280)).toBe(280);
    expect((option.yAxis as { axisLabel: { interval: number } }).axisLabel.interval).toBe(0);
    expect(((option.series as Series[])[0]!.label as { textBorderColor?: string }).textBorderColor).toBe(
      'none',
    );
    const report = { calls: { byType: { prank: 2 }, series: [] }, step: 'day' } as unknown as Report;
    expect(callTypesOption(report, words).legend).toMatchObject({ type: 'plain' });
  });
});
