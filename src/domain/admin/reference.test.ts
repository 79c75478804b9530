// Reference data adopted into the log: the one event rebuilds agencies, stations, units, accounts and the SOP, and
// only the admin and the supervisor see it (it carries accounts).
import { describe, expect, it } from 'vitest';
import { fixtureSop } from '../sop-fixture.ts';
import { emptyState } from '../state.ts';
import {
  cmd,
  dispatcher,
  expectRefused,
  liaison,
  makeReference,
  makeState,
  run,
  system,
} from '../test-fixtures.ts';
import type { PublishedSop, UserAccount } from '../types.ts';
import { seesEvent } from '../visibility.ts';
import type { AdoptedReference } from './reference.ts';

const user: UserAccount = {
  id: 'u1',
  username: 'operator1',
  displayName: 'Andi',
  role: 'call_taker',
  agencyId: null,
  unitId: null,
  active: true,
  mustChangePassword: false,
  unlockedAt: null,
  sessionsRevokedAt: null,
  createdAt: 1,
  updatedAt: 1,
};

/** Everything a seeded state holds but the map, as one adoption. */
function everything(): AdoptedReference {
  const seeded = makeState();
  const sop: PublishedSop = {
    version: 1,
    title: 'SOP',
    publishedAt: 0,
    publishedBy: 'system',
    doc: fixtureSop(),
  };
  return {
    agencies: [...seeded.ref.agencies.values()],
    stations: [...seeded.ref.stations.values()],
    units: [...seeded.units.values()],
    users: [user],
    categories: [...seeded.ref.categories.values()],
    sops: [sop],
  };
}

/** A state holding the map only, as a new database's is before its first event. */
function mapOnly() {
  const { kecamatan, desa } = makeReference();
  const state = emptyState();
  state.ref.kecamatan = kecamatan;
  state.ref.desa = desa;
  return state;
}

describe('reference.adopt', () => {
  it('puts every adopted record into the state, as the seeded state holds them', () => {
    const state = mapOnly();
    const reference = everything();
    const decision = run(state, cmd('reference.adopt', reference), system);
    expect(decision.result).toMatchObject({ agencies: reference.agencies.length, users: 1, sops: 1 });
    const seeded = makeState();
    expect(state.ref.agencies).toEqual(seeded.ref.agencies);
    expect(state.ref.stations).toEqual(seeded.ref.stations);
    expect(state.units).toEqual(seeded.units);
    expect(state.ref.categories).toEqual(seeded.ref.categories);
    expect(state.users.get('u1')).toEqual(user);
    expect(state.ref.sops.get(1)?.title).toBe('SOP');
  });

  it('refuses stations and units of an agency neither the state nor the adoption knows', () => {
    const state = mapOnly();
    const { stations } = everything();
    expectRefused(
      state,
      () => run(state, cmd('reference.adopt', { ...everything(), agencies: [], units: [] }), system),
      'invalid',
      'agency.unknown',
      'stations',
    );
    expectRefused(
      state,
      () => run(state, cmd('reference.adopt', { ...everything(), agencies: [], stations: [] }), system),
      'invalid',
      'agency.unknown',
      'units',
    );
    expect(stations.length).toBeGreaterThan(0);
  });

  it('is for the server alone, and shows its accounts to the admin and the supervisor only', () => {
    const state = mapOnly();
    expectRefused(
      state,
      () => run(state, cmd('reference.adopt', everything()), dispatcher),
      'forbidden',
      'role.forbidden',
    );
    const { events } = run(state, cmd('reference.adopt', everything()), system);
    const event = { ...events[0]!, seq: 1, hash: '' };
    expect(seesEvent({ userId: 'a', role: 'admin', agencyId: null }, event)).toBe(true);
    expect(seesEvent({ userId: 's', role: 'supervisor', agencyId: null }, event)).toBe(true);
    expect(seesEvent(dispatcher, event)).toBe(false);
    expect(seesEvent(liaison('damkar'), event)).toBe(false);
  });
});
