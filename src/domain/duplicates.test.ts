// Possible repeat reports: same or related category, same place (point within the radius, desa, or address), recent.
import { describe, expect, it } from 'vitest';
import { possibleDuplicates } from './duplicates.ts';
import { answeredCall, callTaker, cmd, houseFire, makeState, run, T0 } from './test-fixtures.ts';

function withFire() {
  const state = makeState();
  const callId = answeredCall(state);
  run(state, cmd('incident.create', houseFire(callId)), callTaker);
  const incident = [...state.incidents.values()][0]!;
  return { state, incident };
}

const probe = {
  category: 'kebakaran_bangunan',
  kecamatan: '73.02.02',
  desa: null,
  address: '',
  lat: null,
  lon: null,
};

describe('possibleDuplicates', () => {
  it('finds the open fire by a point 300 m away, by its desa, or by its address written differently', () => {
    const { state, incident } = withFire();
    const open = state.index.openIncidents.values();
    const near = possibleDuplicates(
      open,
      state.ref.categories,
      { ...probe, lat: -5.5587, lon: 120.1955 },
      T0,
    );
    expect(near.map((m) => m.incident.id)).toEqual([incident.id]);
    expect(near[0]?.reasons).toEqual(['point']);
    expect(near[0]?.distanceM).toBeGreaterThan(250);
    expect(near[0]?.distanceM).toBeLessThan(350);
    const byDesa = possibleDuplicates(
      state.incidents.values(),
      state.ref.categories,
      { ...probe, desa: incident.location.desa },
      T0,
    );
    expect(byDesa[0]?.reasons).toEqual(['desa']);
    const byAddress = possibleDuplicates(
      state.incidents.values(),
      state.ref.categories,
      { ...probe, address: 'jln sam ratulangi no 12' },
      T0,
    );
    expect(byAddress[0]?.reasons).toEqual(['address']);
  });

  it('leaves out other places, unrelated categories, old and ended incidents', () => {
    const { state, incident } = withFire();
    const categories = state.ref.categories;
    const far = { ...probe, lat: -5.45, lon: 120.3 };
    expect(possibleDuplicates(state.incidents.values(), categories, far, T0)).toEqual([]);
    const here = { ...probe, desa: incident.location.desa };
    const other = [...categories.values()].find((c) => c.group !== categories.get(probe.category)?.group)!;
    expect(
      possibleDuplicates(state.incidents.values(), categories, { ...here, category: other.code }, T0),
    ).toEqual([]);
    // No category typed yet: the place alone is enough.
    expect(
      possibleDuplicates(state.incidents.values(), categories, { ...here, category: null }, T0),
    ).toHaveLength(1);
    expect(possibleDuplicates(state.incidents.values(), categories, here, T0 + 7 * 3_600_000)).toEqual([]);
    const closed = { ...incident, status: 'cancelled' as const };
    expect(possibleDuplicates([closed], categories, here, T0)).toEqual([]);
  });
});
