// Encryption at rest of the authenticator (TOTP) secrets: AES-256-GCM under the server's key (PINISI_SECRET_KEY_FILE).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'v1.';
const CIPHER = 'aes-256-gcm';

/** Seals and opens short texts with one 32-byte key; the account id is bound in, so a sealed secret cannot be moved. */
export class SecretBox {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('The secret key must be 32 bytes');
    this.key = key;
  }

  seal(text: string, owner: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv(CIPHER, this.key, iv).setAAD(Buffer.from(owner));
    const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${PREFIX}${iv.toString('base64')}.${sealed.toString('base64')}`;
  }

  /** The text; a value stored before secrets were sealed is returned as it is (and sealed by `isSealed`'s caller). */
  open(stored: string, owner: string): string {
    if (!isSealed(stored)) return stored;
    const [iv, sealed] = stored
      .slice(PREFIX.length)
      .split('.')
      .map((part) => Buffer.from(part, 'base64'));
    if (!iv || !sealed || sealed.length < 16) throw new Error('A sealed secret is damaged');
    const decipher = createDecipheriv(CIPHER, this.key, iv).setAAD(Buffer.from(owner));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    try {
      return Buffer.concat([
        decipher.update(sealed.subarray(0, sealed.length - 16)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new Error(
        'An authenticator secret does not open with this key: PINISI_SECRET_KEY_FILE is not the key it was sealed with',
      );
    }
  }
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}
