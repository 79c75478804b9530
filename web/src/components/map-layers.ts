// The map's drawing of the boundaries: land and sea, regency, kecamatan and desa outlines, the chosen area.
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';
import type { Geo } from '../geo.ts';

const SEA = '#cfe2ec';

/** The base under the boundaries: the sea colour, plus raster tiles when a basemap is configured. */
export function baseStyle(tileUrl: string | undefined): StyleSpecification | string {
  if (tileUrl && /\.json($|\?)/.test(tileUrl)) return tileUrl;
  const style: StyleSpecification = {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': SEA } }],
  };
  if (tileUrl) {
    style.sources.basemap = { type: 'raster', tiles: [tileUrl], tileSize: 256, maxzoom: 19 };
    style.layers.push({ id: 'basemap', type: 'raster', source: 'basemap' });
  }
  return style;
}

const level = (name: string) => ['==', ['get', 'level'], name] as const;
const code = (value: string) => ['==', ['get', 'code'], value] as const;

/** Filter of the chosen area's layers; matches nothing while no area is chosen. */
export const areaFilter = (area: string | null) => ['==', ['get', 'code'], area ?? ''] as never;

/** The boundary layers, land filled only where no basemap draws it. */
export function boundaryLayers(geo: Geo, basemap: boolean): LayerSpecification[] {
  const land = basemap ? 0.15 : 1;
  const source = 'boundaries';
  return [
    {
      id: 'land-other',
      type: 'fill',
      source,
      filter: ['all', level('regency'), ['!', code(geo.home)]] as never,
      paint: { 'fill-color': '#e6e2d6', 'fill-opacity': land },
    },
    {
      id: 'land-home',
      type: 'fill',
      source,
      filter: code(geo.home) as never,
      paint: { 'fill-color': '#fbf9f1', 'fill-opacity': land },
    },
    {
      id: 'area-fill',
      type: 'fill',
      source,
      filter: areaFilter(null),
      paint: { 'fill-color': '#f2b134', 'fill-opacity': 0.35 },
    },
    {
      id: 'desa-line',
      type: 'line',
      source,
      minzoom: 10,
      filter: level('village') as never,
      paint: {
        'line-color': '#9c9684',
        'line-width': ['interpolate', ['linear'], ['zoom'], 10, 0.4, 14, 1.2],
        'line-dasharray': [3, 2],
      },
    },
    {
      id: 'kecamatan-line',
      type: 'line',
      source,
      filter: level('district') as never,
      paint: {
        'line-color': '#7a6c52',
        'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.8, 13, 2.2],
      },
    },
    {
      id: 'regency-line',
      type: 'line',
      source,
      filter: ['all', level('regency'), ['!', code(geo.home)]] as never,
      paint: { 'line-color': '#8d8470', 'line-width': 1 },
    },
    {
      id: 'home-line',
      type: 'line',
      source,
      filter: code(geo.home) as never,
      paint: { 'line-color': '#3b3326', 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 1.5, 13, 3] },
    },
    {
      id: 'area-line',
      type: 'line',
      source,
      filter: areaFilter(null),
      paint: { 'line-color': '#c77700', 'line-width': 3 },
    },
  ];
}

/** Which labels show at a zoom: regencies and kecamatan from afar, desa when close enough to read them. */
export function labelBand(zoom: number): 'far' | 'mid' | 'near' {
  return zoom < 10.4 ? 'far' : zoom < 11.6 ? 'mid' : 'near';
}
