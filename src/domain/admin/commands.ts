// The administration commands: accounts, agencies, stations, units and tracker devices, checked by the domain and logged.
import { type TSchema, Type } from 'typebox';
import { ROLES } from '../types.ts';
import { REFERENCE_COMMAND_SCHEMAS } from './reference.ts';
import { SECOND_FACTOR_COMMAND_SCHEMAS } from './second-factor.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const strict = { additionalProperties: false } as const;
const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' });
/** Printable text without control characters, not starting or ending with a space. */
const Name = (maxLength: number) =>
  Type.String({
    minLength: 1,
    maxLength,
    pattern: '^[^\\s\\u0000-\\u001f\\u007f]([^\\u0000-\\u001f\\u007f]*[^\\s\\u0000-\\u001f\\u007f])?$',
  });
/** Lower-case letters, digits, dot, dash and underscore: what people type at a shared PC's login. */
const Username = Type.String({ minLength: 3, maxLength: 32, pattern: '^[a-z0-9][a-z0-9._-]*$' });
const AgencyId = Type.String({ minLength: 2, maxLength: 32, pattern: '^[a-z0-9][a-z0-9-]*$' });
const Lat = Type.Number({ minimum: -90, maximum: 90 });
const Lon = Type.Number({ minimum: -180, maximum: 180 });
const Kecamatan = Type.String({ minLength: 1, maxLength: 16 });
/** A tracker's id as it sends it in `id` (OsmAnd protocol). */
const DeviceId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' });

export const ADMIN_COMMAND_SCHEMAS = {
  /** A new account with a temporary password the server makes and shows once; changed at first login. */
  'user.create': Type.Object(
    {
      username: Username,
      displayName: Name(120),
      role: Type.Enum(ROLES),
      /** Required for the `agency` role, absent for the centre's staff (a responder's is its unit's). */
      agencyId: Type.Optional(Nullable(Id)),
      /** The unit whose crew a `responder` is; required for that role only. */
      unitId: Type.Optional(Nullable(Id)),
    },
    strict,
  ),
  'user.update': Type.Object(
    {
      userId: Id,
      displayName: Type.Optional(Name(120)),
      role: Type.Optional(Type.Enum(ROLES)),
      agencyId: Type.Optional(Nullable(Id)),
      unitId: Type.Optional(Nullable(Id)),
    },
    strict,
  ),
  /** Ends the account's sessions and refuses its logins until enabled again. */
  'user.disable': Type.Object({ userId: Id }, strict),
  'user.enable': Type.Object({ userId: Id }, strict),
  /** A new temporary password (shown once to the admin); the user's sessions end and it must be changed at login. */
  'user.reset_password': Type.Object({ userId: Id }, strict),
  /** Forgets the failed logins of this username so far: nobody waits for the throttle any longer. */
  'user.unlock': Type.Object({ userId: Id }, strict),
  /** Ends every session of the user now, and closes its consoles' streams. */
  'user.revoke_sessions': Type.Object({ userId: Id }, strict),
  /** The signed-in user's own new password (POST /api/auth/password, which checks the current one first). */
  'user.change_password': Type.Object({}, strict),
  'agency.create': Type.Object({ id: AgencyId, code: Name(32), name: Name(160) }, strict),
  'agency.update': Type.Object(
    { agencyId: Id, code: Type.Optional(Name(32)), name: Type.Optional(Name(160)) },
    strict,
  ),
  'station.create': Type.Object(
    { agencyId: Id, name: Name(160), kecamatan: Kecamatan, lat: Lat, lon: Lon },
    strict,
  ),
  'station.update': Type.Object(
    {
      stationId: Id,
      name: Type.Optional(Name(160)),
      kecamatan: Type.Optional(Kecamatan),
      lat: Type.Optional(Lat),
      lon: Type.Optional(Lon),
    },
    strict,
  ),
  'unit.create': Type.Object(
    { agencyId: Id, stationId: Type.Optional(Nullable(Id)), callsign: Name(40), kind: Name(60) },
    strict,
  ),
  'unit.update': Type.Object(
    {
      unitId: Id,
      stationId: Type.Optional(Nullable(Id)),
      callsign: Type.Optional(Name(40)),
      kind: Type.Optional(Name(60)),
    },
    strict,
  ),
  /**
   * A GPS tracker reports for this unit from now on, with a new secret the server makes and shows once (registering
   * a known id again replaces its secret and unit).
   */
  'device.register': Type.Object({ deviceId: DeviceId, unitId: Id }, strict),
  /** The tracker's reports are refused from now on. */
  'device.revoke': Type.Object({ deviceId: DeviceId }, strict),
  ...SECOND_FACTOR_COMMAND_SCHEMAS,
  ...REFERENCE_COMMAND_SCHEMAS,
} as const;
