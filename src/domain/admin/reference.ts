// The reference data adopted into the log at once: the seed of a new database, or what an older database held in its
// tables before every change was an event (agencies, stations, units, accounts, categories and SOP versions).
import { type Static, type TSchema, Type } from 'typebox';
import type { Emit } from '../decide.ts';
import { invalid } from '../errors.ts';
import type { SopDocument } from '../sop/document.ts';
import type { State, Touched } from '../state.ts';
import { type Category, type PublishedSop, ROLES, UNIT_STATUSES, type UserAccount } from '../types.ts';

const strict = { additionalProperties: false } as const;
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Text = Type.String({ maxLength: 200 });
const Time = Type.Number();

const AgencyRecord = Type.Object({ id: Id, code: Text, name: Text }, strict);
const StationRecord = Type.Object(
  { id: Id, agencyId: Id, name: Text, kecamatan: Text, lat: Type.Number(), lon: Type.Number() },
  strict,
);
const UnitRecord = Type.Object(
  {
    id: Id,
    agencyId: Id,
    stationId: Nullable(Id),
    callsign: Text,
    kind: Text,
    status: Type.Enum(UNIT_STATUSES),
    incidentId: Nullable(Id),
    assignmentId: Nullable(Id),
    updatedAt: Time,
  },
  strict,
);
const UserRecord = Type.Unsafe<UserAccount>(
  Type.Object(
    {
      id: Id,
      username: Text,
      displayName: Text,
      role: Type.Enum(ROLES),
      agencyId: Nullable(Id),
      unitId: Nullable(Id),
      active: Type.Boolean(),
      mustChangePassword: Type.Boolean(),
      unlockedAt: Nullable(Time),
      sessionsRevokedAt: Nullable(Time),
      secondFactorAt: Type.Optional(Nullable(Time)),
      createdAt: Time,
      updatedAt: Time,
    },
    strict,
  ),
);
/** Categories and SOP documents were checked when they were published; they are taken as they are. */
const CategoryRecord = Type.Unsafe<Category>(Type.Object({ code: Id }));
const SopRecord = Type.Unsafe<PublishedSop>(
  Type.Object({
    version: Type.Integer({ minimum: 1 }),
    title: Text,
    publishedAt: Time,
    publishedBy: Text,
    doc: Type.Unsafe<SopDocument>(Type.Object({})),
  }),
);

export const REFERENCE_COMMAND_SCHEMAS = {
  /**
   * Issued by the server only (system actor): the seed of a new database, or, once, what an older one held outside
   * the log. Each record is taken whole; replaying the log from its start rebuilds the same reference.
   */
  'reference.adopt': Type.Object(
    {
      agencies: Type.Array(AgencyRecord),
      stations: Type.Array(StationRecord),
      units: Type.Array(UnitRecord),
      users: Type.Array(UserRecord),
      categories: Type.Array(CategoryRecord),
      sops: Type.Array(SopRecord),
    },
    strict,
  ),
} as const;

export type AdoptedReference = Static<(typeof REFERENCE_COMMAND_SCHEMAS)['reference.adopt']>;

/** The log's subject of the adoption events, so a start finds whether one was made through the subject index. */
export const REFERENCE_SUBJECT = 'reference';

/** Stations and units name agencies the state or the adoption itself knows; the result counts what was adopted. */
export function decideAdoption(
  state: State,
  reference: AdoptedReference,
  emit: Emit,
): Record<string, number> {
  const agencies = new Set([...state.ref.agencies.keys(), ...reference.agencies.map((a) => a.id)]);
  for (const station of reference.stations) {
    if (!agencies.has(station.agencyId))
      throw invalid(
        'agency.unknown',
        `Station ${station.id}: unknown agency ${station.agencyId}`,
        'stations',
      );
  }
  for (const unit of reference.units) {
    if (!agencies.has(unit.agencyId))
      throw invalid('agency.unknown', `Unit ${unit.id}: unknown agency ${unit.agencyId}`, 'units');
  }
  emit({ type: 'reference.adopted', reference }, [...agencies]);
  return {
    agencies: reference.agencies.length,
    stations: reference.stations.length,
    units: reference.units.length,
    users: reference.users.length,
    sops: reference.sops.length,
  };
}

/** Puts every adopted record into the state as it is (the same as replacing it), marking its row to be written. */
export function applyAdoption(state: State, reference: AdoptedReference, touched: Touched): void {
  for (const agency of reference.agencies) {
    state.ref.agencies.set(agency.id, agency);
    touched.agencies.add(agency.id);
  }
  for (const station of reference.stations) {
    state.ref.stations.set(station.id, station);
    touched.stations.add(station.id);
  }
  for (const unit of reference.units) {
    state.units.set(unit.id, unit);
    touched.units.add(unit.id);
  }
  for (const user of reference.users) {
    state.users.set(user.id, user);
    touched.users.add(user.id);
  }
  for (const category of reference.categories) state.ref.categories.set(category.code, category);
  for (const sop of reference.sops) {
    state.ref.sops.set(sop.version, sop);
    touched.sopVersions.add(sop.version);
  }
}
