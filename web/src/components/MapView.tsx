// The map: the boundaries drawn offline (coast, regencies, kecamatan, desa with labels), a basemap where one is
// configured, incidents and units on top; an SVG drawing of the same where the browser has no WebGL.

import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { Kecamatan } from '../../../src/domain/types.ts';
import type { AreaFeature } from '../../../src/geo/boundaries.ts';
import { type Geo, useGeo, useGeoPending } from '../geo.ts';
import { useI18n } from '../i18n.ts';
import { MapConfigContext, webglAvailable } from '../map-config.ts';
import { declutter, keepsLabelsClear, type LabelPlace, placeLabels, type ScreenBox } from '../markers.ts';
import { areaFilter, baseStyle, boundaryLayers, labelBand } from './map-layers.ts';
import { SvgMap } from './SvgMap.tsx';

maplibregl.setWorkerUrl(workerUrl);

export interface MapMarker {
  id: string;
  lat: number;
  lon: number;
  color: string;
  /** Short text inside the marker, e.g. "P1" or a unit's callsign. */
  label: string;
  title: string;
  kind: 'incident' | 'unit' | 'pick' | 'cluster';
  highlight?: boolean;
  /** A unit drawn where its GPS says it is (not at its station or incident). */
  live?: boolean;
  /** Pixels from its point on the screen, so markers on the same spot do not hide each other. */
  offset?: [number, number];
  /** The station a unit is drawn at (it has no fresh position and is not at its incident). */
  station?: string;
  /** A cluster's extent ([west, south], [east, north]): a click shows it whole, its units apart. */
  bounds?: [[number, number], [number, number]];
}

export interface MapProps {
  kecamatan: Kecamatan[];
  markers: MapMarker[];
  onPick?: (lat: number, lon: number) => void;
  /** A desa or kecamatan code to outline and show whole (a place chosen without a point). */
  area?: string | null;
  className?: string;
}

type Bounds = [[number, number], [number, number]];

/** The zoom a cluster's click goes to at most; from a little before it, markers are no longer grouped. */
const CLUSTER_OPEN_MAX_ZOOM = 16;
const OPEN_ZOOM = CLUSTER_OPEN_MAX_ZOOM - 0.5;

function markerElement(m: MapMarker, open: (bounds: NonNullable<MapMarker['bounds']>) => void): HTMLElement {
  const el = document.createElement('div');
  el.className = `map-marker ${m.kind}${m.highlight ? ' highlight' : ''}${m.live ? ' live' : ''}`;
  el.dataset.marker = m.id;
  if (m.station) el.dataset.station = m.station;
  el.style.background = m.color;
  el.textContent = m.label;
  el.title = m.title;
  const bounds = m.bounds;
  if (bounds) {
    // A cluster opens by click, or by Enter once focused: the map zooms in until its units stand apart.
    el.tabIndex = 0;
    el.setAttribute('role', 'button');
    // The visible count leads the accessible name (axe: label-content-name-mismatch), then the units' names.
    el.setAttribute('aria-label', `${m.label}: ${m.title.replaceAll('\n', ', ')}`);
    el.addEventListener('click', (e) => {
      e.stopPropagation();
      open(bounds);
    });
    el.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') open(bounds);
    });
  }
  return el;
}

/** What to show first: the home regency whole, else the kecamatan centres. */
function homeBounds(geo: Geo | null, kecamatan: Kecamatan[]): Bounds | null {
  const box = geo?.locator.bounds(geo.home);
  if (box) return [box.slice(0, 2) as [number, number], box.slice(2) as [number, number]];
  if (kecamatan.length === 0) return null;
  const lats = kecamatan.map((k) => k.lat);
  const lons = kecamatan.map((k) => k.lon);
  return [
    [Math.min(...lons) - 0.05, Math.min(...lats) - 0.05],
    [Math.max(...lons) + 0.05, Math.max(...lats) + 0.05],
  ];
}

/** A place name drawn on the map, and where it is drawn beside its point (moved clear of an incident, or hidden). */
interface PlaceLabel {
  marker: maplibregl.Marker;
  at: [number, number];
  place: string;
}

/** Labels as HTML: MapLibre would need glyph files for text, and nothing may be fetched from outside. */
function addLabels(map: maplibregl.Map, geo: Geo): PlaceLabel[] {
  const labels: PlaceLabel[] = [];
  const kind: Record<AreaFeature['properties']['level'], string> = {
    regency: 'regency',
    district: 'kecamatan',
    village: 'desa',
  };
  for (const { properties: p } of geo.boundaries.features) {
    if (p.code === geo.home) continue;
    const el = document.createElement('div');
    el.className = `map-label ${kind[p.level]}`;
    el.textContent = p.name.replace(/^Kabupaten /, 'Kab. ');
    const at: [number, number] = [p.label_lon, p.label_lat];
    labels.push({ marker: new maplibregl.Marker({ element: el }).setLngLat(at).addTo(map), at, place: '' });
  }
  return labels;
}

/** How near (pixels) a label's point or a marker must be to an incident's to be measured (a layout) and compared. */
const LABEL_REACH: [number, number] = [200, 80];

/**
 * Moves the place names an incident's marker would cover beside it (markers.ts placeLabels), and puts back those no
 * longer covered. Only the names and markers near an incident are measured; run when the map comes to rest or the
 * incidents change.
 */
function clearLabels(
  map: maplibregl.Map,
  labels: PlaceLabel[],
  clearOf: maplibregl.Marker[],
  others: maplibregl.Marker[],
): void {
  const box = (p: { x: number; y: number }, el: HTMLElement, scale = 1): ScreenBox => ({
    x: p.x,
    y: p.y,
    w: el.offsetWidth * scale,
    h: el.offsetHeight * scale,
  });
  const at = (marker: maplibregl.Marker) => {
    const p = map.project(marker.getLngLat());
    const offset = marker.getOffset();
    return { x: p.x + offset.x, y: p.y + offset.y };
  };
  const incidents = clearOf.map((marker) => {
    const el = marker.getElement();
    return box(at(marker), el, el.classList.contains('highlight') ? 1.25 : 1);
  });
  const near = (p: { x: number; y: number }) =>
    incidents.some((b) => Math.abs(b.x - p.x) < LABEL_REACH[0] && Math.abs(b.y - p.y) < LABEL_REACH[1]);
  const nothing = { x: 0, y: 0, w: 0, h: 0 };
  const units = others.map((marker) => {
    const p = at(marker);
    return near(p) ? box(p, marker.getElement()) : nothing;
  });
  const names = labels.map((label) => {
    const p = map.project(label.at);
    return near(p) ? box(p, label.marker.getElement()) : { ...nothing, ...p };
  });
  const placed = placeLabels(names, incidents, units);
  labels.forEach((label, i) => {
    const where: LabelPlace = placed.has(i) ? placed.get(i)! : [0, 0];
    const key = String(where);
    if (key === label.place) return;
    label.place = key;
    label.marker.setOffset(where ?? [0, 0]);
    const el = label.marker.getElement();
    el.classList.toggle('moved', where !== null && (where[0] !== 0 || where[1] !== 0));
    el.classList.toggle('covered', where === null);
  });
}

export function MapView({ kecamatan, markers, onPick, area = null, className }: MapProps) {
  const { t } = useI18n();
  const config = useContext(MapConfigContext);
  const geo = useGeo();
  // Drawn once the boundaries are there (or known not to come), not once without them and again with them.
  const geoPending = useGeoPending();
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<maplibregl.Map | null>(null);
  /** The map once its style has loaded (and the boundaries are added); null before and after. */
  const [ready, setReady] = useState<maplibregl.Map | null>(null);
  const shown = useRef(new Map<string, { marker: maplibregl.Marker; key: string }>());
  const labels = useRef<PlaceLabel[]>([]);
  /** The markers place names keep clear of, and those last compared (the names are placed again when they change). */
  const clearOf = useRef<MapMarker[]>([]);
  const clearedFor = useRef('');
  /** Moves the place names an incident's marker covers, when those markers changed or the map moved. */
  const arrangeLabels = useRef(() => {});
  arrangeLabels.current = () => {
    const instance = map.current;
    if (!instance || labels.current.length === 0) return;
    const clear = clearOf.current.flatMap((m) => {
      const entry = shown.current.get(m.id);
      return entry ? [entry] : [];
    });
    const key = clear.map(({ key, marker }) => `${key},${marker.getLngLat().toArray()}`).join(';');
    if (key === clearedFor.current) return;
    clearedFor.current = key;
    const others = [...shown.current.values()].filter((entry) => !clear.includes(entry));
    clearLabels(
      instance,
      labels.current,
      clear.map(({ marker }) => marker),
      others.map(({ marker }) => marker),
    );
  };
  const pickRef = useRef(onPick);
  pickRef.current = onPick;
  const [failed, setFailed] = useState(() => !webglAvailable());
  /** The zoom the markers were last grouped at: stations that overlap at one zoom stand apart at another. */
  const [zoom, setZoom] = useState<number | null>(null);
  // The map is built once per set of kecamatan and boundaries, not on every render that passes a fresh array.
  const kecamatanKey = kecamatan.map((k) => k.code).join(',');
  const kecamatanRef = useRef(kecamatan);
  kecamatanRef.current = kecamatan;
  const attribution = t('map.attribution');
  // MapLibre's own words (the zoom buttons' titles, the canvas's name) in the user's language, not its English.
  const locale = useMemo(
    () => ({
      'Map.Title': t('map.title'),
      'NavigationControl.ZoomIn': t('map.zoomIn'),
      'NavigationControl.ZoomOut': t('map.zoomOut'),
      'AttributionControl.ToggleAttribution': t('map.attributionToggle'),
    }),
    [t],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: kecamatanKey stands for the kecamatan list
  useEffect(() => {
    const bounds = homeBounds(geo, kecamatanRef.current);
    if (failed || geoPending || !container.current || !bounds) return;
    let instance: maplibregl.Map;
    try {
      instance = new maplibregl.Map({
        container: container.current,
        style: baseStyle(config.tileUrl),
        bounds,
        fitBoundsOptions: { padding: 8 },
        attributionControl: geo ? { compact: true, customAttribution: attribution } : false,
        keyboard: true,
        locale,
      });
    } catch {
      setFailed(true);
      return;
    }
    instance.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    instance.on('load', () => {
      if (geo) {
        instance.addSource('boundaries', { type: 'geojson', data: geo.boundaries as never });
        for (const layer of boundaryLayers(geo, Boolean(config.tileUrl))) instance.addLayer(layer);
        labels.current = addLabels(instance, geo);
      }
      setZoom(instance.getZoom());
      setReady(instance);
    });
    // Set on the element directly: MapLibre owns the container's classes, a React className would drop them.
    const element = container.current;
    const onZoom = () => {
      const band = labelBand(instance.getZoom());
      for (const b of ['far', 'mid', 'near']) element.classList.toggle(`labels-${b}`, b === band);
    };
    onZoom();
    instance.on('zoom', onZoom);
    instance.on('zoomend', () => setZoom(instance.getZoom()));
    // At rest, the names are placed clear of the incidents again (a zoom brings them nearer or farther on the screen).
    instance.on('moveend', () => {
      clearedFor.current = '';
      arrangeLabels.current();
    });
    instance.on('click', (e: maplibregl.MapMouseEvent) => pickRef.current?.(e.lngLat.lat, e.lngLat.lng));
    map.current = instance;
    const markersShown = shown.current;
    return () => {
      markersShown.clear();
      labels.current = [];
      clearedFor.current = '';
      setReady(null);
      instance.remove();
      map.current = null;
    };
  }, [failed, geoPending, kecamatanKey, config.tileUrl, geo, attribution, locale]);

  // The chosen area: outlined, filled, and shown whole.
  useEffect(() => {
    if (!ready || ready !== map.current || !geo) return;
    for (const id of ['area-fill', 'area-line']) ready.setFilter(id, areaFilter(area));
    const box = area ? geo.locator.bounds(area) : null;
    if (box) ready.fitBounds(box, { padding: 40, maxZoom: 13.5, duration: 0 });
  }, [ready, area, geo]);

  // Grouped as the map stands (its zoom); before it is ready, as they come; never once zoomed in as far as a
  // cluster's click goes, so crews whose phones report one spot can always be told apart.
  const drawn =
    ready && zoom !== null && zoom < OPEN_ZOOM
      ? declutter(markers, (lat, lon) => {
          const p = ready.project([lon, lat]);
          return [p.x, p.y];
        })
      : markers;

  useEffect(() => {
    const instance = map.current;
    if (!instance) return;
    const open = (bounds: NonNullable<MapMarker['bounds']>) =>
      instance.fitBounds(bounds, { padding: 80, maxZoom: CLUSTER_OPEN_MAX_ZOOM, duration: 0 });
    const seen = new Set<string>();
    for (const m of drawn) {
      seen.add(m.id);
      const key = `${m.color},${m.label},${m.title},${m.highlight},${m.live},${m.offset}`;
      const current = shown.current.get(m.id);
      if (current?.key === key) {
        // A unit that moved keeps its element: only its place changes.
        const at = current.marker.getLngLat();
        if (at.lng !== m.lon || at.lat !== m.lat) current.marker.setLngLat([m.lon, m.lat]);
        continue;
      }
      current?.marker.remove();
      const marker = new maplibregl.Marker({ element: markerElement(m, open), offset: m.offset ?? [0, 0] })
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
    clearOf.current = drawn.filter(keepsLabelsClear);
    arrangeLabels.current();
  });

  if (failed)
    return (
      <SvgMap
        kecamatan={kecamatan}
        markers={markers}
        onPick={onPick}
        area={area}
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
      data-ready={ready && geo ? 'boundaries' : ready ? 'plain' : undefined}
    />
  );
}
