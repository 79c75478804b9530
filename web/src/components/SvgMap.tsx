// The map without WebGL: the boundaries and markers projected onto an SVG; always works, with no network.
import type { AreaFeature } from '../../../src/geo/boundaries.ts';
import { useGeo } from '../geo.ts';
import { declutter, keepsLabelsClear, type LabelPlace, placeLabels } from '../markers.ts';
import type { MapProps } from './MapView.tsx';

const SEA = '#cfe2ec';
const PAD = 0.04;
const W = 1000;
/** Markers closer than this (in the drawing's units, about 30 pixels at its usual size) are drawn as one. */
const SVG_CLUSTER = 80;

/** The SVG path of an area's outline in the given projection. */
function pathOf(feature: AreaFeature, x: (lon: number) => number, y: (lat: number) => number): string {
  const g = feature.geometry;
  const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
  return rings
    .map(
      (ring) =>
        `M${ring.map(([lon = 0, lat = 0]) => `${x(lon).toFixed(1)},${y(lat).toFixed(1)}`).join('L')}Z`,
    )
    .join('');
}

type Box = [west: number, south: number, east: number, north: number];

/**
 * A framed drawing's box: the framed area and every marker, with a margin that shows the neighbouring kecamatan
 * around them, made no taller than wide nor more than twice as wide, so it sits small in a phone's column.
 */
function frameBox(area: Box, points: { lat: number; lon: number }[]): Box {
  let [west, south, east, north] = area;
  for (const p of points) {
    west = Math.min(west, p.lon);
    east = Math.max(east, p.lon);
    south = Math.min(south, p.lat);
    north = Math.max(north, p.lat);
  }
  const margin = Math.max(0.03, 0.25 * Math.max(east - west, north - south));
  [west, south, east, north] = [west - margin, south - margin, east + margin, north + margin];
  const [width, height] = [east - west, north - south];
  const wider = Math.max(0, (height * 1.25 - width) / 2);
  const taller = Math.max(0, (width / 2 - height) / 2);
  return [west - wider, south - taller, east + wider, north + taller];
}

export function SvgMap({
  kecamatan,
  markers,
  onPick,
  area,
  className,
  note,
  frame,
}: MapProps & {
  note: string;
  /** An area code (a kecamatan) the drawing shows with its markers and neighbours, its desa outlined, marks larger. */
  frame?: string | null;
}) {
  const geo = useGeo();
  const frameArea = (frame && geo?.locator.bounds(frame)) || null;
  const framed = frameArea ? frameBox(frameArea, markers) : null;
  const box = framed ?? geo?.locator.bounds(geo.home);
  /** Marks and labels grow in a framed drawing, which a phone shows at a third of its width. */
  const big = framed ? 2 : 1;
  const pad = framed ? 0 : PAD;
  const points = [...kecamatan, ...markers];
  if (!box && points.length === 0) return <div className={`map ${className ?? ''}`} />;
  const [west, south, east, north] = box ?? [
    Math.min(...points.map((p) => p.lon)),
    Math.min(...points.map((p) => p.lat)),
    Math.max(...points.map((p) => p.lon)),
    Math.max(...points.map((p) => p.lat)),
  ];
  const minLon = west - pad;
  const maxLat = north + pad;
  const w = east - west + 2 * pad;
  const h = north - south + 2 * pad;
  const H = Math.round((W * h) / w);
  const x = (lon: number) => ((lon - minLon) / w) * W;
  const y = (lat: number) => ((maxLat - lat) / h) * H;
  const features = geo?.boundaries.features ?? [];
  const drawn = (level: AreaFeature['properties']['level']) =>
    features.filter((f) => f.properties.level === level);
  const marks = declutter(markers, (lat, lon) => [x(lon), y(lat)], SVG_CLUSTER);
  const names = features.length > 0 ? drawn('district').map((f) => f.properties) : [];
  // A kecamatan's name under an incident's mark goes beside it (text about 0.6 of its size wide per letter).
  const nameSize = 20 * big;
  const markBox = (m: (typeof marks)[number]) => {
    const r = (m.kind === 'incident' ? 16 : 12) * big;
    return { x: x(m.lon), y: y(m.lat), w: 2 * r, h: 2 * r };
  };
  const placed = placeLabels(
    names.map((p) => ({
      x: x(p.label_lon),
      y: y(p.label_lat) - 0.35 * nameSize,
      w: p.name.length * nameSize * 0.6,
      h: nameSize,
    })),
    marks.filter(keepsLabelsClear).map(markBox),
    marks.filter((m) => !keepsLabelsClear(m)).map(markBox),
  );
  const nameAt = (i: number): LabelPlace => (placed.has(i) ? placed.get(i)! : [0, 0]);
  return (
    <div className={`map svg-map ${className ?? ''}`}>
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: the form offers kecamatan, desa and coordinates by keyboard */}
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={note}
        data-bounds={`${minLon},${maxLat},${w},${h}`}
        data-frame={framed ? frame : undefined}
        onClick={(e) => {
          if (!onPick) return;
          const rect = e.currentTarget.getBoundingClientRect();
          const px = ((e.clientX - rect.left) / rect.width) * W;
          const py = ((e.clientY - rect.top) / rect.height) * H;
          onPick(maxLat - (py / H) * h, minLon + (px / W) * w);
        }}
      >
        <rect width={W} height={H} fill={SEA} />
        {drawn('regency').map((f) => (
          <path
            key={f.properties.code}
            d={pathOf(f, x, y)}
            fill={f.properties.code === geo?.home ? '#fbf9f1' : '#e6e2d6'}
            stroke={f.properties.code === geo?.home ? '#3b3326' : '#8d8470'}
            strokeWidth={f.properties.code === geo?.home ? 2.5 : 1}
          />
        ))}
        {framed &&
          drawn('village')
            .filter((f) => f.properties.code.startsWith(`${frame}.`))
            .map((f) => (
              <path
                key={f.properties.code}
                d={pathOf(f, x, y)}
                fill="none"
                stroke="#b3a88f"
                strokeWidth={1}
                strokeDasharray="4 3"
              />
            ))}
        {drawn('district').map((f) => (
          <path
            key={f.properties.code}
            data-district={f.properties.code}
            d={pathOf(f, x, y)}
            fill="none"
            stroke="#7a6c52"
            strokeWidth={(f.properties.code === frame ? 2.5 : 1.2) * big}
          />
        ))}
        {features
          .filter((f) => f.properties.code === area)
          .map((f) => (
            <path
              key="area"
              data-area={f.properties.code}
              d={pathOf(f, x, y)}
              fill="#f2b134"
              fillOpacity={0.35}
              stroke="#c77700"
              strokeWidth={3}
            />
          ))}
        {features.length === 0 &&
          kecamatan.map((k) => (
            <circle key={k.code} cx={x(k.lon)} cy={y(k.lat)} r={38} fill="#c9dccf" stroke="#7f9c88" />
          ))}
        {names.map((p, i) => {
          const at = nameAt(i);
          return (
            at && (
              <text
                key={p.code}
                data-label={p.code}
                x={x(p.label_lon) + at[0]}
                y={y(p.label_lat) + at[1]}
                textAnchor="middle"
                fontSize={nameSize}
                fill="#34483a"
              >
                {p.name}
              </text>
            )
          );
        })}
        {features.length === 0 &&
          kecamatan.map((k) => (
            <text
              key={k.code}
              x={x(k.lon)}
              y={y(k.lat) + 52}
              textAnchor="middle"
              fontSize={20}
              fill="#34483a"
            >
              {k.name}
            </text>
          ))}
        {marks.map((m) => (
          <g key={m.id} data-marker={m.id} data-station={m.station} className={m.live ? 'live' : undefined}>
            <title>{m.title}</title>
            <circle
              cx={x(m.lon)}
              cy={y(m.lat)}
              r={(m.kind === 'incident' ? 16 : 12) * big}
              fill={m.color}
              stroke={m.highlight ? '#000' : '#fff'}
              strokeWidth={m.highlight ? 4 : 2}
            />
            <text
              x={x(m.lon)}
              y={y(m.lat) + 6 * big}
              textAnchor="middle"
              fontSize={14 * big}
              fill="#fff"
              fontWeight="bold"
            >
              {m.label}
            </text>
          </g>
        ))}
      </svg>
      <small className="map-note">{note}</small>
    </div>
  );
}
