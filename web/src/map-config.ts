// What the consoles take from `GET /api/config`, set by the shell: where the map takes its basemap from, read by the
// map when it loads, the centre's clock, read by the reports view, and the transfer targets, read by the desk panel.
import { createContext } from 'react';
import type { ReportClock } from '../../src/domain/reports/clock.ts';
import type { ConfigBody } from '../../src/protocol/bodies.ts';

export interface MapConfig {
  tileUrl?: string;
  reportClock?: ReportClock;
  /** Where a call can be passed outside the desks, read by the desk panel. */
  transferTargets?: ConfigBody['transferTargets'];
}

export const MapConfigContext = createContext<MapConfig>({});

/** Whether this browser can draw the MapLibre map; without WebGL the SVG drawing stands in. */
export function webglAvailable(): boolean {
  try {
    const canvas = document.createElement('canvas');
    return Boolean(canvas.getContext('webgl2') ?? canvas.getContext('webgl'));
  } catch {
    return false;
  }
}
