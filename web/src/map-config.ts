// Where the map takes its basemap from (`GET /api/config`): set by the shell, read by the map when it loads.
import { createContext } from 'react';

export interface MapConfig {
  tileUrl?: string;
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
