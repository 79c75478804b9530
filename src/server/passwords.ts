// Passwords: the temporary ones the admin hands over, and the policy a chosen one must meet (shared PCs, passphrases).
import { randomInt } from 'node:crypto';
import { hash as argonHash } from '@node-rs/argon2';

/** No 0/o, 1/l/i: read aloud or copied from a slip of paper at a shared PC without mistakes. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Four groups of four, about 79 bits: shown once to the admin, changed by the user at first login. */
export function temporaryPassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = '';
    for (let i = 0; i < 4; i++) group += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}

const MIN_PASSWORD_LENGTH = 10;

/**
 * Why a chosen password is refused, or null. Length over complexity (NIST SP 800-63B): a passphrase is easy to type
 * at a shared PC and hard to guess; the username inside it, or one character repeated, is not.
 */
export function passwordProblem(username: string, password: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH)
    return `A password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.toLowerCase().includes(username.toLowerCase()))
    return 'A password must not contain the username';
  if (new Set(password).size < 4) return 'A password needs more than three different characters';
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return argonHash(password);
}
