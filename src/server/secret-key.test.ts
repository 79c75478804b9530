// The key of the secrets at rest: read from its file in hex or base64, made once under the data folder in demo mode,
// and a production start without one refused with a message that says what to do.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SecretBox } from '../store/secret-box.ts';
import { DEMO_KEY_FILE, loadSecretKey } from './secret-key.ts';

describe('the secret key', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pinisi-key-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a production start without PINISI_SECRET_KEY_FILE, or with a file that holds no key', () => {
    expect(() => loadSecretKey({ demoUsers: false, dataDir: dir })).toThrow(
      /PINISI_SECRET_KEY_FILE is not set/,
    );
    const bad = join(dir, 'bad.key');
    writeFileSync(bad, 'not a key\n');
    expect(() => loadSecretKey({ secretKeyFile: bad })).toThrow(/openssl rand -hex 32/);
    expect(() => loadSecretKey({ secretKeyFile: join(dir, 'missing.key') })).toThrow(/no such file/);
  });

  it('reads 32 bytes as hex or base64', () => {
    const bytes = Buffer.alloc(32, 7);
    const hex = join(dir, 'hex.key');
    const base64 = join(dir, 'base64.key');
    writeFileSync(hex, `${bytes.toString('hex')}\n`);
    writeFileSync(base64, bytes.toString('base64'));
    expect(loadSecretKey({ secretKeyFile: hex, demoUsers: false })).toEqual(bytes);
    expect(loadSecretKey({ secretKeyFile: base64 })).toEqual(bytes);
  });

  it('makes one in the data folder in demo mode, readable by its owner only, and keeps it', () => {
    const first = loadSecretKey({ demoUsers: true, dataDir: dir });
    const file = join(dir, DEMO_KEY_FILE);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.toString('hex'));
    expect(loadSecretKey({ dataDir: dir })).toEqual(first);
  });

  it('seals for one account: another key or another account does not open it', () => {
    const box = new SecretBox(Buffer.alloc(32, 1));
    const sealed = box.seal('JBSWY3DPEHPK3PXP', 'user-1');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.open(sealed, 'user-1')).toBe('JBSWY3DPEHPK3PXP');
    expect(() => box.open(sealed, 'user-2')).toThrow(/does not open/);
    expect(() => new SecretBox(Buffer.alloc(32, 2)).open(sealed, 'user-1')).toThrow(/does not open/);
    expect(box.open('JBSWY3DPEHPK3PXP', 'user-1')).toBe('JBSWY3DPEHPK3PXP');
  });
});
