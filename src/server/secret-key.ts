// The server's key for secrets at rest: read from PINISI_SECRET_KEY_FILE; in demo mode made once under the data folder.

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where demo mode keeps the key it made. */
export const DEMO_KEY_FILE = 'secret.key';

/** 32 bytes as the file holds them: 64 hex digits or 44 base64 characters (a trailing newline is fine). */
function parseKey(text: string, file: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  const base64 = Buffer.from(trimmed, 'base64');
  if (base64.length === 32 && /^[A-Za-z0-9+/]{43}=$/.test(trimmed)) return base64;
  throw new Error(
    `${file} must hold 32 random bytes as 64 hex digits or base64 (make one with: openssl rand -hex 32 > ${file})`,
  );
}

/**
 * The key: the file PINISI_SECRET_KEY_FILE names; without it, in demo mode a key made once in the data folder
 * (`secret.key`, readable by its owner only), and in production no start at all. Without a data folder (embedded in
 * tests) a key for this process only.
 */
export function loadSecretKey(config: {
  secretKeyFile?: string | null;
  dataDir?: string;
  demoUsers?: boolean;
}): Buffer {
  if (config.secretKeyFile) {
    if (!existsSync(config.secretKeyFile))
      throw new Error(`PINISI_SECRET_KEY_FILE=${config.secretKeyFile}: no such file`);
    return parseKey(readFileSync(config.secretKeyFile, 'utf8'), config.secretKeyFile);
  }
  if (config.demoUsers === false)
    throw new Error(
      'Pinisi cannot start: PINISI_SECRET_KEY_FILE is not set. In production the authenticator secrets are ' +
        'encrypted with a key kept outside the database: make one with "openssl rand -hex 32 > /etc/pinisi/secret.key" ' +
        '(readable by Pinisi only, the same file on every node) and set PINISI_SECRET_KEY_FILE to it.',
    );
  if (!config.dataDir) return randomBytes(32);
  const file = join(config.dataDir, DEMO_KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    try {
      writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process made it a moment ago: use that one.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return parseKey(readFileSync(file, 'utf8'), file);
}
