// Tracker devices: the secret the server makes for `device.register` (shown once, only its digest is logged), and
// registering one from the server's shell (`pinisi device-add`) through the log like the admin console does.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Actor } from '../domain/types.ts';
import { hashSecret } from '../store/positions.ts';
import type { Engine, Outcome } from './engine.ts';

/** 144 random bits, URL-safe: typed into a tracker app once, and its digest tells nothing of it. */
export function newDeviceSecret(): { secret: string; secretHash: string } {
  const secret = randomBytes(18).toString('base64url');
  return { secret, secretHash: hashSecret(secret) };
}

/** The server's own operator at its shell; the log names this command line as the actor. */
export const SHELL_ACTOR: Actor = { userId: 'pinisi-cli', role: 'admin', agencyId: null };

/** Registers a tracker for a unit with the given secret (a test's) or a new one; answers the outcome and the secret. */
export async function registerDevice(
  engine: Engine,
  deviceId: string,
  unitId: string,
  secret = newDeviceSecret().secret,
): Promise<{ outcome: Outcome; secret: string }> {
  const outcome = await engine.execute(
    'device.register',
    { deviceId, unitId },
    SHELL_ACTOR,
    `cli:${randomUUID()}`,
    null,
    hashSecret(secret),
  );
  return { outcome, secret };
}
