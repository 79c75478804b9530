// TOTP codes are right for their step only and work once per step; recovery codes hash the same however typed.
import { describe, expect, it } from 'vitest';
import {
  enrolment,
  hashRecoveryCode,
  looksLikeRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  totpCode,
  totpStep,
} from './totp.ts';

const now = Date.UTC(2026, 10, 29, 8, 0, 10);

describe('totp', () => {
  it('accepts the current code and the neighbouring steps, refuses older ones and other secrets', () => {
    const secret = newTotpSecret();
    const step = Math.floor(now / 30_000);
    expect(totpStep(secret, 'admin', totpCode(secret, now), now)).toBe(step);
    expect(totpStep(secret, 'admin', totpCode(secret, now - 30_000), now)).toBe(step - 1);
    expect(totpStep(secret, 'admin', totpCode(secret, now + 30_000), now)).toBe(step + 1);
    expect(totpStep(secret, 'admin', totpCode(secret, now - 90_000), now)).toBeNull();
    expect(totpStep(newTotpSecret(), 'admin', totpCode(secret, now), now)).toBeNull();
    expect(totpStep(secret, 'admin', 'abcdef', now)).toBeNull();
  });

  it('makes an otpauth address and its QR code', () => {
    const secret = newTotpSecret();
    const { uri, qrSvg } = enrolment(secret, 'supervisor');
    expect(uri).toMatch(/^otpauth:\/\/totp\/Pinisi%20112:supervisor\?/);
    expect(uri).toContain(`secret=${secret}`);
    expect(qrSvg).toMatch(/^<svg[\s\S]*<\/svg>$/);
  });

  it('makes ten distinct recovery codes that hash the same however they are typed', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
      expect(looksLikeRecoveryCode(code)).toBe(true);
      expect(hashRecoveryCode(` ${code.toUpperCase().replace('-', ' ')}`)).toBe(hashRecoveryCode(code));
    }
    expect(looksLikeRecoveryCode('123456')).toBe(false);
  });
});
