// @vitest-environment happy-dom
// The WebGL probe: made once per page, its context let go at once (a map shown asked twice, each probe a live context).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { webglAvailable } from './map-config.ts';

describe('webglAvailable', () => {
  afterEach(() => vi.restoreAllMocks());

  it('probes once per page and lets the probe context go', () => {
    const loseContext = vi.fn();
    const getContext = vi.fn(() => ({ getExtension: () => ({ loseContext }) }));
    const create = document.createElement.bind(document);
    const createElement = vi
      .spyOn(document, 'createElement')
      .mockImplementation((tag: string) =>
        tag === 'canvas' ? ({ getContext } as unknown as HTMLCanvasElement) : create(tag),
      );
    expect(webglAvailable()).toBe(true);
    expect(webglAvailable()).toBe(true);
    expect(createElement).toHaveBeenCalledTimes(1);
    expect(getContext).toHaveBeenCalledTimes(1);
    expect(loseContext).toHaveBeenCalledTimes(1);
  });
});
