// The map: MapLibre GL over a configured basemap, or a plain offline background with the kecamatan; SVG if no WebGL.

import type { StyleSpecification } from 'maplibre-gl';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { createContext, useContext, useEffect, useRef, useState } from 'react';
import type { Kecamatan } from '../../../src/domain/types.ts';
import { useI18n } from '../i18n.ts';

maplibregl.setWorkerUrl(workerUrl);

export interface MapMarker {
  id: string;
  lat: number;
  lon: number;
  color: string;
  /** Short text inside the marker, e.g. "P1" or a unit's callsign. */
  label: string;
  title: string;
  kind: 'incident' | 'unit' | 'pick';
  highlight?: boolean;
}

export interface MapConfig {
  tileUrl?: string;
}

export const MapConfigContext = createContext<MapConfig>({});

interface Props {
  kecamatan: Kecamatan[];
  markers: MapMarker[];
  onPick?: (lat: number, lon: number) => void;
  className?: string;
}

const BACKGROUND = '#e8eef0';

function offlineStyle(kecamatan: Kecamatan[]): StyleSpecification {
  return {
    version: 8,
    sources: {
      kecamatan: {
        type: 'geojson',
        data: {
          type: 'FeatureCollection',
          features: kecamatan.map((k) => ({
            type: 'Feature',
            properties: { code: k.code, name: k.name },
            geometry: { type: 'Point', coordinates: [k.lon, k.lat] },
          })),
        },
      },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': BACKGROUND } },
      {
        id: 'kecamatan-area',
        type: 'circle',
        source: 'kecamatan',
        paint: {
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 14, 12, 90],
          'circle-color': '#c9dccf',
          'circle-opacity': 0.6,
          'circle-stroke-color': '#7f9c88',
          'circle-stroke-width': 1,
        },
      },
    ],
  };
}

function basemapStyle(tileUrl: string, kecamatan: Kecamatan[]): StyleSpecification | string {
  if (/\.json($|\?)/.test(tileUrl)) return tileUrl;
  const style = offlineStyle(kecamatan);
  style.sources.basemap = { type: 'raster', tiles: [tileUrl], tileSize: 256, maxzoom: 19 };
  style.layers.splice(1, 0, { id: 'basemap', type: 'raster', source: 'basemap' });
  return style;
}

function markerElement(m: MapMarker): HTMLElement {
  const el = document.createElement('div');
  el.className = `map-marker ${m.kind}${m.highlight ? ' highlight' : ''}`;
  el.style.background = m.color;
  el.textContent = m.label;
  el.title = m.title;
  return el;
}

function bounds(points: { lat: number; lon: number }[]) {
  const lats = points.map((p) => p.lat);
  const lons = points.map((p) => p.lon);
  return {
    minLat: Math.min(...lats),
    maxLat: Math.max(...lats),
    minLon: Math.min(...lons),
    maxLon: Math.max(...lons),
  };
}

function webglAvailable(): boolean {
  try {
    const canvas = document.createElement('canvas');
    return Boolean(canvas.getContext('webgl2') ?? canvas.getContext('webgl'));
  } catch {
    return false;
  }
}

export function MapView({ kecamatan, markers, onPick, className }: Props) {
  const { t } = useI18n();
  const config = useContext(MapConfigContext);
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<maplibregl.Map | null>(null);
  const shown = useRef(new Map<string, { marker: maplibregl.Marker; key: string }>());
  const pickRef = useRef(onPick);
  pickRef.current = onPick;
  const [failed, setFailed] = useState(() => !webglAvailable());
  // The map is built once per set of kecamatan, not on every render that passes a fresh array.
  const kecamatanKey = kecamatan.map((k) => k.code).join(',');
  const kecamatanRef = useRef(kecamatan);
  kecamatanRef.current = kecamatan;

  // biome-ignore lint/correctness/useExhaustiveDependencies: kecamatanKey stands for the kecamatan list
  useEffect(() => {
    const kecamatan = kecamatanRef.current;
    if (failed || !container.current || kecamatan.length === 0) return;
    const b = bounds(kecamatan);
    let instance: maplibregl.Map;
    try {
      instance = new maplibregl.Map({
        container: container.current,
        style: config.tileUrl ? basemapStyle(config.tileUrl, kecamatan) : offlineStyle(kecamatan),
        bounds: [
          [b.minLon - 0.05, b.minLat - 0.05],
          [b.maxLon + 0.05, b.maxLat + 0.05],
        ],
        attributionControl: false,
        keyboard: true,
      });
    } catch {
      setFailed(true);
      return;
    }
    instance.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    for (const k of kecamatan) {
      const label = document.createElement('div');
      label.className = 'map-label';
      label.textContent = k.name;
      new maplibregl.Marker({ element: label }).setLngLat([k.lon, k.lat]).addTo(instance);
    }
    instance.on('click', (e: maplibregl.MapMouseEvent) => pickRef.current?.(e.lngLat.lat, e.lngLat.lng));
    map.current = instance;
    const markersShown = shown.current;
    return () => {
      markersShown.clear();
      instance.remove();
      map.current = null;
    };
  }, [failed, kecamatanKey, config.tileUrl]);

  useEffect(() => {
    const instance = map.current;
    if (!instance) return;
    const seen = new Set<string>();
    for (const m of markers) {
      seen.add(m.id);
      const key = `${m.lat},${m.lon},${m.color},${m.label},${m.title},${m.highlight}`;
      const current = shown.current.get(m.id);
      if (current?.key === key) continue;
      current?.marker.remove();
      const marker = new maplibregl.Marker({ element: markerElement(m) })
        .setLngLat([m.lon, m.lat])
        .addTo(instance);
      shown.current.set(m.id, { marker, key });
    }
    for (const [id, entry] of shown.current) {
      if (!seen.has(id)) {
        entry.marker.remove();
        shown.current.delete(id);
      }
    }
  });

  if (failed)
    return (
      <SvgMap
        kecamatan={kecamatan}
        markers={markers}
        onPick={onPick}
        className={className}
        note={t('map.unavailable')}
      />
    );
  return (
    <div
      ref={container}
      className={`map ${className ?? ''}`}
      role="application"
      aria-label={t('map.title')}
    />
  );
}

/** Plain projection of the area onto an SVG: always works, with no WebGL and no network. */
function SvgMap({ kecamatan, markers, onPick, className, note }: Props & { note: string }) {
  const points = [...kecamatan, ...markers];
  if (points.length === 0) return <div className={`map ${className ?? ''}`} />;
  const b = bounds(points);
  const pad = 0.04;
  const minLon = b.minLon - pad;
  const maxLat = b.maxLat + pad;
  const w = b.maxLon - b.minLon + 2 * pad;
  const h = b.maxLat - b.minLat + 2 * pad;
  const W = 1000;
  const H = Math.round((W * h) / w);
  const x = (lon: number) => ((lon - minLon) / w) * W;
  const y = (lat: number) => ((maxLat - lat) / h) * H;
  return (
    <div className={`map svg-map ${className ?? ''}`}>
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: the form offers the kecamatan centre and coordinates by keyboard */}
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={note}
        onClick={(e) => {
          if (!onPick) return;
          const rect = e.currentTarget.getBoundingClientRect();
          const px = ((e.clientX - rect.left) / rect.width) * W;
          const py = ((e.clientY - rect.top) / rect.height) * H;
          onPick(maxLat - (py / H) * h, minLon + (px / W) * w);
        }}
      >
        <rect width={W} height={H} fill={BACKGROUND} />
        {kecamatan.map((k) => (
          <g key={k.code}>
            <circle cx={x(k.lon)} cy={y(k.lat)} r={38} fill="#c9dccf" stroke="#7f9c88" />
            <text x={x(k.lon)} y={y(k.lat) + 52} textAnchor="middle" fontSize={20} fill="#34483a">
              {k.name}
            </text>
          </g>
        ))}
        {markers.map((m) => (
          <g key={m.id}>
            <title>{m.title}</title>
            <circle
              cx={x(m.lon)}
              cy={y(m.lat)}
              r={m.kind === 'incident' ? 16 : 12}
              fill={m.color}
              stroke={m.highlight ? '#000' : '#fff'}
              strokeWidth={m.highlight ? 4 : 2}
            />
            <text
              x={x(m.lon)}
              y={y(m.lat) + 6}
              textAnchor="middle"
              fontSize={14}
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
