// The map as the views use it: MapLibre (about 1.3 MB with its worker) is downloaded only when a view shows a map,
// after the view itself works; without WebGL the small SVG drawing is drawn at once and MapLibre never loads, and when
// MapLibre's code cannot be downloaded the SVG drawing takes its place.
import { lazy, Suspense, useState } from 'react';
import { useI18n } from '../i18n.ts';
import { webglAvailable } from '../map-config.ts';
import { LoadFailure } from './LoadFailure.tsx';
import type { MapProps } from './MapView.tsx';
import { SvgMap } from './SvgMap.tsx';

const MaplibreMap = lazy(() => import('./MapView.tsx').then((module) => ({ default: module.MapView })));

export function MapView(props: MapProps) {
  const { t } = useI18n();
  const [webgl] = useState(webglAvailable);
  if (!webgl) return <SvgMap {...props} note={t('map.unavailable')} />;
  return (
    <LoadFailure fallback={<SvgMap {...props} note={t('map.notLoaded')} />}>
      <Suspense fallback={<div className={`map ${props.className ?? ''}`} aria-busy="true" />}>
        <MaplibreMap {...props} />
      </Suspense>
    </LoadFailure>
  );
}
