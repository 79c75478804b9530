// Temporary passwords and the password policy.
import { verify } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, temporaryPassword } from './passwords.ts';

describe('passwords', () => {
  it('makes temporary passwords that meet the policy and differ each time', async () => {
    const a = temporaryPassword();
    expect(a).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(temporaryPassword()).not.toBe(a);
    expect(passwordProblem('operator1', a)).toBeNull();
    expect(await verify(await hashPassword(a), a)).toBe(true);
  });

  it('refuses short passwords, the username inside, and one character repeated', () => {
    expect(passwordProblem('andi', 'pendek')).toMatch(/10 characters/);
    expect(passwordProblem('andi', 'Andi-pinisi-2026')).toMatch(/username/);
    expect(passwordProblem('andi', 'aaaaaaaaaaaa')).toMatch(/different/);
    expect(passwordProblem('andi', 'kapal pinisi berlayar')).toBeNull();
  });
});
