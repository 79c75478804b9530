// The reports view's charts, drawn by ECharts from the same options as the PDF's (src/domain/reports/charts.ts):
// calls by type over time, the answer and processing times against their targets, incidents by category, kecamatan
// and desa (a map over the desa boundaries), the agencies' response times. Every figure opens the list behind it.
import { memo, useMemo } from 'react';
import {
  agencyTimesOption,
  type ChartWords,
  callTypeOrder,
  callTypesOption,
  countRows,
  countsHeight,
  countsOption,
  desaMapOption,
  histogramOption,
} from '../../../../src/domain/reports/charts.ts';
import type { Report } from '../../../../src/domain/reports/summary.ts';
import { formatCount } from '../../format.ts';
import { useGeo } from '../../geo.ts';
import type { Lang } from '../../i18n.ts';
import { binParams } from './drill-params.ts';
import { EChart, type GeoMap, type Pick } from './EChart.tsx';
import type { Words } from './words.ts';

export interface ChartNames {
  agency: (id: string) => string;
  kecamatan: (code: string) => string;
  desa: (code: string) => string;
  category: (code: string) => string;
  callType: (type: string) => string;
}

/**
 * The figures a report's filters leave meaningful: calls carry no agency, kecamatan, category or priority; incidents
 * no channel or agency (an agency's are its requests); requests no channel or call taker. Filtered by what they do
 * not carry, their figures are zero and their charts empty.
 */
export interface ReportParts {
  calls: boolean;
  incidents: boolean;
  agencies: boolean;
}

/** How a figure opens its list: calls (undefined for those who may not see them) or incidents. */
export interface ChartDrills {
  calls: (
    title: string,
    params: Record<string, string>,
    period?: { from: number; to: number },
  ) => (() => void) | undefined;
  incidents: (
    title: string,
    params: Record<string, string>,
    period?: { from: number; to: number },
  ) => (() => void) | undefined;
}

const binName = (le: string) => (le === '+' ? '> 3600 s' : `≤ ${le} s`);

/** The picks of a duration histogram: one per bin that holds something, opening the durations in that bin. */
function histogramPicks(
  bins: { le: string; n: number }[],
  open?: (lo: number, hi: number | null, label: string) => (() => void) | undefined,
): Pick[] {
  return bins.flatMap((bin, i) => {
    if (bin.n === 0) return [];
    const lo = i === 0 ? 0 : Number(bins[i - 1]!.le);
    const hi = bin.le === '+' ? null : Number(bin.le);
    const label = `${binName(bin.le)}: ${bin.n}`;
    return [{ seriesIndex: 0, dataIndex: i, label, open: open?.(lo, hi, label) }];
  });
}

/** Drawn again when the report or the language changes, not when the list behind a figure opens or closes. */
export const ReportCharts = memo(
  Charts,
  (a, b) =>
    a.report === b.report &&
    a.lang === b.lang &&
    a.parts.calls === b.parts.calls &&
    a.parts.incidents === b.parts.incidents &&
    a.parts.agencies === b.parts.agencies,
);

function Charts({
  report,
  lang,
  parts,
  w,
  name,
  drill,
  at,
}: {
  report: Report;
  /** The language the words and numbers are in (the charts are drawn again when it changes). */
  lang: Lang;
  /** Which figures the filters leave meaningful (ReportParts): the others' charts would stand empty. */
  parts: ReportParts;
  w: Words;
  name: ChartNames;
  drill: ChartDrills;
  /** A series point's label in local time. */
  at: (ms: number, step: 'hour' | 'day') => string;
}) {
  const geo = useGeo();
  const words: ChartWords = {
    seconds: w('seconds'),
    minutes: w('minutes'),
    calls: w('calls'),
    incidents: w('incidents'),
    agencyTimes: [w('ack'), w('enRoute'), w('onScene'), w('done')],
    callType: name.callType,
    at,
    number: (n) => formatCount(n, lang),
  };
  const stepMs = report.step === 'hour' ? 3_600_000 : 86_400_000;
  const keys = w('chart.keys');

  const home = geo?.home;
  const map = useMemo<GeoMap | null>(() => {
    if (!geo || !home) return null;
    const features = geo.boundaries.features.filter(
      (f) => f.properties.level === 'village' && f.properties.code.startsWith(`${home}.`),
    );
    return features.length > 0
      ? { name: `pinisi-desa-${home}`, geoJson: { type: 'FeatureCollection', features } }
      : null;
  }, [geo, home]);

  const types = callTypeOrder(report);
  const typePicks: Pick[] = report.calls.series.flatMap((point, j) =>
    types.flatMap((type, k) => {
      const n = point.byType[type] ?? 0;
      if (n === 0) return [];
      const label = `${at(point.at, report.step)} · ${name.callType(type)}: ${n}`;
      return [
        {
          seriesIndex: k,
          dataIndex: j,
          label,
          open: drill.calls(label, { type }, { from: point.at, to: point.at + stepMs }),
        },
      ];
    }),
  );
  const countPicks = (counts: Record<string, number>, namer: (code: string) => string, key: string) =>
    countRows(counts)
      .map(([code, n], i) => ({
        seriesIndex: 0,
        dataIndex: i,
        label: `${namer(code)}: ${n}`,
        open: drill.incidents(namer(code), { [key]: code }),
      }))
      .reverse();
  const agencyPicks: Pick[] = report.agencies.flatMap((a, j) =>
    words.agencyTimes.map((timing, k) => ({
      seriesIndex: k,
      dataIndex: j,
      label: `${name.agency(a.agency)} · ${timing}`,
      open: drill.incidents(name.agency(a.agency), { agency: a.agency }),
    })),
  );
  const desaPicks: Pick[] = countRows(report.incidents.byDesa, Number.POSITIVE_INFINITY)
    .reverse()
    .map(([code, n]) => ({
      seriesIndex: 0,
      dataIndex: -1,
      name: code,
      label: `${name.desa(code)}: ${n}`,
      open: drill.incidents(name.desa(code), { desa: code }),
    }));

  const agencies = (
    <div className="panel" data-testid="chart-agencies">
      <h2>{w('chart.agencies')}</h2>
      <EChart
        title={w('chart.agencies')}
        keyHint={keys}
        option={agencyTimesOption(report, name.agency, words)}
        picks={agencyPicks}
      />
    </div>
  );
  // One agency's report (a liaison's, or the agency filter's): its requests by their incident's kind and kecamatan,
  // in place of the incidents' charts (incidents carry no agency).
  const own = !parts.incidents && report.agencies.length === 1 ? report.agencies[0]! : null;
  /** A chart of counts by a code (kind, kecamatan), each bar opening its list; `counted` names the axis. */
  const countsPanel = (
    id: string,
    title: string,
    counts: Record<string, number>,
    namer: (c: string) => string,
    key: string,
    counted = words.incidents,
  ) => (
    <div className="panel" data-testid={id}>
      <h2>{title}</h2>
      <EChart
        title={title}
        keyHint={keys}
        height={countsHeight(counts, 22, 280)}
        option={countsOption(counts, namer, { ...words, incidents: counted })}
        picks={countPicks(counts, namer, key)}
      />
    </div>
  );
  return (
    <section className="report-charts">
      {parts.agencies && own?.byCategory && (
        <>
          {countsPanel(
            'chart-agency-category',
            w('chart.agencyCategory'),
            own.byCategory,
            name.category,
            'category',
            w('requests'),
          )}
          {own.byKecamatan &&
            countsPanel(
              'chart-agency-kecamatan',
              w('chart.agencyKecamatan'),
              own.byKecamatan,
              name.kecamatan,
              'kecamatan',
              w('requests'),
            )}
        </>
      )}
      {parts.calls && (
        <>
          <div className="panel" data-testid="chart-answer">
            <h2>{w('chart.answer')}</h2>
            <EChart
              title={w('chart.answer')}
              keyHint={keys}
              option={histogramOption(
                report.answer,
                [
                  { seconds: 15, label: '15 s' },
                  { seconds: 20, label: '20 s' },
                ],
                words,
              )}
              picks={histogramPicks(report.answer.histogram, (lo, hi, label) =>
                drill.calls(`${w('answerTime')} ${label}`, binParams('answerAbove', 'answerAtMost', lo, hi)),
              )}
            />
            <p className="muted small">{w('chart.answer.note')}</p>
          </div>
          <div className="panel" data-testid="chart-types">
            <h2>{w('chart.types')}</h2>
            <EChart
              title={w('chart.types')}
              keyHint={keys}
              height={340}
              option={callTypesOption(report, words)}
              picks={typePicks}
            />
          </div>
        </>
      )}
      {parts.incidents && (
        <>
          {countsPanel(
            'chart-category',
            w('chart.category'),
            report.incidents.byCategory,
            name.category,
            'category',
          )}
          {countsPanel(
            'chart-kecamatan',
            w('chart.kecamatan'),
            report.incidents.byKecamatan,
            name.kecamatan,
            'kecamatan',
          )}
          <div className="panel" data-testid="chart-desa">
            <h2>{w('chart.desa')}</h2>
            {map ? (
              <EChart
                title={w('chart.desa')}
                keyHint={keys}
                height={420}
                map={map}
                option={desaMapOption(map.name, report.incidents.byDesa, name.desa, words)}
                picks={desaPicks}
              />
            ) : (
              <p className="muted">{w('loading')}</p>
            )}
          </div>
        </>
      )}
      {parts.agencies && agencies}
      {parts.incidents && (
        <div className="panel" data-testid="chart-processing">
          <h2>{w('chart.processing')}</h2>
          <EChart
            title={w('chart.processing')}
            keyHint={keys}
            option={histogramOption(report.processing, [{ seconds: 60, label: '60 s' }], {
              ...words,
              calls: w('incidents'),
            })}
            picks={histogramPicks(report.processing.histogram, (lo, hi, label) =>
              drill.incidents(
                `${w('processingTime')} ${label}`,
                binParams('processingAbove', 'processingAtMost', lo, hi),
              ),
            )}
          />
        </div>
      )}
    </section>
  );
}
