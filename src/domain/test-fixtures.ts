// Test fixtures for the domain: a small Bulukumba reference, units, actors, a fixed clock, counter ids and `run`.
import { expect } from 'vitest';
import type { ErrorKind } from '../protocol/errors.ts';
import type { AcdConfig } from './acd/types.ts';
import type { Command, CommandPayload } from './commands.ts';
import { type Decision, decide } from './decide.ts';
import { DomainError } from './errors.ts';
import type { DomainEvent } from './events.ts';
import { apply, emptyState, type State } from './state.ts';
import type { Actor, Category, Priority, Reference, Unit, UnitStatus } from './types.ts';

/** 2026-11-28 08:00 WITA; the fixture clock starts here and moves one second per command. */
export const T0 = Date.UTC(2026, 10, 28, 0, 0, 0);
export const TICK = 1_000;

export const KEC_UJUNG_BULU = '73.02.02';
export const KEC_GANTARANG = '73.02.01';
export const DESA_CAILE = '73.02.02.1001';
const DESA_TERANG_TERANG = '73.02.02.1002';
export const DESA_BONTORAJA = '73.02.01.2001';

export const AGENCIES = ['damkar', 'psc119', 'dinsos', 'polres'] as const;

function category(
  code: string,
  nameId: string,
  group: string,
  agencies: string[],
  defaultPriority: Priority,
): Category {
  return { code, nameId, nameEn: nameId, group, agencies, defaultPriority };
}

export function makeReference(): Reference {
  const kecamatan = [
    { code: KEC_GANTARANG, name: 'Gantarang', lat: -5.48, lon: 120.2 },
    { code: KEC_UJUNG_BULU, name: 'Ujung Bulu', lat: -5.556, lon: 120.195 },
  ];
  const desa = [
    { code: DESA_CAILE, kecamatan: KEC_UJUNG_BULU, name: 'Caile' },
    { code: DESA_TERANG_TERANG, kecamatan: KEC_UJUNG_BULU, name: 'Terang-Terang' },
    { code: DESA_BONTORAJA, kecamatan: KEC_GANTARANG, name: 'Bontoraja' },
  ];
  const agencies = [
    { id: 'damkar', code: 'DAMKAR', name: 'Satpol PP Damkar dan Penyelamatan' },
    { id: 'psc119', code: 'PSC 119', name: 'Dinas Kesehatan / PSC 119' },
    { id: 'dinsos', code: 'DINSOS', name: 'Dinas Sosial' },
    { id: 'polres', code: 'POLRES', name: 'Polres Bulukumba' },
  ];
  const stations = [
    {
      id: 'damkar-ujung-bulu',
      agencyId: 'damkar',
      name: 'Mako Damkar Ujung Bulu',
      kecamatan: KEC_UJUNG_BULU,
      lat: -5.55,
      lon: 120.19,
    },
    { id: 'psc119', agencyId: 'psc119', name: 'PSC 119', kecamatan: KEC_UJUNG_BULU, lat: -5.55, lon: 120.2 },
  ];
  const categories = [
    category('kebakaran_bangunan', 'Kebakaran bangunan', 'fire', ['damkar', 'psc119'], 1),
    category('gawat_darurat_medis', 'Gawat darurat medis', 'medical', ['psc119'], 1),
    category('odgj_terlantar', 'ODGJ terlantar', 'social', ['dinsos'], 3),
    category('lainnya', 'Lainnya', 'other', [], 4),
  ];
  return {
    kecamatan: new Map(kecamatan.map((k) => [k.code, k])),
    desa: new Map(desa.map((d) => [d.code, d])),
    agencies: new Map(agencies.map((a) => [a.id, a])),
    stations: new Map(stations.map((s) => [s.id, s])),
    categories: new Map(categories.map((c) => [c.code, c])),
    sops: new Map(),
  };
}

function unit(id: string, agencyId: string, kind: string, stationId: string | null = null): Unit {
  return {
    id,
    agencyId,
    stationId,
    callsign: id.toUpperCase(),
    kind,
    status: 'available',
    incidentId: null,
    assignmentId: null,
    updatedAt: T0,
  };
}

/** Units of the fixture, all available: two fire engines, an ambulance, a police car and a social-service car. */
export function makeUnits(): Unit[] {
  return [
    unit('damkar-1', 'damkar', 'fire_engine', 'damkar-ujung-bulu'),
    unit('damkar-2', 'damkar', 'fire_engine', 'damkar-ujung-bulu'),
    unit('psc-1', 'psc119', 'ambulance', 'psc119'),
    unit('polres-1', 'polres', 'patrol_car'),
    unit('dinsos-1', 'dinsos', 'car'),
  ];
}

export function makeState(): State {
  const state = emptyState(makeReference());
  for (const u of makeUnits()) state.units.set(u.id, u);
  return state;
}

/** Puts a unit straight into a status, as if it had got there, for transition tables. */
export function setUnit(
  state: State,
  unitId: string,
  status: UnitStatus,
  assignmentId: string | null = null,
) {
  const current = state.units.get(unitId)!;
  const incidentId = assignmentId ? (state.assignments.get(assignmentId)?.incidentId ?? null) : null;
  state.units.set(unitId, { ...current, status, assignmentId, incidentId });
}

export const callTaker: Actor = { userId: 'operator1', role: 'call_taker', agencyId: null };
export const dispatcher: Actor = { userId: 'pengarah1', role: 'dispatcher', agencyId: null };
export const supervisor: Actor = { userId: 'koordinator', role: 'supervisor', agencyId: null };
export const system: Actor = { userId: 'telephony', role: 'system', agencyId: null };
export const liaison = (agencyId: string): Actor => ({ userId: `opd-${agencyId}`, role: 'agency', agencyId });

/** Per-state clock and id counter, so every test is deterministic whatever ran before it. */
const counters = new WeakMap<State, { n: number; log: DomainEvent[] }>();

function counter(state: State): { n: number; log: DomainEvent[] } {
  let c = counters.get(state);
  if (!c) {
    c = { n: 0, log: [] };
    counters.set(state, c);
  }
  return c;
}

/** Every event `run` has applied to this state, in order: the state's event log. */
export function logOf(state: State): DomainEvent[] {
  return counter(state).log;
}

/** Decides a command as `actor` and applies its events to `state`; throws the DomainError on refusal. */
export function run(state: State, command: Command, actor: Actor, acd?: Partial<AcdConfig>): Decision {
  const c = counter(state);
  c.n += 1;
  const now = T0 + c.n * TICK;
  let id = 0;
  const decision = decide(state, command, {
    now,
    actor,
    newId: () => `id-${c.n}-${++id}`,
    // What the server passes for device.register: the digest of a secret it made.
    secretHash: 'ab'.repeat(32),
    ...(acd ? { acd } : {}),
  });
  for (const event of decision.events) {
    state.seq += 1;
    apply(state, event);
    c.log.push(event);
  }
  return decision;
}

/** The error `fn` throws, asserting it is a DomainError. */
function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected the command to be refused, but it was accepted');
}

/** Asserts `fn` is refused with this kind, code and (when given) field, and that the state did not move. */
export function expectRefused(
  state: State,
  fn: () => unknown,
  kind: ErrorKind,
  code: string,
  field?: string | null,
): DomainError {
  const seq = state.seq;
  const error = refusal(fn);
  expect({ kind: error.kind, code: error.code }).toEqual({ kind, code });
  if (field !== undefined) expect(error.field).toBe(field);
  expect(error.message.length).toBeGreaterThan(0);
  expect(state.seq).toBe(seq);
  return error;
}

export const cmd = <T extends Command['type']>(type: T, payload: CommandPayload<T>) =>
  ({ type, payload }) as Command;

export const houseFire = (callId: string | null = null): CommandPayload<'incident.create'> => ({
  callId,
  category: 'kebakaran_bangunan',
  location: {
    kecamatan: KEC_UJUNG_BULU,
    desa: DESA_CAILE,
    address: 'Jl. Sam Ratulangi No. 12',
    landmark: 'dekat Masjid Raya',
    lat: -5.556,
    lon: 120.195,
  },
  caller: { name: 'Andi', phone: '081234567890' },
  description: 'Rumah terbakar, dua orang terjebak di lantai dua',
  priority: 1,
});

/** Registers, answers and (optionally) classifies a call; returns its id. */
export function answeredCall(state: State, number: string | null = '081234567890'): string {
  const { callId } = run(state, cmd('call.register', { channel: 'voice', number }), system).result as {
    callId: string;
  };
  run(state, cmd('call.answer', { callId }), callTaker);
  return callId;
}

/** A house fire from an answered call, created by the call taker; returns the incident and call ids. */
export function newIncident(state: State): { incidentId: string; callId: string } {
  const callId = answeredCall(state);
  const { incidentId } = run(state, cmd('incident.create', houseFire(callId)), callTaker).result as {
    incidentId: string;
  };
  return { incidentId, callId };
}

/** Requests agencies for an incident as the dispatcher; returns the new assignment ids in order. */
export function request(state: State, incidentId: string, agencies: string[]): string[] {
  const result = run(state, cmd('incident.request_agencies', { incidentId, agencies }), dispatcher).result;
  return result.assignmentIds as string[];
}

/** A forwarded house fire with Damkar requested and acknowledged. */
export function workingIncident(state: State, agencyId = 'damkar') {
  const { incidentId, callId } = newIncident(state);
  run(state, cmd('incident.forward', { incidentId }), callTaker);
  const [assignmentId] = request(state, incidentId, [agencyId]);
  run(state, cmd('assignment.acknowledge', { assignmentId: assignmentId! }), liaison(agencyId));
  return { incidentId, callId, assignmentId: assignmentId! };
}
