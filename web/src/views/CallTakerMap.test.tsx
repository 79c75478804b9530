// @vitest-environment happy-dom
// A click on the call taker's map (the SVG map: no WebGL here) fills kecamatan and desa from the real boundaries,
// a click in Sinjai says so and keeps the kecamatan, and a desa chosen without a point is outlined.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bulukumbaGeo } from '../../../src/seed/boundaries.ts';
import { bulukumbaSeed } from '../../../src/seed/bulukumba.ts';
import { EMPTY_DRAFT, type IncidentDraft } from '../components/IncidentForm.tsx';
import { type Geo, GeoContext, GeoSource } from '../geo.ts';
import { LiveContext, LiveStore, toReference } from '../live.ts';
import { type Session, SessionContext } from '../session.ts';
import { CallTakerView } from './CallTakerView.tsx';

const session: Session = {
  user: { id: 'u-op1', username: 'operator1', displayName: 'Operator', role: 'call_taker', agencyId: null },
  commands: [],
};

const draft: IncidentDraft = { ...EMPTY_DRAFT, open: true, callId: null, category: null };

beforeEach(() => {
  localStorage.clear();
  localStorage.setItem('pinisi.draft.incident.operator1', JSON.stringify(draft));
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response('{}', { status: 404 })),
  );
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderView() {
  const seed = bulukumbaSeed();
  const reference = toReference({
    kecamatan: seed.kecamatan,
    desa: seed.desa,
    agencies: [],
    stations: [],
    categories: [],
  });
  const store = new LiveStore(reference, { seq: 1, calls: [], incidents: [], assignments: [], units: [] });
  const geo: Geo = { ...bulukumbaGeo(), home: '73.02' };
  render(
    <SessionContext.Provider value={session}>
      <LiveContext.Provider value={store}>
        <GeoContext.Provider value={GeoSource.loaded(geo)}>
          <CallTakerView />
        </GeoContext.Provider>
      </LiveContext.Provider>
    </SessionContext.Provider>,
  );
}

/** Clicks the SVG map at a position, laying the drawing out 1:1 in pixels (happy-dom does no layout). */
function clickMap(lat: number, lon: number) {
  const svg = document.querySelector<SVGSVGElement>('.svg-map svg')!;
  const [minLon, maxLat, w, h] = svg.getAttribute('data-bounds')!.split(',').map(Number) as number[];
  const [, , width, height] = svg.getAttribute('viewBox')!.split(' ').map(Number) as number[];
  svg.getBoundingClientRect = () => ({ left: 0, top: 0, width, height }) as DOMRect;
  fireEvent.click(svg, {
    clientX: ((lon - minLon!) / w!) * width!,
    clientY: ((maxLat! - lat) / h!) * height!,
  });
}

const value = (name: string) => document.querySelector<HTMLInputElement>(`input[name=${name}]`)!.value;

describe('the call taker map fills the form', () => {
  it("puts a click at Ujung Bulu's offices into kecamatan Ujung Bulu, kelurahan Loka", async () => {
    renderView();
    expect(value('kecamatan')).toBe('');
    clickMap(-5.557, 120.19);
    await waitFor(() => expect(value('kecamatan')).toBe('Ujung Bulu'));
    expect(value('desa')).toBe('Loka');
    expect(screen.getByTestId('point-place').textContent).toBe('Ujung Bulu · Loka');
  });

  it('says a click in Sinjai is outside the area and keeps the kecamatan already chosen', async () => {
    renderView();
    clickMap(-5.33, 120.35);
    await waitFor(() => expect(value('kecamatan')).toBe('Kajang'));
    clickMap(-5.26, 120.2);
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe('⚠ Di luar wilayah: Kabupaten Sinjai'),
    );
    expect(value('kecamatan')).toBe('Kajang');
  });

  it('outlines a desa chosen without a point', async () => {
    renderView();
    const desa = document.querySelector<HTMLInputElement>('input[name=desa]')!;
    fireEvent.change(desa, { target: { value: 'bira' } });
    fireEvent.keyDown(desa, { key: 'Enter' });
    await waitFor(() => expect(value('desa')).toBe('Bira'));
    expect(value('kecamatan')).toBe('Bonto Bahari');
    expect(document.querySelectorAll('.svg-map path[data-area="73.02.03.2005"]')).toHaveLength(1);
  });
});
