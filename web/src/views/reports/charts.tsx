// The reports' charts as plain SVG: a histogram with target lines, stacked bars over time, horizontal bars. Every
// bar opens the list behind it (click, or Enter/Space when focused). A chart is a labelled group of such buttons, each
// named by the text it shows (axe: no interactive parts inside an image, the visible text inside the name).
import type { KeyboardEvent, ReactNode } from 'react';

/** Props of a focusable SVG group that opens what lies behind a bar. */
function opener(label: string, open?: () => void) {
  if (!open) return { 'aria-label': label };
  return {
    role: 'button',
    tabIndex: 0,
    'aria-label': label,
    className: 'bar-link',
    onClick: open,
    onKeyDown: (event: KeyboardEvent) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        open();
      }
    },
  };
}

const niceMax = (value: number) => {
  if (value <= 5) return 5;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((m) => m >= value)!;
};

export interface HistogramBin {
  label: string;
  n: number;
  /** The bin's upper bound in seconds (null: the open bin), to place the target lines. */
  upper: number | null;
  open?: () => void;
}

/** Vertical bars per duration bin, with dashed target lines drawn after the bins at those bounds. */
export function Histogram({
  bins,
  lines,
  title,
}: {
  bins: HistogramBin[];
  lines: { seconds: number; label: string }[];
  title: string;
}) {
  const width = 560;
  const height = 220;
  const left = 36;
  const bottom = 36;
  const top = 18;
  const max = niceMax(Math.max(1, ...bins.map((b) => b.n)));
  const slot = (width - left - 8) / bins.length;
  const y = (n: number) => top + (height - top - bottom) * (1 - n / max);
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG has no <fieldset>; the group names the chart around its bar buttons
    <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="group" aria-label={title}>
      <title>{title}</title>
      {[0, 0.5, 1].map((f) => (
        <g key={f}>
          <line className="grid" x1={left} x2={width - 8} y1={y(max * f)} y2={y(max * f)} />
          <text className="axis" x={left - 4} y={y(max * f) + 4} textAnchor="end">
            {Math.round(max * f)}
          </text>
        </g>
      ))}
      {bins.map((b, i) => (
        <g key={b.label} {...opener(`${b.label} ${b.n}`, b.open)}>
          <rect
            className="bar"
            x={left + i * slot + 2}
            y={y(b.n)}
            width={slot - 4}
            height={Math.max(0, height - bottom - y(b.n))}
          />
          <text className="axis" x={left + i * slot + slot / 2} y={height - bottom + 14} textAnchor="middle">
            {b.label}
          </text>
          {b.n > 0 && (
            <text className="value" x={left + i * slot + slot / 2} y={y(b.n) - 3} textAnchor="middle">
              {b.n}
            </text>
          )}
        </g>
      ))}
      {lines.map((line) => {
        const index = bins.findIndex((b) => b.upper === line.seconds);
        if (index < 0) return null;
        const x = left + (index + 1) * slot;
        return (
          <g key={line.seconds} className="target">
            <line x1={x} x2={x} y1={top - 6} y2={height - bottom} />
            <text x={x + 3} y={top} className="target-label">
              {line.label}
            </text>
          </g>
        );
      })}
      <text className="axis" x={width / 2} y={height - 4} textAnchor="middle">
        s
      </text>
    </svg>
  );
}

export interface Series {
  key: string;
  label: string;
}

/** Stacked vertical bars over time, one colour per series, with a legend. */
export function StackedBars({
  points,
  series,
  title,
  open,
}: {
  points: { label: string; values: Record<string, number> }[];
  series: Series[];
  title: string;
  open?: (index: number, key: string) => void;
}) {
  const width = 560;
  const height = 220;
  const left = 36;
  const bottom = 36;
  const top = 10;
  const totals = points.map((p) => series.reduce((s, k) => s + (p.values[k.key] ?? 0), 0));
  const max = niceMax(Math.max(1, ...totals));
  const slot = (width - left - 8) / Math.max(1, points.length);
  const scale = (n: number) => ((height - top - bottom) * n) / max;
  const every = Math.max(1, Math.ceil(points.length / 12));
  return (
    <figure className="chart-figure">
      {/* biome-ignore lint/a11y/useSemanticElements: an SVG has no <fieldset>; the group names the chart around its bar buttons */}
      <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="group" aria-label={title}>
        <title>{title}</title>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line
              className="grid"
              x1={left}
              x2={width - 8}
              y1={height - bottom - scale(max * f)}
              y2={height - bottom - scale(max * f)}
            />
            <text className="axis" x={left - 4} y={height - bottom - scale(max * f) + 4} textAnchor="end">
              {Math.round(max * f)}
            </text>
          </g>
        ))}
        {points.map((p, i) => {
          let base = height - bottom;
          return (
            <g key={p.label}>
              {series.map((s, k) => {
                const n = p.values[s.key] ?? 0;
                if (n === 0) return null;
                const h = scale(n);
                base -= h;
                return (
                  <g key={s.key} {...opener(`${p.label} ${s.label}: ${n}`, open && (() => open(i, s.key)))}>
                    <rect
                      className={`bar series-${k}`}
                      x={left + i * slot + 1}
                      y={base}
                      width={Math.max(1, slot - 2)}
                      height={h}
                    />
                  </g>
                );
              })}
              {i % every === 0 && (
                <text
                  className="axis"
                  x={left + i * slot + slot / 2}
                  y={height - bottom + 14}
                  textAnchor="middle"
                >
                  {p.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        {series.map((s, k) => (
          <span key={s.key}>
            <svg width="12" height="12" aria-hidden="true">
              <rect className={`bar series-${k}`} width="12" height="12" />
            </svg>{' '}
            {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

export interface HBar {
  label: string;
  /** One value per series (a single series for plain bars). */
  values: number[];
  /** Shown at the end of the row instead of the first value. */
  text?: string;
  open?: () => void;
}

/** Horizontal bars, one row per item, optionally several series per row. */
export function HBars({
  rows,
  title,
  series,
  format = String,
}: {
  rows: HBar[];
  title: string;
  series?: string[];
  format?: (n: number) => string;
}): ReactNode {
  const width = 560;
  const labelWidth = 170;
  const perSeries = 14;
  const count = Math.max(1, series?.length ?? 1);
  const rowHeight = count * perSeries + 8;
  const height = Math.max(30, rows.length * rowHeight + 8);
  const max = Math.max(1, ...rows.flatMap((r) => r.values));
  const barWidth = (n: number) => ((width - labelWidth - 70) * n) / max;
  return (
    <figure className="chart-figure">
      {/* biome-ignore lint/a11y/useSemanticElements: an SVG has no <fieldset>; the group names the chart around its bar buttons */}
      <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="group" aria-label={title}>
        <title>{title}</title>
        {rows.map((r, i) => (
          <g key={r.label} {...opener(`${r.label} ${r.text ?? format(r.values[0] ?? 0)}`, r.open)}>
            <text className="axis" x={labelWidth - 6} y={i * rowHeight + rowHeight / 2 + 4} textAnchor="end">
              {r.label.length > 26 ? `${r.label.slice(0, 25)}…` : r.label}
            </text>
            {r.values.map((n, k) => (
              <g key={series?.[k] ?? k}>
                <rect
                  className={`bar series-${k}`}
                  x={labelWidth}
                  y={i * rowHeight + 4 + k * perSeries}
                  width={Math.max(n > 0 ? 2 : 0, barWidth(n))}
                  height={perSeries - 3}
                />
                {(count > 1 || r.text === undefined) && (
                  <text
                    className="value"
                    x={labelWidth + barWidth(n) + 4}
                    y={i * rowHeight + 4 + k * perSeries + perSeries - 4}
                  >
                    {format(n)}
                  </text>
                )}
              </g>
            ))}
            {count === 1 && r.text !== undefined && (
              <text
                className="value"
                x={labelWidth + barWidth(r.values[0] ?? 0) + 4}
                y={i * rowHeight + rowHeight / 2 + 4}
              >
                {r.text}
              </text>
            )}
          </g>
        ))}
      </svg>
      {series && series.length > 1 && (
        <figcaption className="legend">
          {series.map((s, k) => (
            <span key={s}>
              <svg width="12" height="12" aria-hidden="true">
                <rect className={`bar series-${k}`} width="12" height="12" />
              </svg>{' '}
              {s}
            </span>
          ))}
        </figcaption>
      )}
    </figure>
  );
}
