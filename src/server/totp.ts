// Time-based one-time passwords (RFC 6238, as Google Authenticator, Aegis and FreeOTP show them) and recovery codes.
import { createHash, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { renderSVG } from 'uqr';

const ISSUER = 'Pinisi 112';
const PERIOD_S = 30;
/** One step either side of now: a phone clock 30 s off, or a code typed as it turned over, still works. */
const WINDOW = 1;
const RECOVERY_CODES = 10;
/** No 0/o, 1/l/i: the codes are read off paper. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

function totp(secret: string, username: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label: username,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_S,
    secret: Secret.fromBase32(secret),
  });
}

/** A new 160-bit secret in base32, as an authenticator app takes it when typed. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** What to show for enrolment: the otpauth:// address and its QR code as SVG. */
export function enrolment(secret: string, username: string): { uri: string; qrSvg: string } {
  const uri = totp(secret, username).toString();
  return { uri, qrSvg: renderSVG(uri, { ecc: 'M', border: 2 }) };
}

/** The 30-second step this code is right for at `now` (± one step), or null: a step is accepted once only. */
export function totpStep(secret: string, username: string, code: string, now: number): number | null {
  if (!/^[0-9]{6}$/.test(code)) return null;
  const otp = totp(secret, username);
  const delta = otp.validate({ token: code, timestamp: now, window: WINDOW });
  return delta === null ? null : otp.counter({ timestamp: now }) + delta;
}

/** The code an authenticator app shows at `now` (for tests and the CLI's checks). */
export function totpCode(secret: string, now: number): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), period: PERIOD_S, timestamp: now });
}

/** A recovery code as typed (any case, with or without the dash or spaces) reduced to what is hashed. */
function normalRecoveryCode(code: string): string {
  return code.toLowerCase().replaceAll(/[\s-]/g, '');
}

/** Whether a typed answer is shaped as a recovery code rather than an authenticator code. */
export function looksLikeRecoveryCode(code: string): boolean {
  return /^[a-z2-9]{10}$/.test(normalRecoveryCode(code));
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256')
    .update(`pinisi-recovery:${normalRecoveryCode(code)}`)
    .digest('hex');
}

/** Ten codes of ten random characters (about 49 bits each), shown as xxxxx-xxxxx. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODES }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]);
    return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
  });
}
