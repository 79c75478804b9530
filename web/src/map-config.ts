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

/** The answer of the one probe a page makes. */
let webgl: boolean | undefined;

/**
 * Whether this browser can draw the MapLibre map; without WebGL the SVG drawing stands in. Probed once per page (a
 * WebGL context costs tens of ms to make with software rendering, and every map shown asked twice), and the probe's
 * context is let go at once instead of counting against the browser's limit of live contexts until a garbage
 * collection.
 */
export function webglAvailable(): boolean {
  if (webgl !== undefined) return webgl;
  try {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
    webgl = Boolean(gl);
  } catch {
    webgl = false;
  }
  return webgl;
}
